from django.contrib import admin

from francetravail.accompagnement.models import ModaliteAccompagnement
from francetravail.base.admin import DonneesDeReference


@admin.register(ModaliteAccompagnement)
class ModaliteAccompagnementAdmin(DonneesDeReference, admin.ModelAdmin):
    """The list of modalities, data about no person. A new code needs its parameters
    (accompagnement.portefeuille_cible.<code>, accompagnement.cadence_points_etape.<code>, and
    accompagnement.duree_max_mois.<code> when limited in time); a modality in use is withdrawn
    (« proposée » unticked), never deleted (its periods protect it)."""

    list_display = ("libelle", "code", "ordre", "actif")
    list_editable = ("ordre", "actif")
    ordering = ("ordre", "libelle")
