"""Builds the ZIP of a copy of a person's file, in the worker: one JSON per category of the registry
(``copie.categories()``), the stored files (documents, contract PDFs, letters) and a readable PDF summary.

Progress (``progression``, ``etape``) is written after each step by a plain UPDATE outside any
transaction, so that the person's page shows it while the copy is being built.
"""

import json
import logging
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from francetravail.donnees import copie as registre
from francetravail.donnees.copie_acces import duree_disponibilite
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier
from francetravail.donnees.notifications_copie import notifier_copie_prete

logger = logging.getLogger(__name__)

ERREUR = (
    "La préparation de la copie a échoué. Demandez une nouvelle copie ; si l'échec se répète, écrivez au délégué "
    "à la protection des données."
)
# The PDF summary shows the last rows of each table that has any; the JSON files hold them all. Tables are
# what WeasyPrint lays out slowly (``make bench``: export_person_s), hence few rows.
LIGNES_RESUME = 10
COLONNES_RESUME = 6
NOM_RESUME = "resume.pdf"


def _avancer(copie_id, fait, total, etape):
    CopieDossier.objects.filter(pk=copie_id).update(progression=min(99, int(100 * fait / total)), etape=etape[:120])


def _colonnes(champs, lignes):
    """The summary's columns: readable fields first (labels of choices, not ids and history keys)."""
    exclues = {"id", "pgh_id", "pgh_obj", "personne"}
    colonnes = []
    for nom, libelle in champs.items():
        if nom in exclues or (nom.startswith("pgh_") and nom not in ("pgh_created_at", "pgh_label")):
            continue
        cle = f"{nom}_libelle" if any(f"{nom}_libelle" in ligne for ligne in lignes[:5]) else nom
        if not any(cle in ligne for ligne in lignes[:5]):
            cle = f"{nom}_id" if any(f"{nom}_id" in ligne for ligne in lignes[:5]) else cle
        colonnes.append((cle, libelle))
    return colonnes[:COLONNES_RESUME]


def _valeur_lisible(valeur):
    if valeur is None or valeur == "":
        return "—"
    if valeur is True:
        return "oui"
    if valeur is False:
        return "non"
    if isinstance(valeur, dict | list):
        texte = json.dumps(valeur, ensure_ascii=False)
        return texte if len(texte) <= 200 else texte[:200] + "…"
    texte = str(valeur)
    return texte if len(texte) <= 300 else texte[:300] + "…"


def _resume_categorie(categorie, tables):
    resume = []
    for label, table in tables.items():
        lignes = table["lignes"]
        colonnes = _colonnes(table["champs"], lignes)
        resume.append(
            {
                "libelle": table["libelle"],
                "modele": label,
                "nombre": len(lignes),
                "colonnes": [libelle for _, libelle in colonnes],
                "lignes": [
                    [_valeur_lisible(ligne.get(cle)) for cle, _ in colonnes] for ligne in lignes[-LIGNES_RESUME:]
                ],
                "tronque": len(lignes) > LIGNES_RESUME,
            }
        )
    return {
        "cle": categorie.cle,
        "libelle": categorie.libelle,
        "description": categorie.description,
        "tables": resume,
        "nombre": sum(table["nombre"] for table in resume),
    }


def rendre_resume(personne, categories, fichiers, *, genere_le, expire_le):
    html = render_to_string(
        "donnees/copie/resume.html",
        {
            "personne": personne,
            "categories": categories,
            "fichiers": fichiers,
            "genere_le": timezone.localtime(genere_le),
            "expire_le": timezone.localtime(expire_le),
        },
    )
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def ecrire_zip(sortie, personne, *, genere_le, expire_le, avancer=lambda fait, total, etape: None):
    """Writes the copy of ``personne``'s file as a ZIP into ``sortie`` (a binary file object)."""
    categories = registre.categories()
    total = len(categories) + 2
    resume = []
    with zipfile.ZipFile(sortie, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, categorie in enumerate(categories):
            avancer(i, total, f"Lecture : {categorie.libelle}")
            tables = registre.tables(categorie, personne)
            contenu = {
                "categorie": categorie.cle,
                "libelle": categorie.libelle,
                "description": categorie.description,
                "genere_le": timezone.localtime(genere_le).isoformat(),
                "tables": tables,
            }
            archive.writestr(f"donnees/{categorie.cle}.json", json.dumps(contenu, ensure_ascii=False, indent=1))
            resume.append(_resume_categorie(categorie, tables))
        avancer(len(categories), total, "Ajout des documents")
        fichiers = []
        for chemin, champ in registre.fichiers(personne):
            try:
                with champ.open("rb") as source, archive.open(chemin, "w") as cible:
                    while morceau := source.read(1 << 20):
                        cible.write(morceau)
                fichiers.append({"chemin": chemin, "present": True})
            except FileNotFoundError:
                # Listed in the summary so that a missing file is not silently dropped.
                fichiers.append({"chemin": chemin, "present": False})
        avancer(len(categories) + 1, total, "Rédaction du résumé PDF")
        archive.writestr(
            NOM_RESUME, rendre_resume(personne, resume, fichiers, genere_le=genere_le, expire_le=expire_le)
        )
    return resume


def construire(copie_id):
    """Builds copy ``copie_id`` if it is still waiting (a second worker, or a replayed task, does nothing)."""
    pris = CopieDossier.objects.filter(pk=copie_id, statut=StatutCopie.EN_ATTENTE).update(
        statut=StatutCopie.EN_COURS, progression=0, etape="Démarrage"
    )
    if not pris:
        return None
    copie = CopieDossier.objects.select_related("personne").get(pk=copie_id)
    maintenant = timezone.now()
    expire_le = maintenant + duree_disponibilite()
    try:
        with tempfile.TemporaryFile() as sortie:
            ecrire_zip(
                sortie,
                copie.personne,
                genere_le=maintenant,
                expire_le=expire_le,
                avancer=lambda fait, total, etape: _avancer(copie_id, fait, total, etape),
            )
            taille = sortie.tell()
            sortie.seek(0)
            with transaction.atomic():
                copie = CopieDossier.objects.select_for_update(of=("self",), no_key=True).get(pk=copie_id)
                copie.fichier.save(f"copie-dossier-{copie.personne_id}.zip", File(sortie), save=False)
                copie.taille = taille
                copie.statut = StatutCopie.PRETE
                copie.progression = 100
                copie.etape = "Prête"
                copie.prete_le = timezone.now()
                copie.expire_le = copie.prete_le + duree_disponibilite()
                copie.erreur = ""
                copie.save(
                    update_fields=[
                        "fichier",
                        "taille",
                        "statut",
                        "progression",
                        "etape",
                        "prete_le",
                        "expire_le",
                        "erreur",
                    ]
                )
                notifier_copie_prete(copie)
    except Exception:
        logger.exception("Copie du dossier %s : échec de la préparation", copie_id)
        CopieDossier.objects.filter(pk=copie_id).update(statut=StatutCopie.ECHEC, erreur=ERREUR[:250])
        return None
    return copie
