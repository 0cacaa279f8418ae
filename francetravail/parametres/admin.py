"""Legal parameters: each département's staff its own rows, national staff the national ones.

Who may write which row is ``francetravail.parametres.acces``; the audit row of each change is
``francetravail.parametres.actions``' (``enregistrer_parametre``, ``supprimer_parametre``); this
admin only narrows what it offers to the same rule: departmental staff list the national rows
(read-only: the values their own rows override) and their département's, never another
département's, and may choose only their département for a row. pghistory keeps each row's
history (« Événements », superusers).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from francetravail.base.admin import DonneesDeReference
from francetravail.parametres.acces import departements_geres, peut_modifier
from francetravail.parametres.actions import enregistrer_parametre, supprimer_parametre, verifier_portee
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.models import Departement


@admin.register(ParametreLegal)
class ParametreLegalAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = [
        "cle",
        "valeur",
        "unite",
        "departement",
        "valide_du",
        "valide_au",
        "confirme",
        "departemental",
        "reference_legale",
    ]
    list_filter = ["unite", "confirme", "departemental", "departement"]
    search_fields = ["cle", "libelle", "reference_legale"]
    ordering = ["cle", "departement", "valide_du"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Which keys a département may set (actions.verifier_portee), said at the field rather than
        # refused once the form is valid.
        formulaire = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class FormulaireParametre(formulaire):
            def _post_clean(self):
                super()._post_clean()
                if not self.errors:
                    try:
                        verifier_portee(self.instance, acting_user=user)
                    except ValidationError as refus:
                        self._update_errors(refus)

        return FormulaireParametre

    def get_readonly_fields(self, request, obj=None):
        # Whether a département may set a key is the national team's to say.
        lecture = list(super().get_readonly_fields(request, obj))
        return lecture if departements_geres(request.user) is None else [*lecture, "departemental"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        departements = departements_geres(request.user)
        if departements is None:
            return queryset
        return queryset.filter(Q(departement__isnull=True) | Q(departement_id__in=departements))

    def has_add_permission(self, request):
        departements = departements_geres(request.user)
        return super().has_add_permission(request) and (departements is None or bool(departements))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or peut_modifier(request.user, obj.departement_id)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or peut_modifier(request.user, obj.departement_id)
        )

    def get_autocomplete_fields(self, request):
        # National staff pick among every département; departmental staff get a list of theirs.
        return ["departement"] if departements_geres(request.user) is None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        departements = departements_geres(request.user)
        if db_field.name == "departement" and departements is not None:
            kwargs["queryset"] = Departement.objects.filter(code__in=departements)
            kwargs["required"] = True
            kwargs["empty_label"] = None
            kwargs["help_text"] = "Votre département : les valeurs nationales relèvent de l'équipe nationale."
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        enregistrer_parametre(obj, acting_user=request.user)

    def delete_model(self, request, obj):
        supprimer_parametre(obj, acting_user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for parametre in queryset:
            supprimer_parametre(parametre, acting_user=request.user)
