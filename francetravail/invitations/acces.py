"""Who may do what with invitations (one rule per function).

Blocks are kept apart by their owner in issue 19; the invitations' own rules (who invites, who sees the
batches and the callback requests) go in their block.
"""

from django.core.exceptions import ValidationError

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
