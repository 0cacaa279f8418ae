"""Both sides of the invitations' bounds, end to end through the actions the pages and the beat call:

- the relance delay (``invitations.delai_relance``, 3 days): the sweep one second before relances nothing,
  at the due time it relances, and a département's own delay moves it;
- the link's validity (``invitations.duree_validite``, 10 days) through the expiry sweep: one second before
  nothing expires, at ``expire_le`` the invitation and the follow-up do;
- the 15 days from the notified orientation through a booking from the link: a slot on the last day is
  booked, a slot the day after is refused and nothing changes.
"""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from francetravail.invitations import actions, actions_lien
from francetravail.invitations.enums import CanalInvitation, StatutInvitation, TypeEnvoi
from francetravail.invitations.models import EnvoiInvitation
from francetravail.notifications.models import Notification
from francetravail.parametres.models import ParametreLegal
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import Creneau, RendezVous, SuiviRendezVous
from francetravail.reseau.enums import Role
from tests.contrats.factories import orientation_notifiee
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory

MOTIF = Motif.ENTRETIEN_ORIENTATION
UNE_SECONDE = timedelta(seconds=1)


@pytest.fixture
def agence():
    return OrganisationFactory(departement_id="59", telephone="03 20 00 00 00")


@pytest.fixture
def conseillere(agence):
    return professionnel(agence, Role.CONSEILLER)


@pytest.fixture
def invitee(agence):
    return PersonneFactory(organisme_referent=agence, departement_id="59")


def _inviter(personne, conseillere, agence):
    return actions.inviter(
        personne,
        motif=MOTIF,
        organisation=agence,
        canaux=[CanalInvitation.EMAIL, CanalInvitation.SMS],
        acting_user=conseillere,
    )


def _suivi(personne):
    return SuiviRendezVous.objects.get(personne=personne, motif=MOTIF).statut


def _relances(invitation):
    return EnvoiInvitation.objects.filter(invitation=invitation, type_envoi=TypeEnvoi.RELANCE).count()


# -- the relance delay ---------------------------------------------------------------------------------------


def test_la_relance_part_a_trois_jours_pas_une_seconde_avant(invitee, conseillere, agence):
    invitation = _inviter(invitee, conseillere, agence)
    du = invitation.created_at + timedelta(days=3)
    assert invitation.prochaine_relance == du

    assert actions.relancer_dues(maintenant=du - UNE_SECONDE) == 0
    invitation.refresh_from_db()
    assert (invitation.statut, invitation.relancee_le, _relances(invitation)) == (StatutInvitation.ENVOYEE, None, 0)
    assert _suivi(invitee) == StatutSuivi.INVITE

    avant = Notification.objects.count()
    assert actions.relancer_dues(maintenant=du) == 1
    invitation.refresh_from_db()
    assert (invitation.statut, invitation.relancee_le) == (StatutInvitation.RELANCEE, du)
    assert _relances(invitation) == 2  # e-mail and SMS
    assert Notification.objects.count() == avant + 2
    assert _suivi(invitee) == StatutSuivi.RELANCE
    # Once: the sweep again relances nothing more.
    assert actions.relancer_dues(maintenant=du + timedelta(days=1)) == 0
    assert _relances(invitation) == 2


def test_le_delai_de_relance_du_departement_s_applique(invitee, conseillere, agence):
    national = ParametreLegal.objects.filter(cle="invitations.delai_relance", departement=None).first()
    ParametreLegal.objects.create(
        **{
            f.name: getattr(national, f.name)
            for f in ParametreLegal._meta.concrete_fields
            if f.name not in ("id", "departement", "valeur")
        },
        departement_id="59",
        valeur=5,
    )
    invitation = _inviter(invitee, conseillere, agence)
    du = invitation.created_at + timedelta(days=5)
    assert invitation.prochaine_relance == du
    assert actions.relancer_dues(maintenant=du - UNE_SECONDE) == 0
    assert actions.relancer_dues(maintenant=du) == 1


@pytest.mark.parametrize("ligne_du_59", [False, True])
def test_la_validite_du_lien_suit_le_parametre_du_departement(invitee, conseillere, agence, ligne_du_59):
    if ligne_du_59:  # the Nord keeps its links 7 days instead of the national 10
        national = ParametreLegal.objects.filter(cle="invitations.duree_validite", departement=None).first()
        ParametreLegal.objects.create(
            **{
                f.name: getattr(national, f.name)
                for f in ParametreLegal._meta.concrete_fields
                if f.name not in ("id", "departement", "valeur")
            },
            departement_id="59",
            valeur=7,
        )
    invitation = _inviter(invitee, conseillere, agence)
    assert invitation.expire_le == invitation.created_at + timedelta(days=7 if ligne_du_59 else 10)
    assert actions.expirer_echues(maintenant=invitation.expire_le - UNE_SECONDE) == 0
    assert actions.expirer_echues(maintenant=invitation.expire_le) == 1


# -- the link's validity through the expiry sweep --------------------------------------------------------------


def test_l_invitation_expire_a_dix_jours_pas_une_seconde_avant(invitee, conseillere, agence):
    invitation = _inviter(invitee, conseillere, agence)
    assert invitation.expire_le == invitation.created_at + timedelta(days=10)

    assert actions.expirer_echues(maintenant=invitation.expire_le - UNE_SECONDE) == 0
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.ENVOYEE
    assert _suivi(invitee) == StatutSuivi.INVITE

    assert actions.expirer_echues(maintenant=invitation.expire_le) == 1
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.EXPIREE
    assert _suivi(invitee) == StatutSuivi.EXPIRE


def test_une_invitation_relancee_expire_aussi(invitee, conseillere, agence):
    invitation = _inviter(invitee, conseillere, agence)
    assert actions.relancer_dues(maintenant=invitation.prochaine_relance) == 1
    assert actions.expirer_echues(maintenant=invitation.expire_le) == 1
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.EXPIREE
    assert _suivi(invitee) == StatutSuivi.EXPIRE


# -- the 15 days from the orientation, booked through the link ---------------------------------------------------


def _a_neuf_heures(jour):
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(9)))


@pytest.fixture
def orientee(invitee, agence):
    """Oriented (notified) eight days ago: the first appointment is due within seven days from today."""
    orientation_notifiee(invitee, organisme=agence, notifiee_le=timezone.now() - timedelta(days=8))
    return invitee


def test_reserver_par_le_lien_le_quinzieme_jour_pas_le_seizieme(orientee, conseillere, agence):
    invitation = _inviter(orientee, conseillere, agence)
    limite = invitation.limite_rdv
    assert limite == timezone.localdate() + timedelta(days=7)
    agenda = AgendaFactory(organisation=agence, conseiller=conseillere)
    dernier_jour = CreneauFactory(agenda=agenda, motif=MOTIF, debut=_a_neuf_heures(limite))
    trop_tard = CreneauFactory(agenda=agenda, motif=MOTIF, debut=_a_neuf_heures(limite + timedelta(days=1)))

    with pytest.raises(ValidationError):
        actions_lien.reserver(invitation, trop_tard)
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.ENVOYEE and invitation.rendez_vous_id is None
    assert not RendezVous.objects.filter(personne=orientee).exists()
    assert Creneau.objects.get(pk=trop_tard.pk).nb_reservations == 0
    assert _suivi(orientee) == StatutSuivi.INVITE

    rdv, nouveau = actions_lien.reserver(invitation, dernier_jour)
    assert nouveau and rdv.creneau_id == dernier_jour.pk
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.UTILISEE
    assert _suivi(orientee) == StatutSuivi.RDV_PRIS
