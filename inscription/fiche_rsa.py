"""The RSA right's block on the person page (francetravail/personnes/synthese.py), as the CAF/MSA flow describes it.

One column of the page's query: the latest household of the person (the file last applied), its members with
their names, and the history of its states with the file each came from (``FoyerRSA``'s pghistory events,
newest first, consecutive identical states merged). Shown to whoever reads the file: the right is what the
orientation, the sanctions' cap and the lists read.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf

from francetravail.personnes.synthese import (
    Alerte,
    Bloc,
    Lecture,
    Rubrique,
    brancher,
    instant,
    jour,
    lire_objet,
    objet,
)
from inscription.enums import ETATS_CLOS, EtatDroitRSA, OrganismePayeur, RoleFoyer
from inscription.models import DroitRSA, FoyerRSA
from inscription.motifs_rsa import etat_et_motif, libelle_etat, libelle_motif

FoyerRSAEvent = FoyerRSA.pgh_event_model
HISTORIQUE_MAX = 12
_ORGANISMES = dict(OrganismePayeur.choices)
_ROLES = dict(RoleFoyer.choices)
_SUSPENDUS = (EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT)


def _annoter(qs):
    droit = DroitRSA.objects.filter(personne=OuterRef("pk"), foyer__isnull=False).order_by("-foyer__date_flux", "-pk")
    membres = (
        DroitRSA.objects.filter(foyer_id=OuterRef("foyer_id"))
        .order_by("role", "pk")
        .values(
            json=JSONObject(
                prenoms="personne__prenoms",
                nom=Coalesce(NullIf("personne__nom_usage", Value("")), "personne__nom_naissance"),
                role="role",
                sorti_le="sorti_du_foyer_le",
            )
        )
    )
    historique = (
        FoyerRSAEvent.objects.filter(pgh_obj_id=OuterRef("foyer_id"))
        .order_by("-pgh_id")
        .values(
            json=JSONObject(
                etat="etat",
                motif_cloture="motif_cloture",
                motif_suspension="motif_suspension",
                date_flux="date_flux",
                fichier="import_source__nom_fichier",
            )
        )[: HISTORIQUE_MAX * 4]
    )
    return qs.annotate(
        fiche_droit_rsa=objet(
            droit,
            organisme="foyer__organisme_payeur",
            numero="foyer__numero_allocataire",
            etat="foyer__etat",
            etat_depuis="foyer__etat_depuis",
            motif_cloture="foyer__motif_cloture",
            date_cloture="foyer__date_cloture",
            motif_suspension="foyer__motif_suspension",
            date_suspension="foyer__date_suspension",
            nb_personnes="foyer__nb_personnes",
            nb_enfants="foyer__nb_enfants",
            majoration="foyer__majoration_isolement",
            absent_du_stock_le="foyer__absent_du_stock_le",
            date_flux="foyer__date_flux",
            membres=ArraySubquery(membres),
            historique=ArraySubquery(historique),
        )
    )


def _motif(etat, d):
    return d.get("motif_cloture") if etat in ETATS_CLOS else d.get("motif_suspension") if etat in _SUSPENDUS else ""


def _date_flux(texte):
    quand = instant(texte)
    return f"{quand:%d/%m/%Y}" if quand else "date inconnue"


def historique(d):
    """The household's states, newest first, each with the file it came from (identical states merged)."""
    lignes, precedent = [], None
    for e in map(lire_objet, reversed(d.get("historique") or [])):
        cle = (e.get("etat"), _motif(e.get("etat"), e))
        if cle == precedent:
            continue
        precedent = cle
        fichier = e.get("fichier") or "fichier inconnu"
        lignes.append(f"{etat_et_motif(cle[0], cle[1])} — flux du {_date_flux(e.get('date_flux'))} ({fichier})")
    return list(reversed(lignes))[:HISTORIQUE_MAX]


def _membre(m):
    nom = f"{m.get('prenoms', '')} {(m.get('nom') or '').upper()}".strip()
    texte = f"{nom} ({_ROLES.get(m.get('role'), m.get('role'))})"
    if m.get("sorti_le"):
        texte += f", sorti(e) du foyer le {jour(m['sorti_le']):%d/%m/%Y}"
    return texte


def lire(personne, aujourdhui):
    d = lire_objet(getattr(personne, "fiche_droit_rsa", None))
    if not d:
        return Lecture()
    etat = d.get("etat") or ""
    motif = libelle_motif(etat, _motif(etat, d))
    texte = libelle_etat(etat) + (f" : {motif}" if motif else "")
    quand = jour(d.get("date_cloture")) if etat in ETATS_CLOS else None
    if etat in _SUSPENDUS:
        quand = jour(d.get("date_suspension"))
    quand = quand or jour(d.get("etat_depuis"))
    details = [
        ("Organisme", _ORGANISMES.get(d.get("organisme"), d.get("organisme"))),
        ("N° d’allocataire", d.get("numero") or ""),
        ("Source", f"d’après le flux {d.get('organisme')} du {_date_flux(d.get('date_flux'))}"),
    ]
    membres = [_membre(lire_objet(m)) for m in d.get("membres") or []]
    if membres:
        details.append(("Foyer", " ; ".join(membres)))
    composition = []
    if d.get("nb_personnes") is not None:
        composition.append(f"{d['nb_personnes']} personne(s)")
    if d.get("nb_enfants") is not None:
        composition.append(f"{d['nb_enfants']} enfant(s) à charge")
    if d.get("majoration"):
        composition.append("majoration pour isolement")
    if composition:
        details.append(("Composition", ", ".join(composition)))
    lignes = historique(d)
    if lignes:
        details.append(("Historique du droit", " ; ".join(lignes)))
    alertes = []
    if etat in ETATS_CLOS:
        alertes.append(
            Alerte(
                "Droit au RSA clos selon le flux : la personne n’est plus à orienter ni à inviter (dossier conservé).",
                niveau="info",
            )
        )
    if d.get("absent_du_stock_le"):
        alertes.append(
            Alerte(
                f"Droit absent du stock mensuel du {jour(d['absent_du_stock_le']):%d/%m/%Y} : à examiner "
                "par le département.",
                niveau="info",
            )
        )
    return Lecture(Bloc("droit_rsa", "Droit au RSA", texte, quand, tuple(details)), tuple(alertes))


def connecter():
    """Called once from ``apps.py``: the person page shows this block."""
    brancher(Rubrique("droit_rsa", 12, _annoter, lire))
