"""The portfolio's "orientation" column (francetravail/personnes/portefeuille.py).

Late: an open decision moved to France Travail's queue, i.e. a bRSA not oriented
within the legal delay (CASF D262-65-2, parameter orientation.delai_rsa).
"""

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from francetravail.personnes.portefeuille import Colonne, Etape, enregistrer, enregistrer_etape
from orientation import premier_rdv
from orientation.enums import STATUTS_OUVERTS, FileDecision, Parcours, StatutDecision
from orientation.models import DecisionOrientation

_STATUTS = dict(StatutDecision.choices)
_PARCOURS = dict(Parcours.choices)


def _annoter(qs):
    derniere = DecisionOrientation.objects.filter(personne=OuterRef("pk")).order_by("-created_at", "-pk")
    return qs.annotate(
        orientation_statut=Subquery(derniere.values("statut")[:1]),
        orientation_file=Subquery(derniere.values("file")[:1]),
        orientation_parcours=Subquery(derniere.values("parcours")[:1]),
    )


def _texte(personne):
    if personne.orientation_statut is None:
        return "Pas encore d'orientation"
    if personne.orientation_statut in STATUTS_OUVERTS:
        return f"En attente ({_STATUTS[personne.orientation_statut].lower()})"
    return _PARCOURS.get(personne.orientation_parcours, "Orientée")


def _en_retard(personne):
    return personne.orientation_statut in STATUTS_OUVERTS and personne.orientation_file == FileDecision.FRANCE_TRAVAIL


def connecter():
    enregistrer(
        Colonne(
            "orientation",
            "Orientation",
            _annoter,
            _texte,
            retard_q=Q(orientation_statut__in=list(STATUTS_OUVERTS), orientation_file=FileDecision.FRANCE_TRAVAIL),
            en_retard=_en_retard,
            ordre=20,
        )
    )
    # The portfolio's « étape » filter: not oriented yet (no decision, or one still open).
    a_orienter = Q(orientation_statut__isnull=True) | Q(orientation_statut__in=list(STATUTS_OUVERTS))
    enregistrer_etape(Etape("a_orienter", "Orientation à décider", lambda: a_orienter, ordre=20))


# First appointment within rendezvous.delai_premier_rdv days (15) of the notified orientation
# (a service objective, no legal delay found; the rule: francetravail.rendezvous.regles).
# Late: nothing booked once the limit has passed, or the first appointment is after it —
# also when a professional fixed it there with a reason (it is recorded, not on time).


def _texte_premier_rdv(personne):
    if personne.premier_rdv_reference is None:
        return "Après l'orientation"
    limite = personne.premier_rdv_limite
    if personne.premier_rdv_debut is None:
        return f"À prendre au plus tard le {limite:%d/%m/%Y}"
    jour = timezone.localdate(personne.premier_rdv_debut)
    if premier_rdv.hors_delai(personne):
        motive = ", motif enregistré" if personne.premier_rdv_hors_delai else ""
        return f"Le {jour:%d/%m/%Y}, hors délai (limite le {limite:%d/%m/%Y}{motive})"
    return f"Le {jour:%d/%m/%Y}"


def connecter_premier_rdv():
    enregistrer(
        Colonne(
            "premier_rdv",
            "Premier rendez-vous",
            premier_rdv.annoter,
            _texte_premier_rdv,
            # A function: the limit is today's, computed when the list is filtered.
            retard_q=premier_rdv.en_retard_q,
            en_retard=premier_rdv.est_en_retard,
            ordre=30,
        )
    )
    a_prendre = Q(premier_rdv_reference__isnull=False, premier_rdv_debut__isnull=True)
    enregistrer_etape(Etape("premier_rdv", "Premier rendez-vous à prendre", lambda: a_prendre, ordre=30))
