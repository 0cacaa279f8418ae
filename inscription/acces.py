"""Who may fill in a registration.

Every "may this user…" rule of the app lives here; actions and views import them from this module
(CONTRIBUTING.md). A refusal is an ``InscriptionRefusee``, whose French message the pages show.
"""

from francetravail.personnes.acces import accompagne_depuis_l_organisme_referent, est_la_personne, personnes_visibles
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
