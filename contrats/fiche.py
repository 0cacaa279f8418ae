"""The contract's block on the person page (francetravail/personnes/synthese.py): its state, weekly
hours, ORE and next point d'étape, and the alerts the contract's own rules raise (signature due or late,
point d'étape due, ORE not set in time: ``contrats.regles``, ``contrats.points_etape``)."""

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from contrats import points_etape, regles
from contrats.enums import AmenagementDuree, StatutAction, StatutContrat
from contrats.models import ActionPlan, ContratEngagement
from francetravail.parametres.lookup import ParametreIntrouvable
from francetravail.personnes.synthese import (
    Alerte,
    Bloc,
    Lecture,
    Rubrique,
    brancher,
    brancher_etats,
    instant,
    jour,
    lire_objet,
    objet,
    parametre,
)
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous

_STATUTS = dict(StatutContrat.choices)
DELAI_ORE = "contrat.delai_ore"


def _annoter(qs):
    contrat = ContratEngagement.objects.filter(personne=OuterRef("pk")).order_by("-created_at", "-pk")
    heures = (
        ActionPlan.objects.filter(contrat=OuterRef("pk"))
        .exclude(statut=StatutAction.ABANDONNEE)
        .order_by()
        .values("contrat")
        .annotate(total=Sum("heures_hebdo"))
        .values("total")
    )
    # As points_etape.dernier_point_etape: the last point d'étape attended since the contract was drafted.
    dernier_point = RendezVous.objects.filter(
        personne=OuterRef("personne_id"),
        creneau__motif=Motif.POINT_ETAPE,
        statut=StatutRendezVous.HONORE,
        creneau__debut__gte=OuterRef("created_at"),
    ).order_by("-creneau__debut")
    return qs.annotate(
        fiche_contrat=objet(
            contrat,
            statut="statut",
            parcours="parcours",
            echeance_signature="echeance_signature",
            signe_le="signe_le",
            created_at="created_at",
            amenagement_duree="amenagement_duree",
            ore_fixee_le="ore_fixee_le",
            rythme_points_etape="rythme_points_etape",
            heures=Subquery(heures),
            dernier_point=Subquery(dernier_point.values("creneau__debut")[:1]),
        )
    )


def _alerte_ore(personne, d, jour_signature, ore, aujourdhui):
    """As ``ContratEngagement.alerte_ore``: the delay in force on the signature day, for the person's département."""
    if not regles.ore_possible(d["parcours"]) or ore is not None:
        return None
    try:
        delai = int(parametre(personne, DELAI_ORE, jour_signature))
    except ParametreIntrouvable:
        return None
    if regles.alerte_ore(
        d["parcours"], signe_le=jour_signature, ore_fixee_le=ore, aujourdhui=aujourdhui, delai_mois=delai
    ):
        echeance = regles.echeance_ore(jour_signature, delai_mois=delai)
        return Alerte("Offre raisonnable d’emploi non fixée dans le délai", echeance, "contrat/")
    return None


def lire(personne, aujourdhui):
    d = lire_objet(personne.fiche_contrat)
    statut = d.get("statut")
    if statut is None:
        return Lecture(Bloc("contrat", "Contrat d’engagement", "Pas encore rédigé", lien="contrat/"))
    details, alertes = [], []
    if d["amenagement_duree"] == AmenagementDuree.DISPENSE:
        details.append(("Durée hebdomadaire", "Dispense"))
    else:
        heures = Decimal(d["heures"] or 0).normalize()
        details.append(("Durée hebdomadaire", f"{heures:f} h".replace(".", ",")))
    ore = jour(d["ore_fixee_le"])
    if regles.ore_possible(d["parcours"]):
        details.append(("Offre raisonnable d’emploi", f"fixée le {ore:%d/%m/%Y}" if ore else "Non fixée"))
    signe_le = instant(d["signe_le"])
    echeance_signature = jour(d["echeance_signature"])
    if signe_le is None:
        en_retard = regles.signature_en_retard(aujourdhui, echeance_signature, signe=False)
        a_faire = "contresigner" if statut == StatutContrat.ACCEPTE else "signer"
        alertes.append(
            Alerte(
                f"Contrat d’engagement à {a_faire}" + (" : délai dépassé" if en_retard else ""),
                echeance_signature,
                "contrat/",
                niveau="warning" if en_retard or statut == StatutContrat.ACCEPTE else "info",
            )
        )
        etat = _STATUTS[statut]
        if echeance_signature:
            etat = f"{etat}, à signer avant le {echeance_signature:%d/%m/%Y}"
        bloc = Bloc(
            "contrat", "Contrat d’engagement", etat, instant(d["created_at"]), tuple(details), "contrat/", en_retard
        )
        return Lecture(bloc, tuple(alertes))
    jour_signature = timezone.localdate(signe_le)
    dernier = instant(d["dernier_point"])
    prochain = points_etape.echeance(
        jour_signature, timezone.localdate(dernier) if dernier else None, d["rythme_points_etape"]
    )
    details.append(("Prochain point d’étape", f"{prochain:%d/%m/%Y}"))
    if prochain <= aujourdhui:
        alertes.append(Alerte("Point d’étape à tenir", prochain, "contrat/"))
    alerte_ore = _alerte_ore(personne, d, jour_signature, ore, aujourdhui)
    if alerte_ore is not None:
        alertes.append(alerte_ore)
    etat = "Signé" if statut == StatutContrat.SIGNE else "Signé, révision en cours"
    bloc = Bloc("contrat", "Contrat d’engagement", etat, signe_le, tuple(details), "contrat/")
    return Lecture(bloc, tuple(alertes))


def connecter():
    """Called once from ``apps.py``: the person page shows this block."""
    brancher(Rubrique("contrat", 50, _annoter, lire, genre="contrat", parametres=(DELAI_ORE,)))
    brancher_etats("contrat", StatutContrat.choices)
