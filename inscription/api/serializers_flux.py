"""The CAF/MSA flux push and its imports' follow-up: the form of the upload (the page's form checks it)
and the import's status, counts and rejected lines (reasons only: never a line's content, never a NIR)."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inscription.models import ImportFluxCAF, LigneRapport

# A NIR (13 digits and its key) quoted in a reason: masked, whatever the reason's author wrote.
_NIR = re.compile(
    r"(?<!\d)[1-478]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?(?!\d)", re.IGNORECASE
)
REJETS_MAX = 200


def sans_nir(texte):
    return _NIR.sub("[NIR masqué]", texte or "")


class DepotFluxSerializer(serializers.Serializer):
    """Le fichier du flux et, au besoin, son département et sa correspondance de colonnes."""

    fichier = serializers.FileField(
        help_text="Flux XML « bénéficiaires RSA » de la CNAF ou de la MSA, ou export CSV / XLSX du logiciel du "
        "département (taille maximale : paramètre FLUX_CAF_TAILLE_MAX, 100 Mo par défaut)."
    )
    departement = serializers.CharField(
        required=False,
        help_text="Code du département qui envoie le flux ; facultatif si vous n'en gérez qu'un.",
    )
    correspondance = serializers.IntegerField(
        required=False,
        help_text="Pour un CSV ou un XLSX : la correspondance de colonnes à appliquer ; facultative si le "
        "département n'en a qu'une.",
    )


class LigneRejeteeSerializer(serializers.ModelSerializer):
    """Une ligne rejetée du flux, et pourquoi."""

    motif = serializers.SerializerMethodField(help_text="Pourquoi la ligne est rejetée, en français.")

    class Meta:
        model = LigneRapport
        fields = ["numero_ligne", "numero_allocataire", "motif"]
        extra_kwargs = {
            "numero_ligne": {"help_text": "Numéro de la ligne (ou du foyer) dans le fichier."},
            "numero_allocataire": {"help_text": "Numéro d'allocataire du foyer, s'il a pu être lu."},
        }

    def get_motif(self, ligne) -> str:
        return sans_nir(ligne.motif)


class ImportFluxSerializer(serializers.ModelSerializer):
    """Un import du flux CAF/MSA : son état, ses comptes et ses lignes rejetées."""

    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    format_libelle = serializers.CharField(source="get_format_display", help_text="Format lu, en clair.")
    departement = serializers.CharField(source="departement_id", allow_null=True, help_text="Code du département.")
    progression = serializers.IntegerField(help_text="Pourcentage des lignes traitées (0 à 100).")
    erreur = serializers.SerializerMethodField(help_text="L'erreur qui a arrêté l'import, s'il a échoué.")
    rejets = serializers.SerializerMethodField(
        help_text=f"Les lignes rejetées avec leur motif (les {REJETS_MAX} premières ; nb_rejetees les compte toutes)."
    )

    class Meta:
        model = ImportFluxCAF
        fields = [
            "id",
            "nom_fichier",
            "departement",
            "format",
            "format_libelle",
            "statut",
            "statut_libelle",
            "progression",
            "nb_lignes",
            "nb_traitees",
            "nb_creees",
            "nb_mises_a_jour",
            "nb_inchangees",
            "nb_cloturees",
            "nb_ignorees",
            "nb_rejetees",
            "erreur",
            "rejets",
            "cree_le",
            "debut",
            "fin",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "statut": {"help_text": "en_attente, en_cours, termine ou echec."},
            "format": {"help_text": "vrsb0801, vrsd0301 (XML de la CNAF), tableur (export du département)…"},
            "cree_le": {"help_text": "Dépôt du fichier."},
            "debut": {"help_text": "Début du traitement."},
            "fin": {"help_text": "Fin du traitement."},
        }

    def get_erreur(self, imp) -> str:
        return sans_nir(imp.erreur)

    @extend_schema_field(LigneRejeteeSerializer(many=True))
    def get_rejets(self, imp):
        if not self.context.get("avec_rejets"):
            return []
        return LigneRejeteeSerializer(imp.rejets.order_by("numero_ligne")[:REJETS_MAX], many=True).data
