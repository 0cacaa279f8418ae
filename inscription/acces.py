"""Who may fill in a registration.

Every "may this user…" rule of the app lives here; actions and views import them from this module
(CONTRIBUTING.md). A refusal is an ``InscriptionRefusee``, whose French message the pages show.
"""

from francetravail.personnes.acces import accompagne_depuis_l_organisme_referent, est_la_personne, personnes_visibles
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.roles import contexte_professionnel
from inscription.regles import erreur_age_minimum


class InscriptionRefusee(Exception):
    """A registration step that cannot be saved; the message is for the user, in French.

    ``champ``: the form field the refusal is about, when it is about one.
    """

    def __init__(self, message, champ=None):
        super().__init__(message)
        self.champ = champ


REFUS_REFERENT = (
    "Seul le référent de la personne, dans son organisme référent, peut terminer ou rouvrir son accompagnement."
)

REFUS_ACTEUR = "Seuls la personne et les professionnels qui l'accompagnent peuvent remplir son inscription."


def exiger_age_minimum(donnees):
    """16 years reached today (inscription.regles), for every caller, not only the pages' forms."""
    erreur = erreur_age_minimum(donnees["date_naissance"])
    if erreur:
        raise InscriptionRefusee(erreur, champ="date_naissance")


def exiger_acteur(acting_user, personne):
    """The registration pages' rule, checked here for every caller: the person themself, or a
    professional with an accompaniment role who reads their file (the desk registration)."""
    if est_la_personne(acting_user, personne):
        return
    if (
        acting_user is not None
        and contexte_professionnel(acting_user).organisations_accompagnement
        and personnes_visibles(acting_user).filter(pk=personne.pk).exists()
    ):
        return
    raise InscriptionRefusee(REFUS_ACTEUR)


def est_referent_accompagnement(user, personne):
    """The référent's side of a person's accompaniment: a professional with an accompaniment role in the
    person's organisme référent (the gate's own first condition); no organisme référent yet (awaiting
    orientation): no accompaniment to end."""
    return accompagne_depuis_l_organisme_referent(user, personne)


def exiger_referent_accompagnement(user, personne):
    """Ending or reopening an accompaniment: the référent's side only (never the person, another organisation,
    a departmental decider or a mediator who only read the file)."""
    if not est_referent_accompagnement(user, personne):
        raise InscriptionRefusee(REFUS_REFERENT)


# The département's staff who run its CAF/MSA flows: its administrators and pilots, in its conseil
# départemental or a délégataire of it (issue 18). They read the imports' reports (names, NIRs of the
# lines) of their département only.
ROLES_FLUX = frozenset({Role.ADMIN_ORGANISATION, Role.PILOTE})
TYPES_FLUX = frozenset({TypeOrganisation.CONSEIL_DEPARTEMENTAL, TypeOrganisation.DELEGATAIRE_DEPARTEMENTAL})


def departements_flux(user):
    """The codes of the départements whose flows ``user`` runs (from the cached memberships: no query)."""
    ctx = contexte_professionnel(user)
    return sorted(
        {
            ctx.departement_par_organisation[org]
            for org in ctx.organisations_avec(ROLES_FLUX)
            if ctx.type_par_organisation.get(org) in TYPES_FLUX and ctx.departement_par_organisation.get(org)
        }
    )


def peut_gerer_flux(user, departement):
    """May ``user`` upload, preview and import the flows of ``departement`` (a code or a Departement),
    and edit its column mappings?"""
    code = getattr(departement, "code", departement)
    return bool(code) and code in departements_flux(user)


def exiger_gestion_flux(user, departement):
    if not peut_gerer_flux(user, departement):
        raise InscriptionRefusee(REFUS_FLUX)


REFUS_FLUX = (
    "Seuls les administrateurs et pilotes du conseil départemental (ou d'un délégataire) de ce département "
    "gèrent ses flux CAF/MSA."
)


def peut_modifier_correspondance(user, correspondance):
    """A département's mapping, by that département's staff; the national one by nobody here (it is copied)."""
    return correspondance.departement_id is not None and peut_gerer_flux(user, correspondance.departement_id)


def peut_lancer_import(user, departement):
    """A département's import by its staff (or a superuser); a national one (no département) by a
    superuser only (the admin). The drop folder and the command run without a user."""
    if user.is_superuser:
        return True
    return departement is not None and peut_gerer_flux(user, departement)
