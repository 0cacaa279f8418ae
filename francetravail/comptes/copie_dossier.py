"""What the copy of a person's file holds from ``comptes``: the person's own account (never its password)."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "compte",
        "Votre compte",
        ("comptes.User", "comptes.UserEvent"),
        description="Votre compte de connexion : adresse, nom, date de création, dernière connexion, et ses "
        "modifications.",
        # The person's account is not under the file (the file points at it): found by the file's key.
        filtres={
            "comptes.User": lambda personne: {"pk": personne.user_id},
            "comptes.UserEvent": lambda personne: {"pgh_obj_id": personne.user_id},
        },
        exclure={"comptes.User": ("is_superuser", "is_staff"), "comptes.UserEvent": ("is_superuser", "is_staff")},
    ),
]
