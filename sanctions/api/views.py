"""Manquements and procedures through the API, for deciders and the organisations running the controls.

The procedures a caller reads are those of the queue page (``queries.procedures_du_professionnel``: their
organisations run or decide them), each read through the page's ``procedure_ou_404`` (the file's gate, or the
mission on this procedure), logged as the procedure page logs it (``PartieDossier.SANCTIONS``). A report goes
through the référent's page action (``actions.signaler_manquement``, then ``ouvrir_procedure`` when the
référent's organisation runs the control).
"""

from collections import defaultdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from contrats.acces import est_referent
from francetravail.api_erreurs import reponses_erreur
from francetravail.api_idempotence import IdempotenceMixin
from francetravail.api_portees import PorteeRequise
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.reseau.roles import contexte_professionnel
from sanctions import acces, actions, queries
from sanctions.api.permissions import RolesDesPagesDesSanctions
from sanctions.api.serializers import (
    ManquementSerializer,
    ManquementSignaleSerializer,
    ProcedureDetailleeSerializer,
    ProcedureSerializer,
    SignalementSerializer,
)
from sanctions.enums import SourceManquement
from sanctions.models import Manquement
from sanctions.views.conseiller import historique, procedure_ou_404

_PK_MAX = 2**63 - 1
_NON_AUTORISE = RolesDesPagesDesSanctions.message
_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."
_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant de la procédure ou du manquement."
)

_PROCEDURE_INCONNUE = (
    "Procédure inconnue, ou que vos organisations ne conduisent ni ne décident (la même réponse dans les deux "
    "cas, pour ne rien révéler)."
)
_MANQUEMENT_INCONNU = (
    "Manquement inconnu, ou que vous ne pouvez pas lire (la même réponse dans les deux cas, pour ne rien révéler)."
)
_PERSONNE_INCONNUE = (
    "Personne inconnue, dont le dossier n'est ouvert à aucune de vos organisations, ou dont vous n'êtes pas le "
    "référent dans l'organisme référent (seul le référent signale un manquement, comme sur le site)."
)


def _pk(valeur, message):
    try:
        pk = int(valeur)
    except (TypeError, ValueError):
        raise NotFound(message) from None
    if not 0 < pk <= _PK_MAX:
        raise NotFound(message)
    return pk


def _journaliser(user, lectures):
    """``lectures``: (person id, organisation id through which it is read); one INSERT per organisation."""
    par_organisation = defaultdict(set)
    for personne_id, organisation_id in lectures:
        par_organisation[organisation_id].add(personne_id)
    for organisation_id, ids in par_organisation.items():
        journaliser_acces_liste(
            personne_ids=sorted(ids),
            user_id=user.pk,
            organisation_id=organisation_id,
            partie=PartieDossier.SANCTIONS,
            canal=Canal.API,
        )


def _organisation_de_lecture(user, procedure):
    """Through which of the reader's organisations a procedure is read: the one running it, else the decider."""
    if procedure.organisation_id in contexte_professionnel(user).roles_par_organisation:
        return procedure.organisation_id
    return procedure.organisation_decisionnaire_id


