"""The rectification requests' queue of the dashboard's « À faire » (francetravail/personnes/a_faire.py): the
open requests sent to the organisations where the user accompanies, the overdue ones first on its page."""

from francetravail.donnees import rectification_file
from francetravail.personnes.a_faire import File, enregistrer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT


def connecter():
    enregistrer(
        File(
            "demandes_rectification",
            "Demandes de rectification",
            "Les personnes qui demandent la correction de leurs données : une réponse est due dans le délai légal.",
            frozenset(ROLES_ACCOMPAGNEMENT),
            compter=rectification_file.nombre_a_traiter,
            url="backoffice:rectifications",
            ordre=45,
        )
    )
