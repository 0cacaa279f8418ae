"""The life of an RSA right in the demo (issue 18, idempotent): three households of the Nord as the CAF/MSA
flow left them, followed by the Lille agency:

- Inès Leroux and Samuel Barry: payment suspended (quarterly declaration not sent), both still in the lists;
- Sofiane Lambert: right closed (four months without a right): out of the lists, his référent told in the
  notification centre, the closure in his history with the file;
- Claire Moreau: absent from the last monthly stock: in the Nord's « Droits absents du dernier stock —
  à examiner » (the CD's administrator closes or keeps it).
"""

import datetime

from django.utils import timezone

from demo.reseau import adresse_exemple
from francetravail.personnes.models import Personne
from inscription.enums import (
    Canal,
    Categorie,
    EtatDroitRSA,
    FormatFlux,
    RoleFoyer,
    StatutImport,
    StatutInscription,
    TypeFlux,
)
from inscription.models import DossierInscription, DroitRSA, FoyerRSA, ImportFluxCAF
from inscription.vie_du_droit import ChangementDroit, appliquer

STOCK = "RSABEM_20250404.xml"
QUOTIDIEN = "RSABEI_20250415.xml"


def _import(nom, type_flux, le):
    """A finished import of the Nord, run the morning its file came (before the flows' demo: demo/flux.py)."""
    imp, _ = ImportFluxCAF.objects.get_or_create(
        nom_fichier=nom,
        defaults={
            "fichier": f"imports_caf/demo_{nom}",
            "format": FormatFlux.VRSB0801,
            "departement_id": "59",
            "type_flux": type_flux,
            "date_flux": le,
            "statut": StatutImport.TERMINE,
            "cree_le": le + datetime.timedelta(hours=1),
            "debut": le + datetime.timedelta(hours=1),
            "fin": le + datetime.timedelta(hours=1, minutes=2),
        },
    )
    return imp


def _personne(nom, prenoms, naissance, organisme, referent):
    personne, _ = Personne.objects.get_or_create(
        nom_naissance=nom,
        prenoms=prenoms,
        date_naissance=naissance,
        defaults={
            "email": adresse_exemple(prenoms, nom),
            "adresse": "8 rue des Tilleuls",
            "commune_id": "59350",
            "code_postal": "59000",
            "organisme_referent": organisme,
            "referent_unique": referent,
        },
    )
    DossierInscription.objects.get_or_create(
        personne=personne,
        defaults={
            "canal": Canal.FLUX_CAF_MSA,
            "statut": StatutInscription.INSCRIT,
            "categorie": Categorie.G,
            "inscrit_le": timezone.now() - datetime.timedelta(days=90),
            "prestations": ["rsa"],
        },
    )
    return personne


def _foyer(numero, membres, imp, **champs):
    """The household and its members' rights; True when created now (the changes are applied once)."""
    foyer, cree = FoyerRSA.objects.get_or_create(
        organisme_payeur="CAF",
        numero_allocataire=numero,
        defaults={"departement_id": "59", "date_flux": imp.date_flux, "import_source": imp, **champs},
    )
    for rang, personne in enumerate(membres):
        DroitRSA.objects.get_or_create(
            personne=personne,
            organisme_payeur="CAF",
            numero_allocataire=numero,
            defaults={
                "role": RoleFoyer.DEMANDEUR if rang == 0 else RoleFoyer.CONJOINT,
                "date_ouverture": datetime.date(2024, 10, 1),
                "foyer": foyer,
                "soumis_droits_devoirs": True,
                "import_source": imp,
            },
        )
    return foyer, cree


def charger_demo_droits_rsa(organisme, referent):
    stock = _import(STOCK, TypeFlux.STOCK_MENSUEL, datetime.datetime(2025, 4, 4, 6, 0, tzinfo=datetime.UTC))
    quotidien = _import(QUOTIDIEN, TypeFlux.QUOTIDIEN, datetime.datetime(2025, 4, 15, 6, 0, tzinfo=datetime.UTC))

    ines = _personne("Leroux", "Inès", datetime.date(1991, 9, 12), organisme, referent)
    samuel = _personne("Barry", "Samuel", datetime.date(1988, 1, 19), organisme, referent)
    foyer, cree = _foyer(
        "7654321000000",
        [ines, samuel],
        quotidien,
        etat=EtatDroitRSA.SUSPENDU_VERSEMENT,
        motif_suspension="06",
        date_suspension=datetime.date(2025, 4, 1),
        etat_depuis=datetime.date(2025, 4, 1),
        nb_personnes=2,
        nb_enfants=0,
        majoration_isolement=False,
    )
    if cree:
        appliquer(
            [
                ChangementDroit(p.pk, foyer.pk, quotidien.pk, EtatDroitRSA.OUVERT, foyer.etat, motif="06")
                for p in (ines, samuel)
            ]
        )

    sofiane = _personne("Lambert", "Sofiane", datetime.date(1979, 5, 30), organisme, referent)
    foyer, cree = _foyer(
        "7654322000000",
        [sofiane],
        quotidien,
        etat=EtatDroitRSA.CLOS,
        motif_cloture="ECH",
        date_cloture=datetime.date(2025, 3, 31),
        etat_depuis=datetime.date(2025, 3, 31),
        nb_personnes=1,
        nb_enfants=0,
    )
    if cree:
        appliquer(
            [
                ChangementDroit(
                    sofiane.pk,
                    foyer.pk,
                    quotidien.pk,
                    EtatDroitRSA.OUVERT,
                    EtatDroitRSA.CLOS,
                    motif="ECH",
                    date=datetime.date(2025, 3, 31),
                )
            ]
        )

    claire = _personne("Moreau", "Claire", datetime.date(1995, 2, 8), organisme, referent)
    _foyer(
        "7654323000000",
        [claire],
        stock,
        etat=EtatDroitRSA.OUVERT,
        etat_depuis=datetime.date(2024, 10, 1),
        absent_du_stock_le=datetime.date(2025, 4, 4),
        nb_personnes=1,
        nb_enfants=1,
    )
