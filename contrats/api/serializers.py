"""The contrat d'engagement as partners' software reads it, and the forms of its two writes.

A serializer here shapes what the pages show (codes with their labels, dates, hours) or checks the
form of what is sent; the rules (who, when, the 15 hours, the dispense grounds) are the actions'
(``contrats.actions``), called by the views. The docstrings and help texts are the schema's text.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, TypeAction
from francetravail.api_champs import OrganisationNommeeSerializer


class ActionPlanSerializer(serializers.Serializer):
    """Une action du plan d'action (engagement individuel, R5411-15), avec les libellés de ses codes."""

    id = serializers.IntegerField(help_text="Identifiant de l'action, stable d'une version du contrat à l'autre.")
    type_action = serializers.CharField(help_text="Code du type d'action.")
    type_action_libelle = serializers.CharField(source="get_type_action_display", help_text="Type d'action.")
    porteur = serializers.CharField(help_text="Qui s'engage : « personne » ou « organisme ».")
    porteur_libelle = serializers.CharField(source="get_porteur_display", help_text="Qui s'engage, en clair.")
    description = serializers.CharField(help_text="Description de l'action.")
    debut = serializers.DateField(help_text="Date de début.")
    fin = serializers.DateField(allow_null=True, help_text="Date de fin ; vide pour une action sans terme.")
    heures_hebdo = serializers.DecimalField(
        max_digits=4, decimal_places=1, help_text="Heures par semaine prévues pour cette action."
    )
    statut = serializers.CharField(help_text="Code du statut de l'action.")
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut de l'action, en clair.")
    lien = serializers.CharField(help_text="Lien vers l'offre ou la formation ; vide s'il n'y en a pas.")


class ChangementActionSerializer(serializers.Serializer):
    """Ce qu'une version change à une action du plan de la version précédente, comme la page le dit."""

    etat = serializers.ChoiceField(
        choices=["ajoutee", "retiree", "modifiee"], help_text="L'action est ajoutée, retirée ou modifiée."
    )
    libelle = serializers.CharField(help_text="« Nouvelle action », « Action retirée » ou « Action modifiée ».")
    action = serializers.CharField(help_text="L'action, en clair (type : description).")
    details = serializers.ListField(
        child=serializers.CharField(),
        help_text="Les champs modifiés, « champ : avant → après » (vide pour un ajout ou un retrait).",
    )


class VersionSerializer(serializers.Serializer):
    """Une version soumise à la personne : figée, avec ses dates et ce qu'elle change."""

    numero = serializers.IntegerField(help_text="Numéro de la version (1 pour la première).")
    soumise_le = serializers.DateTimeField(source="created_at", help_text="Date de soumission à la personne.")
    acceptee_le = serializers.DateTimeField(allow_null=True, help_text="Date d'acceptation par la personne.")
    attestation_le = serializers.DateTimeField(
        allow_null=True, help_text="Date de la dernière attestation (acceptation, contresignature, signature papier)."
    )
    modification_demandee_le = serializers.DateTimeField(
        allow_null=True, help_text="Date à laquelle la personne a demandé des modifications."
    )
    commentaire_modification = serializers.CharField(help_text="Les modifications demandées par la personne.")
    pdf = serializers.SerializerMethodField(help_text="Chemin du document PDF de cette version dans l'API.")

    def get_pdf(self, version) -> str:
        return reverse("v1:contrat-pdf", kwargs={"pk": version.contrat_id}) + f"?version={version.numero}"


class VersionDetailleeSerializer(VersionSerializer):
    changements = ChangementActionSerializer(
        many=True,
        help_text="Ce que cette version change au plan de la précédente (tout est « ajoutée » pour la première).",
    )


class DureeHebdoSerializer(serializers.Serializer):
    """La durée hebdomadaire d'activité du plan, comme la page du contrat la montre (L5411-6)."""

    amenagement = serializers.ChoiceField(choices=AmenagementDuree.choices, help_text="Aménagement de la durée.")
    amenagement_libelle = serializers.CharField(help_text="Aménagement de la durée, en clair.")
    motif_minoration = serializers.CharField(help_text="Motif de la minoration ; vide sans minoration.")
    motif_dispense = serializers.CharField(help_text="Code du motif de la dispense ; vide sans dispense.")
    total_plan = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text="Total des heures hebdomadaires du plan (actions non abandonnées)."
    )
    minimum_legal = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text="Durée minimale du département de la personne, ce jour (15 heures)."
    )
    suffisante = serializers.BooleanField(help_text="Le total atteint-il la durée minimale ?")
    erreurs = serializers.ListField(
        child=serializers.CharField(),
        help_text="Ce qui empêche de soumettre le contrat quant à la durée (vide si rien ne l'empêche).",
    )


