// Mahir portal: small progressive enhancements. Every page works without this file.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;

  // The menu is open on wide screens (the summary is hidden there).
  var menu = document.querySelector('details.menu');
  if (menu && window.matchMedia('(min-width: 48rem)').matches) menu.open = true;

  // Forms that ask before they act: <form data-confirm="...">.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
  });

  // Focus the error summary so screen readers announce it.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();

  // Uploads with a progress bar: <form data-upload> posts by XHR and follows the answer.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.FormData || !window.XMLHttpRequest) return;
      e.preventDefault();
      var bar = form.querySelector('progress') || form.appendChild(document.createElement('progress'));
      bar.max = 100; bar.value = 0; bar.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open(form.method || 'POST', form.action);
      xhr.setRequestHeader('X-CSRF-Token', csrf || '');
      xhr.upload.onprogress = function (p) { if (p.lengthComputable) bar.value = Math.round((p.loaded / p.total) * 100); };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL !== form.action) { window.location.href = xhr.responseURL; return; }
        document.open(); document.write(xhr.responseText); document.close();
      };
      xhr.send(new FormData(form));
    });
  });

  // A countdown to a server deadline: <span data-deadline="ISO" data-submit="formId">; submits the form at zero.
  Array.prototype.forEach.call(document.querySelectorAll('[data-deadline]'), function (el) {
    var end = Date.parse(el.getAttribute('data-deadline'));
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      el.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
      if (left === 0) {
        clearInterval(timer);
        var form = document.getElementById(el.getAttribute('data-submit'));
        if (form) form.submit();
      }
    };
    var timer = setInterval(tick, 1000);
    tick();
  });
})();
