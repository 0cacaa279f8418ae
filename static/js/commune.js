/*
 * Autocomplete of communes (and ROME jobs) on text fields: the ARIA 1.2 combobox pattern.
 *
 * Progressive enhancement: the field is an ordinary text input that the server resolves
 * (« Lille », « Lille (59000) »); this script only proposes what to type. It enhances every
 * input[data-autocompletion-url] on the page:
 *   data-autocompletion-url       the JSON endpoint (?q=…), answering {"resultats": [...]}
 *   data-autocompletion-multiple  the field holds a list separated by « ; » (the last item is completed)
 *   data-autocompletion-codes     show the codes next to the label (professionals)
 * Loaded from a static file (CSP: script-src 'self'), no inline script.
 */
(function () {
  "use strict";
  var ATTENTE_MS = 250;
  var compteur = 0;

  function libelleOption(r, codes) {
    if (r.code_insee !== undefined) {
      var texte = r.nom + " (" + (r.codes_postaux.length ? r.codes_postaux.join(", ") : r.departement) + ")";
      return codes ? texte + " — INSEE " + r.code_insee : texte;
    }
    return r.libelle + (codes ? " — " + r.code_rome + " (" + r.libelle_rome + ")" : "");
  }

  function valeurOption(r) {
    return r.code_insee !== undefined ? r.libelle : r.libelle + " (" + r.code_rome + ")";
  }

  function ameliorer(champ) {
    compteur += 1;
    var multiple = champ.hasAttribute("data-autocompletion-multiple");
    var codes = champ.hasAttribute("data-autocompletion-codes");
    var idListe = "autocompletion-liste-" + compteur;
    var liste = document.createElement("ul");
    liste.id = idListe;
    liste.className = "ft-autocompletion";
    liste.setAttribute("role", "listbox");
    liste.setAttribute("aria-label", "Suggestions");
    liste.hidden = true;
    var statut = document.createElement("p");
    statut.className = "fr-sr-only";
    statut.setAttribute("aria-live", "polite");
    statut.id = "autocompletion-statut-" + compteur;
    champ.parentNode.classList.add("ft-autocompletion-parent");  // the list is placed under the field
    champ.parentNode.insertBefore(liste, champ.nextSibling);
    champ.parentNode.insertBefore(statut, liste.nextSibling);
    champ.setAttribute("role", "combobox");
    champ.setAttribute("aria-autocomplete", "list");
    champ.setAttribute("aria-expanded", "false");
    champ.setAttribute("aria-controls", idListe);
    champ.setAttribute("autocomplete", "off");

    var resultats = [];
    var actif = -1;
    var minuteur = null;
    var derniere = "";

    function morceaux() {
      return multiple ? champ.value.split(";") : [champ.value];
    }
    function saisie() {
      var m = morceaux();
      return m[m.length - 1].trim();
    }
    function fermer() {
      liste.hidden = true;
      liste.textContent = "";
      champ.setAttribute("aria-expanded", "false");
      champ.removeAttribute("aria-activedescendant");
      actif = -1;
    }
    function activer(i) {
      var options = liste.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      actif = (i + options.length) % options.length;
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === actif ? "true" : "false"); });
      champ.setAttribute("aria-activedescendant", options[actif].id);
      options[actif].scrollIntoView({block: "nearest"});
    }
    function choisir(i) {
      var r = resultats[i];
      if (!r) { return; }
      var valeur = valeurOption(r);
      if (multiple) {
        var m = morceaux();
        m[m.length - 1] = " " + valeur;
        champ.value = m.map(function (x) { return x.trim(); }).join("; ") + "; ";
      } else {
        champ.value = valeur;
      }
      derniere = saisie();
      statut.textContent = valeur + " choisi.";
      fermer();
      champ.focus();
    }
    function afficher(donnees) {
      resultats = (donnees && donnees.resultats) || [];
      liste.textContent = "";
      actif = -1;
      champ.removeAttribute("aria-activedescendant");
      resultats.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = idListe + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = libelleOption(r, codes);
        // mousedown, not click: the input must not lose focus (and close the list) first.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choisir(i); });
        liste.appendChild(li);
      });
      liste.hidden = !resultats.length;
      champ.setAttribute("aria-expanded", resultats.length ? "true" : "false");
      statut.textContent = resultats.length
        ? resultats.length + " suggestions : flèches haut et bas pour parcourir, Entrée pour choisir."
        : "Aucune suggestion.";
    }
    function chercher() {
      var texte = saisie();
      if (texte === derniere) { return; }
      derniere = texte;
      if (texte.length < 2) { fermer(); return; }
      fetch(champ.getAttribute("data-autocompletion-url") + "?q=" + encodeURIComponent(texte),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) {
          if (r.status === 429) { statut.textContent = "Trop de recherches : patientez un instant."; return null; }
          return r.ok ? r.json() : null;
        })
        // An answer that arrives after the person moved on (another field, other letters) is dropped.
        .then(function (d) { if (d && saisie() === texte && document.activeElement === champ) { afficher(d); } })
        .catch(function () { statut.textContent = "Suggestions indisponibles : tapez le nom en entier."; });
    }
    champ.addEventListener("input", function () {
      clearTimeout(minuteur);
      minuteur = setTimeout(chercher, ATTENTE_MS);
    });
    champ.addEventListener("keydown", function (e) {
      var ouverte = !liste.hidden;
      if (e.key === "ArrowDown") { e.preventDefault(); if (ouverte) { activer(actif + 1); } else { derniere = ""; chercher(); } }
      else if (e.key === "ArrowUp" && ouverte) { e.preventDefault(); activer(actif - 1); }
      else if (e.key === "Enter" && ouverte && actif >= 0) { e.preventDefault(); choisir(actif); }
      else if (e.key === "Escape" && ouverte) { e.preventDefault(); fermer(); }
    });
    champ.addEventListener("blur", function () { setTimeout(fermer, 150); });
  }

  function demarrer() {
    if (!window.fetch) { return; }
    document.querySelectorAll("input[data-autocompletion-url]").forEach(ameliorer);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
