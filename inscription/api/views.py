"""A person's registration and RSA right through the API: the person page's blocks, through its gate."""

from django.db.models import Q
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from francetravail.api_erreurs import reponses_erreur
from francetravail.api_portees import PorteeRequise
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne
from francetravail.personnes.api.permissions import EstProfessionnelDossiers
from inscription.api.serializers import InscriptionSerializer
from inscription.forms import verifier_nir
from inscription.models import DossierInscription, DroitRSA


class _SchemaObjet(AutoSchema):
    """One object under a « list » route (the resource has no id of its own: it is the person's)."""

    def _is_list_view(self, serializer=None):
        return False


class InscriptionViewSet(viewsets.GenericViewSet):
    """The registration's and the RSA right's blocks of the person page (``PartieDossier.SYNTHESE``)."""

    serializer_class = InscriptionSerializer
    permission_classes = [PorteeRequise, EstProfessionnelDossiers]
    portee = "personnes"
    pagination_class = None
    filter_backends = []
    schema = _SchemaObjet()
    acces_declare = "gate:personnes"

    @extend_schema(
        summary="Inscription et droit au RSA d'une personne",
        description="Le dossier d'inscription (statut, catégorie, canal, dates) et l'état du droit au RSA du foyer "
        "d'après le dernier flux CAF/MSA, comme la fiche de la personne les montre ; à qui lit cette fiche. "
        "La lecture est inscrite au journal des accès de la personne (synthèse du dossier, lecture par l'API).",
        responses={
            200: OpenApiResponse(InscriptionSerializer, description="L'inscription et le droit au RSA."),
            **reponses_erreur(
                e403="Jeton sans la portée personnes:read, ou compte sans rôle de suivi des personnes.",
                e404="Personne inconnue, ou dont le dossier n'est ouvert à aucune de vos organisations "
                "(la même réponse dans les deux cas).",
                e429="Trop de requêtes : réessayez après le délai de l'en-tête Retry-After.",
            ),
        },
    )
    def list(self, request, personne_pk):
        personne = acces_personne(request, personne_pk, partie=PartieDossier.SYNTHESE, canal=Canal.API)
        dossier = DossierInscription.objects.select_related("organisation").filter(personne=personne).first()
        droit = (
            DroitRSA.objects.select_related("foyer")
            .filter(personne=personne, foyer__isnull=False)
            .order_by("-foyer__date_flux", "-pk")
            .first()
        )
        return Response(
            InscriptionSerializer(
                {"personne": personne.pk, "inscription": dossier, "droit_rsa": droit.foyer if droit else None}
            ).data
        )


def condition_nir(nir):
    """The people whose registration carries ``nir`` (validated as the registration form does)."""
    return Q(inscription__nir=verifier_nir(nir))
