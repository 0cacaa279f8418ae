"""Issue 21's demo (demo/donnees.py): what each demo account finds, through the real pages."""

from django.urls import reverse

from demo.donnees import ARCHIVEE, INACTIF
from francetravail.audit.enums import PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.documents.enums import NatureDocument, TypeFichier
from francetravail.documents.models import Document
from francetravail.donnees import rectification_file
from francetravail.donnees.enums import ActionConservation, StatutCopie, StatutRectification
from francetravail.donnees.models import CopieDossier, DemandeRectification, RegistrePurge
from francetravail.personnes.models import Personne


def test_la_demo_archive_un_dossier_inactif_anonymise_une_archive_et_tient_le_registre(demo_chargee, client):
    nom, prenoms, naissance = INACTIF
    robert = Personne.objects.get(nom_naissance=nom, prenoms=prenoms, date_naissance=naissance)
    assert robert.archivee_le is not None and robert.anonymisee_le is None
    # Odile Vasseur's file is anonymised: her name is gone, the row stays (the indicators' counts).
    assert not Personne.objects.filter(nom_naissance=ARCHIVEE[0], prenoms=ARCHIVEE[1]).exists()
    assert Personne.objects.filter(anonymisee_le__isnull=False).count() == 1
    actions = dict(RegistrePurge.objects.values_list("action", "nombre").filter(nombre__gt=0))
    assert actions.get(ActionConservation.ARCHIVAGE) == 1
    assert actions.get(ActionConservation.ANONYMISATION) == 1

    # The data protection officer reaches the register from her dashboard and finds Robert's file in it.
    client.force_login(User.objects.get(email__startswith="protection.donnees@"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert reverse("backoffice:registre_purges") in tableau
    page = client.get(reverse("backoffice:registre_purges"), {"dossier": robert.pk})
    assert page.status_code == 200
    assert ActionConservation.ARCHIVAGE.label in page.content.decode()

    # She finds Robert's archived file by name and birth date, and opens it only with a reason (logged).
    assert reverse("backoffice:archives") in tableau
    recherche = client.get(reverse("backoffice:archives"), {"nom": nom, "date_naissance": naissance.isoformat()})
    assert reverse("backoffice:archive", kwargs={"pk": robert.pk}) in recherche.content.decode()
    motif = "Demande du médiateur sur une radiation de 2023 : vérification des rendez-vous."
    dossier = client.post(reverse("backoffice:archive", kwargs={"pk": robert.pk}), {"motif": motif})
    assert dossier.status_code == 200 and "PETITJEAN" in dossier.content.decode().upper()
    assert AuditEvent.objects.filter(personne=robert, event_type=TypeEvenement.ARCHIVE_CONSULTEE, motif=motif).exists()


def test_la_demo_montre_un_justificatif_d_absence_une_piece_de_recours_une_copie_prete_et_une_rectification(
    demo_chargee, client
):
    julien = Personne.objects.get(nom_naissance="Blanc", prenoms="Julien")
    certificat = Document.objects.get(personne=julien, nature=NatureDocument.ABSENCE_EXCUSEE)
    assert certificat.nom == "Certificat médical.pdf" and certificat.type_fichier == TypeFichier.PDF
    thomas = Personne.objects.get(nom_naissance="Faure", prenoms="Thomas")
    assert Document.objects.filter(personne=thomas, nature=NatureDocument.RECOURS).count() == 1

    # Camille Durand reads Julien's certificate through the gated download (logged) and counts Marie's request.
    camille = User.objects.get(email__startswith="conseiller@")
    client.force_login(camille)
    reponse = client.get(reverse("documents:telecharger", kwargs={"pk": certificat.pk}))
    assert reponse.status_code == 200 and reponse["Content-Disposition"].startswith("attachment")
    assert JournalAcces.objects.filter(user=camille, personne=julien, partie=PartieDossier.DOCUMENT).exists()
    assert rectification_file.nombre_a_traiter(camille) == 2

    # Marie Dupont finds her copy ready in « Mes données », and her request waiting for an answer.
    marie = Personne.objects.get(nom_naissance="Dupont", prenoms="Marie")
    copie = CopieDossier.objects.get(personne=marie)
    assert copie.statut == StatutCopie.PRETE and copie.taille > 0
    client.force_login(marie.user)
    page = client.get(reverse("donnees:mes_donnees")).content.decode()
    assert reverse("donnees:copie_telecharger", kwargs={"pk": copie.pk}) in page
    assert DemandeRectification.objects.get(personne=marie).statut == StatutRectification.OUVERTE

    # Julien Blanc's request was extended by Camille Durand: he reads why, and the new deadline.
    julien_demande = DemandeRectification.objects.get(personne=julien)
    assert julien_demande.prolongee_le is not None and julien_demande.statut == StatutRectification.OUVERTE
    client.force_login(julien.user)
    page = client.get(reverse("donnees:rectification", kwargs={"pk": julien_demande.pk})).content.decode()
    assert "CAF du Nord" in page and "délai prolongé de deux mois" in page
