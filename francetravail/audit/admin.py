"""The audit trails: superusers only.

They name people of every département, and what a row shows (who read whom, what an action
changed) is national oversight, not a file's content; a person reads their own access log in
their space.
"""

from django.contrib import admin
from pghistory.admin import EventsAdmin

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.base.admin import ReserveSuperutilisateur


class LectureSeuleAdmin(admin.ModelAdmin):
    """Audit trails are written by actions, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalAcces)
class JournalAccesAdmin(ReserveSuperutilisateur, LectureSeuleAdmin):
    list_display = ["at", "user", "organisation", "personne", "partie", "canal"]
    list_filter = ["partie", "canal"]
    raw_id_fields = ["personne", "user", "organisation"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(AuditEvent)
class AuditEventAdmin(ReserveSuperutilisateur, LectureSeuleAdmin):
    list_display = ["at", "event_type", "acting_user", "organisation", "personne"]
    list_filter = ["event_type"]
    raw_id_fields = ["acting_user", "personne", "organisation"]
    date_hierarchy = "at"
    show_full_result_count = False


class HistoriqueAdmin(ReserveSuperutilisateur, EventsAdmin):
    """pghistory's « Événements »: every change of every tracked row (people's files included).

    Registered by pghistory itself with this class (``PGHISTORY_ADMIN_CLASS``, settings).
    """
