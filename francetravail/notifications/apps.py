from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "francetravail.notifications"
    label = "notifications"
    verbose_name = "Notifications"
