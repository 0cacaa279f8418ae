"""The one way to record a state change (``francetravail/base/transitions.py``), tested on a real model.

The appointment (``RendezVous``) serves as the example: its journal is declared once in
``francetravail/rendezvous/actions.py`` and every app's journal works the same way.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base import transitions
from francetravail.rendezvous import actions
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import HistoriqueRendezVous, RendezVous
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, rdv_reserve

JOURNAL = actions.JOURNAL


@pytest.fixture
def scene():
    organisation = OrganisationFactory(departement_id="59")
    conseiller = professionnel(organisation, Role.CONSEILLER)
    personne = PersonneFactory(organisme_referent=organisation)
    creneau = CreneauFactory(agenda=AgendaFactory(organisation=organisation))
    return conseiller, rdv_reserve(personne, creneau), organisation


def _evenements(rdv):
    return AuditEvent.objects.filter(event_type=TypeEvenement.RDV_TRANSITION, data__rendez_vous_id=rdv.pk)


def test_une_transition_sauve_l_etat_et_ecrit_l_historique_et_l_evenement(scene):
    conseiller, rdv, organisation = scene
    ligne = transitions.transition(
        rdv, rdv.vers_annule, journal=JOURNAL, acting_user=conseiller, refus="Impossible.", motif="Empêchement"
    )
    assert RendezVous.objects.get(pk=rdv.pk).statut == StatutRendezVous.ANNULE
    assert (ligne.user, ligne.statut_avant, ligne.statut_apres, ligne.motif) == (
        conseiller,
        StatutRendezVous.RESERVE,
        StatutRendezVous.ANNULE,
        "Empêchement",
    )
    (evenement,) = _evenements(rdv)
    assert evenement.personne_id == rdv.personne_id
    assert evenement.organisation_id == organisation.pk
    assert evenement.data["avant"] == StatutRendezVous.RESERVE
    assert evenement.data["apres"] == StatutRendezVous.ANNULE


def test_une_transition_que_l_etat_n_admet_pas_est_refusee_sans_rien_ecrire(scene):
    conseiller, rdv, _ = scene
    RendezVous.objects.filter(pk=rdv.pk).update(statut=StatutRendezVous.ANNULE)
    rdv.refresh_from_db()
    with pytest.raises(ValidationError, match="Ce rendez-vous est annulé."):
        transitions.transition(
            rdv, rdv.vers_honore, journal=JOURNAL, acting_user=conseiller, refus="Ce rendez-vous est annulé."
        )
    assert RendezVous.objects.get(pk=rdv.pk).statut == StatutRendezVous.ANNULE
    assert not HistoriqueRendezVous.objects.filter(rendez_vous=rdv).exists()
    assert not _evenements(rdv).exists()


def test_le_refus_peut_etre_une_erreur_de_formulaire(scene):
    conseiller, rdv, _ = scene
    RendezVous.objects.filter(pk=rdv.pk).update(statut=StatutRendezVous.ANNULE)
    rdv.refresh_from_db()
    refus = ValidationError({"statut": "Choisissez un autre état."})
    with pytest.raises(ValidationError) as erreur:
        transitions.transition(rdv, rdv.vers_honore, journal=JOURNAL, acting_user=conseiller, refus=refus)
    assert erreur.value is refus


def test_sauver_false_laisse_l_appelant_sauver(scene):
    conseiller, rdv, _ = scene
    transitions.transition(
        rdv, rdv.vers_annule, journal=JOURNAL, acting_user=conseiller, refus="Impossible.", sauver=False
    )
    assert rdv.statut == StatutRendezVous.ANNULE
    assert RendezVous.objects.get(pk=rdv.pk).statut == StatutRendezVous.RESERVE
    assert HistoriqueRendezVous.objects.filter(rendez_vous=rdv).count() == 1


def test_l_historique_et_l_evenement_s_annulent_avec_la_transaction_de_l_action(scene):
    conseiller, rdv, _ = scene

    @transaction.atomic
    def action_qui_echoue_apres_la_transition():
        transitions.transition(rdv, rdv.vers_annule, journal=JOURNAL, acting_user=conseiller, refus="Impossible.")
        raise RuntimeError("l'action échoue après la transition")

    with pytest.raises(RuntimeError):
        action_qui_echoue_apres_la_transition()
    assert RendezVous.objects.get(pk=rdv.pk).statut == StatutRendezVous.RESERVE
    assert not HistoriqueRendezVous.objects.filter(rendez_vous=rdv).exists()
    assert not _evenements(rdv).exists()


def test_enregistrer_sans_evenement_n_ecrit_que_l_historique(scene):
    conseiller, rdv, _ = scene
    transitions.enregistrer(
        rdv, journal=JOURNAL, acting_user=conseiller, avant=rdv.statut, motif="Note", evenement=False
    )
    assert HistoriqueRendezVous.objects.filter(rendez_vous=rdv, motif="Note").count() == 1
    assert not _evenements(rdv).exists()


def test_une_etape_sans_changement_d_etat_n_ecrit_ni_avant_ni_apres(scene):
    conseiller, rdv, _ = scene
    transitions.enregistrer(rdv, journal=JOURNAL, acting_user=conseiller, avant=rdv.statut, motif="Déplacé")
    (evenement,) = _evenements(rdv)
    assert "avant" not in evenement.data and "apres" not in evenement.data
    assert evenement.motif == "Déplacé"


def test_un_balayage_agit_au_nom_de_personne(scene):
    _, rdv, _ = scene
    ligne = transitions.enregistrer(rdv, journal=JOURNAL, acting_user=None, avant=rdv.statut)
    assert ligne.user is None


def test_une_presence_enregistree_se_lit_dans_l_audit(scene):
    """Attendance may become a manquement: an auditor reads it (issue 16, one mechanism for every app)."""
    conseiller, rdv, _ = scene
    rdv.creneau.debut = timezone.now() - timedelta(minutes=5)
    rdv.creneau.save(update_fields=["debut"])
    actions.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller)
    (evenement,) = _evenements(rdv)
    assert (evenement.data["avant"], evenement.data["apres"]) == (StatutRendezVous.RESERVE, StatutRendezVous.ABSENT)
    assert evenement.acting_user == conseiller
