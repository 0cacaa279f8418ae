"""Reads of rectification requests: the queue « Demandes de rectification » of the organisations where a
professional accompanies, and a person's own requests. Who may open and answer one:
``francetravail/donnees/rectification_acces.py``."""

from django.utils import timezone

from francetravail.donnees.enums import StatutRectification
from francetravail.donnees.models import DemandeRectification
from francetravail.donnees.rectification_acces import organisations_qui_repondent


def demandes_de_l_organisation(user):
    """Every request sent to the organisations where ``user`` accompanies (people in the intermediate
    archive left out: their file is out of every list)."""
    organisations = organisations_qui_repondent(user)
    if not organisations:
        return DemandeRectification.objects.none()
    return DemandeRectification.objects.filter(
        organisation_id__in=organisations, personne__archivee_le__isnull=True
    ).select_related("personne", "organisation", "repondue_par")


def a_traiter(user):
    """The open requests, the nearest deadline first (the overdue ones on top)."""
    return demandes_de_l_organisation(user).filter(statut=StatutRectification.OUVERTE).order_by("echeance", "pk")


def nombre_a_traiter(user):
    """The dashboard's « À faire » count: one query."""
    return a_traiter(user).count()


def nombre_en_retard(user, le=None):
    le = le or timezone.localdate()
    return a_traiter(user).filter(echeance__lt=le).count()


def demandes_de_la_personne(personne):
    return (
        DemandeRectification.objects.filter(personne=personne)
        .select_related("organisation")
        .order_by("-demandee_le", "-pk")
    )
