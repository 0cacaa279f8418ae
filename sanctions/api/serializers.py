"""Manquements and procedures as partners' software reads them, and the form of a report.

Shapes only: who reads (``sanctions.queries``, ``sanctions.acces``) and who reports (``sanctions.actions``)
are decided elsewhere, by the same functions as the pages. The docstrings and help texts are the schema's text.
"""

from django.utils import timezone
from rest_framework import serializers

from francetravail.api_champs import OrganisationNommeeSerializer
from sanctions.enums import Public, SourceManquement, TypeManquement


class ManquementSerializer(serializers.Serializer):
    """Un manquement signalé : ce qui a été constaté, quand, comment, par quelle organisation."""

    id = serializers.IntegerField(help_text="Identifiant du manquement.")
    personne = serializers.IntegerField(source="personne_id", help_text="Identifiant de la personne (/personnes/).")
    type_manquement = serializers.CharField(help_text="Code du manquement (m1, m2, rsa_non_respect…).")
    type_manquement_libelle = serializers.CharField(
        source="get_type_manquement_display", help_text="Le manquement, en clair, avec son article."
    )
    source = serializers.CharField(help_text="Code de l'origine du signalement.")
    source_libelle = serializers.CharField(source="get_source_display", help_text="Origine, en clair.")
    faits = serializers.CharField(help_text="Faits constatés.")
    elements_preuve = serializers.CharField(help_text="Éléments de preuve.")
    date_faits = serializers.DateField(help_text="Date des faits.")
    signale_le = serializers.DateTimeField(help_text="Signalé le.")
    organisation = OrganisationNommeeSerializer(help_text="Organisation qui a signalé le manquement.")
    procedures = serializers.SerializerMethodField(
        help_text="Identifiants des procédures ouvertes sur ce manquement que vous pouvez lire (/procedures/)."
    )

    def get_procedures(self, manquement) -> list[int]:
        return [p.pk for p in manquement.procedures_visibles]


class ManquementSignaleSerializer(ManquementSerializer):
    procedure_ouverte = serializers.IntegerField(
        allow_null=True,
        help_text="La procédure ouverte aussitôt quand votre organisation conduit le contrôle (comme sur le site) ; "
        "vide si le manquement est transmis à l'équipe de contrôle.",
    )


class EtapeSerializer(serializers.Serializer):
    """Une étape de la procédure : quand, de quel statut à quel statut."""

    le = serializers.DateTimeField(source="at", help_text="Date et heure de l'étape.")
    statut_avant = serializers.CharField(help_text="Code du statut avant l'étape (vide pour l'ouverture).")
    statut_avant_libelle = serializers.CharField(source="libelle_avant", help_text="Statut avant, en clair.")
    statut_apres = serializers.CharField(help_text="Code du statut après l'étape.")
    statut_apres_libelle = serializers.CharField(source="libelle_apres", help_text="Statut après, en clair.")
    motif = serializers.CharField(help_text="Motif ou précision de l'étape.")
    document = serializers.CharField(help_text="Document envoyé à cette étape, s'il y en a un.")


class EcheancesSerializer(serializers.Serializer):
    """Les délais de la procédure (R5412-7, R5412-4, CASF R262-68)."""

    observations_jusqu_au = serializers.DateField(
        source="echeance_observations", allow_null=True, help_text="Observations attendues jusqu'au (inclus)."
    )
    audition_prevue_le = serializers.DateField(allow_null=True, help_text="Audition prévue le.")
    decision_due_le = serializers.DateField(allow_null=True, help_text="Décision attendue au plus tard le.")
    decision_en_retard = serializers.SerializerMethodField(help_text="La décision attendue est-elle en retard ?")
    sanction_debut = serializers.DateField(source="debut", allow_null=True, help_text="Début de la sanction.")
    sanction_fin = serializers.DateField(source="fin", allow_null=True, help_text="Fin de la sanction.")

    def get_decision_en_retard(self, procedure) -> bool:
        return procedure.en_retard(timezone.localdate())


class ProcedureSerializer(serializers.Serializer):
    """Une procédure de sanction : son manquement, qui la conduit, qui décide, où elle en est."""

    id = serializers.IntegerField(help_text="Identifiant de la procédure.")
    personne = serializers.IntegerField(source="personne_id", help_text="Identifiant de la personne (/personnes/).")
    manquement = serializers.IntegerField(source="manquement_id", help_text="Identifiant du manquement.")
    type_manquement_libelle = serializers.CharField(
        source="manquement.get_type_manquement_display", help_text="Le manquement, en clair."
    )
    public = serializers.CharField(help_text="Code du public (barème applicable).")
    public_libelle = serializers.CharField(source="get_public_display", help_text="Public, en clair.")
    statut = serializers.CharField(help_text="Code du statut de la procédure.")
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    organisation = OrganisationNommeeSerializer(help_text="Organisation qui conduit le contrôle.")
    organisation_decisionnaire = OrganisationNommeeSerializer(help_text="Organisation qui décide.")
    sur_proposition = serializers.BooleanField(
        help_text="France Travail propose, le département décide (bénéficiaire du RSA, L262-37 IV)."
    )
    mesure_envisagee = serializers.CharField(help_text="Code de la mesure envisagée à l'avertissement préalable.")
    mesure = serializers.CharField(help_text="Code de la mesure décidée ; vide avant la décision.")
    mesure_libelle = serializers.CharField(source="get_mesure_display", help_text="Mesure décidée, en clair.")
    taux = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, help_text="Taux (%).")
    duree_mois = serializers.IntegerField(allow_null=True, help_text="Durée (mois).")
    decidee_le = serializers.DateTimeField(allow_null=True, help_text="Décidée le.")
    created_at = serializers.DateTimeField(help_text="Ouverte le.")
    updated_at = serializers.DateTimeField(help_text="Modifiée le.")
    echeances = EcheancesSerializer(source="*", help_text="Les délais de la procédure.")


class ProcedureDetailleeSerializer(ProcedureSerializer):
    etapes = EtapeSerializer(many=True, help_text="Les étapes, dans l'ordre, comme l'historique de la page.")


class SignalementSerializer(serializers.Serializer):
    """Un manquement à signaler : réservé au référent de l'organisme référent, comme sur le site. Si votre
    organisation conduit le contrôle, la procédure est ouverte aussitôt."""

    personne = serializers.IntegerField(min_value=1, help_text="Identifiant de la personne.")
    type_manquement = serializers.ChoiceField(choices=TypeManquement.choices, help_text="Code du manquement.")
    public = serializers.ChoiceField(
        choices=Public.choices, help_text="Ce que perçoit la personne (le barème applicable en dépend)."
    )
    source = serializers.ChoiceField(
        choices=[(v, libelle) for v, libelle in SourceManquement.choices if v != SourceManquement.ABSENCE],
        default=SourceManquement.SIGNALEMENT,
        help_text="Origine (sans objet quand une absence est retenue : l'origine est alors cette absence).",
    )
    date_faits = serializers.DateField(help_text="Date des faits (aujourd'hui au plus tard).")
    faits = serializers.CharField(max_length=5000, help_text="Faits constatés.")
    elements_preuve = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text="Éléments de preuve."
    )
    absence = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Identifiant d'une absence non excusée à examiner de la personne, à l'origine du signalement.",
    )
