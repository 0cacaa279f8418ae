"""Demo of issue 21 (personal data) for ``make run``, built through the real actions and the real nightly sweep;
dates are moved back on the rows where the rules need time to have passed, as the tests do. Idempotent: each
part looks for what it made before making it.

- **Retention**: Robert Petitjean (Lille Centre, no address, no phone) has had no activity on his file for three
  years and two months; Odile Vasseur's file went to the intermediate archive seven years and two months ago.
  The seed runs the nightly sweep once (``donnees.conservation.balayer``): Robert's file is archived, Odile's
  anonymised, and the purge register has its first lines (one per rule, ids hashed). Hélène Bonnet
  (``protection.donnees@…``, France Travail's data protection officer at Lille Centre) reads the register from
  her dashboard and looks up whether a file was treated; from « Archives » she finds Robert Petitjean's file by
  name and birth date (08/06/1961) and opens it with a reason, which the file's history keeps.
- **Documents**: Julien Blanc joined a medical certificate (PDF, through the antivirus) to the workshop he missed
  three days ago: Camille Durand reads it from his appointments before examining the absence (the read is
  logged). Thomas Faure's appeal carries the proof he brought to the desk (``demo/sanctions.py``).
- **The person's rights**: Marie Dupont asked to correct her phone number (a rectification request waiting for
  Lille Centre's answer, counted in Camille Durand's « À faire ») and has a copy of her file ready to download
  from « Mes données » (built by the same function as the worker's, in the seed). Julien Blanc asked to correct
  his household's composition: Camille Durand extended the deadline by two months, the CAF having to confirm it
  first, and Julien reads why in « Mes données » (RGPD art. 12 §3).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from francetravail.base.calendrier import ajouter_mois
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from francetravail.donnees import copie_actions, copie_zip, rectification
from francetravail.donnees.conservation import balayer
from francetravail.donnees.enums import CategorieDonnees
from francetravail.donnees.models import CopieDossier, DemandeRectification, RegistrePurge
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions as rendezvous
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous

# (last name, first names, birth date, what happened to the file, how long ago)
INACTIF = ("Petitjean", "Robert", datetime.date(1961, 6, 8))
ARCHIVEE = ("Vasseur", "Odile", datetime.date(1958, 10, 27))


def _personne_sans_coordonnees(nom, prenoms, naissance, organisme, commune):
    """A file with no e-mail, phone nor account: nobody to warn before the archive (no préavis)."""
    personne, _ = Personne.objects.get_or_create(
        nom_naissance=nom,
        prenoms=prenoms,
        date_naissance=naissance,
        defaults={"adresse": "3 rue Nationale", "commune_id": commune, "code_postal": "59000"},
    )
    if personne.organisme_referent_id is None:
        personne.organisme_referent = organisme
        personne.save(update_fields=["organisme_referent"])
    return personne


def charger_demo_conservation(organisme):
    """The first run of the retention sweep, on two files made old enough for it."""
    if RegistrePurge.objects.exists():
        return
    maintenant = timezone.now()
    robert = _personne_sans_coordonnees(*INACTIF, organisme, "59350")
    odile = _personne_sans_coordonnees(*ARCHIVEE, organisme, "59350")
    # Demo: the last activity is moved back (the sweep reads the file's last save, logins and audit events).
    il_y_a_3_ans_et_2_mois = ajouter_mois(timezone.localdate(), -38)
    il_y_a_7_ans_et_2_mois = ajouter_mois(timezone.localdate(), -86)
    Personne.objects.filter(pk=robert.pk).update(
        created_at=maintenant - datetime.timedelta(days=3000),
        updated_at=datetime.datetime.combine(il_y_a_3_ans_et_2_mois, datetime.time(10), tzinfo=datetime.UTC),
    )
    Personne.objects.filter(pk=odile.pk).update(
        created_at=maintenant - datetime.timedelta(days=5000),
        updated_at=maintenant - datetime.timedelta(days=4000),
        archivee_le=datetime.datetime.combine(il_y_a_7_ans_et_2_mois, datetime.time(2, 10), tzinfo=datetime.UTC),
    )
    balayer(maintenant)


def pdf(nom, titre, texte):
    """A small real PDF (WeasyPrint) as an uploaded file: what a person would send."""
    html = f"<html lang='fr'><body><h1>{titre}</h1><p>{texte}</p></body></html>"
    return SimpleUploadedFile(nom, HTML(string=html).write_pdf(), content_type="application/pdf")


def charger_demo_justificatif_absence(julien):
    """Julien Blanc's certificate for the workshop he missed (``demo.a_faire``), through the action."""
    rdv = RendezVous.objects.filter(personne=julien, statut=StatutRendezVous.ABSENT).order_by("-pk").first()
    if rdv is None or Document.objects.filter(personne=julien, nature=NatureDocument.ABSENCE_EXCUSEE).exists():
        return
    rendezvous.joindre_justificatif_absence(
        rdv,
        acting_user=julien.user,
        fichier=pdf(
            "Certificat médical.pdf",
            "Certificat médical",
            "Je soussigné, docteur en médecine, certifie avoir examiné M. Julien Blanc ce jour ; "
            "son état de santé ne lui permettait pas de se déplacer.",
        ),
    )


def charger_demo_rectification_prolongee(julien, conseiller):
    """Julien Blanc's request about his household, whose deadline Camille Durand extended, through the actions."""
    if DemandeRectification.objects.filter(personne=julien).exists():
        return
    demande = rectification.demander(
        julien,
        acting_user=julien.user,
        categorie=CategorieDonnees.SITUATION,
        texte="Mon dossier indique que je vis seul : j'ai la garde de ma fille une semaine sur deux depuis mars.",
    )
    rectification.prolonger(
        demande,
        acting_user=conseiller,
        motif="La composition de votre foyer doit d'abord être mise à jour par la CAF du Nord, que nous avons saisie.",
    )


def charger_demo_droits(marie):
    """Marie Dupont's rectification request (waiting for an answer) and her copy of her file (ready)."""
    if not DemandeRectification.objects.filter(personne=marie).exists():
        rectification.demander(
            marie,
            acting_user=marie.user,
            categorie=CategorieDonnees.IDENTITE,
            texte="Mon numéro de téléphone a changé : c'est désormais le 06 12 34 56 78.",
        )
    if not CopieDossier.objects.filter(personne=marie).exists():
        copie = copie_actions.demander_copie(marie, par=marie.user)
        # The worker's own function, run here so that the copy is ready when the demo starts (the task queued
        # on commit then finds it built and does nothing).
        copie_zip.construire(copie.pk)
