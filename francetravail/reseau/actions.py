"""Every change of a professional's access goes through this module.

Who may do what (issue 14) is ``francetravail.reseau.acces``: an access is opened only by the
organisation's own administrator or a national administrator, with a role the organisation's
type admits, and nobody grants themself a role that reads people's files. Besides:
- a professional who already belongs to another organisation is attached only once an
  administrator of (one of) their current organisation(s) confirms: until then the
  membership is pending and grants nothing (``MembershipQuerySet.actives``). No
  confirmation is needed when the person belongs nowhere else, already belongs to the
  organisation, or when the acting administrator also administers their organisation
  (or is a national administrator).
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.notifications.actions import notifier
from francetravail.reseau.acces import (
    exiger_administrateur,
    exiger_administrateur_pour_trancher,
    exiger_organisation_du_professionnel,
    exiger_pas_son_propre_rattachement,
    verifier_attribution,
)
from francetravail.reseau.enums import Role, StatutRattachement
from francetravail.reseau.models import Membership
from francetravail.reseau.notifications import (
    DEMANDE_RATTACHEMENT,
    INVITATION_PROFESSIONNEL,
    NOUVEAU_RATTACHEMENT,
    RATTACHEMENT_CONFIRME,
    RATTACHEMENT_REFUSE,
)
from francetravail.reseau.queries import organisations_actuelles

REFUS_DEJA = "Cette personne a déjà ce rôle dans l'organisation."
REFUS_DEJA_EN_ATTENTE = (
    "Une demande de rattachement de cette personne à ce rôle est déjà en attente de la confirmation "
    "de son organisation."
)
REFUS_PAS_PROFESSIONNEL = "Cette adresse est celle d'un compte qui n'est pas un compte professionnel."
REFUS_PLUS_EN_ATTENTE = "Ce rattachement n'attend plus de confirmation."


def lien_definition_mot_de_passe(user):
    """The invitation's link arguments (``reseau.invitation_professionnel``): allauth's password reset.

    allauth checks reset keys with its own generator, not Django's.
    """
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


def _organisations_a_consulter(user, organisation, acting_user):
    """The organisations whose confirmation a new membership of ``user`` waits for (empty: none)."""
    if acting_user.is_superuser:
        return []
    actuelles = organisations_actuelles(user)
    if not actuelles or organisation.pk in actuelles:
        return []
    administrees = (
        Membership.objects.actives()
        .filter(user=acting_user, role=Role.ADMIN_ORGANISATION, organisation_id__in=actuelles)
        .exists()
    )
    return [] if administrees else sorted(actuelles)


def _administrateurs(organisation_ids, *, sauf=None):
    """The active administrators of these organisations: {user: organisation}, one row per person."""
    rattachements = (
        Membership.objects.actives()
        .sans_comptes_techniques()
        .filter(organisation_id__in=organisation_ids, role=Role.ADMIN_ORGANISATION)
        .exclude(user_id=sauf)
        .select_related("user", "organisation")
        .order_by("user_id", "organisation__nom")
    )
    resultat = {}
    for m in rattachements:
        resultat.setdefault(m.user, m.organisation)
    return resultat


# --- Opening and closing an access -----------------------------------------------------------


@transaction.atomic
def creer_professionnel(organisation, *, email, first_name, last_name, role, acting_user):
    """Opens a professional's access to ``organisation`` with ``role`` (or asks their organisation).

    Creates the account when needed (no password: the invitation lets them set one,
    then they must enrol a second factor at first login). Refuses an email that
    belongs to a person's or an employer's account.
    """
    verifier_attribution(acting_user, organisation, role)
    email = email.strip().lower()
    user = User.objects.select_for_update(of=("self",), no_key=True).filter(email=email).first()
    cree = user is None
    if not cree:
        if not user.est_professionnel:
            raise ValidationError({"email": REFUS_PAS_PROFESSIONNEL})
        verifier_attribution(acting_user, organisation, role, user=user)
    else:
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, type_compte=TypeCompte.PROFESSIONNEL
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        enregistrer_evenement(
            TypeEvenement.COMPTE_CREE, acting_user=acting_user, organisation=organisation, user_id=user.pk
        )

    sollicitees = [] if cree else _organisations_a_consulter(user, organisation, acting_user)
    statut = StatutRattachement.EN_ATTENTE if sollicitees else StatutRattachement.CONFIRME
    membership, created = Membership.objects.select_for_update(of=("self",), no_key=True).get_or_create(
        user=user, organisation=organisation, role=role, defaults={"created_by": acting_user, "statut": statut}
    )
    if not created:
        if membership.actif and membership.statut == StatutRattachement.EN_ATTENTE:
            raise ValidationError({"role": REFUS_DEJA_EN_ATTENTE})
        if membership.actif:
            raise ValidationError({"role": REFUS_DEJA})
        membership.actif, membership.statut = True, statut
        membership.save(update_fields=["actif", "statut"])

    if sollicitees:
        _demander_confirmation(membership, sollicitees, acting_user=acting_user)
        return membership
    evenement = enregistrer_evenement(
        TypeEvenement.RATTACHEMENT_AJOUTE,
        acting_user=acting_user,
        organisation=organisation,
        user_id=user.pk,
        role=role,
    )
    notifier(
        user,
        INVITATION_PROFESSIONNEL if cree else NOUVEAU_RATTACHEMENT,
        contexte={"organisation": organisation.nom, "role": membership.get_role_display(), "prenom": user.first_name},
        cle_idempotence=f"rattachement:{membership.pk}:evenement:{evenement.pk}",
        lien=lien_definition_mot_de_passe(user) if cree else None,
    )
    return membership


def _demander_confirmation(membership, sollicitees, *, acting_user):
    user, organisation = membership.user, membership.organisation
    evenement = enregistrer_evenement(
        TypeEvenement.RATTACHEMENT_DEMANDE,
        acting_user=acting_user,
        organisation=organisation,
        user_id=user.pk,
        role=membership.role,
        organisations_sollicitees=sollicitees,
    )
    # The professional cannot confirm their own attachment: they are not asked.
    for admin, organisation_du_professionnel in _administrateurs(sollicitees, sauf=user.pk).items():
        notifier(
            admin,
            DEMANDE_RATTACHEMENT,
            contexte={
                "prenom": admin.first_name,
                "professionnel": user.get_full_name() or user.email,
                "email": user.email,
                "organisation": organisation.nom,
                "role": membership.get_role_display(),
                "organisation_du_professionnel": organisation_du_professionnel.nom,
            },
            cle_idempotence=f"rattachement:{membership.pk}:evenement:{evenement.pk}:admin:{admin.pk}",
            lien={"pk": organisation_du_professionnel.pk},
        )


@transaction.atomic
def retirer_rattachement(membership, *, acting_user):
    """Withdraws a membership (in force or pending): its role grants nothing from the next request."""
    exiger_administrateur(acting_user, membership.organisation_id)
    membership = (
        Membership.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisation")
        .get(pk=membership.pk)
    )
    if not membership.actif:
        return membership
    membership.actif = False
    membership.save(update_fields=["actif"])
    enregistrer_evenement(
        TypeEvenement.RATTACHEMENT_RETIRE,
        acting_user=acting_user,
        organisation=membership.organisation,
        user_id=membership.user_id,
        role=membership.role,
        statut=membership.statut,
    )
    return membership


# --- Confirming or refusing an attachment asked by another organisation ----------------------


def _demande_a_trancher(membership, organisation, acting_user):
    """The pending membership, locked, if ``acting_user`` may decide on it for ``organisation``."""
    exiger_administrateur_pour_trancher(acting_user, organisation.pk)
    membership = (
        Membership.objects.select_for_update(of=("self",), no_key=True)
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )
    exiger_pas_son_propre_rattachement(acting_user, membership)
    if not (membership.actif and membership.statut == StatutRattachement.EN_ATTENTE):
        raise ValidationError(REFUS_PLUS_EN_ATTENTE)
    exiger_organisation_du_professionnel(membership, organisation)
    return membership


def _contexte_decision(membership, organisation, admin):
    return {
        "prenom": admin.first_name,
        "professionnel": membership.user.get_full_name() or membership.user.email,
        "email": membership.user.email,
        "organisation": membership.organisation.nom,
        "role": membership.get_role_display(),
        "organisation_du_professionnel": organisation.nom,
    }


@transaction.atomic
def confirmer_rattachement(membership, *, organisation, acting_user):
    """``organisation`` (where the professional works) agrees: the membership is in force."""
    membership = _demande_a_trancher(membership, organisation, acting_user)
    membership.statut = StatutRattachement.CONFIRME
    membership.save(update_fields=["statut"])
    evenement = enregistrer_evenement(
        TypeEvenement.RATTACHEMENT_CONFIRME,
        acting_user=acting_user,
        organisation=membership.organisation,
        user_id=membership.user_id,
        role=membership.role,
        confirme_pour=organisation.pk,
    )
    cle = f"rattachement:{membership.pk}:evenement:{evenement.pk}"
    notifier(
        membership.user,
        NOUVEAU_RATTACHEMENT,
        contexte={
            "organisation": membership.organisation.nom,
            "role": membership.get_role_display(),
            "prenom": membership.user.first_name,
        },
        cle_idempotence=cle,
    )
    for admin in _administrateurs([membership.organisation_id], sauf=membership.user_id):
        notifier(
            admin,
            RATTACHEMENT_CONFIRME,
            contexte=_contexte_decision(membership, organisation, admin),
            cle_idempotence=f"{cle}:admin:{admin.pk}",
            lien={"pk": membership.organisation_id},
        )
    return membership


@transaction.atomic
def refuser_rattachement(membership, *, organisation, acting_user):
    """``organisation`` (where the professional works) refuses: the membership never comes into force."""
    membership = _demande_a_trancher(membership, organisation, acting_user)
    membership.statut, membership.actif = StatutRattachement.REFUSE, False
    membership.save(update_fields=["statut", "actif"])
    evenement = enregistrer_evenement(
        TypeEvenement.RATTACHEMENT_REFUSE,
        acting_user=acting_user,
        organisation=membership.organisation,
        user_id=membership.user_id,
        role=membership.role,
        refuse_pour=organisation.pk,
    )
    for admin in _administrateurs([membership.organisation_id], sauf=membership.user_id):
        notifier(
            admin,
            RATTACHEMENT_REFUSE,
            contexte=_contexte_decision(membership, organisation, admin),
            cle_idempotence=f"rattachement:{membership.pk}:evenement:{evenement.pk}:admin:{admin.pk}",
            lien={"pk": membership.organisation_id},
        )
    return membership
