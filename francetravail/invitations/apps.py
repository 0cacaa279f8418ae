from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "francetravail.invitations"
    verbose_name = "Invitations à prendre rendez-vous"

    def ready(self):
        # The booking link's kinds of notification, declared apart from the invitations' notifications.py,
        # are registered at start-up. cycle: apps.py is imported before any models module.
        from francetravail.invitations import notifications_lien  # noqa: F401
