"""Offers and applications as an employer's recruitment software (and the network) reads them; the offer's form.

Shapes only: who reads (``entreprises.acces``) and how an offer changes (``entreprises.offres``) are decided
there, by the same functions as the pages. Names come with their codes (ROME label, commune name and INSEE
code). The docstrings and help texts are the schema's text.
"""

from rest_framework import serializers

from entreprises.enums import TempsTravail, TypeContrat


class CodeLibelleSerializer(serializers.Serializer):
    """Un code d'un référentiel et son libellé."""

    code = serializers.CharField(help_text="Le code.")
    libelle = serializers.CharField(help_text="Son libellé.")


class CommuneNommeeSerializer(serializers.Serializer):
    """Une commune : son code INSEE et son nom."""

    code_insee = serializers.CharField(help_text="Code INSEE (COG).")
    nom = serializers.CharField(help_text="Nom de la commune.")


class EntrepriseNommeeSerializer(serializers.Serializer):
    """Une entreprise : son identifiant et son nom."""

    id = serializers.IntegerField(help_text="Identifiant de l'entreprise.")
    nom = serializers.CharField(help_text="Nom de l'entreprise.")


class OffreSerializer(serializers.Serializer):
    """Une offre d'emploi, avec son métier (code ROME et libellé) et son lieu (code INSEE et nom)."""

    id = serializers.IntegerField(help_text="Identifiant de l'offre.")
    entreprise = EntrepriseNommeeSerializer(help_text="L'entreprise qui recrute.")
    titre = serializers.CharField(help_text="Intitulé du poste.")
    metier = serializers.SerializerMethodField(help_text="Le métier : code ROME et libellé.")
    description = serializers.CharField(help_text="Description du poste.")
    type_contrat = serializers.CharField(help_text="Code du type de contrat.")
    type_contrat_libelle = serializers.CharField(source="get_type_contrat_display", help_text="Type de contrat.")
    duree_mois = serializers.IntegerField(allow_null=True, help_text="Durée du contrat en mois ; vide pour un CDI.")
    temps_travail = serializers.CharField(help_text="« plein » ou « partiel ».")
    heures_hebdo = serializers.DecimalField(max_digits=4, decimal_places=1, help_text="Heures par semaine.")
    salaire_min = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="Salaire brut mensuel minimum.")
    salaire_max = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, help_text="Salaire brut mensuel maximum."
    )
    commune = CommuneNommeeSerializer(help_text="Lieu de travail.")
    date_debut = serializers.DateField(help_text="Date de prise de poste.")
    nb_postes = serializers.IntegerField(help_text="Nombre de postes.")
    conditions_handicap = serializers.CharField(help_text="Conditions d'accueil des travailleurs handicapés.")
    langues = serializers.ListField(child=serializers.CharField(), help_text="Langues attendues.")
    competences = serializers.ListField(child=serializers.CharField(), help_text="Compétences attendues.")
    statut = serializers.CharField(
        help_text="Code du statut : brouillon, a_valider, publiee, pourvue, expiree, retiree."
    )
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    conformite = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="Points relevés par la vérification de conformité (motif, extrait) : une offre qui en a attend "
        "qu'un conseiller la relise avant sa publication.",
    )
    publiee_le = serializers.DateTimeField(allow_null=True, help_text="Publiée le.")
    expire_le = serializers.DateField(allow_null=True, help_text="Visible jusqu'au (inclus).")
    cloturee_le = serializers.DateTimeField(allow_null=True, help_text="Clôturée le.")
    created_at = serializers.DateTimeField(help_text="Créée le.")
    updated_at = serializers.DateTimeField(help_text="Modifiée le.")

    def get_metier(self, offre) -> CodeLibelleSerializer:
        return {"code": offre.fiche_rome_id, "libelle": offre.fiche_rome.libelle}


