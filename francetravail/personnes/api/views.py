from collections import defaultdict

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from francetravail.api_erreurs import reponses_erreur
from francetravail.api_portees import PorteeRequise
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne, organisations_donnant_acces, personnes_visibles
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.api.permissions import EstProfessionnelDossiers, ModifieSesCoordonnees
from francetravail.personnes.api.serializers import PersonneSerializer

_NON_AUTORISE = (
    "Non connecté, ou compte sans rôle de suivi des personnes (conseiller, travailleur social, "
    "décideur départemental, équipe pluridisciplinaire, médiateur)."
)
_INCONNUE = (
    "Personne inconnue, ou dont le dossier n'est ouvert à aucune de vos organisations "
    "(la même réponse dans les deux cas, pour ne rien révéler)."
)
_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."


@extend_schema_view(
    list=extend_schema(
        description="Les personnes dont le dossier est ouvert à vos organisations. Chaque personne renvoyée "
        "est inscrite à son journal des accès (lecture par l'API).",
        responses={
            200: OpenApiResponse(
                PersonneSerializer(many=True),
                description="Une page de résultats, avec le nombre total et les liens des pages voisines.",
            ),
            **reponses_erreur(e403=_NON_AUTORISE, e404="Page de résultats inexistante (paramètre page).", e429=_TROP),
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
    permission_classes = [PorteeRequise, EstProfessionnelDossiers, ModifieSesCoordonnees]
    portee = "personnes"
    ordering = ("nom_naissance", "prenoms", "pk")
    acces_declare = "gate:personnes"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            personnes_visibles(self.request.user)
            .select_related("organisme_referent", "commune")
            .order_by("nom_naissance", "prenoms", "pk")
        )

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

    def _journaliser(self, personnes):
        """Each person returned is a read of their identity and contact, logged as the pages log it."""
        par_organisation = defaultdict(list)
        for personne_id, organisation in organisations_donnant_acces(self.request.user, personnes).items():
            par_organisation[organisation or None].append(personne_id)
        # One INSERT per organisation of the reader through which files are open (one, most often).
        for organisation_id, ids in par_organisation.items():
            journaliser_acces_liste(
                personne_ids=ids,
                user_id=self.request.user.pk,
                organisation_id=organisation_id,
                partie=PartieDossier.IDENTITE,
                canal=Canal.API,
            )

    def perform_update(self, serializer):
        try:
            serializer.instance = modifier_coordonnees(
                serializer.instance, acting_user=self.request.user, canal=Canal.API, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
