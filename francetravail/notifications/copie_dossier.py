"""What the copy of a person's file holds from ``notifications``: the emails, SMS and messages sent to them."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "avis",
        "Courriels, SMS et avis envoyés",
        ("notifications.Notification",),
        description="Les courriels, SMS et avis de votre espace envoyés à votre compte, avec leur remise.",
        filtres={"notifications.Notification": lambda personne: {"destinataire_id": personne.user_id}},
    ),
]
