// The copy of one's file (« Mes données »): while the worker prepares it, the page asks where it is every
// few seconds and moves the progress bar; once it is ready (or failed) the page reloads to show the link.
// Without JavaScript, the « Actualiser » link does the same.
(function () {
  "use strict";
  var zone = document.getElementById("copie-en-preparation");
  if (!zone) return;
  var url = zone.getAttribute("data-etat-url");
  var barre = document.getElementById("copie-progression");
  var pourcentage = document.getElementById("copie-pourcentage");
  var etape = document.getElementById("copie-etape");
  var statut = document.getElementById("copie-statut");
  function suivre() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (reponse) { return reponse.ok ? reponse.json() : null; })
      .then(function (etat) {
        if (!etat) return;
        if (etat.statut !== "en_attente" && etat.statut !== "en_cours") {
          window.location.reload();
          return;
        }
        barre.value = etat.progression;
        barre.textContent = etat.progression + " %";
        pourcentage.textContent = etat.progression + " %";
        statut.textContent = etat.statut_libelle;
        etape.textContent = etat.etape ? "— " + etat.etape : "";
        setTimeout(suivre, 2000);
      })
      .catch(function () { setTimeout(suivre, 5000); });
  }
  setTimeout(suivre, 1500);
})();
