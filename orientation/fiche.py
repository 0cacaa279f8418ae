"""The orientation's and the first appointment's blocks on the person page (francetravail/personnes/synthese.py).

First appointment: within ``rendezvous.delai_premier_rdv`` days (15) of the notified orientation, as the
portfolio says it (``orientation.premier_rdv``: the same annotations, the same rule for « late »).
"""

import datetime
from types import SimpleNamespace

from django.db.models import OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from francetravail.personnes.synthese import (
    Alerte,
    Bloc,
    Lecture,
    Rubrique,
    brancher,
    brancher_etats,
    instant,
    lire_objet,
    objet,
    parametre,
)
from francetravail.rendezvous import regles as regles_rdv
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from orientation import premier_rdv
from orientation.enums import STATUTS_DECIDES, STATUTS_OUVERTS, FileDecision, Parcours, StatutDecision
from orientation.models import DecisionOrientation

_STATUTS = dict(StatutDecision.choices)
_PARCOURS = dict(Parcours.choices)


def _annoter(qs):
    derniere = DecisionOrientation.objects.filter(personne=OuterRef("pk")).order_by("-created_at", "-pk")
    return qs.annotate(
        fiche_orientation=objet(
            derniere,
            statut="statut",
            file="file",
            parcours="parcours",
            organisme="organisme__nom",
            decidee_le="decidee_le",
            notifiee_le="notifiee_le",
            creee_le="created_at",
            decideur_prenom="decideur__first_name",
            decideur_nom="decideur__last_name",
        )
    )


def lire(personne, aujourdhui):
    d = lire_objet(personne.fiche_orientation)
    statut = d.get("statut")
    if statut is None:
        return Lecture(Bloc("orientation", "Orientation", "Pas encore d’orientation", lien="orientation/"))
    if statut in STATUTS_OUVERTS:
        en_retard = d["file"] == FileDecision.FRANCE_TRAVAIL
        alertes = ()
        if en_retard:
            alertes = (
                Alerte("Orientation non décidée dans le délai : confiée à France Travail", lien="orientation/"),
            )
        bloc = Bloc(
            "orientation",
            "Orientation",
            f"À décider ({_STATUTS[statut].lower()})",
            instant(d["creee_le"]),
            lien="orientation/",
            en_retard=en_retard,
        )
        return Lecture(bloc, alertes)
    decideur = " ".join(n for n in (d["decideur_prenom"], d["decideur_nom"]) if n)
    details = [("Organisme référent", d["organisme"] or "—")]
    details.append(("Décidée par", decideur or "Décision automatique"))
    if d["notifiee_le"]:
        details.append(("Notifiée le", f"{timezone.localdate(instant(d['notifiee_le'])):%d/%m/%Y}"))
    else:
        details.append(("Notifiée le", "Pas encore notifiée"))
    return Lecture(
        Bloc(
            "orientation",
            "Orientation",
            f"Décidée : {_PARCOURS.get(d['parcours'], 'parcours non précisé')}",
            instant(d["decidee_le"]),
            tuple(details),
            lien="orientation/",
        )
    )


def _annoter_premier_rdv(qs):
    # As orientation.premier_rdv.annoter: the current orientation (the latest decided), its reference
    # instant, and the first appointment booked or held from then on — here as one JSON column.
    courante = (
        DecisionOrientation.objects.filter(personne=OuterRef("pk"), statut__in=list(STATUTS_DECIDES))
        .annotate(reference_rdv=Coalesce("notifiee_le", "decidee_le"))
        .order_by("-decidee_le", "-pk")
    )
    premier = RendezVous.objects.filter(
        personne=OuterRef("personne_id"),
        statut__in=list(regles_rdv.STATUTS_PREMIER),
        creneau__debut__gte=OuterRef("reference_rdv"),
    ).order_by("creneau__debut", "pk")
    return qs.annotate(
        fiche_premier_rdv=objet(
            courante,
            reference="reference_rdv",
            premier=objet(premier, debut="creneau__debut", statut="statut", hors_delai="hors_delai_motif"),
        )
    )


def _faits_premier_rdv(personne):
    """The facts ``orientation.premier_rdv``'s rules read, from the page's column (None: not oriented)."""
    d = lire_objet(personne.fiche_premier_rdv)
    reference = instant(d.get("reference"))
    if reference is None:
        return None
    jour_reference = timezone.localdate(reference)
    delai = parametre(personne, regles_rdv.PARAMETRE, jour_reference)
    premier = d["premier"] or {}
    return SimpleNamespace(
        premier_rdv_reference=reference,
        premier_rdv_limite=jour_reference + datetime.timedelta(days=int(delai)),
        premier_rdv_debut=instant(premier.get("debut")),
        premier_rdv_hors_delai=premier.get("hors_delai") or "",
        statut=premier.get("statut"),
    )


def lire_premier_rdv(personne, aujourdhui):
    titre = "Premier rendez-vous"
    faits = _faits_premier_rdv(personne)
    if faits is None:
        return Lecture(Bloc("premier_rdv", titre, "Après l’orientation", lien="rendez-vous/"))
    limite = faits.premier_rdv_limite
    objectif = ("Objectif", f"au plus tard le {limite:%d/%m/%Y}")
    en_retard = premier_rdv.est_en_retard(faits, aujourdhui)
    if faits.premier_rdv_debut is None:
        bloc = Bloc("premier_rdv", titre, "À fixer", limite, (objectif,), lien="rendez-vous/", en_retard=en_retard)
        if en_retard:
            alerte = Alerte("Premier rendez-vous en retard : aucun rendez-vous fixé", limite, "rendez-vous/")
        else:
            alerte = Alerte("Premier rendez-vous à fixer", limite, "rendez-vous/", niveau="info")
        return Lecture(bloc, (alerte,))
    honore = faits.statut == StatutRendezVous.HONORE
    etat = "Honoré" if honore else "Réservé"
    details = [objectif]
    alertes = ()
    if premier_rdv.hors_delai(faits):
        details.append(("Hors délai", "motif enregistré" if faits.premier_rdv_hors_delai else "sans motif"))
        if not honore:
            alertes = (Alerte("Premier rendez-vous fixé après le délai", limite, "rendez-vous/"),)
    bloc = Bloc(
        "premier_rdv", titre, etat, faits.premier_rdv_debut, tuple(details), "rendez-vous/", en_retard=en_retard
    )
    return Lecture(bloc, alertes)


def connecter():
    """Called once from ``apps.py``: the person page shows these blocks."""
    brancher(Rubrique("orientation", 20, _annoter, lire, genre="orientation"))
    brancher(
        Rubrique(
            "premier_rdv",
            30,
            _annoter_premier_rdv,
            lire_premier_rdv,
            genre="rendezvous",
            parametres=(regles_rdv.PARAMETRE,),
        )
    )
    brancher_etats("orientation", StatutDecision.choices)
    brancher_etats("rendezvous", StatutRendezVous.choices)
