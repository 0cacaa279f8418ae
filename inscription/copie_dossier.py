"""What the copy of a person's file holds from ``inscription``."""

from francetravail.donnees.copie import Categorie

CATEGORIES = [
    Categorie(
        "inscription",
        "Inscription, situation et droit au RSA",
        (
            "inscription.DossierInscription",
            "inscription.FreinIdentifie",
            "inscription.DroitRSA",
            "inscription.DoublonPotentiel",
        ),
        description="Votre inscription, votre situation (dont les freins identifiés), vos droits au RSA transmis "
        "par la CAF ou la MSA, et les vérifications de doublon de votre dossier.",
        # A possible duplicate names another file: its id is not given (it is another person's).
        exclure={"inscription.DoublonPotentiel": ("autre",)},
    ),
    Categorie(
        "inscription_historique",
        "Historique des modifications : inscription et droits",
        ("inscription.DossierInscriptionEvent", "inscription.FreinIdentifieEvent", "inscription.DroitRSAEvent"),
    ),
]
