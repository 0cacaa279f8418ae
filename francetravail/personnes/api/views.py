from rest_framework import mixins, viewsets

from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.api.permissions import EstProfessionnelDossiers
from francetravail.personnes.api.serializers import PersonneSerializer


class PersonneViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """People the caller's organisations may see, through the same access gate as the web pages."""

    serializer_class = PersonneSerializer
    permission_classes = [EstProfessionnelDossiers]
    acces_declare = "gate:personnes"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            personnes_visibles(self.request.user)
            .select_related("organisme_referent", "commune")
            .order_by("nom_naissance", "prenoms", "pk")
        )

    def get_object(self):
        return acces_personne(
            self.request,
            self.kwargs["pk"],
            partie=PartieDossier.IDENTITE,
            canal=Canal.API,
            queryset=self.get_queryset(),
        )
