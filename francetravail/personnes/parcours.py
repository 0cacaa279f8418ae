"""« Où j'en suis »: the facts of a person's journey, gathered for the rule (``regles.ou_j_en_suis``).

The core imports no domain app: each app that holds a step of the journey registers its reader
here at start-up, from its ``apps.py`` (``brancher_lecteur``). A reader takes the person and today,
runs one query and returns some fields of ``FaitsDuParcours``. The person's space thus costs one
query per reader, whatever the length of the file (tests/personnes/test_ou_j_en_suis_vue.py).
"""

from collections.abc import Callable

from django.db.models import Count, Min, Q
from django.utils import timezone

from francetravail.personnes.regles import FaitsDuParcours, ou_j_en_suis
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous

_LECTEURS: dict[str, Callable] = {}


def brancher_lecteur(nom, fonction):
    """Registers ``fonction(personne, aujourdhui) -> dict`` (fields of FaitsDuParcours) under ``nom``."""
    _LECTEURS[nom] = fonction


def _rendez_vous(personne, maintenant):
    # The appointments are the core's own: one aggregate for the three facts.
    faits = RendezVous.objects.filter(personne_id=personne.pk).aggregate(
        proposes=Count("pk", filter=Q(statut=StatutRendezVous.PROPOSE, creneau__debut__gt=maintenant)),
        prochain=Min("creneau__debut", filter=Q(statut=StatutRendezVous.RESERVE, creneau__debut__gt=maintenant)),
        honores=Count("pk", filter=Q(statut=StatutRendezVous.HONORE)),
    )
    return {
        "rdv_propose": bool(faits["proposes"]),
        "prochain_rdv": faits["prochain"],
        "rdv_honore": bool(faits["honores"]),
    }


def ou_en_est(personne, *, maintenant=None):
    """« Où j'en suis » for ``personne`` as read by ``queries.espace()`` (None: an account without a file)."""
    maintenant = maintenant or timezone.now()
    aujourdhui = timezone.localdate(maintenant)
    if personne is None:
        return ou_j_en_suis(FaitsDuParcours(), aujourdhui)
    faits = {
        "a_un_dossier": True,
        "statut_inscription": personne.statut_inscription,
        "canal_inscription": personne.canal_inscription or "",
        "organisme_referent": personne.organisme_referent_nom or "",
        **_rendez_vous(personne, maintenant),
    }
    for lecteur in _LECTEURS.values():
        faits.update(lecteur(personne, aujourdhui))
    return ou_j_en_suis(FaitsDuParcours(**faits), aujourdhui)
