"""Admin of the sanctions domain: read-only.

Manquements, procedures, their transition log and appeals are shown to staff with the
``view_`` permissions; every change goes through ``sanctions.actions`` (roles, delays,
legal range, log), never through the admin. pghistory keeps each row's changes.
"""

from django.contrib import admin

from francetravail.audit.enums import PartieDossier
from francetravail.base.admin import LectureSeule as _LectureSeule
from francetravail.personnes.admin_acces import AccesDossierAdmin
from sanctions.models import HistoriqueProcedure, Manquement, ProcedureSanction, Recours


class LectureSeule(_LectureSeule):
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and super().has_view_permission(request, obj)


class HistoriqueInline(LectureSeule, admin.TabularInline):
    model = HistoriqueProcedure
    fk_name = "procedure"
    fields = ["at", "user", "statut_avant", "statut_apres", "motif", "document", "note_interne"]
    readonly_fields = fields
    extra = 0


class RecoursInline(LectureSeule, admin.TabularInline):
    model = Recours
    fields = ["voie", "statut", "forme_le", "echeance", "hors_delai", "statue_le"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Manquement)
class ManquementAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    partie = PartieDossier.SANCTIONS
    list_display = ["personne", "type_manquement", "source", "date_faits", "organisation", "signale_le"]
    list_filter = ["type_manquement", "source"]
    list_select_related = ["personne", "organisation"]
    search_fields = ["personne__nom_naissance", "personne__nom_usage", "organisation__nom"]


@admin.register(ProcedureSanction)
class ProcedureSanctionAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    partie = PartieDossier.SANCTIONS
    list_display = [
        "personne",
        "public",
        "statut",
        "organisation",
        "organisation_decisionnaire",
        "echeance_observations",
        "decision_due_le",
        "mesure",
    ]
    list_filter = ["statut", "public", "mesure", "sur_proposition"]
    list_select_related = ["personne", "organisation", "organisation_decisionnaire"]
    search_fields = ["personne__nom_naissance", "personne__nom_usage", "organisation__nom"]
    inlines = [RecoursInline, HistoriqueInline]


@admin.register(Recours)
class RecoursAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    partie = PartieDossier.SANCTIONS
    chemin_personne = "procedure__personne"
    list_display = ["procedure", "voie", "statut", "forme_le", "echeance", "hors_delai", "statue_le"]
    list_filter = ["voie", "statut", "hors_delai"]
    list_select_related = ["procedure__personne"]
