"""Who may designate, change or transfer a référent unique, and who may be designated.

- the responsable d'équipe of the person's organisme référent: everything (one by one, in bulk, by the
  organisation's rule, change with a reason, transfer of a portfolio);
- a conseiller or travailleur social of the organisme référent: designates themself or a colleague for a
  person in the queue, and changes a référent with a reason; never the rule nor a whole portfolio;
- nobody else (a decider, another organisation, the person): refused as a 404 by the views.

Only a conseiller or travailleur social with an active membership in the organisme référent can be designated.
"""

from django.core.exceptions import ValidationError

from francetravail.comptes.acces import est_professionnel_actif
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Membership
from francetravail.reseau.roles import contexte_professionnel

REFUS = "Vous ne pouvez pas désigner le référent des personnes de cette organisation."
REFUS_EQUIPE = "Seul un responsable d'équipe de l'organisation peut faire cela."
REFUS_DESIGNABLE = (
    "{nom} ne peut pas être désigné référent unique : seul un conseiller ou un travailleur social rattaché "
    "à l'organisme référent de la personne ({organisation}) peut l'être."
)


def organisations_designantes(user):
    """The organisations whose people ``user`` may give a référent: where they run the team or accompany."""
    if not est_professionnel_actif(user):
        return frozenset()
    ctx = contexte_professionnel(user)
    return ctx.organisations_equipe | ctx.organisations_accompagnement


def organisations_dirigees(user):
    """The organisations where ``user`` is responsable d'équipe."""
    if not est_professionnel_actif(user):
        return frozenset()
    return contexte_professionnel(user).organisations_equipe


def peut_designer(user, organisation_id):
    """Designate (one, in bulk) or change, with a reason, the référent of this organisation's people."""
    return organisation_id is not None and organisation_id in organisations_designantes(user)


def peut_diriger(user, organisation_id):
    """Set the organisation's rule, apply it, transfer a whole portfolio."""
    return organisation_id is not None and organisation_id in organisations_dirigees(user)


def exiger_designant(user, organisation_id):
    if not peut_designer(user, organisation_id):
        raise ValidationError(REFUS)


def exiger_responsable(user, organisation_id):
    if not peut_diriger(user, organisation_id):
        raise ValidationError(REFUS_EQUIPE)


def designables(organisation_id):
    """The ids of the professionals who may be référent unique of this organisation's people."""
    return set(
        Membership.objects.actives()
        .sans_comptes_techniques()
        .filter(
            organisation_id=organisation_id, role__in=ROLES_ACCOMPAGNEMENT, user__type_compte=TypeCompte.PROFESSIONNEL
        )
        .values_list("user_id", flat=True)
    )


def exiger_designable(referent, organisation):
    """Refuses, with a clear French message, a référent who does not accompany in the organisme référent."""
    if referent is None or referent.pk not in designables(organisation.pk):
        nom = referent.nom_affiche if referent is not None else "Cette personne"
        raise ValidationError(REFUS_DESIGNABLE.format(nom=nom, organisation=organisation.nom))
