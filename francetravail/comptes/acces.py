"""Who an account is, for the checks every app shares: national staff, an active professional, a software."""

from francetravail.comptes.models import User


def est_compte_technique(user):
    """The account an API client's calls act as (``partenaires.ClientAPI.compte``): never a login."""
    return (
        user is not None and user.pk is not None and User.objects.filter(pk=user.pk, client_api__isnull=False).exists()
    )


def est_superutilisateur(user):
    """National staff: an active superuser (the admin's own gate already requires ``is_staff``)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def est_professionnel_actif(user):
    """A signed-in, active professional account: where every check on a professional's roles starts."""
    return bool(user and user.is_authenticated and user.is_active and user.est_professionnel)
