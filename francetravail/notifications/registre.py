"""The kinds of notification: each declared once, by its app, in ``<app>/notifications.py``.

A kind says who receives it (``public``), through which channels, with which templates
(``templates/notifications/<modele>_sujet.txt``, ``_corps.txt``, ``_sms.txt``), whether it is a
legal notice (a decision, a prior notice: never subject to an opt-out, always sent), and where its
link leads (a URL name, reversed when the notification is written, so a moved page never leaves a
dead link in an e-mail). ``notifier()`` takes a kind, never a template name. This registry is what
a notification centre, a per-kind opt-out and per-département wording build on.

The apps' ``notifications`` modules are imported when Django starts
(``NotificationsConfig.ready``), so the registry is complete before any request or task.
"""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse

from francetravail.notifications.enums import Canal


class Public(models.TextChoices):
    PERSONNE = "personne", "Personne accompagnée"
    PROFESSIONNEL = "professionnel", "Professionnel du réseau"
    EMPLOYEUR = "employeur", "Employeur"


@dataclass(frozen=True)
class TypeNotification:
    cle: str
    libelle: str
    public: str
    modele: str
    canaux: tuple = (Canal.EMAIL,)
    avis_legal: bool = False
    lien: str | None = None

    def chemin(self, **kwargs):
        """The path of the kind's link (``reverse`` of ``lien`` with ``kwargs``), or None."""
        return reverse(self.lien, kwargs=kwargs or None) if self.lien else None

    def __str__(self):
        return self.libelle


_REGISTRE = {}


def declarer(cle, *, libelle, public, modele, canaux=(Canal.EMAIL,), avis_legal=False, lien=None):
    """Registers a kind of notification once; returns it (the module keeps it in a constant)."""
    if cle in _REGISTRE:
        raise ValueError(f"Type de notification déclaré deux fois : {cle}")
    if Public(public) is None or not canaux:
        raise ValueError(f"Type de notification incomplet : {cle}")
    type_notification = TypeNotification(
        cle=cle,
        libelle=libelle,
        public=Public(public),
        modele=modele,
        canaux=tuple(Canal(c) for c in canaux),
        avis_legal=avis_legal,
        lien=lien,
    )
    _REGISTRE[cle] = type_notification
    return type_notification


def type_notification(cle):
    return _REGISTRE[cle]


def types_notification():
    """Every declared kind, by key."""
    return dict(sorted(_REGISTRE.items()))
