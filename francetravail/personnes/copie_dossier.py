"""What the copy of a person's file holds from ``personnes`` (francetravail/donnees/copie.py)."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "identite",
        "Identité, coordonnées et organisme référent",
        ("personnes.Personne",),
        description="Votre identité, vos coordonnées, votre organisme référent et votre référent unique.",
        noms={"personnes.Personne": ("commune", "departement", "organisme_referent", "referent_unique")},
    ),
    Categorie(
        "entourage",
        "Les organisations autour du dossier",
        ("personnes.Implication", "personnes.HistoriqueImplication"),
        description="Les organisations invitées à travailler votre dossier, et les étapes de chaque invitation.",
        noms={"personnes.Implication": ("organisation",)},
    ),
    Categorie(
        "personnes_historique",
        "Historique des modifications : identité et entourage",
        ("personnes.PersonneEvent", "personnes.ImplicationEvent"),
        description="Chaque modification enregistrée de votre identité et des organisations autour du dossier.",
    ),
]
