"""Who an account is, for the checks every app shares: national staff."""


def est_superutilisateur(user):
    """National staff: an active superuser (the admin's own gate already requires ``is_staff``)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)
