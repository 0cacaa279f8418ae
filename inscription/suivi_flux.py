"""The dashboard's line for a département's CAF/MSA flows (francetravail/personnes/a_faire.py).

One line per département whose flows the user runs (``acces.departements_flux``), counting its
imports that need an eye: still waiting or running, or failed and not redone since (no finished
import after them). A user who runs no département's flows gets no line.
"""

from django.db.models import Count, Exists, OuterRef, Q

from francetravail.personnes.a_faire import File, enregistrer
from francetravail.reseau.models import Departement
from inscription.acces import ROLES_FLUX, departements_flux
from inscription.enums import StatutImport
from inscription.models import ImportFluxCAF


def a_suivre(codes):
    """{département code: imports waiting, running, or failed and not redone since}, one query."""
    if not codes:
        return {}
    refait = ImportFluxCAF.objects.filter(
        departement_id=OuterRef("departement_id"), statut=StatutImport.TERMINE, cree_le__gt=OuterRef("cree_le")
    )
    lignes = (
        ImportFluxCAF.objects.filter(departement_id__in=codes)
        .filter(
            Q(statut__in=[StatutImport.EN_ATTENTE, StatutImport.EN_COURS])
            | Q(statut=StatutImport.ECHEC) & ~Exists(refait)
        )
        .values("departement_id")
        .annotate(n=Count("pk"))
    )
    return {ligne["departement_id"]: ligne["n"] for ligne in lignes}


def _detailler(user):
    codes = departements_flux(user)
    if not codes:
        return []
    nombres = a_suivre(codes)
    noms = dict(Departement.objects.filter(code__in=codes).values_list("code", "nom"))
    return [(f"{code} {noms.get(code, '')}".strip(), nombres.get(code, 0), {"departement": code}) for code in codes]


def connecter():
    enregistrer(
        File(
            cle="flux_caf",
            libelle="Flux CAF/MSA : imports en cours ou en échec",
            description="Les fichiers de la CAF et de la MSA et les exports de votre logiciel : téléverser, "
            "vérifier l'aperçu, importer, lire le rapport.",
            roles=ROLES_FLUX,
            detailler=_detailler,
            url="backoffice:flux_caf",
            ordre=90,
        )
    )
