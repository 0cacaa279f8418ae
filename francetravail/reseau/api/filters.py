import django_filters

from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.models import Commune, Organisation


class CommuneFilter(django_filters.FilterSet):
    nom = django_filters.CharFilter(
        method="filtrer_nom",
        help_text="Début du nom (majuscules et accents indifférents).",
    )
    code_postal = django_filters.CharFilter(method="filtrer_code_postal", help_text="Code postal (5 chiffres).")
    departement = django_filters.CharFilter(field_name="departement_id", help_text="Code du département.")

    class Meta:
        model = Commune
        fields = []

    def filtrer_nom(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(nom__unaccent__istartswith=value) if value else queryset

    def filtrer_code_postal(self, queryset, name, value):
        return queryset.filter(codes_postaux__contains=[value.strip()])


class OrganisationFilter(django_filters.FilterSet):
    nom = django_filters.CharFilter(
        field_name="nom", lookup_expr="unaccent__icontains", help_text="Partie du nom (accents indifférents)."
    )
    type = django_filters.ChoiceFilter(
        field_name="type_organisation", choices=TypeOrganisation.choices, help_text="Type d'organisation."
    )
    departement = django_filters.CharFilter(field_name="departement_id", help_text="Code du département servi.")
    commune = django_filters.CharFilter(field_name="commune_id", help_text="Code INSEE de la commune du siège.")

    class Meta:
        model = Organisation
        fields = []
