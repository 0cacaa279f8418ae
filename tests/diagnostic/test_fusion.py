"""Merging two files of the same person keeps the diagnostic (it is not deleted with the absorbed file)."""

import datetime

import pytest

from diagnostic import actions
from diagnostic.enums import Section
from diagnostic.models import Diagnostic, VersionSection
from inscription.fusion import FusionImpossible, fusionner
from inscription.models import DoublonPotentiel
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

NAISSANCE = datetime.date(1988, 3, 3)


def _paire():
    org = OrganisationFactory()
    referent = professionnel(org)
    existante = PersonneFactory(
        nom_naissance="Durand", prenoms="Ali", date_naissance=NAISSANCE, organisme_referent=org
    )
    recente = PersonneFactory(nom_naissance="DURAND", prenoms="Ali", date_naissance=NAISSANCE, organisme_referent=org)
    doublon = DoublonPotentiel.objects.create(personne=recente, autre=existante, motif="test")
    return referent, existante, recente, doublon


def _ecrire(personne, referent, texte):
    actions.enregistrer_section(
        personne, Section.COMPETENCES, acting_user=referent, contenu={"savoir_faire": texte}, version_lue=0
    )


def test_le_diagnostic_du_dossier_absorbe_passe_au_dossier_garde():
    referent, existante, recente, doublon = _paire()
    _ecrire(recente, referent, "Cuisine")
    fusionner(doublon, garder=existante, acting_user=referent)
    assert Diagnostic.objects.get().personne == existante
    assert VersionSection.objects.get().contenu == {"savoir_faire": "Cuisine"}


def test_deux_diagnostics_refusent_la_fusion():
    referent, existante, recente, doublon = _paire()
    _ecrire(recente, referent, "Cuisine")
    _ecrire(existante, referent, "Vente")
    with pytest.raises(FusionImpossible, match="diagnostics partagés"):
        fusionner(doublon, garder=existante, acting_user=referent)
    assert Diagnostic.objects.count() == 2
