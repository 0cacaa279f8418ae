"""The first published version of the common base of rights and duties, per parcours.

National staff publish the next versions in the admin; these texts (``contrats/data/socle/``)
are what the platform starts with, so a contract can be submitted on a fresh installation.
They follow L5411-6 (mandatory content, appeal routes against sanctions), L5411-6-1
(offre raisonnable d'emploi, none on the social parcours), R5412-7 (prior notice, 10 days)
and L262-47 (RSA: prior administrative appeal within two months).
"""

from pathlib import Path

_DOSSIER = Path(__file__).resolve().parent / "data" / "socle"


def _lire(nom):
    return (_DOSSIER / nom).read_text(encoding="utf-8").strip()


def textes(parcours):
    """The fields of the first socle of ``parcours`` (a ``Parcours`` value)."""
    return {
        "texte": _lire("droits_devoirs.txt"),
        "obligations_parcours": _lire(f"obligations_{parcours}.txt"),
        "voies_recours": _lire("voies_recours.txt"),
    }
