"""The contracts' queues of the dashboard's « À faire » (francetravail/personnes/a_faire.py).

On the person's latest contract (as the portfolio's column and ``queries.contrat_courant``):
- to countersign: the person accepted the submitted version, the référent has not signed yet;
- points d'étape due: signed, and the next point d'étape (``rythme_points_etape`` weeks after
  the signature or the last one attended, as ``points_etape.prochain_point_etape``) is today or
  past, with no point d'étape booked to come;
- ORE alerts: professional parcours, signed more than ``contrat.delai_ore`` months ago (national
  value on today's date, as the portfolio's late filter), the ORE still not set (R5411-15-1).
"""

import datetime

from django.db.models import DateField, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Greatest, TruncDate
from django.utils import timezone

from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from contrats.portefeuille import premier_jour_a_temps
from francetravail.parametres.lookup import valeur
from francetravail.personnes.a_faire import File, enregistrer
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from orientation.enums import Parcours


def annoter(qs):
    dernier = ContratEngagement.objects.filter(personne=OuterRef("pk")).order_by("-created_at", "-pk")
    qs = qs.annotate(
        a_faire_contrat_statut=Subquery(dernier.values("statut")[:1]),
        a_faire_contrat_signe_le=Subquery(dernier.values("signe_le")[:1]),
        a_faire_contrat_cree_le=Subquery(dernier.values("created_at")[:1]),
        a_faire_contrat_rythme=Subquery(dernier.values("rythme_points_etape")[:1]),
        a_faire_contrat_parcours=Subquery(dernier.values("parcours")[:1]),
        a_faire_contrat_ore_fixee_le=Subquery(dernier.values("ore_fixee_le")[:1]),
    )
    point_honore = RendezVous.objects.filter(
        personne=OuterRef("pk"),
        creneau__motif=Motif.POINT_ETAPE,
        statut=StatutRendezVous.HONORE,
        creneau__debut__gte=OuterRef("a_faire_contrat_cree_le"),
    ).order_by("-creneau__debut")
    qs = qs.annotate(
        a_faire_dernier_point=TruncDate(Subquery(point_honore.values("creneau__debut")[:1])),
        a_faire_point_a_venir=Exists(
            RendezVous.objects.filter(
                personne=OuterRef("pk"),
                creneau__motif=Motif.POINT_ETAPE,
                statut=StatutRendezVous.RESERVE,
                creneau__debut__gte=timezone.now(),
            )
        ),
    )
    # PostgreSQL's GREATEST ignores NULL: the signature when no point d'étape was attended yet.
    return qs.annotate(
        a_faire_prochain_point=ExpressionWrapper(
            Greatest(TruncDate("a_faire_contrat_signe_le"), "a_faire_dernier_point")
            + Cast(F("a_faire_contrat_rythme") * 7, IntegerField()),
            output_field=DateField(),
        )
    )


def a_contresigner_q():
    return Q(a_faire_contrat_statut=StatutContrat.ACCEPTE)


def points_etape_dus_q():
    return Q(
        a_faire_contrat_signe_le__isnull=False,
        a_faire_prochain_point__lte=timezone.localdate(),
        a_faire_point_a_venir=False,
    )


def alertes_ore_q():
    aujourdhui = timezone.localdate()
    delai = int(valeur("contrat.delai_ore", le=aujourdhui))
    # Signed before this day: the ORE deadline (signature + delay, by calendar months) is past.
    limite = timezone.make_aware(datetime.datetime.combine(premier_jour_a_temps(aujourdhui, delai), datetime.time.min))
    return Q(
        a_faire_contrat_parcours=Parcours.PROFESSIONNEL,
        a_faire_contrat_signe_le__lt=limite,
        a_faire_contrat_ore_fixee_le__isnull=True,
    )


def connecter():
    roles = frozenset(ROLES_ACCOMPAGNEMENT)
    # Countersigning is the référent's; the deadlines of the team are the responsable d'équipe's to follow too.
    suivi = roles | {Role.RESPONSABLE_EQUIPE}
    enregistrer(
        File(
            "contrats_a_contresigner",
            "Contrats à contresigner",
            "Les contrats d'engagement acceptés par la personne, qui attendent la signature du référent.",
            roles,
            q=a_contresigner_q,
            annoter=annoter,
            ordre=20,
        )
    )
    enregistrer(
        File(
            "points_etape_dus",
            "Points d'étape à proposer",
            "Les contrats signés dont le point d'étape est arrivé à échéance, sans point d'étape réservé à venir.",
            suivi,
            q=points_etape_dus_q,
            annoter=annoter,
            ordre=50,
        )
    )
    enregistrer(
        File(
            "alertes_ore",
            "Offres raisonnables d'emploi à fixer",
            "Parcours professionnel signé, délai pour fixer l'offre raisonnable d'emploi passé (C. trav. R5411-15-1).",
            suivi,
            q=alertes_ore_q,
            annoter=annoter,
            ordre=60,
        )
    )
