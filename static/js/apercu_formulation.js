// Live preview of a département's wording: while typing, the page asks the server for the preview
// fragment (the same rendering and checks as the « Prévisualiser » button), nothing is saved.
(function () {
  "use strict";
  var form = document.getElementById("form-formulation");
  if (!form) return;
  var zone = form.querySelector("textarea[data-apercu]");
  if (!zone) return;
  var minuterie = null;
  function rafraichir() {
    var donnees = new FormData(form);
    donnees.set("action", "apercu");
    donnees.set("fragment", "1");
    // getAttribute: the buttons named « action » shadow form.action.
    fetch(form.getAttribute("action"), { method: "POST", body: donnees, credentials: "same-origin" })
      .then(function (reponse) { return reponse.ok ? reponse.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var actuel = document.getElementById("apercu-formulation");
        var modele = document.createElement("template");
        modele.innerHTML = html.trim();
        var nouveau = modele.content.getElementById("apercu-formulation");
        if (actuel && nouveau) actuel.replaceWith(nouveau);
      });
  }
  zone.addEventListener("input", function () {
    clearTimeout(minuterie);
    minuterie = setTimeout(rafraichir, 300);
  });
})();