class OffreEcritureSerializer(serializers.Serializer):
    """Les champs d'une offre, comme le formulaire de l'employeur : leur forme seulement ; les règles
    (temps plein à partir de 35 heures, durée d'un CDD, date à venir, codes connus…) sont celles de l'action."""

    titre = serializers.CharField(max_length=200, help_text="Intitulé du poste.")
    fiche_rome = serializers.RegexField(
        r"^[A-Na-n]\d{4}$", help_text="Code ROME du métier (par exemple N1101).", max_length=5
    )
    description = serializers.CharField(max_length=10000, help_text="Missions, horaires, conditions, avantages.")
    type_contrat = serializers.ChoiceField(choices=TypeContrat.choices, help_text="Type de contrat.")
    duree_mois = serializers.IntegerField(
        min_value=1, max_value=60, required=False, allow_null=True, help_text="Durée en mois ; vide pour un CDI."
    )
    temps_travail = serializers.ChoiceField(choices=TempsTravail.choices, help_text="Temps plein ou partiel.")
    heures_hebdo = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=1,
        max_value=48,
        help_text="Heures par semaine : temps plein 35 ou plus, temps partiel moins de 35 ; 48 au plus.",
    )
    salaire_min = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0, help_text="Brut mensuel.")
    salaire_max = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, required=False, allow_null=True, help_text="Brut mensuel."
    )
    commune = serializers.RegexField(
        r"^(\d{5}|2[AaBb]\d{3})$", max_length=5, help_text="Code INSEE de la commune du lieu de travail."
    )
    date_debut = serializers.DateField(help_text="Date de prise de poste (à venir).")
    nb_postes = serializers.IntegerField(min_value=1, max_value=500, default=1, help_text="Nombre de postes.")
    conditions_handicap = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text="Accueil des travailleurs handicapés."
    )
    langues = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=10, required=False, default=list, help_text="Langues."
    )
    competences = serializers.ListField(
        child=serializers.CharField(max_length=150),
        max_length=20,
        required=False,
        default=list,
        help_text="Compétences attendues.",
    )

    def validate_fiche_rome(self, valeur):
        return valeur.upper()

    def validate_commune(self, valeur):
        return valeur.upper()


class ProfilSerializer(serializers.Serializer):
    """Ce que la personne recherche, comme la page de l'employeur le montre."""

    metiers = CodeLibelleSerializer(many=True, help_text="Métiers recherchés : code ROME et libellé.")
    types_contrat = serializers.ListField(child=serializers.CharField(), help_text="Types de contrat recherchés.")


class CandidatureSerializer(serializers.Serializer):
    """Une candidature à une offre de l'entreprise : la personne (identité, coordonnées, commune, ce qu'elle
    recherche), son message et son statut ; jamais un diagnostic, un contrat ni une note sociale."""

    id = serializers.IntegerField(help_text="Identifiant de la candidature.")
    offre = serializers.IntegerField(source="offre_id", help_text="Identifiant de l'offre.")
    origine = serializers.CharField(help_text="Code de l'origine : candidature ou mise_en_relation.")
    origine_libelle = serializers.CharField(source="get_origine_display", help_text="Origine, en clair.")
    statut = serializers.CharField(help_text="Code du statut de la candidature.")
    statut_libelle = serializers.CharField(source="get_statut_display", help_text="Statut, en clair.")
    message = serializers.CharField(help_text="Message de la personne à l'employeur.")
    nom_complet = serializers.CharField(source="personne.nom_complet", help_text="Prénoms et nom de la personne.")
    email = serializers.CharField(source="personne.email", help_text="Adresse électronique.")
    telephone = serializers.CharField(source="personne.telephone", help_text="Téléphone.")
    commune = CommuneNommeeSerializer(source="personne.commune", allow_null=True, help_text="Commune de résidence.")
    profil = ProfilSerializer(source="profil_lu", allow_null=True, help_text="Ce que la personne recherche.")
    created_at = serializers.DateTimeField(help_text="Envoyée le.")
    updated_at = serializers.DateTimeField(help_text="Modifiée le.")
