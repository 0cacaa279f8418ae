"""The unread counter of the header (layouts/_notifications.html, outside the cached chrome)."""

from francetravail.notifications.queries import CompteurNonLues


def notifications(request):
    # Lazy: the count runs only when the header shows it (not on public pages, not for employers).
    return {"NOTIFICATIONS": CompteurNonLues(request.user)}
