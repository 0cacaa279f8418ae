"""The messages' queue of the dashboard's « À faire » (francetravail/personnes/a_faire.py): the
people waiting for an answer beyond the promised delay (parameter ``messagerie.delai_reponse``)."""

from francetravail.messagerie import queries
from francetravail.personnes.a_faire import File, enregistrer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT


def connecter():
    enregistrer(
        File(
            "messages_sans_reponse",
            "Messages sans réponse dans le délai promis",
            "Les personnes qui attendent une réponse au-delà du délai promis (une réponse sous 72 heures).",
            frozenset(ROLES_ACCOMPAGNEMENT),
            compter=queries.nombre_sans_reponse,
            url="backoffice:messages_non_lus",
            parametres="sans_reponse=1",
            ordre=40,
        )
    )
