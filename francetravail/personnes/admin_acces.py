"""The access gate and the access log for every admin page that shows a person's file.

An admin page is a reading of the file like any other (SPEC §3): non-superusers only list
the people the gate lets them see; the people of each list shown (changelist, raw_id popup,
action) and the row opened are logged, with the part read and the canal ADMIN.
Changes to a file go through the actions of the back-office, with their checks and audit
rows: here non-superusers only read.
"""

from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import Canal
from francetravail.base.admin import EcritureReserveeSuperutilisateur
from francetravail.comptes.acces import est_superutilisateur
from francetravail.personnes.acces import organisations_donnant_acces, personnes_visibles
from francetravail.personnes.models import Personne


class AccesDossierAdmin(EcritureReserveeSuperutilisateur):
    """Mixin for a ModelAdmin whose rows belong to a person's file.

    ``chemin_personne``: the lookup from the row to its ``Personne`` ("" for ``Personne`` itself);
    ``autres_chemins_personne``: other people a row shows (both files of a duplicate): a row is
    listed only if the gate opens every one of them, and opening it logs each;
    ``partie``: the ``PartieDossier`` logged.
    """

    chemin_personne = "personne"
    autres_chemins_personne = ()
    partie = None

    def chemins_personnes(self):
        return (self.chemin_personne, *self.autres_chemins_personne)

    @staticmethod
    def _lookup(chemin):
        return chemin or "pk"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if est_superutilisateur(request.user):
            return qs
        visibles = personnes_visibles(request.user).values("pk")
        for chemin in self.chemins_personnes():
            qs = qs.filter(**{f"{self._lookup(chemin)}__in": visibles})
        return qs

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self.journaliser(request, [self.personne_de(obj, chemin) for chemin in self.chemins_personnes()])
        return obj

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        pks = [obj.pk for obj in changelist.result_list]
        if pks:
            lookups = [self._lookup(chemin) for chemin in self.chemins_personnes()]
            ids = {
                pk
                for ligne in self.model._default_manager.filter(pk__in=pks).values_list(*lookups)
                for pk in ligne
                if pk is not None
            }
            self.journaliser(
                request,
                Personne.objects.filter(pk__in=ids).only(
                    "pk", "organisme_referent", "departement", "user", "archivee_le"
                ),
            )
        return changelist

    def journaliser(self, request, personnes):
        """One access-log row per person shown, with the organisation opening their file (one INSERT each)."""
        par_organisation = {}
        # The set form of the gate: one query for the involvements of the whole list, not one per row.
        for personne_id, organisation in organisations_donnant_acces(request.user, list(personnes)).items():
            par_organisation.setdefault(organisation or None, []).append(personne_id)
        for organisation, personne_ids in par_organisation.items():
            journaliser_acces_liste(
                personne_ids=personne_ids,
                user_id=request.user.pk,
                organisation_id=organisation,
                partie=self.partie,
                canal=Canal.ADMIN,
            )

    def personne_de(self, obj, chemin=None):
        chemin = self.chemin_personne if chemin is None else chemin
        for attribut in chemin.split("__") if chemin else ():
            obj = getattr(obj, attribut)
        return obj
