import django_filters

from orientation.enums import FileDecision, Parcours, StatutDecision
from orientation.models import DecisionOrientation


class FileOrientationFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=[(StatutDecision.PROPOSEE.value, "Proposée"), (StatutDecision.GIRATOIRE.value, "Entretien giratoire")],
        empty_label="Tous",
    )
    parcours_propose = django_filters.ChoiceFilter(
        label="Parcours proposé", choices=Parcours.choices, empty_label="Tous"
    )
    file = django_filters.ChoiceFilter(label="File", choices=FileDecision.choices, empty_label="Toutes")

    class Meta:
        model = DecisionOrientation
        fields = ["statut", "parcours_propose", "file"]
