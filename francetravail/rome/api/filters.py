import django_filters
from django.db.models import Q

from francetravail.rome.models import FicheRome
from francetravail.rome.recherche import CODE_ROME, rechercher_appellations

# The fiches of the best appellations of a search: as many as the site's autocomplete reads.
APPELLATIONS_MAX = 50


class MetierFilter(django_filters.FilterSet):
    recherche = django_filters.CharFilter(
        method="filtrer_recherche",
        help_text="Un code ROME, ou un intitulé de métier (2 caractères au moins ; fautes de frappe tolérées, "
        "comme dans la saisie d'un métier sur le site).",
    )
    domaine = django_filters.CharFilter(field_name="domaine_id", help_text="Code du domaine professionnel.")

    class Meta:
        model = FicheRome
        fields = []

    def filtrer_recherche(self, queryset, name, value):
        value = value.strip()
        if CODE_ROME.match(value):
            return queryset.filter(code_rome=value.upper())
        fiches = {a.fiche_id for a in rechercher_appellations(value, limite=APPELLATIONS_MAX)}
        return queryset.filter(Q(code_rome__in=fiches) | Q(libelle__unaccent__icontains=value))
