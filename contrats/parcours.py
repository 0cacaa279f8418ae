"""The contract's facts for « Où j'en suis » (francetravail/personnes/parcours.py)."""

from django.db.models import Exists, OuterRef

from contrats.enums import AmenagementDuree, StatutContrat
from contrats.models import ContratEngagement, DeclarationActivite
from contrats.suivi import lundi
from francetravail.personnes.parcours import brancher_lecteur


def lire(personne, aujourdhui):
    semaine = lundi(aujourdhui)
    contrat = (
        ContratEngagement.objects.filter(personne_id=personne.pk)
        .annotate(declaree=Exists(DeclarationActivite.objects.filter(contrat=OuterRef("pk"), semaine=semaine)))
        .order_by("-created_at", "-pk")
        .values("statut", "echeance_signature", "amenagement_duree", "declaree")
        .first()
    )
    if contrat is None:
        return {}
    # Without weekly hours (a dispense) there is nothing to declare.
    a_declarer = (
        contrat["statut"] == StatutContrat.SIGNE
        and contrat["amenagement_duree"] != AmenagementDuree.DISPENSE
        and not contrat["declaree"]
    )
    return {
        "contrat": contrat["statut"],
        "echeance_signature": contrat["echeance_signature"],
        "semaine_a_declarer": semaine if a_declarer else None,
    }


def connecter():
    """Called once from ``apps.py``: the person's space reads these facts (« Où j'en suis »)."""
    brancher_lecteur("contrats", lire)
