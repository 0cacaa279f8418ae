"""The network's reference data (COG, organisations): names with their codes, read only."""

from rest_framework import serializers

from francetravail.reseau.models import Commune, Departement, Organisation


class DepartementSerializer(serializers.ModelSerializer):
    """Un département (code officiel géographique de l'INSEE)."""

    region = serializers.CharField(source="region_id", help_text="Code INSEE de la région.")
    region_nom = serializers.CharField(source="region.nom", help_text="Nom de la région.")

    class Meta:
        model = Departement
        fields = ["code", "nom", "region", "region_nom"]
        extra_kwargs = {
            "code": {"help_text": "Code INSEE du département (« 59 », « 2A », « 974 »)."},
            "nom": {"help_text": "Nom du département."},
        }


class CommuneSerializer(serializers.ModelSerializer):
    """Une commune (code officiel géographique de l'INSEE), avec ses codes postaux."""

    departement = serializers.CharField(source="departement_id", help_text="Code INSEE du département.")
    departement_nom = serializers.CharField(source="departement.nom", help_text="Nom du département.")
    codes_postaux = serializers.ListField(child=serializers.CharField(), help_text="Codes postaux de la commune.")

    class Meta:
        model = Commune
        fields = ["code_insee", "nom", "departement", "departement_nom", "codes_postaux"]
        extra_kwargs = {
            "code_insee": {"help_text": "Code INSEE de la commune (5 caractères)."},
            "nom": {"help_text": "Nom de la commune."},
        }


class OrganisationSerializer(serializers.ModelSerializer):
    """Une organisation du réseau (agence France Travail, Mission locale, Cap emploi, conseil départemental…)."""

    type_organisation = serializers.CharField(help_text="Code du type d'organisation (agence_ft, mission_locale…).")
    type_libelle = serializers.CharField(source="get_type_organisation_display", help_text="Type, en clair.")
    departement = serializers.CharField(
        source="departement_id",
        allow_null=True,
        help_text="Code du département servi ; vide : régionale ou nationale.",
    )
    departement_nom = serializers.CharField(
        source="departement.nom", allow_null=True, default=None, help_text="Nom du département servi."
    )
    commune = serializers.CharField(
        source="commune_id", allow_null=True, help_text="Code INSEE de la commune du siège."
    )
    commune_nom = serializers.CharField(
        source="commune.nom", allow_null=True, default=None, help_text="Nom de la commune du siège."
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "nom",
            "type_organisation",
            "type_libelle",
            "departement",
            "departement_nom",
            "commune",
            "commune_nom",
            "telephone",
            "email",
        ]
        extra_kwargs = {
            "nom": {"help_text": "Nom de l'organisation."},
            "telephone": {"help_text": "Téléphone de contact ; vide s'il n'est pas connu."},
            "email": {"help_text": "Adresse de contact ; vide si elle n'est pas connue."},
        }
