"""Who may see or do what on a contrat d'engagement.

Every "may this user…" rule of the app lives here; actions, views, template tags and other apps
(sanctions, entreprises) import them from this module.
"""

from francetravail.personnes.acces import personnes_visibles
from francetravail.reseau.roles import contexte_professionnel


def est_referent(user, organisme_id, personne):
    """A professional of ``organisme_id`` with an accompaniment role who sees ``personne`` through the gate."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return False
    if organisme_id not in contexte_professionnel(user).organisations_accompagnement:
        return False
    return personnes_visibles(user).filter(pk=personne.pk).exists()
