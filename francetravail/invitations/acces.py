"""Who may do what with invitations (one rule per function).

Blocks are kept apart by their owner in issue 19; the invitations' own rules (who invites, who sees the
batches and the callback requests) go in their block.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from francetravail.invitations.enums import StatutDemandeRappel
from francetravail.invitations.models import DemandeRappel, LotInvitations
from francetravail.rendezvous.acces import organisations_agendas, travaille_l_agenda
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.roles import contexte_professionnel

# --- The départements' wording (« suivi », francetravail/invitations/redaction.py) -----------------------
# A département words its own invitations, relances and letters: its conseil départemental's
# administrators and pilotes (the idea of ``inscription.acces.peut_gerer_flux``, without the délégataires:
# the wording speaks in the département's name). Another département's staff, a conseiller, France
# Travail's own administrators: refused (404 on the pages).

ROLES_FORMULATIONS = frozenset({Role.ADMIN_ORGANISATION, Role.PILOTE})
REFUS_FORMULATIONS = (
    "Seuls les administrateurs et pilotes du conseil départemental de ce département rédigent ses invitations."
)


def departements_formulations(user):
    """The codes of the départements whose wording ``user`` writes (cached memberships: no query)."""
    if not (user.is_authenticated and user.is_active and user.est_professionnel):
        return []
    ctx = contexte_professionnel(user)
    return sorted(
        {
            ctx.departement_par_organisation[org]
            for org in ctx.organisations_avec(ROLES_FORMULATIONS)
            if ctx.type_par_organisation.get(org) == TypeOrganisation.CONSEIL_DEPARTEMENTAL
            and ctx.departement_par_organisation.get(org)
        }
    )


def peut_rediger_formulations(user, departement):
    """May ``user`` word the invitations of ``departement`` (a code or a Departement)?"""
    code = getattr(departement, "code", departement)
    return bool(code) and code in departements_formulations(user)


def exiger_rediger_formulations(user, departement):
    if not peut_rediger_formulations(user, departement):
        raise ValidationError(REFUS_FORMULATIONS)


# --- end of the départements' wording ---------------------------------------------------------------------


# --- Who invites, who sees the batches and the callback requests (« invitations ») --------------------------
# The same rule as the appointments (``rendezvous.acces.travaille_l_agenda``): a professional who works the
# agendas of the organisation that invites (an accompaniment role there), and, for one person, who reads
# their file. Unknown and refused look the same (404) on the pages; the actions raise a ValidationError.

REFUS = (
    "Seuls les professionnels qui travaillent les agendas de cette organisation "
    "peuvent inviter à y prendre rendez-vous."
)
REFUS_PERSONNE = "Vous ne pouvez pas inviter cette personne : son dossier ne vous est pas ouvert."


def organisations_invitantes(user):
    """Ids of the organisations on whose behalf ``user`` may invite."""
    return organisations_agendas(user)


def peut_inviter(user, organisation_id, personne=None):
    return travaille_l_agenda(user, organisation_id, personne)


def exiger_inviter(user, organisation_id, personne=None):
    if organisation_id not in organisations_agendas(user):
        raise ValidationError(REFUS)
    if personne is not None and not travaille_l_agenda(user, organisation_id, personne):
        raise ValidationError(REFUS_PERSONNE)


def lots_visibles(user):
    return LotInvitations.objects.filter(organisation_id__in=organisations_agendas(user))


def acces_lot(user, lot_id):
    try:
        return lots_visibles(user).select_related("organisation", "created_by").get(pk=lot_id)
    except (LotInvitations.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def demandes_rappel_visibles(user):
    """The callback requests of the organisations whose agendas ``user`` works (the agency calls back)."""
    return DemandeRappel.objects.filter(organisation_id__in=organisations_agendas(user))


def exiger_demande_rappel(user, demande_id, *, verrou=False):
    """The callback request ``demande_id`` if ``user`` may mark it done (404 otherwise)."""
    qs = demandes_rappel_visibles(user).filter(statut=StatutDemandeRappel.A_TRAITER)
    if verrou:
        qs = qs.select_for_update(of=("self",), no_key=True)
    try:
        return qs.get(pk=demande_id)
    except (DemandeRappel.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
