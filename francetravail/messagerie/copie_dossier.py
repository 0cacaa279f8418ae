"""What the copy of a person's file holds from ``messagerie``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "messages",
        "Messages",
        ("messagerie.Message", "messagerie.MessageEvent"),
        description="Les messages échangés avec les professionnels qui vous accompagnent.",
        noms={"messagerie.Message": ("organisme", "auteur")},
    ),
]
