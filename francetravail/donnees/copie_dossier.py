"""What the copy of a person's file holds from ``donnees``: the copies asked, the rectification requests and the
notices sent before the archive."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "droits",
        "Copies demandées, demandes de rectification et préavis d'archivage",
        ("donnees.CopieDossier", "donnees.DemandeRectification", "donnees.PreavisArchivage"),
        description=(
            "Les copies de votre dossier que vous avez demandées, vos demandes de rectification, et les préavis "
            "qui vous ont prévenu avant le passage de votre dossier en archive."
        ),
        noms={
            "donnees.CopieDossier": ("demandee_par",),
            "donnees.DemandeRectification": ("demandee_par", "organisation", "repondue_par"),
        },
    ),
]
