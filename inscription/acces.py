"""Who may fill in a registration.

Every "may this user…" rule of the app lives here; actions and views import them from this module
(CONTRIBUTING.md). A refusal is an ``InscriptionRefusee``, whose French message the pages show.
"""

from django.http import Http404

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


# --- The CAF/MSA flows of a département ------------------------------------------------------------

# Who manages a département's flows (its settings, the rights a monthly stock no longer lists): the
# conseil départemental pays the RSA and decides for its président (L262-13, R262-68); its deciders and
# the administrators of its organisation.
ROLES_FLUX = frozenset({Role.DECIDEUR_DEPARTEMENTAL, Role.ADMIN_ORGANISATION})


def departements_flux(user):
    """The départements whose flows ``user`` manages: a role of ``ROLES_FLUX`` in a conseil départemental."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return set()
    ctx = contexte_professionnel(user)
    return {
        ctx.departement_par_organisation[org]
        for org in ctx.organisations_avec(ROLES_FLUX)
        if ctx.departement_par_organisation.get(org)
        and ctx.type_par_organisation.get(org) == TypeOrganisation.CONSEIL_DEPARTEMENTAL
    }


def peut_gerer_flux(user, departement):
    """``user`` manages the flows of ``departement`` (a code)."""
    return departement in departements_flux(user)


def exiger_gestion_flux(user, departement):
    """Anyone else: 404 (a refusal reveals nothing)."""
    if not peut_gerer_flux(user, departement):
        raise Http404
