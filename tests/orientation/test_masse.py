"""Orientation proposals by sets: a CAF/MSA import batch and the beat sweep propose
exactly what ``actions.proposer`` would, once per person."""

import datetime

from django.core.files.base import ContentFile

from inscription import import_caf
from inscription.enums import Canal, StatutInscription
from inscription.models import ImportFluxCAF
from orientation import actions
from orientation.enums import StatutDecision
from orientation.masse import proposer_en_masse
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.factories import PersonneFactory
from tests.inscription.factories import dossier_complet
from tests.inscription.flux import fichier, lignes

CHAMPS_PROPOSITION = (
    "statut",
    "version_id",
    "entrees",
    "criteres",
    "regle_code",
    "explication",
    "parcours_propose",
    "type_organisme_propose",
    "beneficiaire_rsa",
)


def _importer(contenu):
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv")
    imp.fichier.save("flux.csv", ContentFile(contenu), save=True)
    return import_caf.executer(imp.pk)


def test_chaque_allocataire_importe_entre_en_orientation_une_seule_fois():
    contenu = fichier(lignes(25))
    _importer(contenu)
    decisions_importees = DecisionOrientation.objects.filter(personne__inscription__canal=Canal.FLUX_CAF_MSA)
    assert decisions_importees.count() == 25
    assert set(decisions_importees.values_list("statut", flat=True)) <= {
        StatutDecision.PROPOSEE,
        StatutDecision.GIRATOIRE,
    }
    # RSA claimants: the département decides (the flow gives their right).
    assert set(decisions_importees.values_list("beneficiaire_rsa", flat=True)) == {True}
    assert HistoriqueDecision.objects.filter(decision__in=decisions_importees, statut_avant="").count() == 25

    _importer(contenu)
    assert decisions_importees.count() == 25


def test_la_proposition_en_masse_est_celle_d_une_proposition_seule():
    naissance = datetime.date(1990, 5, 17)
    seule, en_masse = PersonneFactory(date_naissance=naissance), PersonneFactory(date_naissance=naissance)
    for personne in (seule, en_masse):
        dossier_complet(personne, freins=("fort", "moyen"), prestations=["rsa"])
    attendue = actions.proposer(seule)
    assert proposer_en_masse([en_masse.pk]) == 1
    obtenue = DecisionOrientation.objects.get(personne=en_masse)
    assert {c: getattr(obtenue, c) for c in CHAMPS_PROPOSITION} == {
        c: getattr(attendue, c) for c in CHAMPS_PROPOSITION
    }


def test_une_urgence_va_en_giratoire_aussi_en_masse():
    personne = PersonneFactory()
    dossier_complet(personne, urgence=True)
    proposer_en_masse([personne.pk])
    assert DecisionOrientation.objects.get(personne=personne).statut == StatutDecision.GIRATOIRE


def test_en_masse_ni_deuxieme_decision_ni_inscription_inachevee():
    deja = PersonneFactory()
    dossier_complet(deja)
    premiere = actions.proposer(deja)
    inachevee = PersonneFactory()
    dossier_complet(inachevee, statut=StatutInscription.EN_COURS)
    sans_dossier = PersonneFactory()
    assert proposer_en_masse([deja.pk, inachevee.pk, sans_dossier.pk]) == 0
    assert list(DecisionOrientation.objects.filter(personne=deja)) == [premiere]
    assert not DecisionOrientation.objects.filter(personne__in=[inachevee, sans_dossier]).exists()
