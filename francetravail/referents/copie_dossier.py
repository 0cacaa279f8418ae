"""What the copy of a person's file holds from ``referents``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "referents",
        "Référents successifs",
        ("referents.HistoriqueReferent",),
        description="Les référents uniques désignés pour vous accompagner, et quand.",
    ),
]
