"""The API's filters of the people list (django-filter): identity, place, organisme référent, changes since.

``oriente_depuis`` is answered by the orientation app (the core imports no domain app): it plugs its
condition in with ``brancher_oriente_depuis`` from its ``apps.py``. Filters only narrow the list of
``personnes_visibles``: they never open a file the gate keeps closed.
"""

import django_filters
from django.db.models import Q, Value

from francetravail.api_filtres import DateHeureFiltre, IdentifiantFiltre
from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.models import Personne

# (user, datetime) -> Q on Personne: the people whose orientation to one of ``user``'s organisations was
# decided (and notified) since then. Set by orientation/apps.py.
_ORIENTES_DEPUIS = []


def brancher_oriente_depuis(condition):
    """Called once from the orientation app's ``ready()``."""
    _ORIENTES_DEPUIS[:] = [condition]


class PersonneFilter(django_filters.FilterSet):
    nom = django_filters.CharFilter(
        method="filtrer_nom",
        help_text="Nom de naissance ou nom d'usage, en entier ; majuscules et accents indifférents.",
    )
    prenom = django_filters.CharFilter(
        method="filtrer_prenom",
        help_text="Un des prénoms, ou son début ; majuscules et accents indifférents.",
    )
    date_naissance = django_filters.DateFilter(help_text="Date de naissance (AAAA-MM-JJ).")
    commune = django_filters.CharFilter(
        field_name="commune_id", help_text="Code INSEE de la commune de résidence (5 caractères)."
    )
    departement = django_filters.CharFilter(
        field_name="departement_id", help_text="Code du département de résidence (« 59 », « 2A », « 974 »)."
    )
    organisme_referent = IdentifiantFiltre(
        field_name="organisme_referent_id", help_text="Identifiant de l'organisme référent."
    )
    oriente_depuis = DateHeureFiltre(
        method="filtrer_oriente_depuis",
        help_text="Les personnes orientées vers une de vos organisations (décision prise et notifiée) à partir "
        "de cette date et heure (ISO 8601, par exemple 2026-01-31T00:00:00+01:00) : pour récupérer les "
        "personnes nouvellement orientées depuis votre dernier appel.",
    )
    modifie_depuis = DateHeureFiltre(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Les personnes dont l'identité ou les coordonnées ont changé à partir de cette date et heure "
        "(ISO 8601).",
    )

    class Meta:
        model = Personne
        fields = []

    def filtrer_nom(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The national search's comparison (francetravail/personnes/queries.py): by the names' key.
        cle = CleNom(Value(value))
        return queryset.alias(cle_naissance=CleNom("nom_naissance"), cle_usage=CleNom("nom_usage")).filter(
            Q(cle_naissance=cle) | (Q(cle_usage=cle) & ~Q(nom_usage=""))
        )

    def filtrer_prenom(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(prenoms__unaccent__istartswith=value) | Q(prenoms__unaccent__icontains=" " + value))

    def filtrer_oriente_depuis(self, queryset, name, value):
        if not _ORIENTES_DEPUIS:
            return queryset.none()
        return queryset.filter(_ORIENTES_DEPUIS[0](self.request.user, value))
