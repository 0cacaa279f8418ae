"""Appointments through the API: the same gate and the same actions as the professionals' pages.

- agendas: those the agendas' pages open (``rendezvous.acces.agendas_accessibles``);
- free slots: what the booking page offers (``queries.creneaux_disponibles`` of the organisations whose
  agendas the caller books in, within the same horizon);
- appointments: of the people whose file the caller reads (``personnes_visibles``), each one returned
  logged as the person page logs it (``PartieDossier.SYNTHESE``); booking and attendance call
  ``rendezvous.actions`` (slot lock, seats, the first appointment's delay, attendance rules);
- follow-up status (``SuiviRendezVous``): of the same people, logged the same way.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from francetravail.api_erreurs import reponses_erreur
from francetravail.api_idempotence import IdempotenceMixin
from francetravail.api_journal import journaliser_lectures
from francetravail.api_portees import PorteeRequise
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.rendezvous import actions
from francetravail.rendezvous.acces import ROLES_AGENDAS, agendas_accessibles, organisations_agendas
from francetravail.rendezvous.api.commun import Conflit, RolesDuCompte, erreur_api
from francetravail.rendezvous.api.filters import CreneauFilter, RendezVousFilter, SuiviFilter
from francetravail.rendezvous.api.serializers import (
    AgendaSerializer,
    CreneauSerializer,
    PresenceSerializer,
    RendezVousSerializer,
    ReservationSerializer,
    SuiviSerializer,
)
from francetravail.rendezvous.enums import STATUTS_PRESENCE
from francetravail.rendezvous.models import Creneau, RendezVous, SuiviRendezVous
from francetravail.rendezvous.queries import creneaux_disponibles
from francetravail.rendezvous.views.conseiller import HORIZON
from francetravail.reseau.enums import ROLES_DOSSIERS

_ID = "[0-9]{1,18}"
_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."
_NON_AUTORISE_AGENDAS = (
    "Non connecté, jeton sans la portée demandée, ou compte sans rôle qui ouvre les agendas (conseiller, "
    "travailleur social, responsable d'équipe, administrateur de l'organisation)."
)
_NON_AUTORISE_DOSSIERS = (
    "Non connecté, jeton sans la portée demandée, ou compte sans rôle de suivi des personnes (conseiller, "
    "travailleur social, décideur départemental, équipe pluridisciplinaire, médiateur, responsable d'équipe)."
)
_RDV_INCONNU = (
    "Rendez-vous inconnu, ou d'une personne dont le dossier n'est ouvert à aucune de vos organisations (la même "
    "réponse dans les deux cas, pour ne rien révéler)."
)
_LOG = "Chaque personne renvoyée est inscrite à son journal des accès (lecture par l'API)."


class _AgendasMixin:
    permission_classes = [PorteeRequise, RolesDuCompte]
    roles_api = ROLES_AGENDAS
    refus_roles = "Accès réservé aux professionnels qui travaillent des agendas."
    portee = "rendezvous"
    acces_declare = "gate:rendezvous"
    lookup_value_regex = _ID


class _DossiersMixin(_AgendasMixin):
    roles_api = ROLES_DOSSIERS
    refus_roles = "Accès réservé aux professionnels qui suivent des personnes."


@extend_schema_view(
    list=extend_schema(
        summary="Agendas de vos organisations",
        description="Les agendas ouverts des organisations où le compte du logiciel prend des rendez-vous ou gère "
        "les agendas. Aucune donnée de personne.",
        responses={
            200: OpenApiResponse(AgendaSerializer(many=True), description="Une page d'agendas."),
            **reponses_erreur(e400="Curseur invalide.", e403=_NON_AUTORISE_AGENDAS, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        summary="Un agenda",
        responses={
            200: OpenApiResponse(AgendaSerializer, description="L'agenda."),
            **reponses_erreur(
                e403=_NON_AUTORISE_AGENDAS, e404="Agenda inconnu, fermé ou d'une autre organisation.", e429=_TROP
            ),
        },
    ),
)
class AgendaViewSet(_AgendasMixin, viewsets.ReadOnlyModelViewSet):
    """The agendas the agendas' pages open to the caller."""

    serializer_class = AgendaSerializer
    ordering = "id"

    def get_queryset(self):
        return agendas_accessibles(self.request.user).select_related("organisation", "conseiller").order_by("id")


