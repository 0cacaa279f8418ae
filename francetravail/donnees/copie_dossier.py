"""What the copy of a person's file holds from ``donnees``: the copies asked, the rectification requests and the
notice sent before the archive."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "droits",
        "Copies demandées, demandes de rectification et préavis d'archivage",
        ("donnees.CopieDossier", "donnees.DemandeRectification", "donnees.PreavisArchivage"),
        description="Les copies de votre dossier que vous avez demandées, vos demandes de rectification, et quand "
        "vous avez été prévenu(e) que votre dossier allait être archivé faute d'activité.",
        noms={
            "donnees.CopieDossier": ("demandee_par",),
            "donnees.DemandeRectification": ("demandee_par", "organisation", "repondue_par"),
        },
    ),
]
