"""What the registration app announces; other apps listen (it imports none of them).

``inscriptions_enregistrees`` is sent, inside the transaction that wrote them, with the
ids of people whose registration was just written by a CAF/MSA import batch. The
orientation app proposes their orientation in the same transaction; its beat sweep
stays the safety net for anything a receiver missed.
"""

from django.dispatch import Signal

inscriptions_enregistrees = Signal()  # kwargs: personne_ids
