from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.notifications.actions import notifier
from francetravail.reseau.models import Membership


def lien_definition_mot_de_passe(user):
    # allauth's password-reset-from-key URL doubles as the invitation link.
    # allauth checks reset keys with its own generator, not Django's.
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = default_token_generator.make_token(user)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


@transaction.atomic
def creer_professionnel(organisation, *, email, first_name, last_name, role, acting_user):
    """Opens a professional's access to ``organisation`` with ``role``.

    Creates the account when needed (no password: the invitation lets them set one,
    then they must enrol a second factor at first login). Refuses an email that
    belongs to a person's or an employer's account.
    """
    user = User.objects.select_for_update().filter(email=email).first()
    cree = user is None
    if cree:
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, type_compte=TypeCompte.PROFESSIONNEL
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        enregistrer_evenement(
            TypeEvenement.COMPTE_CREE, acting_user=acting_user, organisation=organisation, user_id=user.pk
        )
    elif not user.est_professionnel:
        raise ValidationError({"email": "Cette adresse est celle d'un compte qui n'est pas un compte professionnel."})

    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"created_by": acting_user}
    )
    if not created and membership.actif:
        raise ValidationError({"role": "Cette personne a déjà ce rôle dans l'organisation."})
    if not created:
        membership.actif = True
        membership.save(update_fields=["actif"])
    enregistrer_evenement(
        TypeEvenement.RATTACHEMENT_AJOUTE,
        acting_user=acting_user,
        organisation=organisation,
        user_id=user.pk,
        role=role,
    )
    contexte = {"organisation": organisation.nom, "role": membership.get_role_display(), "prenom": user.first_name}
    if cree:
        contexte["lien"] = lien_definition_mot_de_passe(user)
    notifier(
        user,
        modele="reseau/invitation_professionnel" if cree else "reseau/nouveau_rattachement",
        contexte=contexte,
        cle_idempotence=f"rattachement:{membership.pk}:{membership.actif}:{int(membership.created_at.timestamp())}:{cree}",
    )
    return membership


@transaction.atomic
def retirer_rattachement(membership, *, acting_user):
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
    )
    return membership
