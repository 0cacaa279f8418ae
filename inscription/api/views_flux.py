"""The CAF/MSA flux push of a département's software: the back-office upload's form, gate and action
(``inscription.views.flux``: ``TeleversementFluxForm``, ``peut_gerer_flux``, ``lancer_import_flux_caf``),
answered 202 with the import to follow, as the page sends its user to the import's page."""

import hashlib

from django.conf import settings
from django.core.files import File
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from francetravail.api_erreurs import reponses_erreur
from francetravail.api_idempotence import IdempotenceMixin
from francetravail.api_portees import PorteeRequise
from francetravail.base.televersement import MARGE_ENVELOPPE, LimiteTaille, limiter_televersement, taille_lisible
from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.models import Departement
from inscription.acces import REFUS_FLUX, ROLES_FLUX, InscriptionRefusee, departements_flux
from inscription.actions import lancer_import_flux_caf
from inscription.api.serializers_flux import DepotFluxSerializer, ImportFluxSerializer, LigneRejeteeSerializer
from inscription.enums import FormatFlux, ResultatLigne
from inscription.flux.detection import correspondance_par_defaut, format_du_fichier
from inscription.flux.modele import FormatInvalide
from inscription.forms import TeleversementFluxForm
from inscription.models import ImportFluxCAF, LigneRapport

_REFUS = (
    "Jeton sans la portée flux:write, ou compte qui ne gère pas de flux : seuls les administrateurs et pilotes "
    "du conseil départemental (ou d'un délégataire) gèrent les flux CAF/MSA de leur département."
)
_DEP_INCONNU = "Département inconnu, ou dont vous ne gérez pas les flux (la même réponse dans les deux cas)."
_TROP = "Trop de requêtes : réessayez après le délai de l'en-tête Retry-After."