@extend_schema_view(
    list=extend_schema(
        description="Les procédures de sanction que vos organisations conduisent ou décident, comme la file des "
        "sanctions du site. Chaque personne concernée est inscrite à son journal des accès (manquements et "
        "sanctions, lecture par l'API).",
        responses={
            200: OpenApiResponse(ProcedureSerializer(many=True), description="Une page de procédures."),
            **reponses_erreur(e400="Paramètre invalide.", e403=_NON_AUTORISE, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        parameters=[_ID],
        description="Une procédure : son manquement, qui la conduit, qui décide, son statut, ses étapes datées "
        "et ses délais. Inscrite au journal des accès de la personne.",
        responses={
            200: OpenApiResponse(ProcedureDetailleeSerializer, description="La procédure."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_PROCEDURE_INCONNUE, e429=_TROP),
        },
    ),
)
class ProcedureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The sanctions queue and procedure page, for deciders' and control teams' software."""

    serializer_class = ProcedureSerializer
    permission_classes = [PorteeRequise, RolesDesPagesDesSanctions]
    portee = "sanctions"
    ordering = ("pk",)
    lookup_value_regex = "[0-9]+"
    acces_declare = "gate:personnes"
    filterset_fields = ["statut", "personne"]

    def get_queryset(self):
        return (
            queries.procedures_du_professionnel(self.request.user)
            .select_related("manquement", "organisation", "organisation_decisionnaire")
            .order_by("pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _journaliser(request.user, [(p.personne_id, _organisation_de_lecture(request.user, p)) for p in page])
        return self.get_paginated_response(ProcedureSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        _pk(kwargs["pk"], _PROCEDURE_INCONNUE)
        try:
            procedure = procedure_ou_404(request, kwargs["pk"], canal=Canal.API)
        except Http404:
            raise NotFound(_PROCEDURE_INCONNUE) from None
        procedure.etapes = historique(procedure)
        return Response(ProcedureDetailleeSerializer(procedure).data)


@extend_schema_view(
    list=extend_schema(
        description="Les manquements que vous pouvez lire : ceux des procédures que vos organisations conduisent ou "
        "décident, et ceux que vos organisations ont signalés pour les personnes qu'elles accompagnent. Chaque "
        "personne concernée est inscrite à son journal des accès.",
        responses={
            200: OpenApiResponse(ManquementSerializer(many=True), description="Une page de manquements."),
            **reponses_erreur(e400="Paramètre invalide.", e403=_NON_AUTORISE, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        parameters=[_ID],
        description="Un manquement, inscrit au journal des accès de la personne.",
        responses={
            200: OpenApiResponse(ManquementSerializer, description="Le manquement."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_MANQUEMENT_INCONNU, e429=_TROP),
        },
    ),
    create=extend_schema(
        description="Signale un manquement, par la même action que la page du référent : réservé au référent de "
        "l'organisme référent de la personne. Si votre organisation conduit le contrôle, la procédure est ouverte "
        "aussitôt (examen à suivre). Accepte l'en-tête Idempotency-Key : une requête répétée avec la même clé "
        "signale une seule fois.",
        request=SignalementSerializer,
        responses={
            201: OpenApiResponse(ManquementSignaleSerializer, description="Le manquement signalé."),
            **reponses_erreur(
                e400="Refusé : le champ erreurs donne les messages (date des faits dans le futur, absence qui "
                "n'est plus à examiner, procédure déjà en cours…).",
                e403=_NON_AUTORISE,
                e404=_PERSONNE_INCONNUE,
                e422="Clé Idempotency-Key déjà utilisée pour une autre requête.",
                e429=_TROP,
            ),
        },
    ),
)
class ManquementViewSet(
    IdempotenceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Manquements: read by whoever reads their procedures or reported them; reported by the référent."""

    serializer_class = ManquementSerializer
    permission_classes = [PorteeRequise, RolesDesPagesDesSanctions]
    portee = "sanctions"
    ordering = ("pk",)
    lookup_value_regex = "[0-9]+"
    acces_declare = "gate:personnes"
    filterset_fields = ["personne", "type_manquement"]

    def get_queryset(self):
        user = self.request.user
        procedures = queries.procedures_du_professionnel(user)
        ctx = contexte_professionnel(user)
        # The référent's side reads what its organisations reported (the person page's block, the report page).
        signales = Q(organisation_id__in=list(ctx.organisations_accompagnement)) & Q(
            personne__in=personnes_visibles(user)
        )
        return (
            Manquement.objects.filter(Exists(procedures.filter(manquement=OuterRef("pk"))) | signales)
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "procedures",
                    queryset=procedures.order_by("pk"),
                    to_attr="procedures_visibles",
                )
            )
            .order_by("pk")
        )

    def _organisation_de_lecture(self, manquement):
        roles = contexte_professionnel(self.request.user).roles_par_organisation
        if manquement.organisation_id in roles:
            return manquement.organisation_id
        for procedure in manquement.procedures_visibles:
            return _organisation_de_lecture(self.request.user, procedure)
        return None

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _journaliser(request.user, [(m.personne_id, self._organisation_de_lecture(m)) for m in page])
        return self.get_paginated_response(ManquementSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        manquement = self.get_queryset().filter(pk=_pk(kwargs["pk"], _MANQUEMENT_INCONNU)).first()
        if manquement is None:
            raise NotFound(_MANQUEMENT_INCONNU)
        _journaliser(request.user, [(manquement.personne_id, self._organisation_de_lecture(manquement))])
        return Response(ManquementSerializer(manquement).data)

    def create(self, request, *args, **kwargs):
        formulaire = SignalementSerializer(data=request.data)
        formulaire.is_valid(raise_exception=True)
        donnees = formulaire.validated_data
        # As the report page: the file's gate, then only the référent goes on.
        try:
            personne = acces_personne(
                request, _pk(donnees["personne"], _PERSONNE_INCONNUE), partie=PartieDossier.SANCTIONS, canal=Canal.API
            )
        except Http404:
            raise NotFound(_PERSONNE_INCONNUE) from None
        if not est_referent(request.user, personne.organisme_referent_id, personne):
            raise NotFound(_PERSONNE_INCONNUE)
        source, absence = donnees["source"], None
        if donnees["absence"] is not None:
            absence = queries.absences_a_examiner(personne).filter(pk=donnees["absence"]).first()
            if absence is None:
                raise serializers.ValidationError(
                    {"absence": ["Aucune absence à examiner de ce numéro pour cette personne."]}
                )
            jour = timezone.localdate(absence.rendez_vous.creneau.debut)
            if donnees["date_faits"] != jour:
                raise serializers.ValidationError(
                    {"date_faits": [f"Le rendez-vous manqué a eu lieu le {jour:%d/%m/%Y}."]}
                )
            source = SourceManquement.ABSENCE
        try:
            with transaction.atomic():
                manquement = actions.signaler_manquement(
                    personne,
                    acting_user=request.user,
                    type_manquement=donnees["type_manquement"],
                    faits=donnees["faits"],
                    date_faits=donnees["date_faits"],
                    elements_preuve=donnees["elements_preuve"],
                    source=source,
                    manquement_rdv=absence,
                )
                nouvelle = None
                if acces.est_equipe(request.user, personne.organisme_referent_id, personne):
                    nouvelle = actions.ouvrir_procedure(manquement, acting_user=request.user, public=donnees["public"])
        except DjangoValidationError as exc:
            erreurs = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            raise serializers.ValidationError(erreurs) from None
        manquement = self.get_queryset().get(pk=manquement.pk)
        manquement.procedure_ouverte = nouvelle.pk if nouvelle is not None else None
        return Response(ManquementSignaleSerializer(manquement).data, status=status.HTTP_201_CREATED)
