"""What the copy of a person's file holds from ``accompagnement``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "modalite",
        "Modalité d'accompagnement",
        ("accompagnement.ModalitePersonne", "accompagnement.ModalitePersonneEvent"),
        description="La modalité de votre accompagnement et ses changements.",
    ),
]
