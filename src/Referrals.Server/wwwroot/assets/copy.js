// Progressive enhancement: the links are readable and selectable without this; with it, a click copies.
document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
  if (!navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener('click', function () {
    var field = document.getElementById(button.getAttribute('data-copy'));
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = 'Copy'; }, 1500);
    });
  });
});
