"""Who may change which legal parameter.

A row's scope is its département (None: the national value). National staff change every
row; departmental staff only their département's rows, where their département is that of
an active membership in a conseil départemental (the département decides its own options,
e.g. the recall of suspended sums); national rows are the law's figures, theirs to read.
National staff are the superusers, as for the orientation référentiel and the contract socle.
"""

from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.roles import contexte_professionnel

REFUS = (
    "Vous ne pouvez modifier que les paramètres de votre département ; "
    "les valeurs nationales relèvent de l'équipe nationale."
)


def est_equipe_nationale(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def organisations_departementales(user):
    """{organisation id: département code} of the user's active conseil départemental memberships."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return {}
    ctx = contexte_professionnel(user)
    return {
        org: departement
        for org, departement in ctx.departement_par_organisation.items()
        if departement and ctx.type_par_organisation.get(org) == TypeOrganisation.CONSEIL_DEPARTEMENTAL
    }


def departements_geres(user):
    """The départements whose rows ``user`` may change; None means every row (national staff)."""
    if est_equipe_nationale(user):
        return None
    return frozenset(organisations_departementales(user).values())


def peut_modifier(user, departement_id):
    """May ``user`` write a row of this scope (None: national)?"""
    departements = departements_geres(user)
    if departements is None:
        return True
    return departement_id is not None and departement_id in departements
