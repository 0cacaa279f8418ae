"""The access gate and the access log for every admin page that shows a person's file.

An admin page is a reading of the file like any other (SPEC §3): non-superusers only list
the people the gate lets them see, and opening one row logs the read, with the part read.
"""

from francetravail.audit.enums import Canal
from francetravail.personnes.acces import journaliser_lecture, organisation_donnant_acces, personnes_visibles


class AccesDossierAdmin:
    """Mixin for a ModelAdmin whose rows belong to a person's file.

    ``chemin_personne``: the lookup from the row to its ``Personne`` ("" for ``Personne`` itself);
    ``partie``: the ``PartieDossier`` logged when a row is opened.
    """

    chemin_personne = "personne"
    partie = None

    def _filtre_personne(self):
        return f"{self.chemin_personne}__in" if self.chemin_personne else "pk__in"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self._filtre_personne(): personnes_visibles(request.user).values("pk")})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            personne = self.personne_de(obj)
            org = organisation_donnant_acces(request.user, personne)
            journaliser_lecture(
                request.user, personne, partie=self.partie, canal=Canal.ADMIN, organisation_id=org or None
            )
        return obj

    def personne_de(self, obj):
        for attribut in self.chemin_personne.split("__") if self.chemin_personne else ():
            obj = getattr(obj, attribut)
        return obj
