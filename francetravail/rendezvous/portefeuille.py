"""The portfolio's "next appointment" column (francetravail/personnes/portefeuille.py)."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.personnes.portefeuille import Colonne, enregistrer
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous


def _annoter(qs):
    prochain = RendezVous.objects.filter(
        personne=OuterRef("pk"), statut=StatutRendezVous.RESERVE, creneau__debut__gte=timezone.now()
    ).order_by("creneau__debut")
    return qs.annotate(prochain_rdv=Subquery(prochain.values("creneau__debut")[:1]))


def _texte(personne):
    if personne.prochain_rdv is None:
        return "Aucun"
    return date_format(timezone.localtime(personne.prochain_rdv), "d/m/Y à H:i")


def connecter():
    enregistrer(Colonne("prochain_rdv", "Prochain rendez-vous", _annoter, _texte, ordre=50))
