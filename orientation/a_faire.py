"""The orientation's queues of the dashboard's « À faire » (francetravail/personnes/a_faire.py):
the decisions the user may take (the deciders' queue) and the first appointments overdue
(15 days after the notified orientation, ``premier_rdv``)."""

from francetravail.personnes.a_faire import File, enregistrer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from orientation import acces, premier_rdv


def _orientations_a_decider(user):
    return acces.decisions_a_traiter(user).count()


def _annoter_premier_rdv(qs):
    # The delay written into the SQL: a count over an agency's thousands of people stays fast.
    return premier_rdv.annoter(qs, en_ligne=True)


def connecter():
    enregistrer(
        File(
            "orientations_a_decider",
            "Orientations à décider",
            "Les orientations proposées par les règles ou en entretien, à confirmer ou modifier puis notifier.",
            frozenset(acces.ROLES_DECIDEURS),
            compter=_orientations_a_decider,
            url="backoffice:orientations",
            ordre=10,
        )
    )
    enregistrer(
        File(
            "premiers_rdv_en_retard",
            "Premiers rendez-vous en retard",
            "Les personnes orientées sans premier rendez-vous dans le délai (15 jours après l'orientation notifiée), "
            "ou dont le premier rendez-vous a été fixé au-delà.",
            # The responsable d'équipe follows the team's backlog (the list is open to them).
            frozenset(ROLES_ACCOMPAGNEMENT | {Role.RESPONSABLE_EQUIPE}),
            q=premier_rdv.en_retard_q,
            annoter=_annoter_premier_rdv,
            ordre=30,
        )
    )
