from django.contrib import admin

from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import journaliser_lecture, organisation_donnant_acces, personnes_visibles
from francetravail.personnes.models import Implication, Personne


class ImplicationInline(admin.TabularInline):
    model = Implication
    extra = 0
    fields = ["organisation", "motif", "debut", "fin", "created_by"]
    raw_id_fields = ["organisation", "created_by"]


@admin.register(Personne)
class PersonneAdmin(admin.ModelAdmin):
    """Goes through the same access gate as the back-office, and logs every read of a file."""

    list_display = ["nom_naissance", "prenoms", "date_naissance", "organisme_referent", "departement"]
    search_fields = ["nom_naissance", "nom_usage", "prenoms"]
    list_select_related = ["organisme_referent", "departement"]
    raw_id_fields = ["user", "commune", "organisme_referent", "referent_unique"]
    show_full_result_count = False
    inlines = [ImplicationInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=personnes_visibles(request.user).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        personne = super().get_object(request, object_id, from_field)
        if personne is not None:
            org = organisation_donnant_acces(request.user, personne)
            journaliser_lecture(
                request.user, personne, partie=PartieDossier.SYNTHESE, canal=Canal.ADMIN, organisation_id=org or None
            )
        return personne
