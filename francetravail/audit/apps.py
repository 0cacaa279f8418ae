from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "francetravail.audit"
    label = "audit"
    verbose_name = "Journal d'accès et audit"
