"""What the copy of a person's file holds from ``rendezvous``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "rendezvous",
        "Rendez-vous et présences",
        (
            "rendezvous.RendezVous",
            "rendezvous.HistoriqueRendezVous",
            "rendezvous.SuiviRendezVous",
            "rendezvous.HistoriqueSuivi",
            "rendezvous.ManquementAExaminer",
        ),
        description="Vos rendez-vous, leurs étapes, les présences et les absences relevées.",
        noms={"rendezvous.RendezVous": ("creneau",)},
    ),
    Categorie(
        "rendezvous_historique",
        "Historique des modifications : rendez-vous",
        ("rendezvous.RendezVousEvent", "rendezvous.ManquementAExaminerEvent"),
    ),
]
