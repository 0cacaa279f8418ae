"""What the copy of a person's file holds from ``audit``: who read the file, and what was done in it."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "consultations",
        "Qui a consulté votre dossier",
        ("audit.JournalAcces",),
        description="Chaque lecture de votre dossier par un professionnel ou un logiciel du réseau : quand, qui, "
        "pour quelle organisation et quelle partie du dossier (journal conservé 6 mois).",
        noms={"audit.JournalAcces": ("user", "organisation", "professionnel")},
    ),
    Categorie(
        "evenements",
        "Ce qui a été fait dans votre dossier",
        ("audit.AuditEvent",),
        description="Chaque action enregistrée sur votre dossier : qui, quand, pour quelle organisation.",
        noms={"audit.AuditEvent": ("acting_user", "organisation")},
    ),
]
