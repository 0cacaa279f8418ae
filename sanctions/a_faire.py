"""The sanctions' queues of the dashboard's « À faire » (francetravail/personnes/a_faire.py): the
unexcused absences to examine (a people-queue: the portfolio list filtered on them), the équipe
pluridisciplinaire's opinions awaited and the appeals to instruct (their own pages)."""

from django.db.models import Exists, OuterRef, Q

from francetravail.personnes.a_faire import File, enregistrer
from francetravail.rendezvous.enums import StatutManquement
from francetravail.rendezvous.models import ManquementAExaminer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from sanctions import queries


def _annoter(qs):
    a_examiner = ManquementAExaminer.objects.filter(personne=OuterRef("pk"), statut=StatutManquement.A_EXAMINER)
    return qs.annotate(a_faire_manquement_a_examiner=Exists(a_examiner))


def _avis_attendus(user):
    return queries.avis_equipe_attendus(user).count()


def _recours(user):
    return queries.recours_a_instruire(user).count()


def connecter():
    enregistrer(
        File(
            "manquements_a_examiner",
            "Manquements à examiner",
            "Les absences non excusées à un rendez-vous, à examiner : signaler un manquement ou non.",
            frozenset(ROLES_ACCOMPAGNEMENT),
            q=Q(a_faire_manquement_a_examiner=True),
            annoter=_annoter,
            ordre=70,
        )
    )
    enregistrer(
        File(
            "avis_equipe_pluridisciplinaire",
            "Avis de l'équipe pluridisciplinaire attendus",
            "Les procédures RSA qui attendent l'avis de l'équipe pluridisciplinaire avant la décision (CASF L262-37).",
            frozenset({Role.EQUIPE_PLURIDISCIPLINAIRE}),
            compter=_avis_attendus,
            url="backoffice:sanctions",
            parametres="avis_attendu=on",
            ordre=80,
        )
    )
    enregistrer(
        File(
            "recours_a_instruire",
            "Recours à instruire",
            "Les recours contre des décisions de sanction dont vous êtes chargé : médiation préalable ou RAPO.",
            frozenset(queries.ROLES_RECOURS),
            compter=_recours,
            url="backoffice:sanctions_recours",
            ordre=90,
        )
    )
