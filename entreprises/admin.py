"""Admin of the companies: read-mostly.

Staff may correct a company's descriptive details (name, activity, headcount, address,
accessibility; pghistory keeps each change with its author). Everything that carries a decision
goes through ``entreprises.comptes`` with its audit row and is only shown here: the SIRET (it is
the company), the référent entreprise (``changer_referent``), the members and their requests
(``approuver_membre``…). The NAF nomenclature is loaded by a migration and never edited.
"""

from django.contrib import admin

from entreprises import siret as siret_
from entreprises.models import CodeNaf, Entreprise, MembreEntreprise
from francetravail.base.admin import DonneesDeReference
from francetravail.base.admin import LectureSeule as _LectureSeule


class LectureSeule(_LectureSeule):
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and super().has_view_permission(request, obj)


class MembreInline(DonneesDeReference, LectureSeule, admin.TabularInline):
    comptes_professionnels = ["user", "decide_par"]  # employers' accounts, the professional who decided
    model = MembreEntreprise
    fk_name = "entreprise"
    fields = ["user", "role", "statut", "demande_le", "decide_le", "decide_par"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Entreprise)
class EntrepriseAdmin(DonneesDeReference, admin.ModelAdmin):
    comptes_professionnels = ["referent"]  # the référent entreprise, a professional
    list_display = ["nom", "siret_formate", "commune", "code_naf", "tranche_effectif", "referent", "created_at"]
    list_filter = ["tranche_effectif", "code_naf__code_section", "organisation_referente__type_organisation"]
    list_select_related = ["commune", "code_naf", "referent"]
    search_fields = ["siret", "siren", "nom", "code_naf__code", "code_naf__libelle"]
    autocomplete_fields = ["code_naf", "commune"]
    fields = [
        "siret",
        "siren",
        "nom",
        "code_naf",
        "tranche_effectif",
        "adresse",
        "commune",
        "accessibilite_handicap",
        "referent",
        "organisation_referente",
        "created_at",
    ]
    readonly_fields = ["siret", "siren", "referent", "organisation_referente", "created_at"]
    inlines = [MembreInline]
    date_hierarchy = "created_at"

    def get_search_results(self, request, queryset, search_term):
        # A SIRET pasted with its spaces (« 732 829 320 00074 ») is found like the bare 14 digits.
        chiffres = siret_.normaliser(search_term)
        if chiffres.isdigit() and chiffres != search_term:
            search_term = chiffres
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="SIRET", ordering="siret")
    def siret_formate(self, obj):
        return siret_.formater(obj.siret)

    def has_add_permission(self, request):
        # A company is created by an employer proving its SIRET, with its admin and référent (comptes).
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MembreEntreprise)
class MembreEntrepriseAdmin(DonneesDeReference, LectureSeule, admin.ModelAdmin):
    comptes_professionnels = ["user", "decide_par"]  # employers' accounts, the professional who decided
    list_display = ["user", "entreprise", "role", "statut", "demande_le", "decide_le"]
    list_filter = ["role", "statut"]
    list_select_related = ["user", "entreprise"]
    search_fields = ["user__email", "user__last_name", "entreprise__nom", "entreprise__siret"]


@admin.register(CodeNaf)
class CodeNafAdmin(DonneesDeReference, LectureSeule, admin.ModelAdmin):
    list_display = ["code", "libelle", "code_section", "libelle_section"]
    list_filter = ["code_section"]
    search_fields = ["code", "libelle"]
