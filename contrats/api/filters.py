import django_filters

from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from francetravail.api_filtres import IdentifiantFiltre


class FiltreContrats(django_filters.FilterSet):
    personne = IdentifiantFiltre(field_name="personne_id", label="Les contrats de cette personne (son identifiant).")
    statut = django_filters.ChoiceFilter(choices=StatutContrat.choices, label="Les contrats dans ce statut.")

    class Meta:
        model = ContratEngagement
        fields = ["personne", "statut"]