class FichierTropVolumineux(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "trop_volumineux"


class GereLesFlux(BasePermission):
    """The upload page's gate (``@acces_reserve(PRO, roles=ROLES_FLUX)``); the département is checked next."""

    message = REFUS_FLUX

    def has_permission(self, request, view):
        # The page's menu entry too: a role of ROLES_FLUX held in an organisation of a département.
        return autorise(request.user, {TypeCompte.PROFESSIONNEL}, ROLES_FLUX, False) and bool(
            departements_flux(request.user)
        )


def _trop_gros():
    return FichierTropVolumineux(
        f"Le fichier dépasse la taille maximale autorisée ({taille_lisible(settings.FLUX_CAF_TAILLE_MAX)}) : "
        "il n'a pas été enregistré."
    )


@extend_schema_view(
    list=extend_schema(
        summary="Lister les imports du flux CAF/MSA",
        description="Les imports des départements dont vous gérez les flux, du plus récent au plus ancien "
        "(sans leurs lignes rejetées : lisez un import pour les avoir).",
        responses={
            200: OpenApiResponse(ImportFluxSerializer(many=True), description="Une page d'imports (curseur)."),
            **reponses_erreur(e403=_REFUS, e404="Curseur invalide.", e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        summary="Suivre un import du flux CAF/MSA",
        description="L'état de l'import (en_attente, en_cours, termine, echec), ses comptes et ses lignes "
        "rejetées avec leur motif. Jamais le contenu d'une ligne ni un NIR.",
        responses={
            200: OpenApiResponse(ImportFluxSerializer, description="L'import."),
            **reponses_erreur(
                e403=_REFUS,
                e404="Import inconnu, ou d'un département dont vous ne gérez pas les flux.",
                e429=_TROP,
            ),
        },
    ),
    create=extend_schema(
        summary="Déposer un flux CAF/MSA",
        description="Dépose un fichier du flux (XML « bénéficiaires RSA » de la CNAF ou de la MSA, ou export CSV "
        "/ XLSX du département selon une correspondance de colonnes) : le même import que le dépôt dans le "
        "back-office, fait par un traitement en arrière-plan. La réponse 202 donne l'import et son adresse "
        "(en-tête Location) pour suivre son état. Accepte l'en-tête Idempotency-Key : un nouvel envoi avec la "
        "même clé et le même fichier renvoie le même import sans en lancer un second.",
        request={"multipart/form-data": DepotFluxSerializer},
        responses={
            202: OpenApiResponse(ImportFluxSerializer, description="L'import enregistré, en attente de traitement."),
            **reponses_erreur(
                e400="Fichier absent, d'une extension refusée ou illisible (XML qui n'est pas un flux « bénéficiaires "
                "RSA »), correspondance de colonnes manquante ou inconnue : le champ erreurs le dit par champ.",
                e403=_REFUS,
                e404=_DEP_INCONNU,
                e413="Fichier plus gros que la taille maximale (FLUX_CAF_TAILLE_MAX).",
                e415="Le fichier s'envoie en multipart/form-data.",
                e429=_TROP,
            ),
        },
    ),
)
class ImportFluxViewSet(
    IdempotenceMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ImportFluxSerializer
    permission_classes = [PorteeRequise, GereLesFlux]
    # One scope for the push and its follow-up: the software that sends a file reads what became of it
    # (``flux:write`` only: there is no reading of the flux without the right to push it).
    portees = {"list": "flux:write", "retrieve": "flux:write", "create": "flux:write", "rejets": "flux:write"}
    parser_classes = [MultiPartParser]
    filter_backends = []
    ordering = ("-cree_le", "-id")
    acces_declare = "gate:flux"

    def initial(self, request, *args, **kwargs):
        # The page's size limit (``@televersement_limite``), in place before anything reads the body.
        if request.method == "POST":
            annoncee = int(request.META.get("CONTENT_LENGTH") or 0)
            if annoncee > settings.FLUX_CAF_TAILLE_MAX + MARGE_ENVELOPPE:
                raise _trop_gros()
            limiter_televersement(request._request, settings.FLUX_CAF_TAILLE_MAX)
        super().initial(request, *args, **kwargs)

    def empreinte_requete(self, request):
        """The file's bytes and the fields, not the raw body (a 100 MB body is not read into memory)."""
        sha = hashlib.sha256()
        for champ in ("departement", "correspondance"):
            sha.update(f"{champ}={request.data.get(champ, '')}\n".encode())
        fichier = request.FILES.get("fichier")
        if fichier is not None:
            sha.update(f"fichier={fichier.name}\n".encode())
            for morceau in fichier.chunks():
                sha.update(morceau)
            fichier.seek(0)
        return sha.hexdigest()

    def get_queryset(self):
        return ImportFluxCAF.objects.filter(departement_id__in=departements_flux(self.request.user)).order_by(
            "-cree_le", "-id"
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"avec_rejets": self.action == "retrieve"}

    def _departement(self, code):
        geres = departements_flux(self.request.user)
        if not code and len(geres) == 1:
            return geres[0]
        if not code:
            raise exceptions.ValidationError({"departement": ["Indiquez le département : vous en gérez plusieurs."]})
        if code not in geres:
            raise exceptions.NotFound(_DEP_INCONNU)
        return code

    def create(self, request, *args, **kwargs):
        refus = next(
            (h.refus for h in request._request.upload_handlers if isinstance(h, LimiteTaille) and h.refus), None
        )
        if refus:
            raise _trop_gros()
        depot = DepotFluxSerializer(data=request.data)
        depot.is_valid(raise_exception=True)
        departement = self._departement(depot.validated_data.get("departement"))
        # The page's form: the file's extension, the mapping among the département's and the national ones.
        form = TeleversementFluxForm(
            {"correspondance": depot.validated_data.get("correspondance") or ""},
            {"fichier": depot.validated_data["fichier"]},
            departement=departement,
        )
        if not form.is_valid():
            raise exceptions.ValidationError({champ: list(erreurs) for champ, erreurs in form.errors.items()})
        fichier = form.cleaned_data["fichier"]
        correspondance = form.cleaned_data["correspondance"]
        try:
            format_flux = format_du_fichier(fichier)
        except FormatInvalide as exc:
            raise exceptions.ValidationError(
                {"fichier": [f"Ce fichier XML n'est pas un flux « bénéficiaires RSA » lisible : {exc}"]}
            ) from None
        if format_flux == FormatFlux.TABLEUR and correspondance is None:
            # The drop folder's rule: the département's only mapping, else the sender must name it.
            correspondance = correspondance_par_defaut(departement)
            if correspondance is None:
                raise exceptions.ValidationError(
                    {"correspondance": ["Fichier CSV ou XLSX : indiquez la correspondance de colonnes à appliquer."]}
                )
        try:
            imp = lancer_import_flux_caf(
                File(fichier, name=fichier.name),
                nom_fichier=fichier.name,
                acting_user=request.user,
                format=format_flux,
                departement=Departement.objects.get(code=departement),
                correspondance=correspondance,
            )
        except InscriptionRefusee:
            raise exceptions.NotFound(_DEP_INCONNU) from None
        lien = reverse("v1:flux-caf-detail", kwargs={"pk": imp.pk})
        return Response(self.get_serializer(imp).data, status=status.HTTP_202_ACCEPTED, headers={"Location": lien})

    @extend_schema(
        summary="Toutes les lignes rejetées d'un import",
        description="Les lignes rejetées de l'import, dans l'ordre du fichier, page par page (curseur), avec leur "
        "motif : jamais le contenu de la ligne ni un NIR.",
        responses={
            200: OpenApiResponse(LigneRejeteeSerializer(many=True), description="Une page de lignes rejetées."),
            **reponses_erreur(
                e403=_REFUS,
                e404="Import inconnu, ou d'un département dont vous ne gérez pas les flux ; ou curseur invalide.",
                e429=_TROP,
            ),
        },
    )
    @action(detail=True, methods=["get"], serializer_class=LigneRejeteeSerializer)
    def rejets(self, request, pk=None):
        imp = self.get_object()
        self.ordering = ("numero_ligne", "id")  # the file's order, for this list's cursor
        page = self.paginate_queryset(
            LigneRapport.objects.filter(import_flux=imp, resultat=ResultatLigne.REJETEE).order_by("numero_ligne", "id")
        )
        return self.get_paginated_response(LigneRejeteeSerializer(page, many=True).data)
