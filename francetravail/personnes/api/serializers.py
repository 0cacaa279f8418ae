from rest_framework import serializers

from francetravail.personnes.models import Personne


# Partners update contact details only; identity changes go through registration. A write is
# validated here for its form only: who may make it, and how it is made, is the action's
# (personnes.actions.modifier_coordonnees), called by the view. The docstring is the schema's text.
class PersonneSerializer(serializers.ModelSerializer):
    """Identité et coordonnées d'une personne accompagnée ; seules les coordonnées sont modifiables."""

    organisme_referent = serializers.StringRelatedField(
        allow_null=True, help_text="Organisme référent ; vide tant que la personne n'est pas orientée."
    )
    commune = serializers.SlugRelatedField(
        slug_field="code_insee",
        read_only=True,
        allow_null=True,
        help_text="Code INSEE de la commune de résidence ; vide s'il n'est pas connu.",
    )

    class Meta:
        model = Personne
        fields = [
            "id",
            "nom_naissance",
            "nom_usage",
            "prenoms",
            "date_naissance",
            "email",
            "telephone",
            "adresse",
            "commune",
            "organisme_referent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "nom_naissance",
            "nom_usage",
            "prenoms",
            "date_naissance",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "telephone": {"help_text": "Numéro français à 10 chiffres (les séparateurs sont retirés)."},
        }


class RechercheNirSerializer(serializers.Serializer):
    """Le NIR de la personne cherchée (jamais renvoyé)."""

    nir = serializers.CharField(
        max_length=30,
        write_only=True,
        help_text="NIR à 15 caractères, clé comprise ; les espaces, points et tirets sont ignorés.",
    )
