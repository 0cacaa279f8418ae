import django_filters
from django.db.models import Exists, OuterRef

from francetravail.api_filtres import DateHeureFiltre, IdentifiantFiltre
from francetravail.reseau.roles import contexte_professionnel
from orientation.enums import STATUTS_DECIDES, STATUTS_OUVERTS, StatutDecision
from orientation.models import DecisionOrientation


class DecisionFilter(django_filters.FilterSet):
    personne = IdentifiantFiltre(field_name="personne_id", help_text="Identifiant de la personne.")
    statut = django_filters.ChoiceFilter(choices=StatutDecision.choices, help_text="Statut de la décision.")
    ouverte = django_filters.BooleanFilter(
        method="filtrer_ouverte", help_text="true : les propositions en attente de décision ; false : les décidées."
    )
    organisme = IdentifiantFiltre(field_name="organisme_id", help_text="Identifiant de l'organisme référent décidé.")
    decidee_depuis = DateHeureFiltre(
        field_name="decidee_le", lookup_expr="gte", help_text="Décidées à partir de cette date et heure (ISO 8601)."
    )

    class Meta:
        model = DecisionOrientation
        fields = []

    def filtrer_ouverte(self, queryset, name, value):
        return queryset.filter(statut__in=STATUTS_OUVERTS if value else STATUTS_DECIDES)


def orientes_depuis(user, depuis):
    """The people oriented to one of ``user``'s organisations by a decision taken (and notified) since ``depuis``:
    the people API's ``oriente_depuis`` (francetravail/personnes/api/filters.py)."""
    organisations = list(contexte_professionnel(user).roles_par_organisation)
    return Exists(
        DecisionOrientation.objects.filter(
            personne=OuterRef("pk"),
            statut__in=STATUTS_DECIDES,
            organisme_id__in=organisations,
            decidee_le__gte=depuis,
        )
    )
