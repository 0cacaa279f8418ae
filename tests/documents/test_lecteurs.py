"""The readers' registry: each nature has one rule, declared by the domain app that owns it."""

import pytest

from francetravail.documents import lecteurs as registre
from francetravail.documents.enums import NatureDocument

# Natures whose domain app is being attached on another branch (issue 21, « pieces »): remove each one
# from here as its ``<app>/documents.py`` lands.
EN_ATTENTE = set()  # cv (entreprises), signature_papier (contrats), diagnostic (diagnostic) have landed


def test_chaque_nature_a_exactement_une_regle_de_lecture():
    declarees = set(registre.lecteurs())
    assert declarees | EN_ATTENTE == set(NatureDocument), "une nature de document n'a pas de règle de lecture"
    assert all(callable(lecteur) for lecteur in registre.lecteurs().values())


def test_une_nature_declaree_deux_fois_est_une_erreur():
    module = type("Module", (), {"LECTEURS": {NatureDocument.ABSENCE_EXCUSEE: registre.par_la_porte}})
    assert registre.rassembler([("a.documents", module)]) == {NatureDocument.ABSENCE_EXCUSEE: registre.par_la_porte}
    with pytest.raises(registre.LecteurEnDouble):
        registre.rassembler([("a.documents", module), ("b.documents", module)])
