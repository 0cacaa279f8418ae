"""The registration and the RSA right of a person, as the person page shows them (read only)."""

from rest_framework import serializers

from inscription.enums import ETATS_CLOS, EtatDroitRSA
from inscription.motifs_rsa import libelle_etat, libelle_motif

_SUSPENDUS = (EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT)


class DossierSerializer(serializers.Serializer):
    """Le dossier d'inscription : statut, catégorie, canal, dates."""

    statut = serializers.CharField(help_text="Code du statut : en_cours, inscrit ou cessee.")
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    categorie = serializers.CharField(help_text="Catégorie statistique (A à G) ; vide si non attribuée.")
    categorie_libelle = serializers.CharField(source="get_categorie_display", help_text="Catégorie, en clair.")
    canal = serializers.CharField(help_text="Code du canal d'inscription (en_ligne, guichet, flux_caf_msa…).")
    canal_libelle = serializers.CharField(source="get_canal_display", help_text="Canal d'inscription, en clair.")
    organisation_id = serializers.IntegerField(
        allow_null=True, help_text="Identifiant de l'organisation qui a inscrit la personne (guichet)."
    )
    organisation_nom = serializers.CharField(
        source="organisation.nom", allow_null=True, default=None, help_text="Nom de cette organisation."
    )
    inscrit_le = serializers.DateTimeField(allow_null=True, help_text="Date de l'inscription complète.")
    cessee_le = serializers.DateField(allow_null=True, help_text="Date de cessation de l'inscription, s'il y a lieu.")
    motif_fin_accompagnement = serializers.CharField(
        help_text="Code du motif de fin d'accompagnement, s'il est terminé (reprise_emploi, formation…)."
    )
    created_at = serializers.DateTimeField(help_text="Ouverture du dossier.")


class DroitRSASerializer(serializers.Serializer):
    """Le droit au RSA du foyer de la personne, d'après le dernier flux CAF/MSA appliqué."""

    organisme_payeur = serializers.CharField(help_text="CAF ou MSA.")
    numero_allocataire = serializers.CharField(help_text="Numéro d'allocataire du foyer.")
    etat = serializers.CharField(help_text="Code de l'état du droit (ETATDOSRSA du flux : 0 à 6).")
    etat_libelle = serializers.SerializerMethodField(help_text="État du droit, en clair.")
    motif_libelle = serializers.SerializerMethodField(help_text="Motif de suspension ou de clôture, en clair.")
    etat_depuis = serializers.DateField(allow_null=True, help_text="Dans cet état depuis.")
    date_ouverture = serializers.DateField(allow_null=True, help_text="Ouverture du droit.")
    date_suspension = serializers.DateField(allow_null=True, help_text="Suspendu le.")
    date_cloture = serializers.DateField(allow_null=True, help_text="Clos le.")
    nb_personnes = serializers.IntegerField(allow_null=True, help_text="Personnes au foyer.")
    nb_enfants = serializers.IntegerField(allow_null=True, help_text="Enfants à charge.")
    date_flux = serializers.DateTimeField(allow_null=True, help_text="Date de création du flux appliqué.")

    def get_etat_libelle(self, foyer) -> str:
        return libelle_etat(foyer.etat)

    def get_motif_libelle(self, foyer) -> str:
        if foyer.etat in ETATS_CLOS:
            return libelle_motif(foyer.etat, foyer.motif_cloture)
        if foyer.etat in _SUSPENDUS:
            return libelle_motif(foyer.etat, foyer.motif_suspension)
        return ""


class InscriptionSerializer(serializers.Serializer):
    """L'inscription d'une personne et son droit au RSA, tels que la fiche de la personne les montre."""

    personne = serializers.IntegerField(help_text="Identifiant de la personne.")
    inscription = DossierSerializer(allow_null=True, help_text="Vide si la personne n'a pas de dossier d'inscription.")
    droit_rsa = DroitRSASerializer(allow_null=True, help_text="Vide si aucun flux CAF/MSA ne concerne la personne.")
