"""The portfolio's "inscription" column (francetravail/personnes/portefeuille.py): status and category."""

from django.db.models import F, Q

from francetravail.personnes.portefeuille import Colonne, HorsSuivi, enregistrer, enregistrer_hors_suivi
from inscription.enums import Categorie, MotifFinAccompagnement, StatutInscription

_STATUTS = dict(StatutInscription.choices)
_MOTIFS_FIN = dict(MotifFinAccompagnement.choices)
_CATEGORIES = {c.value: c.value for c in Categorie}


def _annoter(qs):
    return qs.annotate(
        inscription_statut=F("inscription__statut"),
        inscription_categorie=F("inscription__categorie"),
        inscription_cessee_jusqu_au=F("inscription__cessee_jusqu_au"),
        inscription_cessee_le=F("inscription__cessee_le"),
        inscription_motif_fin=F("inscription__motif_fin_accompagnement"),
    )


def _texte(personne):
    if personne.inscription_statut is None:
        return "Pas de dossier d'inscription"
    if personne.inscription_statut == StatutInscription.CESSEE and personne.inscription_cessee_jusqu_au is None:
        motif = _MOTIFS_FIN.get(personne.inscription_motif_fin, personne.inscription_motif_fin)
        return f"Accompagnement terminé le {personne.inscription_cessee_le:%d/%m/%Y} ({motif})"
    if personne.inscription_statut == StatutInscription.CESSEE:
        return f"Inscription cessée jusqu'au {personne.inscription_cessee_jusqu_au:%d/%m/%Y} (radiation)"
    texte = _STATUTS.get(personne.inscription_statut, personne.inscription_statut)
    if personne.inscription_categorie:
        texte += f" (catégorie {_CATEGORIES.get(personne.inscription_categorie, personne.inscription_categorie)})"
    return texte


def _cessee(personne):
    return personne.inscription_statut == StatutInscription.CESSEE


def connecter():
    enregistrer(Colonne("inscription", "Inscription", _annoter, _texte, ordre=10))
    # A radiated person, or one whose accompaniment ended, is off the lists of people to chase (inscription.cessation).
    # ``isnull=False``: negated by the portfolio, the condition must keep the people without a registration.
    cessee = Q(inscription_statut=StatutInscription.CESSEE, inscription_statut__isnull=False)
    enregistrer_hors_suivi(HorsSuivi("inscription_cessee", cessee, _cessee, annoter=_annoter))
