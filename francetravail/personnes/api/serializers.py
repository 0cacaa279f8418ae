from rest_framework import serializers

from francetravail.personnes.models import Personne


class PersonneSerializer(serializers.ModelSerializer):
    organisme_referent = serializers.StringRelatedField()
    commune = serializers.SlugRelatedField(slug_field="code_insee", read_only=True)

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
        # Partners update contact details only; identity changes go through registration.
        read_only_fields = [
            "id",
            "nom_naissance",
            "nom_usage",
            "prenoms",
            "date_naissance",
            "created_at",
            "updated_at",
        ]
