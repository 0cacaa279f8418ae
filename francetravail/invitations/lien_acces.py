"""Who may see what behind a booking link (``/rdv/<jeton>/``): whoever holds the link sees only the
organisation that invites; the person's data, the slots and the booking only after the identity check
(birth date, or the code printed on the letter), remembered in this browser's session for this invitation
only and for a short time (``DUREE_VERIFICATION``).

The session remembers the invitation's id and nonce: a check made for one invitation opens no other, and a
new invitation (a new nonce) asks again.
"""

import time

from django.core.exceptions import ValidationError

# How long a successful check lasts in the session (seconds): long enough to choose a slot and create an
# account, short enough that a shared computer left open does not keep the file open.
DUREE_VERIFICATION = 30 * 60

REFUS = "Vérifiez d'abord votre identité pour continuer."


def _cle(invitation):
    return f"invitations.lien.{invitation.pk}"


def retenir_verification(request, invitation):
    """Remembers in ``request``'s session that the identity check passed for ``invitation``.

    The session key is cycled first: a session id planted before the check does not inherit it."""
    request.session.cycle_key()
    request.session[_cle(invitation)] = {"nonce": invitation.nonce, "jusqu_a": time.time() + DUREE_VERIFICATION}


def oublier_verification(request, invitation):
    request.session.pop(_cle(invitation), None)


def est_verifiee(request, invitation):
    """The identity check passed in this session, for this very invitation, less than
    ``DUREE_VERIFICATION`` seconds ago."""
    valeur = request.session.get(_cle(invitation))
    if not isinstance(valeur, dict) or valeur.get("nonce") != invitation.nonce:
        return False
    try:
        return float(valeur.get("jusqu_a", 0)) > time.time()
    except (TypeError, ValueError):
        return False


def exiger_verifiee(request, invitation):
    if not est_verifiee(request, invitation):
        raise ValidationError(REFUS)
