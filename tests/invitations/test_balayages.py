"""The beat sweeps: relance on the due instant and not a second before, expiry likewise, each done once
(twice, or on two workers, changes nothing more); and the callback requests marked done."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from francetravail.invitations import actions, tasks
from francetravail.invitations.enums import CanalInvitation as C
from francetravail.invitations.enums import StatutDemandeRappel, StatutInvitation, TypeEnvoi
from francetravail.invitations.models import DemandeRappel, EnvoiInvitation
from francetravail.notifications.models import Notification
from francetravail.parametres.models import ParametreLegal
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import SuiviRendezVous
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve

UNE_SECONDE = timedelta(seconds=1)


@pytest.fixture
def invitation(personne, conseiller, org):
    return actions.inviter(
        personne, motif=Motif.ENTRETIEN_ORIENTATION, organisation=org, canaux=C.values, acting_user=conseiller
    )


def _statut_suivi(invitation):
    return SuiviRendezVous.objects.get(personne=invitation.personne, motif=invitation.motif).statut


def test_la_relance_part_a_l_echeance_pas_avant(invitation):
    echeance = invitation.prochaine_relance
    assert actions.relancer_dues(maintenant=echeance - UNE_SECONDE) == 0
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.ENVOYEE
    assert actions.relancer_dues(maintenant=echeance) == 1
    invitation.refresh_from_db()
    assert (invitation.statut, invitation.relancee_le, invitation.prochaine_relance) == (
        StatutInvitation.RELANCEE,
        echeance,
        None,
    )
    relances = EnvoiInvitation.objects.filter(invitation=invitation, type_envoi=TypeEnvoi.RELANCE)
    assert sorted(relances.values_list("canal", flat=True)) == sorted([C.EMAIL, C.SMS, C.COURRIER])
    assert Notification.objects.filter(type_notification="invitations.relance").count() == 2
    assert _statut_suivi(invitation) == StatutSuivi.RELANCE
    # Once: a second run (or a second worker after the first) relances nothing more.
    assert actions.relancer_dues(maintenant=echeance + timedelta(hours=1)) == 0
    assert relances.count() == 3


def test_pas_de_relance_quand_le_parametre_vaut_zero(personne, conseiller, org):
    national = ParametreLegal.objects.get(cle=actions.PARAMETRE_RELANCE, departement__isnull=True)
    ParametreLegal.objects.create(
        cle=national.cle,
        libelle=national.libelle,
        valeur="0",
        unite=national.unite,
        reference_legale=national.reference_legale,
        valide_du=national.valide_du,
        departement_id="59",
    )
    invitation = actions.inviter(
        personne, motif=Motif.DIAGNOSTIC, organisation=org, canaux=[C.EMAIL], acting_user=conseiller
    )
    assert invitation.prochaine_relance is None
    assert actions.relancer_dues(maintenant=invitation.expire_le - UNE_SECONDE) == 0


def test_pas_de_relance_pour_qui_a_reserve_entre_temps(invitation, org):
    rdv_reserve(invitation.personne, CreneauFactory(agenda=AgendaFactory(organisation=org), debut=dans(5)))
    assert actions.relancer_dues(maintenant=invitation.prochaine_relance) == 0
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.ENVOYEE and invitation.prochaine_relance is None
    assert not EnvoiInvitation.objects.filter(type_envoi=TypeEnvoi.RELANCE).exists()


def test_l_invitation_expire_a_son_heure_pas_avant(invitation):
    assert actions.expirer_echues(maintenant=invitation.expire_le - UNE_SECONDE) == 0
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.ENVOYEE
    assert actions.expirer_echues(maintenant=invitation.expire_le) == 1
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.EXPIREE
    assert _statut_suivi(invitation) == StatutSuivi.EXPIRE
    assert actions.expirer_echues(maintenant=invitation.expire_le + timedelta(days=1)) == 0
    # An expired invitation is never relanced.
    assert actions.relancer_dues(maintenant=invitation.expire_le + timedelta(days=1)) == 0


def test_une_relancee_expire_aussi(invitation):
    actions.relancer_dues(maintenant=invitation.prochaine_relance)
    assert actions.expirer_echues(maintenant=invitation.expire_le) == 1
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.EXPIREE and _statut_suivi(invitation) == StatutSuivi.EXPIRE


def test_les_balayages_sont_bornes(org, conseiller, personnes):
    for p in personnes:
        actions.inviter(p, motif=Motif.SUIVI, organisation=org, canaux=[C.EMAIL], acting_user=conseiller)
    loin = personnes[0].invitations.get().expire_le + timedelta(days=1)
    assert actions.expirer_echues(limite=2, maintenant=loin) == 2
    assert actions.expirer_echues(limite=2, maintenant=loin) == 2
    assert actions.expirer_echues(limite=2, maintenant=loin) == 1
    assert actions.expirer_echues(limite=2, maintenant=loin) == 0


def test_la_tache_de_balayage_rend_ses_comptes(invitation):
    assert tasks.balayer_invitations() == {"relancees": 0, "expirees": 0}


# --- Callback requests -------------------------------------------------------------------------------------


@pytest.fixture
def demande(invitation, org):
    return DemandeRappel.objects.create(
        invitation=invitation, personne=invitation.personne, organisation=org, telephone="0601020304"
    )


def test_l_agence_marque_la_demande_de_rappel_traitee(demande, conseiller):
    actions.traiter_demande_rappel(demande.pk, compte_rendu="Rendez-vous fixé mardi à 10 h.", acting_user=conseiller)
    demande.refresh_from_db()
    assert (demande.statut, demande.traitee_par, demande.compte_rendu) == (
        StatutDemandeRappel.TRAITEE,
        conseiller,
        "Rendez-vous fixé mardi à 10 h.",
    )
    # Done once: a second time is a 404 (nothing left to do).
    with pytest.raises(Http404):
        actions.traiter_demande_rappel(demande.pk, compte_rendu="Encore", acting_user=conseiller)


def test_refus_de_traiter_la_demande_d_une_autre_organisation_ou_sans_compte_rendu(demande, conseiller):
    autre = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
    with pytest.raises(Http404):
        actions.traiter_demande_rappel(demande.pk, compte_rendu="Fait", acting_user=autre)
    with pytest.raises(ValidationError):
        actions.traiter_demande_rappel(demande.pk, compte_rendu="  ", acting_user=conseiller)
    demande.refresh_from_db()
    assert demande.statut == StatutDemandeRappel.A_TRAITER and demande.traitee_par is None