@extend_schema_view(
    list=extend_schema(
        summary="Créneaux libres",
        description="Les créneaux ouverts, à venir et avec une place libre, des agendas où le compte du logiciel "
        f"prend des rendez-vous : ce que voit un conseiller qui réserve pour une personne (les {HORIZON.days} "
        "prochains jours). Triés par date de début.",
        responses={
            200: OpenApiResponse(CreneauSerializer(many=True), description="Une page de créneaux libres."),
            **reponses_erreur(e400="Filtre ou curseur invalide.", e403=_NON_AUTORISE_DOSSIERS, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        summary="Un créneau libre",
        responses={
            200: OpenApiResponse(CreneauSerializer, description="Le créneau."),
            **reponses_erreur(
                e403=_NON_AUTORISE_DOSSIERS,
                e404="Créneau inconnu, complet, passé, fermé ou d'une autre organisation.",
                e429=_TROP,
            ),
        },
    ),
)
class CreneauViewSet(_DossiersMixin, viewsets.ReadOnlyModelViewSet):
    """Free slots, as the booking page lists them."""

    serializer_class = CreneauSerializer
    filterset_class = CreneauFilter
    ordering = ("debut", "id")

    def get_queryset(self):
        organisations = organisations_agendas(self.request.user)
        return creneaux_disponibles(organisations).filter(debut__lt=timezone.now() + HORIZON).order_by("debut", "id")


_NON_AUTORISE_ECRITURE = (
    "Non connecté, jeton sans la portée rendezvous:write, ou compte sans rôle de suivi des personnes."
)


@extend_schema_view(
    list=extend_schema(
        summary="Rendez-vous",
        description="Les rendez-vous des personnes dont le dossier est ouvert à vos organisations, du plus ancien "
        f"créé au plus récent. {_LOG}",
        responses={
            200: OpenApiResponse(RendezVousSerializer(many=True), description="Une page de rendez-vous."),
            **reponses_erreur(e400="Filtre ou curseur invalide.", e403=_NON_AUTORISE_DOSSIERS, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        summary="Un rendez-vous",
        description="Un rendez-vous ; sa lecture est inscrite au journal des accès de la personne.",
        responses={
            200: OpenApiResponse(RendezVousSerializer, description="Le rendez-vous."),
            **reponses_erreur(e403=_NON_AUTORISE_DOSSIERS, e404=_RDV_INCONNU, e429=_TROP),
        },
    ),
    create=extend_schema(
        summary="Réserver un rendez-vous pour une personne",
        description="Réserve un créneau d'un agenda de vos organisations pour une personne dont vous lisez le "
        "dossier, comme un conseiller sur la page des rendez-vous de la personne : mêmes vérifications (créneau "
        "ouvert, à venir, place libre sous verrou, délai du premier rendez-vous après l'orientation), la "
        "personne est prévenue par courriel. Les autres créneaux qui lui étaient proposés pour le même motif "
        "sont retirés. Avec l'en-tête Idempotency-Key, une requête rejouée ne réserve qu'une fois.",
        request=ReservationSerializer,
        examples=[
            OpenApiExample("Convocation", value={"personne": 1234, "creneau": 5678}, request_only=True),
            OpenApiExample(
                "Premier rendez-vous après la date limite",
                value={"personne": 1234, "creneau": 5679, "derogation": "Personne hospitalisée jusqu'au 20 mars."},
                request_only=True,
            ),
        ],
        responses={
            201: OpenApiResponse(RendezVousSerializer, description="Le rendez-vous réservé."),
            **reponses_erreur(
                e400="Données invalides, créneau inconnu ou d'un agenda d'une autre organisation, créneau passé ou "
                "fermé, rendez-vous déjà réservé, ou premier rendez-vous après sa date limite sans dérogation : le "
                "motif est donné en français (champ detail ou erreurs).",
                e403=_NON_AUTORISE_ECRITURE,
                e404="Personne inconnue, ou dont le dossier n'est ouvert à aucune de vos organisations.",
                e409="Le créneau est complet (une autre réservation a pris la dernière place) : choisissez-en un "
                "autre. Rien n'est réservé.",
                e422="Cette clé Idempotency-Key a déjà servi pour une autre requête.",
                e429=_TROP,
            ),
        },
    ),
    presence=extend_schema(
        summary="Enregistrer ou corriger la présence",
        description="Note la présence à un rendez-vous réservé qui a commencé (honore, excuse avec un motif, "
        "absent), comme la page de présence. Une présence déjà notée se corrige en donnant « correction », la "
        "raison, gardée dans l'historique ; une absence déjà examinée au titre des manquements ne se corrige "
        "plus. Une absence non excusée ouvre un manquement à examiner et rien d'autre : ni sanction, ni "
        "message à la personne.",
        request=PresenceSerializer,
        examples=[
            OpenApiExample("Venue", value={"statut": "honore"}, request_only=True),
            OpenApiExample("Excusée", value={"statut": "excuse", "motif": "Enfant malade."}, request_only=True),
            OpenApiExample(
                "Correction",
                value={"statut": "absent", "correction": "Présence notée par erreur."},
                request_only=True,
            ),
        ],
        responses={
            200: OpenApiResponse(RendezVousSerializer, description="Le rendez-vous, présence notée."),
            **reponses_erreur(
                e400="Données invalides, rendez-vous pas encore commencé, non réservé, ou correction sans sa "
                "raison : le motif est donné en français.",
                e403=_NON_AUTORISE_ECRITURE,
                e404=_RDV_INCONNU[:-1] + " ; ou rendez-vous d'un agenda où vous ne notez pas la présence.",
                e422="Cette clé Idempotency-Key a déjà servi pour une autre requête.",
                e429=_TROP,
            ),
        },
    ),
)
class RendezVousViewSet(
    IdempotenceMixin,
    _DossiersMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Appointments of the people the caller reads; booking and attendance through the pages' actions."""

    serializer_class = RendezVousSerializer
    filterset_class = RendezVousFilter
    ordering = "id"

    def get_queryset(self):
        return (
            RendezVous.objects.filter(personne__in=personnes_visibles(self.request.user))
            .select_related("personne", "creneau__agenda__organisation")
            .order_by("id")
        )

    def get_object(self):
        """The appointment, through the person's file gate (unknown and refused: the same 404)."""
        rdv = RendezVous.objects.select_related("creneau__agenda__organisation").filter(pk=self.kwargs["pk"]).first()
        if rdv is None:
            raise Http404
        acces_personne(self.request, rdv.personne_id, partie=PartieDossier.SYNTHESE, canal=Canal.API)
        return rdv

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        journaliser_lectures(request.user, [r.personne for r in page], partie=PartieDossier.SYNTHESE)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        demande = ReservationSerializer(data=request.data)
        demande.is_valid(raise_exception=True)
        donnees = demande.validated_data
        personne = acces_personne(request, donnees["personne"], partie=PartieDossier.SYNTHESE, canal=Canal.API)
        # The booking page offers the slots of the caller's organisations' agendas only; whether the slot is
        # open, future and has a seat is the action's to say, under the slot's lock.
        creneau = Creneau.objects.filter(
            pk=donnees["creneau"], agenda__organisation_id__in=organisations_agendas(request.user)
        ).first()
        if creneau is None:
            raise serializers.ValidationError(
                {"creneau": ["Créneau inconnu, ou d'un agenda qui n'est pas celui d'une de vos organisations."]}
            )
        try:
            rdv = actions.reserver(personne, creneau, acting_user=request.user, derogation=donnees["derogation"])
        except actions.CreneauComplet as exc:
            raise erreur_api(exc, Conflit) from None
        except DjangoValidationError as exc:
            raise erreur_api(exc) from None
        rdv = RendezVous.objects.select_related("creneau__agenda__organisation").get(pk=rdv.pk)
        lien = reverse("v1:rendezvous-detail", kwargs={"pk": rdv.pk})
        return Response(RendezVousSerializer(rdv).data, status=status.HTTP_201_CREATED, headers={"Location": lien})

    @action(detail=True, methods=["post"], serializer_class=PresenceSerializer)
    def presence(self, request, pk=None):
        rdv = self.get_object()
        # As the attendance page: only an appointment of an agenda the caller books in.
        if rdv.creneau.agenda.organisation_id not in organisations_agendas(request.user):
            raise Http404
        demande = PresenceSerializer(data=request.data)
        demande.is_valid(raise_exception=True)
        donnees = demande.validated_data
        try:
            if rdv.statut in STATUTS_PRESENCE:
                if not donnees["correction"].strip():
                    # The correction page's form asks for it (CorrectionPresenceForm), as here.
                    raise serializers.ValidationError(
                        {"correction": ["Indiquez pourquoi la présence enregistrée est corrigée."]}
                    )
                actions.corriger_presence(
                    rdv,
                    donnees["statut"],
                    acting_user=request.user,
                    motif=donnees["motif"],
                    correction=donnees["correction"],
                )
            else:
                actions.enregistrer_presence(rdv, donnees["statut"], acting_user=request.user, motif=donnees["motif"])
        except DjangoValidationError as exc:
            raise erreur_api(exc) from None
        rdv = RendezVous.objects.select_related("creneau__agenda__organisation").get(pk=rdv.pk)
        return Response(RendezVousSerializer(rdv).data)


@extend_schema_view(
    list=extend_schema(
        summary="Suivi des rendez-vous",
        description="Où en est chaque personne dont le dossier est ouvert à vos organisations, motif par motif : "
        "invitée, relancée, invitation expirée, rendez-vous pris, honoré, excusé, absent, annulé. Une personne "
        f"jamais invitée pour un motif n'a pas de ligne pour ce motif. {_LOG}",
        responses={
            200: OpenApiResponse(SuiviSerializer(many=True), description="Une page de suivis."),
            **reponses_erreur(e400="Filtre ou curseur invalide.", e403=_NON_AUTORISE_DOSSIERS, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        summary="Un suivi",
        description="Une ligne de suivi ; sa lecture est inscrite au journal des accès de la personne.",
        responses={
            200: OpenApiResponse(SuiviSerializer, description="Le suivi."),
            **reponses_erreur(
                e403=_NON_AUTORISE_DOSSIERS,
                e404="Suivi inconnu, ou d'une personne dont le dossier n'est ouvert à aucune de vos organisations.",
                e429=_TROP,
            ),
        },
    ),
)
class SuiviViewSet(_DossiersMixin, viewsets.ReadOnlyModelViewSet):
    """Follow-up status rows of the people the caller reads (the person page's « Suivi des rendez-vous »)."""

    serializer_class = SuiviSerializer
    filterset_class = SuiviFilter
    ordering = "id"

    def get_queryset(self):
        return (
            SuiviRendezVous.objects.filter(personne__in=personnes_visibles(self.request.user))
            .select_related("personne", "organisation")
            .order_by("id")
        )

    def get_object(self):
        suivi = SuiviRendezVous.objects.select_related("organisation").filter(pk=self.kwargs["pk"]).first()
        if suivi is None:
            raise Http404
        acces_personne(self.request, suivi.personne_id, partie=PartieDossier.SYNTHESE, canal=Canal.API)
        return suivi

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        journaliser_lectures(request.user, [s.personne for s in page], partie=PartieDossier.SYNTHESE)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
