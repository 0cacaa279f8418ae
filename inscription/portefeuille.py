"""The portfolio's "inscription" column (francetravail/personnes/portefeuille.py): status and category."""

from django.db.models import F

from francetravail.personnes.portefeuille import Colonne, enregistrer
from inscription.enums import Categorie, StatutInscription

_STATUTS = dict(StatutInscription.choices)
_CATEGORIES = {c.value: c.value for c in Categorie}


def _annoter(qs):
    return qs.annotate(inscription_statut=F("inscription__statut"), inscription_categorie=F("inscription__categorie"))


def _texte(personne):
    if personne.inscription_statut is None:
        return "Pas de dossier d'inscription"
    texte = _STATUTS.get(personne.inscription_statut, personne.inscription_statut)
    if personne.inscription_categorie:
        texte += f" (catégorie {_CATEGORIES.get(personne.inscription_categorie, personne.inscription_categorie)})"
    return texte


def connecter():
    enregistrer(Colonne("inscription", "Inscription", _annoter, _texte, ordre=10))
