from django.contrib import admin

from francetravail.base.admin import DonneesDeReference, EcritureReserveeSuperutilisateur
from francetravail.reseau.models import BassinEmploi, Commune, Departement, Membership, Organisation, Region


@admin.register(Region)
class RegionAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = ["code", "nom", "region"]
    list_filter = ["region"]
    search_fields = ["code", "nom"]


@admin.register(Commune)
class CommuneAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = ["code_insee", "nom", "departement", "type_commune", "population"]
    list_filter = ["type_commune", "departement__region"]
    search_fields = ["code_insee", "nom", "codes_postaux"]
    list_select_related = ["departement"]
    show_full_result_count = False
    raw_id_fields = ["commune_parente"]


@admin.register(BassinEmploi)
class BassinEmploiAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = ["code", "nom", "departement"]
    search_fields = ["code", "nom"]
    autocomplete_fields = ["departement", "communes"]


class MembershipInline(EcritureReserveeSuperutilisateur, DonneesDeReference, admin.TabularInline):
    comptes_professionnels = ["user", "created_by"]  # professionals' accounts
    model = Membership
    fk_name = "organisation"
    extra = 0
    fields = ["user", "role", "actif"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(EcritureReserveeSuperutilisateur, DonneesDeReference, admin.ModelAdmin):
    """Staff read; superusers write: an organisation's type and département open people's files."""

    list_display = ["nom", "type_organisation", "departement", "region", "actif"]
    list_filter = ["type_organisation", "actif", "region"]
    search_fields = ["nom", "siret"]
    autocomplete_fields = ["departement", "region", "bassins", "commune"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(EcritureReserveeSuperutilisateur, DonneesDeReference, admin.ModelAdmin):
    """Staff read; superusers write: roles are granted by ``reseau.actions`` (checks, audit row)."""

    comptes_professionnels = ["user", "created_by"]  # professionals' accounts
    list_display = ["user", "organisation", "role", "actif", "created_at"]
    list_filter = ["role", "actif", "organisation__type_organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__nom"]
    raw_id_fields = ["user", "organisation", "created_by"]
