"""The ``.ics`` of an appointment (``icalendar``), for the person and the conseiller.

Contract stub: the « agendas » engineer owns this module.
"""


def calendrier_rendez_vous(rdv, *, pour="personne"):
    """The ``.ics`` bytes of ``rdv``: a stable UID, a SEQUENCE raised by each move, STATUS:CANCELLED once
    cancelled. ``pour``: « personne » or « conseiller » (the conseiller's copy names the person)."""
    raise NotImplementedError
