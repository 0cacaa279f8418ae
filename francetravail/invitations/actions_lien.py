"""Every change made through the booking link (``/rdv/<jeton>/``), by a person who may have no account.

Kept apart from the invitations' own actions (``actions.py``, the professionals' side) so that both sides
can grow without stepping on each other; the same house rules apply: each action locks the invitation
(``FOR NO KEY UPDATE``), checks, saves named fields, and moves the follow-up (``rendezvous.suivi``).

The identity check is the person's birth date or the code printed on the letter, against the invitation's
own person only: a link for someone else opens nothing with one's own birth date. ``MAX_ECHECS`` failures
in a row lock the invitation for ``DUREE_BLOCAGE`` (the view also limits checks per address).
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.invitations import lien
from francetravail.invitations.enums import STATUTS_INVITATION_OUVERTE, StatutDemandeRappel, StatutInvitation
from francetravail.invitations.models import DemandeRappel, Invitation
from francetravail.invitations.notifications_lien import LIEN_CONFIRMATION
from francetravail.invitations.queries_lien import jusqu_au
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions as rendezvous_actions
from francetravail.rendezvous import suivi
from francetravail.rendezvous.enums import StatutSuivi
from francetravail.rendezvous.notifications import contexte as contexte_rendez_vous

MAX_ECHECS = 5
DUREE_BLOCAGE = timedelta(minutes=30)

PLUS_VALABLE = (
    "Cette invitation n'est plus valable : vous ne pouvez plus prendre rendez-vous avec ce lien. "
    "Contactez l'organisme qui vous a invité."
)
DEJA_UN_ESPACE = "Vous avez déjà un espace : connectez-vous avec votre adresse électronique."
# A mobile number (06, 07, +336, +337): the only ones an SMS reaches.
_MOBILE = re.compile(r"^(?:0|\+33)[67][0-9]{8}$")


@dataclass(frozen=True)
class Verification:
    reussie: bool
    bloquee_jusqu_a: datetime | None = None
    essais_restants: int = 0


def _verrouiller(invitation):
    return (
        Invitation.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne", "organisation")
        .get(pk=invitation.pk)
    )


def normaliser_code(code):
    """The code as printed on the letter, whatever the person typed around it (spaces, dashes, case)."""
    return re.sub(r"[\s\-]", "", code or "").upper()


@transaction.atomic
def verifier_identite(invitation, *, date_naissance=None, code="", maintenant=None):
    """Checks the birth date (a ``date``) or the letter's ``code`` against ``invitation``'s person.

    A failure is counted and kept (it is the outcome, not an error: the transaction commits);
    the ``MAX_ECHECS``-th in a row locks the invitation until ``maintenant + DUREE_BLOCAGE``, during which
    even the right answer is refused. A success clears the count."""
    maintenant = maintenant or timezone.now()
    invitation = _verrouiller(invitation)
    if invitation.bloquee_jusqu_a is not None and invitation.bloquee_jusqu_a > maintenant:
        return Verification(False, invitation.bloquee_jusqu_a)
    if date_naissance is not None:
        reussie = date_naissance == invitation.personne.date_naissance
    else:
        reussie = bool(code) and constant_time_compare(normaliser_code(code), normaliser_code(invitation.code))
    if reussie:
        if invitation.echecs_verification or invitation.bloquee_jusqu_a is not None:
            invitation.echecs_verification, invitation.bloquee_jusqu_a = 0, None
            invitation.save(update_fields=["echecs_verification", "bloquee_jusqu_a"])
        return Verification(True)
    invitation.echecs_verification += 1
    if invitation.echecs_verification >= MAX_ECHECS:
        invitation.echecs_verification, invitation.bloquee_jusqu_a = 0, maintenant + DUREE_BLOCAGE
        invitation.save(update_fields=["echecs_verification", "bloquee_jusqu_a"])
        return Verification(False, invitation.bloquee_jusqu_a)
    invitation.save(update_fields=["echecs_verification"])
    return Verification(False, None, MAX_ECHECS - invitation.echecs_verification)


def _verifier_ouverte(invitation, maintenant):
    if invitation.statut not in STATUTS_INVITATION_OUVERTE or invitation.expire_le <= maintenant:
        raise ValidationError(PLUS_VALABLE)


def adresses_de_confirmation(personne):
    """Where the booking's confirmation goes: the file's e-mail, and its phone when it is a mobile."""
    adresses = []
    if personne.email:
        adresses.append((Canal.EMAIL, personne.email))
    if personne.telephone and _MOBILE.match(personne.telephone):
        adresses.append((Canal.SMS, personne.telephone))
    return adresses


def _confirmer(invitation, rdv):
    personne = invitation.personne
    contexte = {
        **contexte_rendez_vous(rdv),
        "intitule": rdv.creneau.intitule,
        "telephone_organisation": invitation.organisation.telephone,
    }
    for canal, adresse in adresses_de_confirmation(personne):
        notifier(
            personne.user,
            LIEN_CONFIRMATION,
            contexte=contexte,
            cle_idempotence=f"invitation:{invitation.pk}:rdv:{rdv.pk}:confirmation:{canal}",
            canal=canal,
            adresse=adresse,
            lien={"jeton": lien.jeton(invitation)},
        )


@transaction.atomic
def reserver(invitation, creneau, *, maintenant=None):
    """Books ``creneau`` through ``invitation``'s link; returns ``(rdv, nouveau)``.

    Under the invitation's lock: the same POST twice (a double click, the back button, a replay) finds the
    invitation used and returns its appointment, booking nothing more (``nouveau`` False). The slot's own
    checks (organisation, motif, last day, seat, first appointment's delay) are
    ``rendezvous.actions.reserver_sur_invitation``'s. The invitation becomes « utilisée », the follow-up
    « rendez-vous pris », and the person gets the confirmation by e-mail and SMS as the file allows."""
    maintenant = maintenant or timezone.now()
    invitation = _verrouiller(invitation)
    if invitation.statut == StatutInvitation.UTILISEE and invitation.rendez_vous_id is not None:
        return invitation.rendez_vous, False
    _verifier_ouverte(invitation, maintenant)
    rdv = rendezvous_actions.reserver_sur_invitation(
        invitation.personne,
        creneau,
        invitation_id=invitation.pk,
        organisation_id=invitation.organisation_id,
        motif=invitation.motif,
        jusqu_au=jusqu_au(invitation),
    )
    invitation.statut = StatutInvitation.UTILISEE
    invitation.utilisee_le = maintenant
    invitation.rendez_vous = rdv
    invitation.prochaine_relance = None
    invitation.save(update_fields=["statut", "utilisee_le", "rendez_vous", "prochaine_relance"])
    suivi.noter(
        invitation.personne_id,
        invitation.motif,
        StatutSuivi.RDV_PRIS,
        organisation_id=invitation.organisation_id,
        invitation_id=invitation.pk,
        rendez_vous_id=rdv.pk,
        commentaire="Rendez-vous pris depuis le lien de l'invitation.",
        le=maintenant,
    )
    _confirmer(invitation, rdv)
    return rdv, True


@transaction.atomic
def annuler(invitation, *, motif):
    """Cancels the appointment booked through ``invitation``'s link, with the person's reason
    (``rendezvous.actions.annuler_sur_invitation``: its seat is given back). The follow-up goes back to
    « annulé, à réinviter »: the agency sees the person is still to be reached."""
    invitation = _verrouiller(invitation)
    if invitation.rendez_vous_id is None:
        raise ValidationError("Aucun rendez-vous n'a été pris avec cette invitation.")
    rdv = rendezvous_actions.annuler_sur_invitation(invitation.rendez_vous, motif=motif)
    suivi.noter(
        invitation.personne_id,
        invitation.motif,
        StatutSuivi.ANNULE,
        organisation_id=invitation.organisation_id,
        invitation_id=invitation.pk,
        rendez_vous_id=rdv.pk,
        commentaire=f"Annulé par la personne depuis le lien de l'invitation : {rdv.motif}",
    )
    return rdv


@transaction.atomic
def demander_rappel(invitation, *, telephone, disponibilites="", maintenant=None):
    """No slot suits: the person asks the agency to call them back. Returns the request.

    One request waiting per invitation: asking again updates the number and the availability given."""
    maintenant = maintenant or timezone.now()
    invitation = _verrouiller(invitation)
    _verifier_ouverte(invitation, maintenant)
    if not telephone:
        raise ValidationError({"telephone": "Indiquez le numéro où vous rappeler."})
    demande = (
        DemandeRappel.objects.select_for_update(of=("self",), no_key=True)
        .filter(invitation=invitation, statut=StatutDemandeRappel.A_TRAITER)
        .first()
    )
    if demande is not None:
        demande.telephone, demande.disponibilites = telephone, disponibilites[:250]
        demande.save(update_fields=["telephone", "disponibilites"])
        return demande
    demande = DemandeRappel.objects.create(
        invitation=invitation,
        personne_id=invitation.personne_id,
        organisation_id=invitation.organisation_id,
        telephone=telephone,
        disponibilites=disponibilites[:250],
        created_at=maintenant,
    )
    suivi.noter(
        invitation.personne_id,
        invitation.motif,
        StatutSuivi.RAPPEL_DEMANDE,
        organisation_id=invitation.organisation_id,
        invitation_id=invitation.pk,
        commentaire=f"Rappel demandé depuis le lien de l'invitation ({date_format(maintenant, 'j F Y')}).",
        le=maintenant,
    )
    return demande


@transaction.atomic
def creer_espace(invitation, *, email, prenom, nom, mot_de_passe, request=None):
    """Creates the person's account from the link, linked to their file, in one step; returns the account,
    or None when the address already belongs to an account.

    The password meets the site's validators; the address must be confirmed before the first login
    (``ACCOUNT_EMAIL_VERIFICATION``): allauth's confirmation e-mail goes on commit. An address already
    used is not revealed (``ACCOUNT_PREVENT_ENUMERATION``): its owner gets allauth's « account already
    exists » e-mail, and the page says the same as for a new account."""
    personne = Personne.objects.select_for_update(of=("self",), no_key=True).get(pk=invitation.personne_id)
    if personne.user_id is not None:
        raise ValidationError(DEJA_UN_ESPACE)
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": "Indiquez votre adresse électronique."})
    user = User(email=email, first_name=prenom.strip(), last_name=nom.strip(), type_compte=TypeCompte.PERSONNE)
    try:
        validate_password(mot_de_passe, user=user)
    except ValidationError as exc:
        raise ValidationError({"mot_de_passe": exc.messages}) from None
    if User.objects.filter(email__iexact=email).exists():
        transaction.on_commit(lambda: get_adapter().send_account_already_exists_mail(email), robust=True)
        return None
    user.set_password(mot_de_passe)
    user.save()
    personne.user = user
    champs = ["user"]
    if not personne.email:
        personne.email = email
        champs.append("email")
    personne.save(update_fields=champs)
    adresse = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    transaction.on_commit(lambda: adresse.send_confirmation(request, signup=True), robust=True)
    enregistrer_evenement(
        TypeEvenement.COMPTE_CREE,
        personne=personne,
        organisation=invitation.organisation,
        user_id=user.pk,
        invitation_id=invitation.pk,
        par="lien",
    )
    return user
