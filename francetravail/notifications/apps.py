from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "francetravail.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Each app declares its kinds of notification in its ``notifications`` module.
        autodiscover_modules("notifications")
