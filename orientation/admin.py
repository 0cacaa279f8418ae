"""Staff edit rules in drafts; publishing goes through ``orientation.actions``.

Each change is kept by pghistory (« Événements » in the history app).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from francetravail.base.admin import DonneesDeReference
from orientation.acces import peut_gerer
from orientation.actions import creer_brouillon, publier_version
from orientation.enums import StatutVersion
from orientation.models import Referentiel, Regle, VersionReferentiel
from orientation.simulation import simuler_version


class VersionReferentielInline(DonneesDeReference, admin.TabularInline):
    comptes_professionnels = ["publiee_par", "creee_par"]
    model = VersionReferentiel
    extra = 0
    fields = ["numero", "statut", "publiee_le", "publiee_par", "retiree_le", "note"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Referentiel)
class ReferentielAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = ["libelle", "departement"]
    search_fields = ["libelle", "departement__nom", "departement__code"]
    autocomplete_fields = ["departement"]
    list_select_related = ["departement"]
    inlines = [VersionReferentielInline]
    actions = ["action_creer_brouillon"]

    def get_readonly_fields(self, request, obj=None):
        # The scope of a référentiel with versions is part of their meaning.
        return ["departement"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or peut_gerer(request.user, obj.departement_id)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or peut_gerer(request.user, obj.departement_id)
        )

    def has_add_permission(self, request):
        # A new référentiel is a national decision (a département's is created once, by national staff).
        return request.user.is_superuser and super().has_add_permission(request)

    def has_creer_brouillon_permission(self, request):
        return request.user.has_perm("orientation.add_versionreferentiel")

    @admin.action(description="Créer un brouillon (copie de la version publiée)", permissions=["creer_brouillon"])
    def action_creer_brouillon(self, request, queryset):
        for referentiel in queryset:
            if not peut_gerer(request.user, referentiel.departement_id):
                self.message_user(request, f"{referentiel} : hors de votre territoire.", messages.ERROR)
                continue
            brouillon = creer_brouillon(referentiel, acting_user=request.user)
            self.message_user(request, f"Brouillon créé : {brouillon}.", messages.SUCCESS)


class RegleInline(DonneesDeReference, admin.StackedInline):
    model = Regle
    extra = 0
    fields = [("code", "ordre"), "libelle", "conditions", ("parcours", "type_organisme"), "explication"]
    ordering = ["ordre", "pk"]

    def _modifiable(self, obj, request=None):
        return (
            obj is not None
            and obj.est_brouillon
            and (request is None or peut_gerer(request.user, obj.referentiel.departement_id))
        )

    def has_add_permission(self, request, obj=None):
        return self._modifiable(obj, request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._modifiable(obj, request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._modifiable(obj, request) and super().has_delete_permission(request, obj)


@admin.register(VersionReferentiel)
class VersionReferentielAdmin(DonneesDeReference, admin.ModelAdmin):
    comptes_professionnels = ["publiee_par", "creee_par"]  # national or departmental staff
    list_display = ["referentiel", "numero", "statut", "nombre_regles", "publiee_le", "publiee_par", "retiree_le"]
    list_filter = ["statut", "referentiel"]
    list_select_related = ["referentiel", "publiee_par"]
    search_fields = ["referentiel__libelle", "note"]
    inlines = [RegleInline]
    actions = ["action_publier", "action_creer_brouillon"]
    readonly_fields = [
        "referentiel",
        "numero",
        "statut",
        "publiee_le",
        "publiee_par",
        "retiree_le",
        "created_at",
        "creee_par",
        "lien_simulation",
    ]
    fields = [*readonly_fields, "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_nombre_regles=Count("regles"))

    @admin.display(description="règles", ordering="_nombre_regles")
    def nombre_regles(self, obj):
        return obj._nombre_regles

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.statut != StatutVersion.BROUILLON:
            return [*self.readonly_fields, "note"]
        return self.readonly_fields

    def has_add_permission(self, request):
        # A version is created by « Créer un brouillon », which numbers it and copies the rules.
        return False

    def has_delete_permission(self, request, obj=None):
        # Only a draft may go: published and retired versions explain past decisions.
        return (
            obj is None or (obj.est_brouillon and peut_gerer(request.user, obj.referentiel.departement_id))
        ) and super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/simulation/",
                self.admin_site.admin_view(self.simulation),
                name="orientation_versionreferentiel_simulation",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="simulation")
    def lien_simulation(self, obj):
        if obj is None or obj.pk is None:
            return ""
        url = reverse("admin:orientation_versionreferentiel_simulation", args=[obj.pk])
        return format_html('<a href="{}">Simuler cette version sur la population du territoire</a>', url)

    def simulation(self, request, pk):
        """What publishing this version would change, before publishing it.

        It lists the people of the version's territory whose proposal would change: only for
        those who manage that territory (departmental staff: their département's référentiel).
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = get_object_or_404(VersionReferentiel.objects.select_related("referentiel"), pk=pk)
        if not peut_gerer(request.user, version.referentiel.departement_id):
            raise PermissionDenied
        resultat = simuler_version(version)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Simulation de {version}",
            "opts": self.model._meta,
            "version": version,
            "resultat": resultat,
            "transitions": sorted(resultat.transitions.items(), key=lambda t: -t[1]),
            "changements": resultat.changements[:200],
        }
        return TemplateResponse(request, "admin/orientation/simulation.html", context)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or peut_gerer(request.user, obj.referentiel.departement_id)
        )

    def has_publier_permission(self, request):
        return request.user.has_perm("orientation.publier_versionreferentiel")

    @admin.action(description="Publier", permissions=["publier"])
    def action_publier(self, request, queryset):
        for version in queryset.select_related("referentiel"):
            if not peut_gerer(request.user, version.referentiel.departement_id):
                self.message_user(request, f"{version} : hors de votre territoire.", messages.ERROR)
                continue
            try:
                publier_version(version, acting_user=request.user)
            except ValidationError as e:
                self.message_user(request, f"{version} : {' '.join(e.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"Publiée : {version}.", messages.SUCCESS)

    def has_creer_brouillon_permission(self, request):
        return request.user.has_perm("orientation.add_versionreferentiel")

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would not check the status of each version.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Créer un brouillon à partir de cette version", permissions=["creer_brouillon"])
    def action_creer_brouillon(self, request, queryset):
        for version in queryset.select_related("referentiel"):
            if not peut_gerer(request.user, version.referentiel.departement_id):
                self.message_user(request, f"{version} : hors de votre territoire.", messages.ERROR)
                continue
            brouillon = creer_brouillon(version.referentiel, depuis=version, acting_user=request.user)
            self.message_user(request, f"Brouillon créé : {brouillon}.", messages.SUCCESS)
