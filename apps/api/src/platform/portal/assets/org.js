// Organisation pages: a chosen CSV file is read into the import form's text field, so the
// form still posts plain text (the page works without this script: paste the CSV instead).
(function () {
  'use strict';
  document.querySelectorAll('[data-csv-file-for]').forEach(function (box) {
    var target = document.getElementById(box.getAttribute('data-csv-file-for'));
    var input = box.querySelector('input[type=file]');
    if (!target || !input || typeof FileReader === 'undefined') return;
    box.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () { target.value = String(reader.result || ''); };
      reader.readAsText(file, 'utf-8');
    });
  });
})();
