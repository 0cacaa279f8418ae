"""The procedures' block on the person page (francetravail/personnes/synthese.py).

Shown to the référent's side of the file only (``acces.peut_signaler_manquement``: an accompaniment
role in the organisme référent, the team that runs the procedure), as the button « Signaler un
manquement » is; the timeline hides the procedures' events from the other readers the same way.
"""

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

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
)
from sanctions import acces
from sanctions.enums import StatutProcedure
from sanctions.models import ProcedureSanction
from sanctions.parcours import TERMINEES

_STATUTS = dict(StatutProcedure.choices)


def _annoter(qs):
    en_cours = ProcedureSanction.objects.filter(personne=OuterRef("personne_id")).exclude(statut__in=list(TERMINEES))
    derniere = en_cours.order_by("-created_at", "-pk")
    # One row per person: the counts, the prior notice's deadline, and the latest procedure in progress.
    faits = (
        ProcedureSanction.objects.filter(personne=OuterRef("pk"))
        .order_by()
        .values("personne_id")
        .annotate(
            n=Count("pk", filter=~Q(statut__in=list(TERMINEES))),
            echeance=Min("echeance_observations", filter=Q(statut=StatutProcedure.AVERTISSEMENT_NOTIFIE)),
        )
        .values(
            json=JSONObject(
                en_cours="n",
                echeance="echeance",
                derniere=Subquery(
                    derniere.values(
                        json=JSONObject(pk="pk", statut="statut", organisation="organisation_id", le="created_at")
                    )[:1]
                ),
            )
        )
    )
    return qs.annotate(fiche_procedures=Subquery(faits))


def lire(personne, aujourdhui):
    d = lire_objet(personne.fiche_procedures)
    nombre = int(d.get("en_cours") or 0)
    if not nombre:
        return Lecture(Bloc("procedures", "Procédures en cours", "Aucune"))
    derniere = d["derniere"] or {}
    # The procedure page opens to the team that runs it: linked when that is the organisme référent's.
    lien = ""
    if derniere.get("organisation") == personne.organisme_referent_id:
        lien = f"../../sanctions/{derniere['pk']}/"
    etat = f"{nombre} procédure{'s' if nombre > 1 else ''} en cours"
    details = (("Étape", _STATUTS.get(derniere.get("statut"), derniere.get("statut") or "")),)
    alertes = ()
    echeance = jour(d["echeance"])
    if echeance is not None and echeance >= aujourdhui:
        alertes = (Alerte("Avertissement préalable : observations attendues", echeance, lien),)
    bloc = Bloc("procedures", "Procédures en cours", etat, instant(derniere.get("le")), details, lien)
    return Lecture(bloc, alertes)


def visible(user, personne):
    return acces.peut_signaler_manquement(user, personne)


def connecter():
    """Called once from ``apps.py``: the person page shows this block."""
    brancher(Rubrique("procedures", 60, _annoter, lire, visible=visible, genre="sanction"))
    brancher_etats("sanction", StatutProcedure.choices)
