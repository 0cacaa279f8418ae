"""What the copy of a person's file holds from ``diagnostic``: every section, the sensitive ones included
(the copy is given to the person only, who is what they are about)."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "diagnostic",
        "Diagnostic",
        ("diagnostic.Diagnostic", "diagnostic.VersionSection", "diagnostic.PieceDiagnostic"),
        description="Votre diagnostic, chaque version de ses sections et les pièces justificatives jointes à une "
        "section (les fichiers sont dans documents/).",
    ),
    Categorie(
        "diagnostic_historique",
        "Historique des modifications : diagnostic",
        ("diagnostic.DiagnosticEvent", "diagnostic.VersionSectionEvent", "diagnostic.PieceDiagnosticEvent"),
    ),
]
