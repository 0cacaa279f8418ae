"""What the copy of a person's file holds from ``donnees``: the copies asked and the rectification requests."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "droits",
        "Copies demandées et demandes de rectification",
        ("donnees.CopieDossier", "donnees.DemandeRectification"),
        description="Les copies de votre dossier que vous avez demandées, et vos demandes de rectification.",
        noms={
            "donnees.CopieDossier": ("demandee_par",),
            "donnees.DemandeRectification": ("demandee_par", "organisation", "repondue_par"),
        },
    ),
]
