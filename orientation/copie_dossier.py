"""What the copy of a person's file holds from ``orientation``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "orientation",
        "Orientation",
        ("orientation.DecisionOrientation", "orientation.HistoriqueDecision"),
        description="Les propositions et décisions d'orientation, et leurs étapes.",
    ),
    Categorie(
        "orientation_historique",
        "Historique des modifications : orientation",
        ("orientation.DecisionOrientationEvent",),
    ),
]
