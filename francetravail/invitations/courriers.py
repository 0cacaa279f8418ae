"""Invitation letters: one PDF per letter (WeasyPrint, QR code to the booking link, the code to type, the
address block of a windowed envelope) and the day's batch of an organisation as one printable PDF.

Contract stub: the « envoi » engineer owns this module.
"""


def inscrire_au_lot(envoi_ids):
    """Puts the letter sendings ``envoi_ids`` (``EnvoiInvitation`` with canal « courrier ») in their
    organisation's batch of the day (``LotCourriers``) and queues the batch's rendering by the worker.
    Called on commit by the invitations' actions."""
    return None
