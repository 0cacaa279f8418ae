"""Who may see or do what on a contrat d'engagement.

Every "may this user…" rule of the app lives here; actions, views, template tags and other apps
(sanctions, entreprises) import them from this module.
"""

from django.core.exceptions import ValidationError

from francetravail.personnes.acces import est_la_personne, personnes_visibles
from francetravail.reseau.roles import contexte_professionnel

REFUS_REFERENT = "Seul un référent de l'organisme référent de cette personne peut faire cela."
REFUS_PERSONNE = "Seule la personne concernée peut accepter son contrat d'engagement ou demander à le modifier."
REFUS_EQUIPE_NATIONALE = "Seule l'équipe nationale publie le socle des droits et devoirs."


def est_referent(user, organisme_id, personne):
    """A professional of ``organisme_id`` with an accompaniment role who sees ``personne`` through the gate."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return False
    if organisme_id not in contexte_professionnel(user).organisations_accompagnement:
        return False
    return personnes_visibles(user).filter(pk=personne.pk).exists()


def exiger_referent(user, contrat):
    """Refuses anyone but a référent of the contract's organisme référent."""
    if not est_referent(user, contrat.organisme_id, contrat.personne):
        raise ValidationError(REFUS_REFERENT)


def exiger_personne(user, contrat, refus=REFUS_PERSONNE):
    """Refuses anyone but the person the contract binds: nobody accepts or declares for them."""
    if not est_la_personne(user, contrat.personne):
        raise ValidationError(refus)


def est_equipe_nationale(user):
    """National staff (superusers), as for the orientation rules' national référentiel."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def exiger_equipe_nationale(user):
    """Only national staff publish the socle des droits et devoirs."""
    if not est_equipe_nationale(user):
        raise ValidationError(REFUS_EQUIPE_NATIONALE)
