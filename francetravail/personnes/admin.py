from django.contrib import admin

from francetravail.audit.enums import PartieDossier
from francetravail.personnes.admin_acces import AccesDossierAdmin
from francetravail.personnes.models import Implication, Personne


class ImplicationInline(admin.TabularInline):
    model = Implication
    extra = 0
    fields = ["organisation", "role", "statut", "motif", "debut", "fin_prevue", "fin", "created_by"]
    raw_id_fields = ["organisation", "created_by"]
    # The statut moves only through francetravail.personnes.actions (invite, accept, refuse, end).
    readonly_fields = ["statut"]


@admin.register(Personne)
class PersonneAdmin(AccesDossierAdmin, admin.ModelAdmin):
    """Goes through the same access gate as the back-office, and logs every read of a file."""

    list_display = ["nom_naissance", "prenoms", "date_naissance", "organisme_referent", "departement"]
    search_fields = ["nom_naissance", "nom_usage", "prenoms"]
    list_select_related = ["organisme_referent", "departement"]
    raw_id_fields = ["user", "organisme_referent", "referent_unique"]
    # Identity comes from registration and contact details change only through
    # personnes.actions.modifier_coordonnees (its check and audit event): the admin shows them.
    readonly_fields = [
        "nom_naissance",
        "nom_usage",
        "prenoms",
        "date_naissance",
        "email",
        "telephone",
        "adresse",
        "commune",
        "departement",
    ]
    show_full_result_count = False
    inlines = [ImplicationInline]

    chemin_personne = ""
    partie = PartieDossier.SYNTHESE
