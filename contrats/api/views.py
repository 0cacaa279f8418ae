"""The contrat d'engagement through the API: the référent's pages, for partners' software.

Reads go through the person's gate (``acces_personne``, ``personnes_visibles``) with the part of the
file the page logs (the contract, its PDF, its follow-up); writes through the page's actions
(``contrats.actions``), by the référent only (``acces.est_referent``), 404 to anyone else as on the pages.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from contrats import acces, actions, queries, regles, suivi
from contrats import dispense as dispense_parent_isole
from contrats.api.filters import FiltreContrats
from contrats.api.permissions import RolesDesPagesDuContrat
from contrats.api.serializers import (
    ActionPlanEcritureSerializer,
    ActionPlanSerializer,
    ContratDetailleSerializer,
    ContratSerializer,
    DureeEcritureSerializer,
    SuiviSerializer,
)
from contrats.document import reponse_pdf
from contrats.enums import AmenagementDuree, StatutAction
from contrats.models import ActionPlan, ContratEngagement, VersionContrat
from contrats.views.conseiller import SEMAINES_SUIVI
from contrats.views.espace import changements
from francetravail.api_erreurs import reponses_erreur
from francetravail.api_idempotence import IdempotenceMixin
from francetravail.api_journal import journaliser_lectures
from francetravail.api_portees import PorteeRequise
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.parametres.lookup import valeur
from francetravail.personnes.acces import acces_personne, personnes_visibles

_PK_MAX = 2**63 - 1
_NON_AUTORISE = RolesDesPagesDuContrat.message
_INCONNU = (
    "Contrat inconnu, ou contrat d'une personne dont le dossier n'est ouvert à aucune de vos organisations "
    "(la même réponse dans les deux cas, pour ne rien révéler)."
)
_PAS_REFERENT = (
    _INCONNU[:-1] + " ; ou vous n'êtes pas référent dans l'organisme référent du contrat : seul le référent le "
    "modifie, comme sur le site."
)
_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."
_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant du contrat.")

_REFUS_ACTION = (
    "Refusé par les règles du contrat : le champ erreurs donne les messages (forme des données, contrat qui n'est "
    "plus un brouillon, motif de minoration manquant, dispense sans demande de la personne…)."
)


def _erreur_de_l_action(exc):
    """An action's refusal (Django ValidationError) as the API's 400, its messages by field."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


def _versions_detaillees(contrat):
    """The contract's versions with their content (one query), newest first, each with what it changes."""
    versions = list(VersionContrat.objects.filter(contrat=contrat).order_by("-numero"))
    for i, version in enumerate(versions):
        precedente = versions[i + 1] if i + 1 < len(versions) else None
        version.changements = changements(precedente, version)
    return versions


def _duree_hebdo(contrat, personne):
    """The weekly hours as the contract page shows them: total of the plan, the minimum, what blocks submission."""
    aujourdhui = timezone.localdate()
    total = regles.total_heures(a.heures_hebdo for a in contrat.actions.all() if a.statut != StatutAction.ABANDONNEE)
    minimum = valeur("contrat.heures_hebdo_minimum", le=aujourdhui, departement=personne.departement_id)
    erreurs = regles.erreurs_duree(
        total,
        minimum=minimum,
        amenagement=contrat.amenagement_duree,
        motif_minoration=contrat.motif_minoration,
        motif_dispense=contrat.motif_dispense,
        demandee_par_personne=contrat.dispense_demandee_par_personne,
    ) or dispense_parent_isole.erreurs_contrat(contrat, aujourdhui)
    return {
        "amenagement": contrat.amenagement_duree,
        "amenagement_libelle": AmenagementDuree(contrat.amenagement_duree).label,
        "motif_minoration": contrat.motif_minoration,
        "motif_dispense": contrat.motif_dispense,
        "total_plan": total,
        "minimum_legal": minimum,
        "suffisante": total >= minimum,
        "erreurs": list(erreurs),
    }


_VERSION = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    description="Numéro de la version ; par défaut la version en vigueur (signée), sinon la dernière soumise.",
)


