"""Before publishing a version: what it would change for the people of its territory."""

from collections import defaultdict

from django.db.models import Exists, OuterRef

from inscription.enums import StatutInscription
from inscription.models import DossierInscription, DroitRSA, FreinIdentifie
from orientation import rules
from orientation.decisions import situation_depuis_dossier
from orientation.queries import regles_de_version, regles_en_vigueur

TAILLE_LOT = 5_000


def population(departement_code=None):
    """(personne_id, Situation) of the registered people of the territory, read by batches (3 queries each)."""
    dossiers = (
        DossierInscription.objects.filter(statut=StatutInscription.INSCRIT)
        .select_related("personne")
        .annotate(a_droit_rsa=Exists(DroitRSA.objects.filter(personne=OuterRef("personne_id"))))
        .order_by("pk")
    )
    if departement_code:
        dossiers = dossiers.filter(personne__departement_id=departement_code)
    dernier = 0
    while lot := list(dossiers.filter(pk__gt=dernier)[:TAILLE_LOT]):
        dernier = lot[-1].pk
        freins = defaultdict(list)
        for dossier_id, intensite in FreinIdentifie.objects.filter(dossier__in=lot).values_list(
            "dossier_id", "intensite"
        ):
            freins[dossier_id].append(intensite)
        for dossier in lot:
            rsa = dossier.a_droit_rsa or "rsa" in (dossier.prestations or [])
            yield (
                dossier.personne_id,
                situation_depuis_dossier(dossier, personne=dossier.personne, freins=freins[dossier.pk], rsa=rsa),
            )


def simuler_version(version):
    """``rules.Simulation`` of publishing ``version`` over the registered people of its territory."""
    departement = version.referentiel.departement_id
    return rules.simuler(regles_en_vigueur(departement), regles_de_version(version), population(departement))
