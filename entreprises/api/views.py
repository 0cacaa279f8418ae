"""Offers and applications through the API: an employer's recruitment software, and the network's conseillers.

An employer's software acts as its technical account, an active recruiter of its company: it reads and writes
that company's offers (``acces.offres_de_l_employeur``) through the employer's page actions
(``entreprises.offres``: creer, modifier, soumettre, retirer, pourvoir), and reads the applications to them
(``acces.candidatures_de_l_employeur``), each person read logged as the employer's pages log it
(``PartieDossier.CANDIDATURE``). A conseiller of the network reads the published offers (``acces.offres_du_reseau``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from entreprises import acces, offres
from entreprises.api.permissions import Employeurs, LecteursEtEmployeurs
from entreprises.api.serializers import CandidatureSerializer, OffreEcritureSerializer, OffreSerializer
from entreprises.models import ProfilRecherche
from francetravail.api_erreurs import reponses_erreur
from francetravail.api_idempotence import IdempotenceMixin
from francetravail.api_portees import PorteeRequise
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.comptes.enums import TypeCompte
from francetravail.rome.models import FicheRome

_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."
_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant de l'offre ou de la candidature."
)

_OFFRE_INCONNUE = (
    "Offre inconnue, ou que vous ne pouvez pas lire : une offre de votre entreprise pour son logiciel de "
    "recrutement, une offre publiée pour un conseiller du réseau (la même réponse dans les deux cas)."
)
_CANDIDATURE_INCONNUE = (
    "Candidature inconnue, ou qui ne répond pas à une offre de votre entreprise (la même réponse dans les deux cas)."
)
_REFUS_OFFRE = (
    "Refusé par les règles de l'offre : le champ erreurs donne les messages (temps plein à partir de 35 heures, "
    "durée d'un contrat à durée déterminée, date de prise de poste passée, code ROME ou INSEE inconnu, étape "
    "impossible dans le statut de l'offre…)."
)


def _erreur_de_l_action(exc):
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


def _valeurs(donnees):
    valeurs = dict(donnees)
    valeurs.pop("entreprise", None)
    return valeurs


class _OffreEcriture(OffreEcritureSerializer):
    entreprise = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Identifiant de l'entreprise, si le compte en représente plusieurs ; celle du logiciel sinon.",
    )


@extend_schema_view(
    list=extend_schema(
        description="Les offres que vous pouvez lire : celles de votre entreprise (logiciel de recrutement), ou "
        "les offres publiées du réseau (conseillers).",
        responses={
            200: OpenApiResponse(OffreSerializer(many=True), description="Une page d'offres."),
            **reponses_erreur(e400="Paramètre invalide.", e403=LecteursEtEmployeurs.message, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        parameters=[_ID],
        description="Une offre.",
        responses={
            200: OpenApiResponse(OffreSerializer, description="L'offre."),
            **reponses_erreur(e403=LecteursEtEmployeurs.message, e404=_OFFRE_INCONNUE, e429=_TROP),
        },
    ),
    create=extend_schema(
        description="Crée une offre en brouillon pour votre entreprise, par la même action que la page de "
        "l'employeur ; puis « soumettre » la publie (ou la transmet à un conseiller si la vérification de "
        "conformité relève un point). Accepte l'en-tête Idempotency-Key.",
        request=_OffreEcriture,
        responses={
            201: OpenApiResponse(OffreSerializer, description="L'offre, en brouillon."),
            **reponses_erreur(
                e400=_REFUS_OFFRE,
                e403=LecteursEtEmployeurs.message,
                e422="Clé Idempotency-Key déjà utilisée pour une autre requête.",
                e429=_TROP,
            ),
        },
    ),
    partial_update=extend_schema(
        parameters=[_ID],
        description="Modifie un brouillon de votre entreprise (seuls les champs envoyés changent), par la même "
        "action que la page de l'employeur. Une offre publiée ne se modifie plus : retirez-la et publiez-en une "
        "nouvelle.",
        request=OffreEcritureSerializer(partial=True),
        responses={
            200: OpenApiResponse(OffreSerializer, description="L'offre modifiée."),
            **reponses_erreur(e400=_REFUS_OFFRE, e403=LecteursEtEmployeurs.message, e404=_OFFRE_INCONNUE, e429=_TROP),
        },
    ),
)
class OffreViewSet(IdempotenceMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A company's offers for its recruitment software; the published offers for the network."""

    serializer_class = OffreSerializer
    permission_classes = [PorteeRequise, LecteursEtEmployeurs]
    portee = "offres"
    ordering = ("pk",)
    lookup_value_regex = "[0-9]+"
    acces_declare = "gate:entreprises"
    filterset_fields = ["statut"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if getattr(user, "type_compte", None) == TypeCompte.EMPLOYEUR:
            qs = acces.offres_de_l_employeur(user)
        else:
            qs = acces.offres_du_reseau(user)
        return qs.select_related("entreprise", "fiche_rome", "commune").order_by("pk")

    def get_object(self):
        try:
            pk = acces.pk_ou_404(self.kwargs["pk"])
        except Http404:
            raise NotFound(_OFFRE_INCONNUE) from None
        offre = self.get_queryset().filter(pk=pk).first()
        if offre is None:
            raise NotFound(_OFFRE_INCONNUE)
        return offre

    def _reponse(self, offre, statut=status.HTTP_200_OK):
        offre = self.get_queryset().get(pk=offre.pk)
        return Response(OffreSerializer(offre).data, status=statut)

    def create(self, request, *args, **kwargs):
        formulaire = _OffreEcriture(data=request.data)
        formulaire.is_valid(raise_exception=True)
        entreprises = list(acces.entreprises_de(request.user).order_by("pk"))
        choisie = formulaire.validated_data.get("entreprise")
        if choisie is not None:
            entreprise = next((e for e in entreprises if e.pk == choisie), None)
            if entreprise is None:
                raise serializers.ValidationError({"entreprise": ["Vous ne représentez pas cette entreprise."]})
        elif len(entreprises) == 1:
            entreprise = entreprises[0]
        else:
            raise serializers.ValidationError(
                {"entreprise": ["Indiquez l'entreprise : votre compte en représente plusieurs, ou aucune."]}
            )
        try:
            offre = offres.creer(entreprise, acting_user=request.user, **_valeurs(formulaire.validated_data))
        except DjangoValidationError as exc:
            raise _erreur_de_l_action(exc) from None
        return self._reponse(offre, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        offre = self.get_object()
        formulaire = OffreEcritureSerializer(data=request.data, partial=True)
        formulaire.is_valid(raise_exception=True)
        try:
            offre = offres.modifier(offre, acting_user=request.user, **_valeurs(formulaire.validated_data))
        except DjangoValidationError as exc:
            raise _erreur_de_l_action(exc) from None
        return self._reponse(offre)

    def _etape(self, faire):
        offre = self.get_object()
        try:
            offre = faire(offre)
        except DjangoValidationError as exc:
            raise _erreur_de_l_action(exc) from None
        return self._reponse(offre)

    @extend_schema(
        parameters=[_ID],
        description="Soumet un brouillon, comme le bouton de la page de l'employeur : une offre sans point de "
        "conformité est publiée aussitôt (visible du réseau jusqu'à sa date d'expiration) ; une offre avec des "
        "points attend qu'un conseiller la relise (statut « a_valider »).",
        request=None,
        responses={
            200: OpenApiResponse(OffreSerializer, description="L'offre publiée, ou à valider."),
            **reponses_erreur(e400=_REFUS_OFFRE, e403=LecteursEtEmployeurs.message, e404=_OFFRE_INCONNUE, e429=_TROP),
        },
    )
    @action(detail=True, methods=["post"])
    def soumettre(self, request, pk=None):
        return self._etape(lambda offre: offres.soumettre(offre, acting_user=request.user))

    @extend_schema(
        parameters=[_ID],
        description="Retire l'offre (clôture) : elle n'est plus visible.",
        request=None,
        responses={
            200: OpenApiResponse(OffreSerializer, description="L'offre retirée."),
            **reponses_erreur(e400=_REFUS_OFFRE, e403=LecteursEtEmployeurs.message, e404=_OFFRE_INCONNUE, e429=_TROP),
        },
    )
    @action(detail=True, methods=["post"])
    def retirer(self, request, pk=None):
        return self._etape(lambda offre: offres.retirer(offre, acting_user=request.user))

    @extend_schema(
        parameters=[_ID],
        description="Marque une offre publiée comme pourvue (clôture).",
        request=None,
        responses={
            200: OpenApiResponse(OffreSerializer, description="L'offre pourvue."),
            **reponses_erreur(e400=_REFUS_OFFRE, e403=LecteursEtEmployeurs.message, e404=_OFFRE_INCONNUE, e429=_TROP),
        },
    )
    @action(detail=True, methods=["post"])
    def pourvoir(self, request, pk=None):
        return self._etape(lambda offre: offres.pourvoir(offre, request.user))


def _avec_profils(candidatures):
    """Sets ``profil_lu`` (jobs with their ROME labels, contract types) on each application: one query for labels."""
    profils = {}
    for candidature in candidatures:
        try:
            profils[candidature.pk] = candidature.personne.profil_recherche
        except ProfilRecherche.DoesNotExist:
            profils[candidature.pk] = None
    codes = {code for profil in profils.values() if profil is not None for code in profil.codes_rome}
    libelles = dict(FicheRome.objects.filter(pk__in=codes).values_list("code_rome", "libelle")) if codes else {}
    for candidature in candidatures:
        profil = profils[candidature.pk]
        candidature.profil_lu = (
            None
            if profil is None
            else {
                "metiers": [{"code": c, "libelle": libelles.get(c, "")} for c in profil.codes_rome],
                "types_contrat": list(profil.types_contrat),
            }
        )
    return candidatures


@extend_schema_view(
    list=extend_schema(
        description="Les candidatures aux offres de votre entreprise (filtre offre pour celles d'une offre). "
        "Chaque personne renvoyée est inscrite à son journal des accès (candidature transmise à un employeur), "
        "comme sur la page des candidatures de l'employeur.",
        responses={
            200: OpenApiResponse(CandidatureSerializer(many=True), description="Une page de candidatures."),
            **reponses_erreur(e400="Paramètre invalide.", e403=Employeurs.message, e429=_TROP),
        },
    ),
    retrieve=extend_schema(
        parameters=[_ID],
        description="Une candidature, inscrite au journal des accès de la personne. La lire par l'API ne la marque "
        "pas « vue » : c'est la page de l'employeur, ouverte par une personne, qui le fait.",
        responses={
            200: OpenApiResponse(CandidatureSerializer, description="La candidature."),
            **reponses_erreur(e403=Employeurs.message, e404=_CANDIDATURE_INCONNUE, e429=_TROP),
        },
    ),
)
class CandidatureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications to the company's offers, for its recruitment software."""

    serializer_class = CandidatureSerializer
    permission_classes = [PorteeRequise, Employeurs]
    portee = "offres"
    ordering = ("pk",)
    lookup_value_regex = "[0-9]+"
    acces_declare = "gate:entreprises"
    filterset_fields = ["offre", "statut"]

    def get_queryset(self):
        return (
            acces.candidatures_de_l_employeur(self.request.user)
            .select_related("offre", "personne__commune", "personne__profil_recherche")
            .order_by("pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # As the employer's list page: each person listed is a read of their application.
        journaliser_acces_liste(
            personne_ids=sorted({c.personne_id for c in page}),
            user_id=request.user.pk,
            organisation_id=None,
            partie=PartieDossier.CANDIDATURE,
            canal=Canal.API,
        )
        return self.get_paginated_response(CandidatureSerializer(_avec_profils(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        try:
            candidature = acces.candidature_pour_employeur_ou_404(request.user, kwargs["pk"], canal=Canal.API)
        except Http404:
            raise NotFound(_CANDIDATURE_INCONNUE) from None
        return Response(CandidatureSerializer(_avec_profils([candidature])[0]).data)
