"""The filters of the appointments' lists (django-filter): each narrows what the gate already let through."""

import django_filters

from francetravail.api_filtres import IdentifiantFiltre
from francetravail.rendezvous.enums import Motif, StatutRendezVous, StatutSuivi
from francetravail.rendezvous.models import Creneau, RendezVous, SuiviRendezVous

_PK_MAX = 2**63 - 1


class CreneauFilter(django_filters.FilterSet):
    class Meta:
        model = Creneau
        fields = []

    agenda = IdentifiantFiltre(
        field_name="agenda_id",
        min_value=1,
        max_value=_PK_MAX,
        help_text="Seulement les créneaux de cet agenda (/api/v1/agendas/).",
    )
    motif = django_filters.ChoiceFilter(choices=Motif.choices, help_text="Seulement les créneaux de ce motif.")
    du = django_filters.DateFilter(
        field_name="debut", lookup_expr="date__gte", help_text="Créneaux commençant ce jour ou après (AAAA-MM-JJ)."
    )
    au = django_filters.DateFilter(
        field_name="debut", lookup_expr="date__lte", help_text="Créneaux commençant ce jour ou avant (inclus)."
    )


class RendezVousFilter(django_filters.FilterSet):
    class Meta:
        model = RendezVous
        fields = []

    personne = IdentifiantFiltre(
        field_name="personne_id", min_value=1, max_value=_PK_MAX, help_text="Les rendez-vous de cette personne."
    )
    agenda = IdentifiantFiltre(
        field_name="creneau__agenda_id", min_value=1, max_value=_PK_MAX, help_text="Les rendez-vous de cet agenda."
    )
    statut = django_filters.MultipleChoiceFilter(
        choices=StatutRendezVous.choices, help_text="Un ou plusieurs statuts (paramètre répété)."
    )
    du = django_filters.DateFilter(
        field_name="creneau__debut", lookup_expr="date__gte", help_text="Rendez-vous ce jour ou après (AAAA-MM-JJ)."
    )
    au = django_filters.DateFilter(
        field_name="creneau__debut", lookup_expr="date__lte", help_text="Rendez-vous ce jour ou avant (inclus)."
    )


class SuiviFilter(django_filters.FilterSet):
    class Meta:
        model = SuiviRendezVous
        fields = []

    personne = IdentifiantFiltre(
        field_name="personne_id", min_value=1, max_value=_PK_MAX, help_text="Le suivi de cette personne."
    )
    motif = django_filters.ChoiceFilter(choices=Motif.choices, help_text="Seulement ce motif.")
    statut = django_filters.MultipleChoiceFilter(
        choices=StatutSuivi.choices,
        help_text="Un ou plusieurs statuts (paramètre répété). Les personnes sans premier rendez-vous pris : "
        "statut=invite&statut=relance&statut=expire&statut=rappel_demande&statut=annule (une personne jamais "
        "invitée n'a pas encore de ligne).",
    )
    organisation = IdentifiantFiltre(
        field_name="organisation_id",
        min_value=1,
        max_value=_PK_MAX,
        help_text="Seulement les suivis que tient cette organisation (celle qui invite ou reçoit).",
    )
