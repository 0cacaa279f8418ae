"""The copy of a person's file holds every model that holds a person's data (issue 21).

A model holds a person's data when a chain of foreign keys leads from it to ``Personne`` (a contract's
action through its contract, a pghistory event through its tracked row). Such a model covered by no
category of any app's ``copie_dossier.py`` fails this test: declare it there (CONTRIBUTING.md,
« Données personnelles et pièces jointes »).
"""

import pytest
from django.apps import apps

from francetravail.donnees import copie

pytestmark = pytest.mark.no_django_db


def test_chaque_modele_qui_mene_a_une_personne_est_dans_une_categorie_de_la_copie():
    manquants = copie.modeles_personnels() - copie.modeles_couverts()
    assert not manquants, (
        "Modèles qui tiennent des données d'une personne sans catégorie dans la copie du dossier "
        f"(déclarez-les dans <app>/copie_dossier.py) : {sorted(manquants)}"
    )


def test_l_introspection_voit_les_cles_directes_indirectes_et_les_evenements_pghistory():
    personnels = copie.modeles_personnels()
    # Direct key, two keys away, three keys away, and pghistory events (their own copy of the key, or pgh_obj).
    for label in (
        "personnes.Personne",
        "audit.JournalAcces",
        "contrats.VersionContrat",
        "contrats.LigneDeclaration",
        "contrats.LigneDeclarationEvent",
        "personnes.PersonneEvent",
        "sanctions.RecoursEvent",
    ):
        assert label in personnels, label
    # Every pghistory event model of a model about a person is itself about the person.
    evenements = [m for m in apps.get_models() if m._meta.label.endswith("Event") and hasattr(m, "pgh_obj")]
    for modele in evenements:
        suivi = modele._meta.get_field("pgh_obj").related_model._meta.label
        if suivi in personnels:
            assert modele._meta.label in personnels, modele._meta.label
    # A model about nobody (a legal parameter, an organisation) is not asked for.
    assert "parametres.ParametreLegal" not in personnels
    assert "reseau.Organisation" not in personnels


def test_un_modele_oublie_serait_signale():
    """The check is not vacuous: without the contracts' categories, their models are reported missing."""
    sans_contrats = {m for c in copie.categories() if not c.cle.startswith("contrats") for m in c.modeles}
    manquants = copie.modeles_personnels() - sans_contrats
    assert {"contrats.ContratEngagement", "contrats.VersionContrat", "contrats.ContratEngagementEvent"} <= manquants


def test_chaque_modele_declare_existe_et_se_lit_pour_une_personne():
    for categorie in copie.categories():
        for label in categorie.modeles:
            apps.get_model(label)  # LookupError for a typo
            if label not in categorie.filtres and categorie.lignes is None:
                assert copie.chemin_vers_personne(label) is not None, label
