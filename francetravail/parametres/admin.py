from django.contrib import admin

from francetravail.parametres.models import ParametreLegal


@admin.register(ParametreLegal)
class ParametreLegalAdmin(admin.ModelAdmin):
    """Each change is kept by pghistory (see « Événements » in the history app)."""

    list_display = ["cle", "valeur", "unite", "departement", "valide_du", "valide_au", "confirme", "reference_legale"]
    list_filter = ["unite", "confirme", "departement"]
    search_fields = ["cle", "libelle", "reference_legale"]
    autocomplete_fields = ["departement"]
    ordering = ["cle", "departement", "valide_du"]
