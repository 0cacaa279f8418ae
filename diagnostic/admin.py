"""Read-only admin of the diagnostics: who wrote what section when.

Through the same access gate as the back-office (non-superusers see the files
they may open), each file opened is logged; the content of the sensitive
sections is never shown here: staff are not among their readers
(``diagnostic.confidentialite``), the back-office is where the référent reads them.
"""

import json

from django.contrib import admin

from diagnostic.enums import SECTIONS_SENSIBLES
from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.enums import PartieDossier
from francetravail.base.admin import LectureSeule
from francetravail.personnes.admin_acces import AccesDossierAdmin

CONFIDENTIEL = "Confidentiel : lisible dans le back-office par les professionnels habilités."


class VersionSectionInline(LectureSeule, admin.TabularInline):
    model = VersionSection
    extra = 0
    fields = ["section", "numero", "auteur", "enregistree_le", "contenu_lisible"]
    readonly_fields = fields
    ordering = ["section", "numero"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("auteur")

    @admin.display(description="contenu")
    def contenu_lisible(self, obj):
        if obj.section in SECTIONS_SENSIBLES:
            return CONFIDENTIEL
        return json.dumps(obj.contenu, ensure_ascii=False, indent=1)


@admin.register(Diagnostic)
class DiagnosticAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    list_display = ["personne", "created_at", "updated_at", "parcours_confirme_le", "reorientation_demandee_le"]
    list_select_related = ["personne"]
    search_fields = ["personne__nom_naissance", "personne__nom_usage", "personne__prenoms"]
    show_full_result_count = False
    fields = [
        "personne",
        "created_at",
        "created_by",
        "updated_at",
        "parcours_confirme_le",
        "parcours_confirme_par",
        "decision_confirmee",
        "reorientation_demandee_le",
        "reorientation_demandee_par",
        "demande_reorientation",
    ]
    readonly_fields = fields
    inlines = [VersionSectionInline]

    partie = PartieDossier.DIAGNOSTIC
