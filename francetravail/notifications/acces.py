"""Who may read and mark a notification: its destinataire, and nobody else.

A notification says what happened in a file and where to look; someone else's, even a
colleague's, is answered like an unknown one (404), so an id reveals nothing.
"""

from django.shortcuts import get_object_or_404

from francetravail.notifications.models import Notification


def notifications_du_destinataire(user):
    """The notifications ``user`` may see: those addressed to them (none for the anonymous)."""
    if not (user and user.is_authenticated and user.is_active):
        return Notification.objects.none()
    return Notification.objects.filter(destinataire=user)


def exiger_destinataire(user, pk, *, verrou=False):
    """The notification ``pk`` if ``user`` is its destinataire, else 404; locked for a change with ``verrou``."""
    notifications = notifications_du_destinataire(user)
    if verrou:
        notifications = notifications.select_for_update(of=("self",), no_key=True)
    return get_object_or_404(notifications, pk=pk)
