"""What the copy of a person's file holds from ``sanctions``: failures, procedures, appeals and letters."""

from francetravail.donnees.copie import Categorie
from sanctions.models import CourrierProcedure


def _fichiers(personne):
    return [
        (f"documents/courriers/courrier-{courrier.pk}-{courrier.type_courrier}.pdf", courrier.document)
        for courrier in CourrierProcedure.objects.filter(procedure__personne=personne).order_by("pk")
        if courrier.document
    ]


CATEGORIES = [
    Categorie(
        "sanctions",
        "Manquements, sanctions et recours",
        (
            "sanctions.Manquement",
            "sanctions.ProcedureSanction",
            "sanctions.HistoriqueProcedure",
            "sanctions.Recours",
            "sanctions.CorrectionFoyer",
            "sanctions.CourrierProcedure",
            "sanctions.FinDroitRSA",
        ),
        description="Les manquements signalés, les procédures de suspension-remobilisation, vos recours et les "
        "courriers envoyés (les PDF sont dans documents/courriers/).",
        fichiers=_fichiers,
    ),
    Categorie(
        "sanctions_historique",
        "Historique des modifications : sanctions",
        (
            "sanctions.ManquementEvent",
            "sanctions.ProcedureSanctionEvent",
            "sanctions.RecoursEvent",
            "sanctions.CourrierProcedureEvent",
            "sanctions.FinDroitRSAEvent",
        ),
    ),
]
