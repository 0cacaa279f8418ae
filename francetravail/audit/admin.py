from django.contrib import admin

from francetravail.audit.models import AuditEvent, JournalAcces


class LectureSeuleAdmin(admin.ModelAdmin):
    """Audit trails are written by actions, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalAcces)
class JournalAccesAdmin(LectureSeuleAdmin):
    list_display = ["at", "user", "organisation", "personne", "partie", "canal"]
    list_filter = ["partie", "canal"]
    raw_id_fields = ["personne", "user", "organisation"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(AuditEvent)
class AuditEventAdmin(LectureSeuleAdmin):
    list_display = ["at", "event_type", "acting_user", "organisation", "personne"]
    list_filter = ["event_type"]
    raw_id_fields = ["acting_user", "personne", "organisation"]
    date_hierarchy = "at"
    show_full_result_count = False
