"""The demo's CAF/MSA flows of the Nord (issue 18): a column mapping of the département's export and one
finished import with its report, so that the « Flux CAF/MSA » pages of the CD's administrator show
something. Idempotent: found by their names before being created."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from inscription.enums import FormatFlux, ResultatLigne, StatutImport, TypeFlux
from inscription.models import CorrespondanceColonnes, ImportFluxCAF, LigneRapport

NOM_CORRESPONDANCE = "Export IODAS (démo)"
NOM_FICHIER = "demo-export-iodas.xlsx"
RAPPORT = [
    (2, ResultatLigne.CREEE, "0451234", "Personne inscrite : nouvel entrant soumis aux droits et devoirs."),
    (3, ResultatLigne.MISE_A_JOUR, "0457788", "Adresse mise à jour."),
    (4, ResultatLigne.CLOTUREE, "0459911", "Droit clos (motif PCG : fin de droit)."),
    (5, ResultatLigne.REJETEE, "0450042", "Date de naissance : date de naissance invalide « 31/02/1984 »."),
]


def charger_demo_flux(departement, administrateur):
    correspondance, _ = CorrespondanceColonnes.objects.get_or_create(
        departement_id=departement,
        nom=NOM_CORRESPONDANCE,
        defaults={
            "feuille": "Bénéficiaires",
            "type_flux": TypeFlux.QUOTIDIEN,
            "colonnes": {
                "numero_allocataire": ["N° CAF", "Matricule"],
                "identifiant_departement": ["Code individu IODAS"],
                "nom_naissance": ["Nom JF"],
                "nom_usage": ["Nom"],
                "etat": ["Etat dossier"],
            },
            "valeurs": {"role": {"ALLOC": "demandeur", "CONJ": "conjoint"}, "etat": {"Ouvert": "2", "Clos": "5"}},
            "modifie_par": administrateur,
        },
    )
    if ImportFluxCAF.objects.filter(departement_id=departement, nom_fichier=NOM_FICHIER).exists():
        return correspondance
    fin = timezone.now() - datetime.timedelta(days=1)
    imp = ImportFluxCAF(
        nom_fichier=NOM_FICHIER,
        format=FormatFlux.TABLEUR,
        correspondance=correspondance,
        departement_id=departement,
        type_flux=TypeFlux.QUOTIDIEN,
        statut=StatutImport.TERMINE,
        nb_lignes=5,
        nb_traitees=5,
        nb_creees=1,
        nb_mises_a_jour=1,
        nb_inchangees=1,
        nb_cloturees=1,
        nb_rejetees=1,
        lance_par=administrateur,
        cree_le=fin - datetime.timedelta(minutes=2),
        debut=fin - datetime.timedelta(minutes=2),
        fin=fin,
    )
    imp.fichier.save(NOM_FICHIER, ContentFile(b"PK demo"), save=True)
    LigneRapport.objects.bulk_create(
        LigneRapport(import_flux=imp, numero_ligne=n, resultat=r, numero_allocataire=a, motif=m)
        for n, r, a, m in RAPPORT
    )
    return correspondance