class ContratSerializer(serializers.Serializer):
    """Un contrat d'engagement : statut, dates, version en vigueur, versions et plan d'action."""

    id = serializers.IntegerField(help_text="Identifiant du contrat.")
    personne = serializers.IntegerField(source="personne_id", help_text="Identifiant de la personne (/personnes/).")
    parcours = serializers.CharField(help_text="Code du parcours (professionnel, socio-professionnel, social).")
    parcours_libelle = serializers.CharField(source="get_parcours_display", help_text="Parcours, en clair.")
    statut = serializers.CharField(help_text="Code du statut : brouillon, soumis, accepte, signe.")
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    organisme = OrganisationNommeeSerializer(help_text="Organisme référent qui porte le contrat.")
    referent = serializers.SerializerMethodField(help_text="Nom du référent qui a rédigé le contrat.")
    echeance_signature = serializers.DateField(
        help_text="À signer au plus tard le (un mois après la notification de l'orientation)."
    )
    accepte_le = serializers.DateTimeField(allow_null=True, help_text="Accepté par la personne le.")
    signe_le = serializers.DateTimeField(allow_null=True, help_text="Signé le.")
    revision_ouverte_le = serializers.DateTimeField(
        allow_null=True, help_text="Révision en cours depuis le ; la version signée reste en vigueur d'ici là."
    )
    version_en_vigueur = serializers.SerializerMethodField(
        help_text="Numéro de la version signée qui engage la personne ; vide avant la première signature."
    )
    created_at = serializers.DateTimeField(help_text="Créé le.")
    updated_at = serializers.DateTimeField(help_text="Modifié le.")
    plan = ActionPlanSerializer(
        source="actions.all", many=True, help_text="Le plan d'action en cours (le brouillon pendant une révision)."
    )
    versions = VersionSerializer(many=True, source="versions_lues", help_text="Les versions, la plus récente d'abord.")

    def get_referent(self, contrat) -> str:
        return contrat.referent.get_full_name() or "—"

    def get_version_en_vigueur(self, contrat) -> int | None:
        version = contrat.version_en_vigueur
        return version.numero if version is not None else None


class ContratDetailleSerializer(ContratSerializer):
    duree_hebdo = DureeHebdoSerializer(help_text="Durée hebdomadaire d'activité du plan (au moins 15 heures).")
    versions = VersionDetailleeSerializer(
        many=True,
        source="versions_lues",
        help_text="Les versions, la plus récente d'abord, avec ce qu'elles changent.",
    )


class LigneSemaineSerializer(serializers.Serializer):
    action_id = serializers.IntegerField(help_text="Identifiant de l'action du plan.")
    action = serializers.CharField(help_text="L'action, en clair.")
    prevu = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="Heures prévues cette semaine.")
    declare = serializers.DecimalField(
        max_digits=6, decimal_places=1, allow_null=True, help_text="Heures déclarées ; vide si non déclarée."
    )


class SemaineSerializer(serializers.Serializer):
    """Une semaine du suivi : heures prévues par le plan en vigueur, heures déclarées par la personne."""

    semaine = serializers.DateField(help_text="Le lundi de la semaine.")
    prevu = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text="Heures prévues par le plan en vigueur."
    )
    declare = serializers.DecimalField(
        max_digits=6, decimal_places=1, allow_null=True, help_text="Heures déclarées ; vide si non déclarée."
    )
    ecart = serializers.DecimalField(
        max_digits=6, decimal_places=1, allow_null=True, help_text="Déclaré moins prévu ; vide si non déclarée."
    )
    commentaire = serializers.CharField(help_text="Commentaire de la personne.")
    lignes = LigneSemaineSerializer(many=True, help_text="Le détail par action.")


# "Suivi" is also the appointments' follow-up status (rendezvous/api): two components may not share a name.
@extend_schema_serializer(component_name="SuiviContrat")
class SuiviSerializer(serializers.Serializer):
    """Le suivi du plan d'action : les huit dernières semaines, celle-ci d'abord, comme la page de suivi."""

    contrat = serializers.IntegerField(help_text="Identifiant du contrat.")
    semaines = SemaineSerializer(many=True, help_text="Les semaines, la plus récente d'abord.")


# --- Writes: the form only ---------------------------------------------------------------------------


class ActionPlanEcritureSerializer(serializers.Serializer):
    """Une action à ajouter au plan (ou ses champs à modifier) : le contrat doit être un brouillon, et
    seul un référent de l'organisme référent le modifie (mêmes règles que la page)."""

    type_action = serializers.ChoiceField(choices=TypeAction.choices, help_text="Code du type d'action.")
    porteur = serializers.ChoiceField(choices=PorteurAction.choices, help_text="Qui s'engage à la réaliser.")
    description = serializers.CharField(max_length=2000, help_text="Description de l'action.")
    debut = serializers.DateField(help_text="Date de début.")
    fin = serializers.DateField(required=False, allow_null=True, help_text="Date de fin ; vide si sans terme.")
    heures_hebdo = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=168,
        help_text="Heures par semaine, de 0 à 168, au dixième d'heure près (par exemple 7.5).",
    )
    statut = serializers.ChoiceField(
        choices=StatutAction.choices, default=StatutAction.PREVUE, help_text="Statut de l'action (prévue par défaut)."
    )
    lien = serializers.URLField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Lien https vers l'offre ou la formation.",
    )

    def validate(self, donnees):
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and fin < debut:
            raise serializers.ValidationError({"fin": "La fin de l'action ne peut pas précéder son début."})
        return donnees


class DureeEcritureSerializer(serializers.Serializer):
    """La durée hebdomadaire du contrat : au moins 15 heures, minorée (avec un motif, jamais nulle), ou une
    dispense à la demande de la personne pour un motif prévu par la loi (L5411-6)."""

    amenagement = serializers.ChoiceField(choices=AmenagementDuree.choices, help_text="Aménagement de la durée.")
    motif_minoration = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Obligatoire pour une minoration."
    )
    demandee_par_personne = serializers.BooleanField(
        required=False, default=False, help_text="Pour une dispense : la personne l'a demandée (obligatoire)."
    )
    motif_dispense = serializers.ChoiceField(
        choices=MotifDispense.choices, required=False, allow_blank=True, default="", help_text="Motif de la dispense."
    )
    demandee_le = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Date de la demande de dispense ; aujourd'hui si vide.",
    )
    enfant_naissance = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Dispense « parent isolé » : date de naissance de l'enfant de moins de 12 ans, si le dossier "
        "ne la mentionne pas.",
    )
    justificatif_enfant = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Pièce vue pour l'âge de l'enfant."
    )
