from django import forms
from django.contrib import admin

from francetravail.base.admin import DonneesDeReference, EcritureReserveeSuperutilisateur
from francetravail.reseau.attribution import REFUS_AUTO_ATTRIBUTION, ROLES_NON_AUTO_ATTRIBUABLES
from francetravail.reseau.enums import Role
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


# --- Memberships -------------------------------------------------------------------------------
# Access is opened on the members page by the organisation's administrator, through
# ``reseau.actions`` (role table, self-granting, the other organisation's confirmation, audit
# events). In the Django admin only national administrators (superusers) add or change a
# membership; staff read them. Even then the role must be one the organisation's type admits
# (``Membership.clean``) and nobody grants themself a role that reads files.


class RattachementAdminForm(forms.ModelForm):
    acting_user = None  # set per request by ``avec_utilisateur``

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "actif"]

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        user_id = user.pk if user is not None else self.instance.user_id
        role = cleaned.get("role", self.instance.role)
        actif = cleaned.get("actif", self.instance.actif)
        if (
            self.acting_user is not None
            and self.has_changed()
            and actif
            and user_id == self.acting_user.pk
            and role in ROLES_NON_AUTO_ATTRIBUABLES
        ):
            self.add_error("role", REFUS_AUTO_ATTRIBUTION.format(role=Role(role).label))
        return cleaned


def avec_utilisateur(form_class, request):
    return type(form_class.__name__, (form_class,), {"acting_user": request.user})


class RattachementInlineBase(EcritureReserveeSuperutilisateur, DonneesDeReference, admin.TabularInline):
    """Memberships shown inside an account or an organisation: written by national administrators only."""

    comptes_professionnels = ["user", "created_by"]  # professionals' accounts
    model = Membership
    form = RattachementAdminForm
    extra = 0
    readonly_fields = ["statut"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = avec_utilisateur(formset.form, request)
        return formset


class MembershipInline(RattachementInlineBase):
    fk_name = "organisation"
    fields = ["user", "role", "actif", "statut"]
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
    form = RattachementAdminForm
    list_display = ["user", "organisation", "role", "actif", "statut", "created_at"]
    list_filter = ["role", "actif", "statut", "organisation__type_organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__nom"]
    raw_id_fields = ["user", "organisation", "created_by"]
    readonly_fields = ["statut"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return avec_utilisateur(super().get_form(request, obj, change=change, **kwargs), request)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
