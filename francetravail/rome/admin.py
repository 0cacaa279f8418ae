"""Read-only: the ROME is France Travail's, changed only by loading a new version's files."""

from django.contrib import admin

from francetravail.base.admin import DonneesDeReference
from francetravail.rome.models import Appellation, DomaineProfessionnel, FicheRome, GrandDomaine


class LectureSeuleAdmin(DonneesDeReference, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GrandDomaine)
class GrandDomaineAdmin(LectureSeuleAdmin):
    list_display = ["code", "libelle"]
    search_fields = ["code", "libelle"]


@admin.register(DomaineProfessionnel)
class DomaineProfessionnelAdmin(LectureSeuleAdmin):
    list_display = ["code", "libelle", "grand_domaine"]
    list_filter = ["grand_domaine"]
    list_select_related = ["grand_domaine"]
    search_fields = ["code", "libelle"]


@admin.register(FicheRome)
class FicheRomeAdmin(LectureSeuleAdmin):
    list_display = ["code_rome", "libelle", "domaine"]
    list_filter = ["domaine__grand_domaine"]
    list_select_related = ["domaine"]
    search_fields = ["code_rome", "libelle"]


@admin.register(Appellation)
class AppellationAdmin(LectureSeuleAdmin):
    list_display = ["code_ogr", "libelle_long", "fiche"]
    list_filter = ["fiche__domaine__grand_domaine"]
    list_select_related = ["fiche"]
    search_fields = ["code_ogr", "libelle_long", "libelle_court", "fiche__code_rome"]
    show_full_result_count = False
