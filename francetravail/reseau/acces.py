"""Who manages an organisation's professionals: its own administrators, and national administrators.

- the back-office pages of an organisation's members open to its administrators only
  (``acces_organisation_admin``: 404 otherwise, unknown and refused look the same);
- an access is opened only by the organisation's own administrator or a national
  administrator (superuser), with a role the organisation's type admits
  (``attribution.ROLES_PAR_TYPE_ORGANISATION``), and nobody grants themself a role that reads
  people's files or decides about them (``attribution.ROLES_NON_AUTO_ATTRIBUABLES``).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404

from francetravail.reseau.attribution import (
    REFUS_AUTO_ATTRIBUTION,
    ROLES_NON_AUTO_ATTRIBUABLES,
    message_refus_type,
    role_attribuable,
)
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from francetravail.reseau.queries import organisations_actuelles
from francetravail.reseau.roles import contexte_professionnel

REFUS_ADMINISTRATEUR = (
    "Seul un administrateur de cette organisation, ou un administrateur national, peut ouvrir ou retirer un accès."
)
REFUS_CONFIRMATION = (
    "Seul un administrateur d'une organisation à laquelle ce professionnel appartient peut confirmer "
    "ou refuser ce rattachement."
)
REFUS_PROPRE_RATTACHEMENT = (
    "Vous ne pouvez pas confirmer ou refuser votre propre rattachement : un autre administrateur "
    "de votre organisation doit le faire."
)


def acces_organisation_admin(user, organisation_id):
    """The organisation if ``user`` administers it, else 404 (unknown and refused look the same)."""
    try:
        organisation = Organisation.objects.get(pk=organisation_id, actif=True)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if user.is_superuser:
        return organisation
    if organisation.pk not in contexte_professionnel(user).organisations_avec({Role.ADMIN_ORGANISATION}):
        raise Http404
    return organisation


def _actif(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def administre(user, organisation_id):
    """``user`` is a national administrator, or administers ``organisation_id`` (read in the database)."""
    if not _actif(user):
        return False
    if user.is_superuser:
        return True
    return (
        Membership.objects.actives()
        .filter(user=user, organisation_id=organisation_id, role=Role.ADMIN_ORGANISATION)
        .exists()
    )


def exiger_administrateur(user, organisation_id):
    """Raises ValidationError unless ``user`` may open or withdraw an access in ``organisation_id``."""
    if not administre(user, organisation_id):
        raise ValidationError({NON_FIELD_ERRORS: REFUS_ADMINISTRATEUR})


def verifier_attribution(acting_user, organisation, role, user=None):
    """Raises ValidationError unless ``acting_user`` may grant ``role`` in ``organisation`` to ``user``.

    The order matters: someone who may not grant anything learns nothing about roles.
    """
    exiger_administrateur(acting_user, organisation.pk)
    if not role_attribuable(organisation.type_organisation, role):
        raise ValidationError({"role": message_refus_type(organisation.type_organisation, role)})
    if user is not None and user.pk == acting_user.pk and role in ROLES_NON_AUTO_ATTRIBUABLES:
        raise ValidationError({"role": REFUS_AUTO_ATTRIBUTION.format(role=Role(role).label)})


# --- Confirming or refusing an attachment asked by another organisation ----------------------


def exiger_administrateur_pour_trancher(user, organisation_id):
    """Only an administrator of ``organisation_id`` (or a national one) answers for it."""
    if not administre(user, organisation_id):
        raise ValidationError(REFUS_CONFIRMATION)


def exiger_pas_son_propre_rattachement(user, membership):
    """Nobody confirms or refuses their own attachment."""
    if membership.user_id == user.pk:
        raise ValidationError(REFUS_PROPRE_RATTACHEMENT)


def exiger_organisation_du_professionnel(membership, organisation):
    """``organisation`` answers only for a professional who works there, and not for its own request."""
    if membership.organisation_id == organisation.pk:
        raise ValidationError(REFUS_CONFIRMATION)
    if organisation.pk not in organisations_actuelles(membership.user):
        raise ValidationError(REFUS_CONFIRMATION)
