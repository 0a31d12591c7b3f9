// Mahir authoring: the Markdown preview without leaving the page. Without this file the
// preview button posts the form and the page comes back with the preview.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;
  Array.prototype.forEach.call(document.querySelectorAll('button[data-preview]'), function (button) {
    button.addEventListener('click', function (e) {
      if (!window.fetch) return;
      var source = document.getElementById(button.getAttribute('data-preview'));
      var region = document.getElementById('preview');
      var body = region && region.querySelector('[data-preview-body]');
      if (!source || !body) return;
      e.preventDefault();
      fetch(button.getAttribute('formaction'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf || '' },
        body: JSON.stringify({ markdown: source.value }),
      })
        .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
        .then(function (data) {
          // The server's sanitised rendering (the same one learners get).
          body.innerHTML = data.html;
          region.hidden = false;
        })
        // Failing that, the plain preview post (with this button as the submitter, so to the preview route).
        .catch(function () { if (button.form.requestSubmit) button.form.requestSubmit(button); });
    });
  });
})();
