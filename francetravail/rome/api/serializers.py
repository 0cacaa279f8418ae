from rest_framework import serializers

from francetravail.rome.models import FicheRome


class MetierSerializer(serializers.ModelSerializer):
    """Une fiche métier du ROME (répertoire opérationnel des métiers et des emplois de France Travail)."""

    domaine = serializers.CharField(source="domaine_id", help_text="Code du domaine professionnel (« D11 »).")
    domaine_libelle = serializers.CharField(source="domaine.libelle", help_text="Libellé du domaine professionnel.")

    class Meta:
        model = FicheRome
        fields = ["code_rome", "libelle", "domaine", "domaine_libelle"]
        extra_kwargs = {
            "code_rome": {"help_text": "Code ROME (une lettre et quatre chiffres, « D1102 »)."},
            "libelle": {"help_text": "Libellé de la fiche métier."},
        }
