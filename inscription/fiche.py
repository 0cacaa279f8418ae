"""The registration's block on the person page (francetravail/personnes/synthese.py)."""

from django.db.models import F

from francetravail.personnes.synthese import Bloc, Lecture, Rubrique, brancher, brancher_etats
from inscription.enums import Canal, MotifFinAccompagnement, StatutInscription

_CANAUX = dict(Canal.choices)
_STATUTS = dict(StatutInscription.choices)
_MOTIFS_FIN = dict(MotifFinAccompagnement.choices)


def _annoter(qs):
    # The status, the date of cessation and its reasons are already columns of the page's query.
    return qs.annotate(
        fiche_inscription_canal=F("inscription__canal"),
        fiche_inscription_inscrit_le=F("inscription__inscrit_le"),
        fiche_inscription_creee_le=F("inscription__created_at"),
        fiche_inscription_categorie=F("inscription__categorie"),
    )


def lire(personne, aujourdhui):
    statut = personne.inscription_statut
    if statut is None:
        return Lecture(Bloc("inscription", "Inscription", "Pas de dossier d’inscription"))
    details = [("Canal", _CANAUX.get(personne.fiche_inscription_canal, personne.fiche_inscription_canal))]
    if personne.fiche_inscription_categorie:
        details.append(("Catégorie", personne.fiche_inscription_categorie))
    if statut == StatutInscription.CESSEE:
        if personne.inscription_motif_fin:
            etat = f"Accompagnement terminé ({_MOTIFS_FIN.get(personne.inscription_motif_fin, '').lower()})"
        else:
            etat = "Inscription cessée (radiation)"
        return Lecture(Bloc("inscription", "Inscription", etat, personne.inscription_cessee_le, tuple(details)))
    date = personne.fiche_inscription_inscrit_le if statut == StatutInscription.INSCRIT else None
    return Lecture(
        Bloc(
            "inscription",
            "Inscription",
            _STATUTS.get(statut, statut),
            date or personne.fiche_inscription_creee_le,
            tuple(details),
        )
    )


def connecter():
    """Called once from ``apps.py``: the person page shows this block."""
    brancher(Rubrique("inscription", 10, _annoter, lire, genre="inscription"))
    brancher_etats("inscription", StatutInscription.choices)
