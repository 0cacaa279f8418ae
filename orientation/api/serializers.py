"""Orientation decisions through the API: read, and the form of a decision (the action decides the rest)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from francetravail.reseau.models import Organisation
from orientation.enums import Parcours
from orientation.forms import organismes_possibles
from orientation.models import DecisionOrientation


class DecisionSerializer(serializers.ModelSerializer):
    """Une décision d'orientation : la proposition des règles, puis la décision, qui l'a prise et quand."""

    personne = serializers.IntegerField(source="personne_id", help_text="Identifiant de la personne.")
    # Codes as plain strings (their labels beside them): one choice set named once in the schema.
    statut = serializers.CharField(help_text="proposee, giratoire (entretien à mener), confirmee ou modifiee.")
    parcours_propose = serializers.CharField(
        help_text="professionnel, socio_professionnel ou social ; vide : entretien giratoire."
    )
    type_organisme_propose = serializers.CharField(
        help_text="agence_ft, mission_locale, cap_emploi ou conseil_departemental ; vide : giratoire."
    )
    parcours = serializers.CharField(help_text="Parcours décidé (mêmes codes) ; vide avant la décision.")
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    parcours_propose_libelle = serializers.CharField(
        source="get_parcours_propose_display", help_text="Parcours proposé par les règles, en clair."
    )
    type_organisme_propose_libelle = serializers.CharField(
        source="get_type_organisme_propose_display", help_text="Type d'organisme proposé, en clair."
    )
    parcours_libelle = serializers.CharField(source="get_parcours_display", help_text="Parcours décidé, en clair.")
    organisme = serializers.IntegerField(
        source="organisme_id", allow_null=True, help_text="Identifiant de l'organisme référent décidé."
    )
    organisme_nom = serializers.CharField(
        source="organisme.nom", allow_null=True, default=None, help_text="Nom de l'organisme référent décidé."
    )
    decideur = serializers.SerializerMethodField(help_text="Prénom et nom de qui a décidé ; vide avant la décision.")

    class Meta:
        model = DecisionOrientation
        fields = [
            "id",
            "personne",
            "statut",
            "statut_libelle",
            "beneficiaire_rsa",
            "parcours_propose",
            "parcours_propose_libelle",
            "type_organisme_propose",
            "type_organisme_propose_libelle",
            "explication",
            "parcours",
            "parcours_libelle",
            "organisme",
            "organisme_nom",
            "decideur",
            "motif_modification",
            "decidee_le",
            "notifiee_le",
            "reorientation_de",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "motif_modification": {"help_text": "Motif d'une décision qui diffère de la proposition."},
            "decidee_le": {"help_text": "Date de la décision ; vide avant."},
            "notifiee_le": {"help_text": "Date de la notification à la personne."},
            "reorientation_de": {"help_text": "La décision précédente, pour une réorientation."},
            "created_at": {"help_text": "Date de la proposition."},
        }

    def get_decideur(self, decision) -> str:
        return decision.decideur.get_full_name() if decision.decideur_id else ""


@extend_schema_field(OpenApiTypes.INT)
class _OrganismeDeLaDecision(serializers.PrimaryKeyRelatedField):
    """The organisations the page's form offers for this decision (orientation.forms.organismes_possibles)."""

    default_error_messages = {
        "does_not_exist": "Organisme inconnu, ou qui ne peut pas être référent de cette personne (organisme actif "
        "du département de la personne, et du type proposé pour une confirmation).",
        "incorrect_type": "Identifiant d'organisme attendu (un nombre).",
    }

    def __init__(self, *, type_propose, **kwargs):
        self.type_propose = type_propose
        super().__init__(**kwargs)

    def get_queryset(self):
        decision = self.context.get("decision")
        if decision is None:
            return Organisation.objects.none()
        return organismes_possibles(decision.personne, decision.type_organisme_propose if self.type_propose else None)


class ConfirmationSerializer(serializers.Serializer):
    """Confirmer la proposition des règles avec un organisme référent du type proposé."""

    organisme = _OrganismeDeLaDecision(type_propose=True, help_text="Identifiant de l'organisme référent.")


class ModificationSerializer(serializers.Serializer):
    """Décider autrement que proposé (ou après un entretien giratoire) : le motif est obligatoire."""

    parcours = serializers.ChoiceField(choices=Parcours.choices, help_text="Parcours décidé.")
    organisme = _OrganismeDeLaDecision(type_propose=False, help_text="Identifiant de l'organisme référent.")
    motif = serializers.CharField(
        max_length=2000, help_text="Motif de la décision, communiqué à la personne avec la décision."
    )
