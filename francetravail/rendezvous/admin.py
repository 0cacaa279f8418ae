from django.contrib import admin

from francetravail.base.admin import DonneesDeReference
from francetravail.rendezvous.models import Agenda, Creneau


class CreneauInline(DonneesDeReference, admin.TabularInline):
    comptes_professionnels = ["created_by"]
    model = Creneau
    extra = 0
    fields = ["debut", "fin", "motif", "modalite", "lieu", "capacite", "nb_reservations", "actif"]
    readonly_fields = ["nb_reservations"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-debut")


@admin.register(Agenda)
class AgendaAdmin(DonneesDeReference, admin.ModelAdmin):
    """Staff set up agendas; appointments themselves are handled in the back-office (access gate)."""

    comptes_professionnels = ["conseiller", "created_by"]

    list_display = ["libelle", "organisation", "conseiller", "actif"]
    list_filter = ["actif", "organisation__type_organisation"]
    list_select_related = ["organisation", "conseiller"]
    search_fields = ["libelle", "organisation__nom"]
    raw_id_fields = ["organisation", "conseiller"]
    # Who created it is recorded, never chosen (a select would list every account, people's included).
    readonly_fields = ["created_by"]
    inlines = [CreneauInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Creneau)
class CreneauAdmin(DonneesDeReference, admin.ModelAdmin):
    comptes_professionnels = ["created_by"]
    list_display = ["debut", "fin", "agenda", "motif", "modalite", "capacite", "nb_reservations", "actif"]
    list_filter = ["motif", "modalite", "actif"]
    list_select_related = ["agenda__organisation"]
    date_hierarchy = "debut"
    search_fields = ["agenda__libelle", "agenda__organisation__nom", "lieu"]
    raw_id_fields = ["agenda", "plage"]
    readonly_fields = ["nb_reservations", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
