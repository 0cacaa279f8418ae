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
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.base.admin import LectureSeule
from francetravail.personnes.acces import journaliser_lecture, organisation_donnant_acces, personnes_visibles

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
class DiagnosticAdmin(LectureSeule, admin.ModelAdmin):
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

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(personne__in=personnes_visibles(request.user).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        diagnostic = super().get_object(request, object_id, from_field)
        if diagnostic is not None:
            personne = diagnostic.personne
            org = organisation_donnant_acces(request.user, personne)
            journaliser_lecture(
                request.user, personne, partie=PartieDossier.DIAGNOSTIC, canal=Canal.ADMIN, organisation_id=org or None
            )
        return diagnostic