@extend_schema_view(
    list=extend_schema(
        description="Les contrats d'engagement des personnes dont le dossier est ouvert à vos organisations, avec "
        "leur plan d'action et la liste de leurs versions. Chaque personne dont un contrat est renvoyé est "
        "inscrite à son journal des accès (contrat d'engagement, lecture par l'API).",
        responses={
            200: OpenApiResponse(ContratSerializer(many=True), description="Une page de contrats."),
            **reponses_erreur(e400="Paramètre de filtre invalide.", e403=_NON_AUTORISE, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        parameters=[_ID],
        description="Un contrat d'engagement : statut, dates, version en vigueur, versions avec ce que chacune "
        "change, plan d'action, durée hebdomadaire (total du plan, minimum légal, ce qui empêche de le soumettre). "
        "Inscrit au journal des accès de la personne.",
        responses={
            200: OpenApiResponse(ContratDetailleSerializer, description="Le contrat."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_INCONNU, e429=_TROP),
        },
    ),
)
class ContratViewSet(IdempotenceMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Contracts of the people the caller's organisations may see, as the référent's pages show them."""

    serializer_class = ContratSerializer
    permission_classes = [PorteeRequise, RolesDesPagesDuContrat]
    portee = "contrats"
    filterset_class = FiltreContrats
    ordering = ("pk",)
    lookup_value_regex = "[0-9]+"
    acces_declare = "gate:personnes"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return queries.pour_liste(
            ContratEngagement.objects.filter(personne__in=personnes_visibles(self.request.user))
        ).order_by("pk")

    def perform_content_negotiation(self, request, force=False):
        # The PDF is the answer whatever Accept says; an error on that route is problem+json.
        return super().perform_content_negotiation(request, force=force or self.action == "pdf")

    def _contrat(self, partie):
        """The contract at ``pk`` through its person's gate (logging ``partie``): 404 if unknown or not open."""
        pk = int(self.kwargs["pk"])
        if pk > _PK_MAX:
            raise NotFound(_INCONNU)
        contrat = queries.pour_liste(ContratEngagement.objects.filter(pk=pk)).first()
        if contrat is None:
            raise NotFound(_INCONNU)
        try:
            contrat.personne = acces_personne(self.request, contrat.personne_id, partie=partie, canal=Canal.API)
        except Http404:
            raise NotFound(_INCONNU) from None
        return contrat

    def _contrat_du_referent(self):
        """As the pages' ``_referent_ou_404``: the gate, then only the contract's référent goes on."""
        contrat = self._contrat(PartieDossier.CONTRAT)
        if not acces.est_referent(self.request.user, contrat.organisme_id, contrat.personne):
            raise NotFound(_PAS_REFERENT)
        return contrat

    def _detail(self, contrat):
        contrat.versions_lues = _versions_detaillees(contrat)
        contrat.duree_hebdo = _duree_hebdo(contrat, contrat.personne)
        return ContratDetailleSerializer(contrat, context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        contrats = page if page is not None else list(queryset)
        journaliser_lectures(request.user, [c.personne for c in contrats], partie=PartieDossier.CONTRAT)
        for contrat in contrats:
            contrat.versions_lues = contrat.versions.all()  # prefetched, without their content
        data = ContratSerializer(contrats, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self._contrat(PartieDossier.CONTRAT)))

    @extend_schema(
        description="Le document PDF d'une version du contrat : la copie signée une fois la version acceptée, le "
        "document « à accepter » avant. Inscrit au journal des accès de la personne (document du contrat), comme "
        "le téléchargement sur le site.",
        parameters=[_ID, _VERSION],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Le document PDF."),
            **reponses_erreur(
                e403=_NON_AUTORISE,
                e404=_INCONNU[:-1] + " ; ou ce contrat n'a pas de version de ce numéro (aucune avant sa soumission).",
                e429=_TROP,
            ),
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        contrat = self._contrat(PartieDossier.CONTRAT_DOCUMENT)
        numero = request.query_params.get("version")
        versions = VersionContrat.objects.filter(contrat=contrat)
        if numero is not None:
            version = versions.filter(numero=numero).first() if numero.isdigit() and len(numero) < 10 else None
        elif contrat.version_en_vigueur_id is not None:
            version = versions.filter(pk=contrat.version_en_vigueur_id).first()
        else:
            version = versions.order_by("-numero").first()
        if version is None:
            raise NotFound("Ce contrat n'a pas de version de ce numéro (aucune avant sa soumission).")
        return reponse_pdf(version, telechargement=True)

    @extend_schema(
        parameters=[_ID],
        description="Le suivi du plan d'action, comme la page de suivi : pour les huit dernières semaines, les "
        "heures prévues par le plan en vigueur et celles déclarées par la personne, par action. Inscrit au journal "
        "des accès de la personne (suivi du plan d'action).",
        responses={
            200: OpenApiResponse(SuiviSerializer, description="Les semaines, la plus récente d'abord."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_INCONNU, e429=_TROP),
        },
    )
    @action(detail=True, methods=["get"])
    def suivi(self, request, pk=None):
        contrat = self._contrat(PartieDossier.SUIVI)
        semaines = suivi.tableau_hebdomadaire(contrat, semaines=SEMAINES_SUIVI)
        for semaine in semaines:
            for ligne in semaine["lignes"]:
                action_plan = ligne["action"]
                ligne["action_id"] = action_plan.pk
                ligne["action"] = f"{action_plan.get_type_action_display()} : {action_plan.description}"
        return Response(SuiviSerializer({"contrat": contrat.pk, "semaines": semaines}).data)

    @extend_schema(
        parameters=[_ID],
        description="Ajoute une action au plan d'un contrat en brouillon (pendant sa rédaction ou une révision), "
        "par la même action que la page du référent. Réservé au référent de l'organisme référent. Accepte "
        "l'en-tête Idempotency-Key : une requête répétée avec la même clé ajoute l'action une seule fois.",
        request=ActionPlanEcritureSerializer,
        responses={
            201: OpenApiResponse(ActionPlanSerializer, description="L'action ajoutée."),
            **reponses_erreur(
                e400=_REFUS_ACTION,
                e403=_NON_AUTORISE,
                e404=_PAS_REFERENT,
                e422="Clé Idempotency-Key déjà utilisée pour une autre requête.",
                e429=_TROP,
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="actions", url_name="actions")
    def ajouter_action(self, request, pk=None):
        contrat = self._contrat_du_referent()
        formulaire = ActionPlanEcritureSerializer(data=request.data)
        formulaire.is_valid(raise_exception=True)
        try:
            action_plan = actions.ajouter_action(contrat, acting_user=request.user, **formulaire.validated_data)
        except DjangoValidationError as exc:
            raise _erreur_de_l_action(exc) from None
        return Response(ActionPlanSerializer(action_plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            _ID,
            OpenApiParameter(
                "action_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant de l'action du plan."
            ),
        ],
        description="Modifie une action du plan d'un contrat en brouillon (par exemple ses heures par semaine), par "
        "la même action que la page du référent. Seuls les champs envoyés changent.",
        request=ActionPlanEcritureSerializer(partial=True),
        responses={
            200: OpenApiResponse(ActionPlanSerializer, description="L'action modifiée."),
            **reponses_erreur(
                e400=_REFUS_ACTION,
                e403=_NON_AUTORISE,
                e404=_PAS_REFERENT[:-1] + " ; ou action inconnue dans ce contrat.",
                e429=_TROP,
            ),
        },
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"actions/(?P<action_pk>[0-9]{1,18})",
        url_name="action",
    )
    def modifier_action(self, request, pk=None, action_pk=None):
        contrat = self._contrat_du_referent()
        action_plan = ActionPlan.objects.filter(pk=action_pk, contrat=contrat).select_related("contrat").first()
        if action_plan is None:
            raise NotFound("Action inconnue dans ce contrat.")
        formulaire = ActionPlanEcritureSerializer(data=request.data, partial=True)
        formulaire.is_valid(raise_exception=True)
        champs = dict(formulaire.validated_data)
        debut, fin = champs.get("debut", action_plan.debut), champs.get("fin", action_plan.fin)
        if fin is not None and fin < debut:
            raise serializers.ValidationError({"fin": "La fin de l'action ne peut pas précéder son début."})
        try:
            action_plan = actions.modifier_action(action_plan, acting_user=request.user, **champs)
        except DjangoValidationError as exc:
            raise _erreur_de_l_action(exc) from None
        return Response(ActionPlanSerializer(action_plan).data)

    @extend_schema(
        parameters=[_ID],
        description="Fixe la durée hebdomadaire d'activité du contrat en brouillon : au moins 15 heures (aucun "
        "aménagement), minorée avec un motif (jamais nulle à la soumission), ou une dispense à la demande de la "
        "personne pour un motif prévu par la loi (L5411-6). Même action que la page du référent ; la réponse est "
        "le contrat, avec sa durée hebdomadaire recalculée.",
        request=DureeEcritureSerializer,
        responses={
            200: OpenApiResponse(ContratDetailleSerializer, description="Le contrat."),
            **reponses_erreur(e400=_REFUS_ACTION, e403=_NON_AUTORISE, e404=_PAS_REFERENT, e429=_TROP),
        },
    )
    @action(detail=True, methods=["put"])
    def duree(self, request, pk=None):
        contrat = self._contrat_du_referent()
        formulaire = DureeEcritureSerializer(data=request.data)
        formulaire.is_valid(raise_exception=True)
        try:
            actions.amenager_duree(contrat, acting_user=request.user, **formulaire.validated_data)
        except DjangoValidationError as exc:
            raise _erreur_de_l_action(exc) from None
        personne = contrat.personne  # read through the gate above (the action changed the contract only)
        contrat = queries.pour_liste(ContratEngagement.objects.filter(pk=contrat.pk)).get()
        contrat.personne = personne
        return Response(self._detail(contrat))
