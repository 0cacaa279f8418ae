from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from francetravail.api_erreurs import reponses_erreur
from francetravail.api_journal import journaliser_lectures
from francetravail.api_portees import PorteeRequise
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.api.filters import PersonneFilter
from francetravail.personnes.api.permissions import EstProfessionnelDossiers, ModifieSesCoordonnees, RechercheNir
from francetravail.personnes.api.recherche_nir import condition_nir
from francetravail.personnes.api.serializers import PersonneSerializer, RechercheNirSerializer

_NON_AUTORISE = (
    "Non connecté, ou compte sans rôle de suivi des personnes (conseiller, travailleur social, "
    "décideur départemental, équipe pluridisciplinaire, médiateur)."
)
_INCONNUE = (
    "Personne inconnue, ou dont le dossier n'est ouvert à aucune de vos organisations "
    "(la même réponse dans les deux cas, pour ne rien révéler)."
)
_NIR_NON_AUTORISE = (
    "Jeton sans la portée personnes.nir:read, ou compte dont le rôle ne permet pas la recherche de personnes "
    "(seuls les conseillers, travailleurs sociaux, décideurs départementaux et équipes pluridisciplinaires "
    "recherchent une personne, comme dans les pages)."
)
_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."


@extend_schema_view(
    list=extend_schema(
        description="Les personnes dont le dossier est ouvert à vos organisations, dans l'ordre de leur création "
        "(stable d'une page à l'autre : suivez le lien next). Filtres : identité, commune, département, organisme "
        "référent, personnes orientées vers vous depuis une date (oriente_depuis), modifiées depuis une date "
        "(modifie_depuis). Chaque personne renvoyée est inscrite à son journal des accès (lecture par l'API).",
        responses={
            200: OpenApiResponse(
                PersonneSerializer(many=True),
                description="Une page de résultats, avec les liens des pages voisines (curseur).",
            ),
            **reponses_erreur(
                e400="Filtre invalide (date mal formée…) : le champ erreurs donne les messages par paramètre.",
                e403=_NON_AUTORISE,
                e404="Curseur invalide.",
                e429=_TROP,
            ),
        },
    ),
    retrieve=extend_schema(
        description="Une personne, inscrite à son journal des accès (lecture par l'API).",
        responses={
            200: OpenApiResponse(PersonneSerializer, description="La personne."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_INCONNUE, e429=_TROP),
        },
    ),
    partial_update=extend_schema(
        description="Modifie les coordonnées (adresse électronique, téléphone, adresse) : réservé à ceux qui "
        "peuvent le faire dans les pages, la personne et les professionnels qui l'accompagnent. "
        "Chaque modification est tracée (événement d'audit).",
        responses={
            200: OpenApiResponse(PersonneSerializer, description="La personne, coordonnées modifiées."),
            **reponses_erreur(
                e400="Données invalides : le champ erreurs donne les messages par champ.",
                e403=_NON_AUTORISE[:-1] + " ; ou vous lisez ce dossier sans accompagner la personne : seuls la "
                "personne et les professionnels de son organisme référent ou d'une organisation impliquée "
                "modifient ses coordonnées.",
                e404=_INCONNUE,
                e429=_TROP,
            ),
        },
    ),
)
class PersonneViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """People the caller's organisations may see, through the same access gate as the web pages."""

    serializer_class = PersonneSerializer
    filterset_class = PersonneFilter
    permission_classes = [PorteeRequise, EstProfessionnelDossiers, ModifieSesCoordonnees, RechercheNir]
    portee = "personnes"
    # The NIR search reads nothing more than the list, but only with its own scope (francetravail/partenaires).
    portees = {"recherche_nir": "personnes.nir:read"}
    # The id: unique and never changing, so a cursor neither skips nor repeats a person while others are
    # added or renamed (a partner pulling the list page by page).
    ordering = ("pk",)
    acces_declare = "gate:personnes"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return personnes_visibles(self.request.user).select_related("organisme_referent", "commune").order_by("pk")

    def get_object(self):
        personne = acces_personne(
            self.request,
            self.kwargs["pk"],
            partie=PartieDossier.IDENTITE,
            canal=Canal.API,
            queryset=self.get_queryset(),
        )
        self.check_object_permissions(self.request, personne)
        return personne

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        personnes = page if page is not None else list(queryset)
        self._journaliser(personnes)
        serializer = self.get_serializer(personnes, many=True)
        return (
            self.get_paginated_response(serializer.data) if page is not None else self.response_class(serializer.data)
        )

    @extend_schema(
        summary="Rechercher une personne par son NIR",
        description="Le NIR (numéro de sécurité sociale, 15 caractères clé comprise) est envoyé dans le corps de "
        "la requête, jamais dans l'adresse. La réponse est la personne si son dossier est ouvert à vos "
        "organisations, une liste vide sinon (personne inconnue ou hors de votre périmètre : la même réponse). "
        "Le NIR n'est jamais renvoyé. La recherche est tracée (événement d'audit, sans le NIR) et la personne "
        "trouvée est inscrite à son journal des accès (lecture par l'API).",
        request=RechercheNirSerializer,
        examples=[OpenApiExample("NIR", value={"nir": "1 85 01 59 350 123 45"}, request_only=True)],
        responses={
            200: OpenApiResponse(
                PersonneSerializer(many=True), description="La personne trouvée (au plus une), ou une liste vide."
            ),
            **reponses_erreur(
                e400="NIR invalide (longueur, clé, premier chiffre) : le champ erreurs le dit.",
                e403=_NIR_NON_AUTORISE,
                e429=_TROP,
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="recherche-nir", filterset_class=None, pagination_class=None)
    def recherche_nir(self, request):
        demande = RechercheNirSerializer(data=request.data)
        demande.is_valid(raise_exception=True)
        try:
            condition = condition_nir(demande.validated_data["nir"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"nir": exc.messages}) from None
        personnes = list(self.get_queryset().filter(condition)[:1])
        # As the national search page logs its searches (personnes.views.conseiller.recherche): who searched
        # and how many were found; the NIR itself is never written.
        enregistrer_evenement(
            TypeEvenement.RECHERCHE_NATIONALE,
            acting_user=request.user,
            criteres={"nir": "renseigné"},
            nb_resultats=len(personnes),
            canal=Canal.API,
        )
        self._journaliser(personnes)
        return Response(PersonneSerializer(personnes, many=True).data)

    def _journaliser(self, personnes):
        """Each person returned is a read of their identity and contact, logged as the pages log it."""
        journaliser_lectures(self.request.user, personnes, partie=PartieDossier.IDENTITE)

    def perform_update(self, serializer):
        try:
            serializer.instance = modifier_coordonnees(
                serializer.instance, acting_user=self.request.user, canal=Canal.API, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
