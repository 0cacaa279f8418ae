"""Orientation decisions through the API: the person's orientation page, read and decided through its gate
and its actions (``orientation.views.conseiller.orientation_personne``)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from francetravail.api_erreurs import reponses_erreur
from francetravail.api_idempotence import IdempotenceMixin
from francetravail.api_journal import journaliser_lectures
from francetravail.api_portees import PorteeRequise
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.api.permissions import EstProfessionnelDossiers
from orientation import acces, actions
from orientation.api.filters import DecisionFilter
from orientation.api.serializers import ConfirmationSerializer, DecisionSerializer, ModificationSerializer
from orientation.models import DecisionOrientation

_NON_AUTORISE = "Jeton sans la portée orientation:read, ou compte sans rôle de suivi des personnes."
_INCONNUE = (
    "Décision inconnue, ou d'une personne dont le dossier n'est ouvert à aucune de vos organisations "
    "(la même réponse dans les deux cas)."
)
_TROP = "Trop de requêtes : réessayez après le délai de l'en-tête Retry-After."
_REFUS_ECRITURE = (
    "Jeton sans la portée orientation:write, ou vous n'êtes pas compétent pour décider de l'orientation de cette "
    "personne (un bénéficiaire du RSA : le décideur départemental de son département ; les autres : un conseiller "
    "de France Travail, d'une Mission locale ou de Cap emploi), comme dans les pages."
)
_INVALIDE = (
    "Données invalides (le champ erreurs donne les messages par champ), ou décision déjà prise, "
    "ou adresse de la personne manquante pour la notifier."
)


@extend_schema_view(
    list=extend_schema(
        summary="Lister les décisions d'orientation",
        description="Les décisions d'orientation (propositions des règles et décisions) des personnes dont le "
        "dossier est ouvert à vos organisations, dans l'ordre de leur création. Chaque personne concernée est "
        "inscrite à son journal des accès (parcours et orientation, lecture par l'API).",
        responses={
            200: OpenApiResponse(DecisionSerializer(many=True), description="Une page de décisions (curseur)."),
            **reponses_erreur(e400="Filtre invalide.", e403=_NON_AUTORISE, e404="Curseur invalide.", e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        summary="Lire une décision d'orientation",
        description="Une décision, inscrite au journal des accès de la personne (parcours et orientation).",
        responses={
            200: OpenApiResponse(DecisionSerializer, description="La décision."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_INCONNUE, e429=_TROP),
        },
    ),
)
class DecisionViewSet(IdempotenceMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    permission_classes = [PorteeRequise, EstProfessionnelDossiers]
    portee = "orientation"
    ordering = ("pk",)
    acces_declare = "gate:personnes"

    def get_queryset(self):
        return (
            DecisionOrientation.objects.filter(personne__in=personnes_visibles(self.request.user))
            .select_related("personne", "organisme", "decideur")
            .order_by("pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        journaliser_lectures(request.user, [d.personne for d in page], partie=PartieDossier.PARCOURS)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        """The decision, then its person through the gate (which logs the read): unknown and hidden, one 404."""
        try:
            pk = int(self.kwargs["pk"])
        except ValueError:
            raise exceptions.NotFound() from None
        decision = get_object_or_404(
            DecisionOrientation.objects.select_related("organisme", "decideur"), pk=pk if 0 < pk < 2**63 else 0
        )
        decision.personne = acces_personne(
            self.request, decision.personne_id, partie=PartieDossier.PARCOURS, canal=Canal.API
        )
        return decision

    def _decider(self, request, serializer_class, faire):
        decision = self.get_object()
        if not decision.ouverte:
            raise serializers.ValidationError({"non_field_errors": [actions.DEJA_DECIDEE]})
        # Asked before the body is validated, as the page shows its forms to the competent only.
        if not acces.peut_decider(request.user, decision):
            raise exceptions.PermissionDenied(acces.REFUS_DECIDEUR)
        demande = serializer_class(data=request.data, context={"decision": decision})
        demande.is_valid(raise_exception=True)
        try:
            decision = faire(decision, **demande.validated_data)
        except DjangoValidationError as exc:
            erreurs = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            if erreurs.get("non_field_errors") == [acces.REFUS_DECIDEUR]:
                raise exceptions.PermissionDenied(acces.REFUS_DECIDEUR) from None
            raise serializers.ValidationError(erreurs) from None
        decision.refresh_from_db()
        return Response(DecisionSerializer(decision).data)

    @extend_schema(
        summary="Confirmer la proposition des règles",
        description="Confirme la proposition (statut proposee) avec un organisme référent du type proposé, du "
        "département de la personne : la même action que la page de l'orientation (la personne en est "
        "informée, la décision est tracée). Accepte l'en-tête Idempotency-Key.",
        request=ConfirmationSerializer,
        responses={
            200: OpenApiResponse(DecisionSerializer, description="La décision prise."),
            **reponses_erreur(e400=_INVALIDE, e403=_REFUS_ECRITURE, e404=_INCONNUE, e429=_TROP),
        },
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def confirmer(self, request, pk=None):
        return self._decider(
            request,
            ConfirmationSerializer,
            lambda decision, organisme: actions.confirmer(decision, acting_user=request.user, organisme=organisme),
        )

    @extend_schema(
        summary="Décider autrement que proposé",
        description="Décide un parcours et un organisme référent (du département de la personne) autres que ceux "
        "proposés, ou après un entretien giratoire ; le motif est obligatoire et communiqué à la personne. La "
        "même action que la page de l'orientation. Accepte l'en-tête Idempotency-Key.",
        request=ModificationSerializer,
        responses={
            200: OpenApiResponse(DecisionSerializer, description="La décision prise."),
            **reponses_erreur(e400=_INVALIDE, e403=_REFUS_ECRITURE, e404=_INCONNUE, e429=_TROP),
        },
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def modifier(self, request, pk=None):
        return self._decider(
            request,
            ModificationSerializer,
            lambda decision, **donnees: actions.modifier(decision, acting_user=request.user, **donnees),
        )
