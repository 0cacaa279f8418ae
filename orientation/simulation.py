"""Before publishing a version: what it would change for the people of its territory."""

from inscription.enums import StatutInscription
from inscription.models import DossierInscription
from orientation import regles
from orientation.masse import avec_personne_et_rsa, situations
from orientation.queries import regles_de_version, regles_en_vigueur

TAILLE_LOT = 5_000


def population(departement_code=None):
    """(personne_id, Situation) of the registered people of the territory, read by batches (3 queries each)."""
    dossiers = avec_personne_et_rsa(DossierInscription.objects.filter(statut=StatutInscription.INSCRIT)).order_by("pk")
    if departement_code:
        dossiers = dossiers.filter(personne__departement_id=departement_code)
    dernier = 0
    while lot := list(dossiers.filter(pk__gt=dernier)[:TAILLE_LOT]):
        dernier = lot[-1].pk
        for dossier, situation in situations(lot):
            yield dossier.personne_id, situation


def simuler_version(version):
    """``regles.Simulation`` of publishing ``version`` over the registered people of its territory."""
    departement = version.referentiel.departement_id
    return regles.simuler(regles_en_vigueur(departement), regles_de_version(version), population(departement))
