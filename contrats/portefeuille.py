"""The portfolio's "contrat d'engagement" column (francetravail/personnes/portefeuille.py).

Late: the contract of the person's current orientation is not signed one month after
the orientation (or re-orientation) was notified (D5411-14-1, D5411-14-2). A contract
under revision is not late: its signed version stays in force (as in
``contrats.queries.filtre_en_retard``, which the daily sweep uses).

The list filter ("en retard") uses the national value of the delay on today's date;
the cell of each row uses the contract's own deadline, computed with the person's
département when the draft was opened.
"""

import datetime

from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from contrats import regles
from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from francetravail.parametres.lookup import valeur
from francetravail.parametres.sql import valeur_en_vigueur
from francetravail.personnes.portefeuille import Colonne, Etape, enregistrer, enregistrer_etape
from orientation.enums import STATUTS_DECIDES
from orientation.models import DecisionOrientation

_STATUTS = dict(StatutContrat.choices)


def _annoter(qs):
    # The orientation a contract must follow: the latest decided and notified one (as contrats.actions.rediger).
    orientation = DecisionOrientation.objects.filter(
        personne=OuterRef("pk"), statut__in=list(STATUTS_DECIDES), notifiee_le__isnull=False
    ).order_by("-decidee_le", "-pk")
    contrat = ContratEngagement.objects.filter(personne=OuterRef("pk")).order_by("-created_at", "-pk")
    qs = qs.annotate(
        contrat_orientation_courante=Subquery(orientation.values("pk")[:1]),
        contrat_orientation_notifiee_le=Subquery(orientation.values("notifiee_le")[:1]),
        contrat_orientation_reorientation=Subquery(orientation.values("reorientation_de")[:1]),
        contrat_orientation=Subquery(contrat.values("orientation")[:1]),
        contrat_statut=Subquery(contrat.values("statut")[:1]),
        contrat_echeance=Subquery(contrat.values("echeance_signature")[:1]),
        contrat_signe_le=Subquery(contrat.values("signe_le")[:1]),
    ).annotate(contrat_jour_notification=TruncDate("contrat_orientation_notifiee_le"))
    # The delay in force on the notification day, read in SQL: no query per row of the page.
    return qs.annotate(
        contrat_delai_sans_contrat=Case(
            When(
                contrat_orientation_reorientation__isnull=False,
                then=valeur_en_vigueur("contrat.delai_signature_reorientation", le="contrat_jour_notification"),
            ),
            default=valeur_en_vigueur("contrat.delai_signature", le="contrat_jour_notification"),
        )
    )


def _a_jour(personne):
    """The latest contract follows the current orientation."""
    return (
        personne.contrat_statut is not None and personne.contrat_orientation == personne.contrat_orientation_courante
    )


def _echeance_sans_contrat(personne):
    # contrat.delai_signature(_reorientation) on the notification day (annotated by _annoter).
    notifiee_le = timezone.localdate(personne.contrat_orientation_notifiee_le)
    return regles.echeance_signature(notifiee_le, delai_mois=int(personne.contrat_delai_sans_contrat))


def _texte(personne):
    if personne.contrat_orientation_courante is None:
        return "Après l'orientation"
    if _a_jour(personne):
        if personne.contrat_signe_le is not None:
            return "Signé" if personne.contrat_statut == StatutContrat.SIGNE else "Signé, révision en cours"
        return f"{_STATUTS[personne.contrat_statut]}, à signer avant le {personne.contrat_echeance:%d/%m/%Y}"
    return f"À rédiger, à signer avant le {_echeance_sans_contrat(personne):%d/%m/%Y}"


def _en_retard(personne):
    aujourdhui = timezone.localdate()
    if personne.contrat_orientation_courante is None:
        return False
    if _a_jour(personne):
        return personne.contrat_signe_le is None and personne.contrat_echeance < aujourdhui
    return _echeance_sans_contrat(personne) < aujourdhui


def premier_jour_a_temps(aujourdhui, delai_mois):
    """The earliest notification date whose deadline is not yet passed today.

    Month ends make "minus one month" ambiguous (31 March − 1 month?), so the day is
    found from the rule itself: the deadline of any earlier day is before today.
    """
    jour = regles.ajouter_mois(aujourdhui, -delai_mois)
    un_jour = datetime.timedelta(days=1)
    while regles.echeance_signature(jour, delai_mois=delai_mois) < aujourdhui:
        jour += un_jour
    while regles.echeance_signature(jour - un_jour, delai_mois=delai_mois) >= aujourdhui:
        jour -= un_jour
    return jour


def _retard_q():
    aujourdhui = timezone.localdate()
    delai = int(valeur("contrat.delai_signature", le=aujourdhui))
    limite = timezone.make_aware(datetime.datetime.combine(premier_jour_a_temps(aujourdhui, delai), datetime.time.min))
    # Written without negating a NULL comparison: "no contract" is tested on the status first.
    a_jour = Q(contrat_statut__isnull=False, contrat_orientation=F("contrat_orientation_courante"))
    pas_a_jour = Q(contrat_statut__isnull=True) | ~Q(contrat_orientation=F("contrat_orientation_courante"))
    # As contrats.queries.filtre_en_retard: never signed (a contract under revision was signed).
    return (a_jour & Q(contrat_signe_le__isnull=True, contrat_echeance__lt=aujourdhui)) | (
        pas_a_jour & Q(contrat_orientation_courante__isnull=False, contrat_orientation_notifiee_le__lt=limite)
    )


def _a_signer_q():
    """Oriented, and no signed contract follows the current orientation (the « étape » filter)."""
    a_jour = Q(contrat_statut__isnull=False, contrat_orientation=F("contrat_orientation_courante"))
    pas_a_jour = Q(contrat_statut__isnull=True) | ~Q(contrat_orientation=F("contrat_orientation_courante"))
    return Q(contrat_orientation_courante__isnull=False) & (pas_a_jour | (a_jour & Q(contrat_signe_le__isnull=True)))


def connecter():
    enregistrer_etape(Etape("contrat_a_signer", "Contrat d'engagement à signer", _a_signer_q, ordre=40))
    enregistrer(
        Colonne(
            "contrat",
            "Contrat d'engagement",
            _annoter,
            _texte,
            # A function: the limit is today's, computed when the list is filtered.
            retard_q=_retard_q,
            en_retard=_en_retard,
            ordre=40,
        )
    )
