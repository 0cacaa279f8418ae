"""Who may ask for, follow and download the copy of a person's file (RGPD art. 15)."""

import datetime

from django.conf import settings
from django.utils import timezone

from francetravail.donnees.enums import StatutCopie
from francetravail.personnes.acces import accompagne_depuis_l_organisme_referent, est_la_personne

REFUS_DEMANDEUR = "Seule la personne, ou son référent à sa demande, peut demander une copie de son dossier."
REFUS_EN_COURS = "Une copie de ce dossier est déjà en préparation : elle sera prête dans quelques minutes."
REFUS_SANS_COMPTE = (
    "Cette personne n’a pas de compte : elle ne pourrait pas télécharger la copie. Elle doit d’abord créer son compte."
)
REFUS_ARCHIVE = "Ce dossier est archivé : la copie se demande au délégué à la protection des données."


def duree_disponibilite():
    """How long a ready copy stays downloadable (``COPIE_DOSSIER_DUREE_JOURS``), then its file is deleted."""
    return datetime.timedelta(days=settings.COPIE_DOSSIER_DUREE_JOURS)


class CopieRefusee(Exception):
    """A refused request, with its French reason (shown in the page)."""


def peut_demander_pour(user, personne):
    """A professional asks on the person's request: the référent's side of the file (an accompaniment role
    in the person's organisme référent), the same side that works the file every day. A departmental
    decider, a mediator or an involved organisation read the file but are not whom the person asks. No
    query (the memberships are cached)."""
    return accompagne_depuis_l_organisme_referent(user, personne)


def peut_demander(user, personne):
    """The person themself, or the référent's side on their request."""
    return est_la_personne(user, personne) or peut_demander_pour(user, personne)


def exiger_demandeur(user, personne):
    if getattr(personne, "archivee_le", None) is not None:
        raise CopieRefusee(REFUS_ARCHIVE)
    if not peut_demander(user, personne):
        raise CopieRefusee(REFUS_DEMANDEUR)
    if personne.user_id is None:
        # The copy is given behind the person's login only: without an account nobody could take it.
        raise CopieRefusee(REFUS_SANS_COMPTE)


def peut_telecharger(user, copie, *, maintenant=None):
    """Only the person, behind their own login, and only while the copy is ready and not expired. The
    référent who asked is never given the ZIP: it holds the whole file (the access log, other
    organisations' records, documents) and goes to the person only (RGPD art. 15 §3: a copy for the
    data subject)."""
    maintenant = maintenant or timezone.now()
    return (
        copie.statut == StatutCopie.PRETE
        and bool(copie.fichier)
        and copie.expire_le is not None
        and copie.expire_le > maintenant
        and bool(user and user.is_authenticated and user.est_personne)
        and copie.personne.user_id == user.pk
    )
