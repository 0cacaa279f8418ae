"""Demo of the registration's data for ``make run`` (idempotent): an RSA right paid by the CAF, as the
CAF/MSA flow would have brought it; an accompaniment the référent ended (Karim Lefebvre found a job)."""

import datetime

from django.utils import timezone

from francetravail.personnes.models import Personne
from inscription.actions import terminer_accompagnement
from inscription.enums import Canal, Categorie, MotifFinAccompagnement, OrganismePayeur, RoleFoyer, StatutInscription
from inscription.models import DossierInscription, DroitRSA


def droit_rsa_caf(personne):
    DroitRSA.objects.get_or_create(
        personne=personne,
        organisme_payeur=OrganismePayeur.CAF,
        numero_allocataire="5900123",
        defaults={
            "role": RoleFoyer.DEMANDEUR,
            "date_ouverture": datetime.date(2023, 9, 1),
            "nb_personnes_foyer": 1,
            "nb_enfants": 0,
        },
    )


def charger_demo_fin_accompagnement(organisme, referent):
    """Karim Lefebvre, followed by ``referent`` at ``organisme``: his accompaniment ended ten days ago
    (reprise d'emploi). The référent reads it on his page and may reopen it."""
    personne, _ = Personne.objects.get_or_create(
        nom_naissance="Lefebvre",
        prenoms="Karim",
        date_naissance=datetime.date(1990, 6, 21),
        defaults={
            "email": "karim.lefebvre@exemple.fr",
            "telephone": "0601020305",
            "adresse": "14 rue Solférino",
            "commune_id": "59350",
            "code_postal": "59000",
            "organisme_referent": organisme,
            "referent_unique": referent,
        },
    )
    dossier, _ = DossierInscription.objects.get_or_create(
        personne=personne,
        defaults={
            "canal": Canal.GUICHET,
            "organisation": organisme,
            "statut": StatutInscription.INSCRIT,
            "categorie": Categorie.A,
            "inscrit_le": timezone.now() - datetime.timedelta(days=120),
            "created_by": referent,
        },
    )
    if not dossier.motif_fin_accompagnement:
        terminer_accompagnement(
            personne,
            acting_user=referent,
            motif=MotifFinAccompagnement.REPRISE_EMPLOI,
            precision="CDI de cariste dans un entrepôt de Lesquin",
            le=timezone.localdate() - datetime.timedelta(days=10),
        )
    return personne
