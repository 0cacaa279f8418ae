"""The portfolio's "orientation" column (francetravail/personnes/portefeuille.py).

Late: an open decision moved to France Travail's queue, i.e. a bRSA not oriented
within the legal delay (CASF D262-65-2, parameter orientation.delai_rsa).
"""

from django.db.models import OuterRef, Q, Subquery

from francetravail.personnes.portefeuille import Colonne, enregistrer
from orientation.enums import STATUTS_OUVERTS, FileDecision, Parcours, StatutDecision

_STATUTS = dict(StatutDecision.choices)
_PARCOURS = dict(Parcours.choices)


def _annoter(qs):
    from orientation.models import DecisionOrientation

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
