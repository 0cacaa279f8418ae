"""What the copy of a person's file holds from ``invitations`` (never the link's secret code)."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "invitations",
        "Invitations à prendre rendez-vous",
        ("invitations.Invitation", "invitations.EnvoiInvitation", "invitations.DemandeRappel"),
        description="Les invitations à prendre rendez-vous envoyées, leurs envois et vos demandes de rappel.",
        # The code and nonce open the invitation's link: a key, not data about the person.
        exclure={"invitations.Invitation": ("code", "nonce")},
        noms={"invitations.Invitation": ("organisation",)},
    ),
]
