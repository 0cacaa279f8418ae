"""What the copy of a person's file holds from ``contrats``: the contracts, every version (and its PDFs),
the plan's actions and the weekly declarations."""

from contrats.models import VersionContrat
from francetravail.donnees.copie import Categorie


def _fichiers(personne):
    fichiers = []
    for version in VersionContrat.objects.filter(contrat__personne=personne).order_by("contrat_id", "numero"):
        base = f"documents/contrats/contrat-{version.contrat_id}-version-{version.numero}"
        if version.document:
            fichiers.append((f"{base}.pdf", version.document))
        if version.document_signe:
            fichiers.append((f"{base}-signe.pdf", version.document_signe))
    return fichiers


CATEGORIES = [
    Categorie(
        "contrats",
        "Contrat d'engagement, plan d'action et déclarations",
        (
            "contrats.ContratEngagement",
            "contrats.VersionContrat",
            "contrats.ActionPlan",
            "contrats.HistoriqueContrat",
            "contrats.DeclarationActivite",
            "contrats.LigneDeclaration",
        ),
        description="Vos contrats d'engagement, chaque version soumise (les PDF sont dans documents/contrats/), "
        "les actions du plan et vos déclarations d'activité.",
        fichiers=_fichiers,
    ),
    Categorie(
        "contrats_historique",
        "Historique des modifications : contrats",
        (
            "contrats.ContratEngagementEvent",
            "contrats.VersionContratEvent",
            "contrats.ActionPlanEvent",
            "contrats.DeclarationActiviteEvent",
            "contrats.LigneDeclarationEvent",
        ),
    ),
]
