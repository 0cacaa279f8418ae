"""The navigation crawl's reader (tests/browser/exploration.py): what it takes for a link, a form, a skeleton."""

import pytest

from tests.browser.exploration import Formulaire, _Lecteur, cible

pytestmark = pytest.mark.no_django_db


def _lire(html):
    lecteur = _Lecteur()
    lecteur.feed(html)
    return lecteur


def _tableau(lignes, classe="fr-table"):
    rangees = "".join(f"<tr><td><a href='/conseiller/personnes/{i}/'>Personne {i}</a></td></tr>" for i in lignes)
    return f"<main><div class='{classe}'><table>{rangees}</table></div><p>Fin<br></p></main>"


def test_les_lignes_d_un_tableau_comptent_une_fois_dans_le_squelette():
    assert _lire(_tableau([1])).squelette == _lire(_tableau([1, 2, 3])).squelette
    assert _lire(_tableau([1])).squelette != _lire(_tableau([1], classe="fr-table fr-table--bordered")).squelette
    sans_texte = _tableau([1]).replace("Personne 1", "")
    assert _lire(_tableau([1])).squelette != _lire(sans_texte).squelette  # an empty link is another page for axe


def test_un_libelle_vide_change_le_squelette_pas_son_contenu():
    assert _lire('<img alt="Logo A">').squelette == _lire('<img alt="Logo B">').squelette
    assert _lire('<img alt="Logo A">').squelette != _lire('<img alt="">').squelette


def test_liens_et_formulaires():
    lecteur = _lire(
        """<a href="/a/">A</a><a name="ancre">sans lien</a>
        <form method="get" action="/recherche/"><input name="q" value="x"><input type="checkbox" name="c">
        <select name="s"><option value="1">1</option><option value="2" selected>2</option></select>
        <button type="submit">Chercher</button></form>
        <form method="post" action="/agir/"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>"""
    )
    assert lecteur.liens == ["/a/"]
    assert lecteur.formulaires == [
        Formulaire("get", "/recherche/", (("q", "x"), ("s", "2"))),
        Formulaire("post", "/agir/", (("csrfmiddlewaretoken", "t"),)),
    ]


def test_hors_du_site():
    assert cible("https://exemple.fr/") is None
    assert cible("mailto:a@exemple.fr") is None
    assert cible("/static/css/app.css") is None
    assert cible("/n-existe-pas/").nom == ""
