"""The portfolio's "orientation" column (francetravail/personnes/portefeuille.py).

Late: an open decision moved to France Travail's queue, i.e. a bRSA not oriented
within the legal delay (CASF D262-65-2, parameter orientation.delai_rsa).
"""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from francetravail.parametres.lookup import valeur, valeurs_par_departement
from francetravail.personnes.portefeuille import Colonne, enregistrer
from orientation.enums import STATUTS_DECIDES, STATUTS_OUVERTS, FileDecision, Parcours, StatutDecision

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


# First appointment within 15 days of the orientation (parameter rendezvous.delai_premier_rdv;
# a service objective, no legal delay found): late when the orientation was decided more
# than that many days ago and no appointment has been booked or held since.


def _annoter_premier_rdv(qs):
    from francetravail.rendezvous.enums import StatutRendezVous
    from francetravail.rendezvous.models import RendezVous
    from orientation.models import DecisionOrientation

    decidee = DecisionOrientation.objects.filter(personne=OuterRef("pk"), statut__in=list(STATUTS_DECIDES)).order_by(
        "-decidee_le"
    )
    qs = qs.annotate(orientation_decidee_le=Subquery(decidee.values("decidee_le")[:1]))
    rdv = RendezVous.objects.filter(
        personne=OuterRef("pk"),
        statut__in=[StatutRendezVous.RESERVE, StatutRendezVous.HONORE],
        creneau__debut__gte=OuterRef("orientation_decidee_le"),
    )
    return qs.annotate(premier_rdv_pris=Exists(rdv))


def _limite(jours=None, departement=None):
    # The person's département may promise a shorter delay (parametres.lookup.retenir).
    if jours is None:
        jours = valeur("rendezvous.delai_premier_rdv", departement=departement)
    return timezone.now() - datetime.timedelta(days=int(jours))


def _retard_premier_rdv_q():
    nationale, par_departement = valeurs_par_departement("rendezvous.delai_premier_rdv")
    condition = Q(orientation_decidee_le__lt=_limite(nationale)) & ~Q(departement_id__in=list(par_departement))
    for departement, jours in par_departement.items():
        condition |= Q(departement_id=departement, orientation_decidee_le__lt=_limite(jours))
    return condition & Q(premier_rdv_pris=False)


def _texte_premier_rdv(personne):
    if personne.orientation_decidee_le is None:
        return "Après l'orientation"
    if personne.premier_rdv_pris:
        return "Pris"
    echeance = timezone.localdate(personne.orientation_decidee_le) + datetime.timedelta(
        days=int(valeur("rendezvous.delai_premier_rdv", departement=personne.departement_id))
    )
    return f"À prendre avant le {echeance:%d/%m/%Y}"


def _premier_rdv_en_retard(personne):
    return (
        personne.orientation_decidee_le is not None
        and not personne.premier_rdv_pris
        and personne.orientation_decidee_le < _limite(departement=personne.departement_id)
    )


def connecter_premier_rdv():
    enregistrer(
        Colonne(
            "premier_rdv",
            "Premier rendez-vous",
            _annoter_premier_rdv,
            _texte_premier_rdv,
            # A function: the limit is today's, computed when the list is filtered.
            retard_q=_retard_premier_rdv_q,
            en_retard=_premier_rdv_en_retard,
            ordre=30,
        )
    )
