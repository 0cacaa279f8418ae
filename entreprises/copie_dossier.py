"""What the copy of a person's file holds from ``entreprises``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "emploi",
        "Candidatures, immersions et recherche d'emploi",
        (
            "entreprises.ProfilRecherche",
            "entreprises.Candidature",
            "entreprises.HistoriqueCandidature",
            "entreprises.Immersion",
        ),
        description="Le profil de recherche que voient les employeurs, vos candidatures et leurs étapes, "
        "vos immersions.",
        noms={"entreprises.Candidature": ("offre",), "entreprises.Immersion": ("entreprise",)},
    ),
    Categorie(
        "emploi_historique",
        "Historique des modifications : candidatures et immersions",
        ("entreprises.CandidatureEvent", "entreprises.ImmersionEvent"),
    ),
]
