"""The kinds of notification of « Mes données », declared by each part's module and imported here so that
``NotificationsConfig.ready`` (which imports every app's ``notifications``) registers them at start."""

from francetravail.donnees import notifications_copie  # noqa: F401
