from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "francetravail.invitations"
    verbose_name = "Invitations à prendre rendez-vous"
