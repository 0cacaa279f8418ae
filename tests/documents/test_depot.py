"""A document enters through ``depot.verifier`` / ``depot.deposer``: size, antivirus (the project's
clamd, EICAR), type from the content, the file opened, images re-encoded. A refusal stores nothing."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from francetravail.documents import antivirus, depot
from francetravail.documents.enums import NatureDocument, TypeFichier
from francetravail.documents.models import Document
from tests.documents.fichiers import (
    EICAR,
    EXECUTABLE,
    image_lisible,
    jpeg_avec_exif,
    pdf_lisible,
    png_avec_texte_et_queue,
    televerse,
)
from tests.factories import PersonneFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personne():
    return PersonneFactory(avec_compte=True)


def fichiers_stockes(settings):
    racine = Path(settings.MEDIA_ROOT)
    return [p for p in racine.rglob("*") if p.is_file()] if racine.exists() else []


def refuse(settings, personne, fichier, message, code):
    with pytest.raises(ValidationError) as erreur:
        depot.deposer(fichier, personne=personne, nature=NatureDocument.ABSENCE_EXCUSEE, par=personne.user)
    assert erreur.value.code == code
    assert message in " ".join(erreur.value.messages)
    assert not Document.objects.exists()
    assert fichiers_stockes(settings) == []


def test_un_pdf_lisible_est_stocke_tel_quel_sous_un_nom_aleatoire(settings, personne):
    octets = pdf_lisible()
    document = depot.deposer(
        televerse("../../etc/Mon justificatif<script>.PDF.exe", octets),
        personne=personne,
        nature=NatureDocument.ABSENCE_EXCUSEE,
        par=personne.user,
    )
    document.refresh_from_db()
    assert document.type_fichier == TypeFichier.PDF
    assert document.nom == "Mon justificatif_script_.PDF.pdf"
    assert document.fichier.read() == octets
    assert document.taille == len(octets)
    assert "justificatif" not in document.fichier.name
    assert document.fichier.name.startswith("documents/")


def test_eicar_est_refuse_par_l_antivirus(settings, personne):
    refuse(settings, personne, televerse("eicar.pdf", EICAR), "contient un virus", "virus")


def test_l_antivirus_de_la_plateforme_reconnait_eicar():
    with pytest.raises(antivirus.FichierInfecte) as erreur:
        antivirus.analyser(io.BytesIO(EICAR))
    assert "Eicar" in erreur.value.signature
    assert antivirus.analyser(io.BytesIO(pdf_lisible())) is None


def test_sans_antivirus_joignable_le_fichier_est_refuse(settings, personne, tmp_path):
    settings.CLAMAV_SOCKET = str(tmp_path / "absent.sock")
    refuse(settings, personne, televerse(), "n'a pas pu être vérifié par l'antivirus", "antivirus_indisponible")


def test_un_executable_renomme_pdf_est_refuse(settings, personne):
    refuse(settings, personne, televerse("justificatif.pdf", EXECUTABLE), "n'est pas un PDF", "type")


@pytest.mark.parametrize(
    ("contenu", "message", "code"),
    [
        (b"%PDF-1.7\n" + b"\x13\x37" * 2000, "PDF est abîmé", "pdf"),
        (pdf_lisible()[:300], "PDF est abîmé", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x13\x37" * 2000, "image PNG est abîmée", "image"),
        (image_lisible("JPEG", taille=(400, 400))[:400], "image JPEG est abîmée", "image"),
        (b"", "vide", "vide"),
    ],
    ids=["pdf_entete_puis_dechets", "pdf_tronque", "png_entete_puis_dechets", "jpeg_tronque", "vide"],
)
def test_un_fichier_qui_ne_s_ouvre_pas_est_refuse(settings, personne, contenu, message, code):
    refuse(settings, personne, televerse("piece.pdf", contenu), message, code)


def test_la_taille_maximale_est_acceptee_un_octet_de_plus_est_refuse(settings, personne):
    octets = pdf_lisible()
    settings.DOCUMENTS_TAILLE_MAX = len(octets)
    assert depot.verifier(televerse(contenu=octets)) == TypeFichier.PDF
    settings.DOCUMENTS_TAILLE_MAX = len(octets) - 1
    refuse(settings, personne, televerse(contenu=octets), "dépasse la taille maximale", "taille")


def test_une_image_jpeg_est_reencodee_sans_ses_metadonnees_et_remise_droite(settings, personne):
    original = jpeg_avec_exif(taille=(40, 20), orientation=6)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif()  # the test's file does carry them
    document = depot.deposer(
        televerse("photo.jpg", original, "image/jpeg"),
        personne=personne,
        nature=NatureDocument.ABSENCE_EXCUSEE,
        par=personne.user,
    )
    stocke = document.fichier.read()
    assert stocke != original
    assert b"Appareil de Camille" not in stocke and b"commentaire prive" not in stocke
    with Image.open(io.BytesIO(stocke)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "comment" not in image.info
        assert image.size == (20, 40)  # the orientation was applied to the pixels
    assert document.taille == len(stocke)
    assert document.nom == "photo.jpg"


def test_une_image_png_est_reencodee_sans_ses_textes_ni_ce_qui_la_suit(settings, personne):
    original = png_avec_texte_et_queue()
    document = depot.deposer(
        televerse("scan.png", original, "image/png"),
        personne=personne,
        nature=NatureDocument.ABSENCE_EXCUSEE,
        par=UserFactory(),
    )
    stocke = document.fichier.read()
    assert b"Camille Martin" not in stocke and b"<script>" not in stocke
    with Image.open(io.BytesIO(stocke)) as image:
        assert image.format == "PNG" and image.size == (30, 30)
        assert "Author" not in image.info
    import hashlib

    assert document.empreinte == hashlib.sha256(stocke).hexdigest()


def test_le_depot_est_un_evenement_d_audit_sans_le_nom_du_fichier(personne):
    from francetravail.audit.enums import TypeEvenement
    from francetravail.audit.models import AuditEvent

    document = depot.deposer(
        televerse("Arrêt maladie Camille.pdf"),
        personne=personne,
        nature=NatureDocument.ABSENCE_EXCUSEE,
        par=personne.user,
        objet=personne,
    )
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.DOCUMENT_DEPOSE)
    assert (evenement.personne_id, evenement.acting_user_id) == (personne.pk, personne.user_id)
    assert evenement.data["document_id"] == document.pk
    assert evenement.data["nature"] == "absence_excusee"
    assert evenement.data["objet"] == f"personnes.personne:{personne.pk}"
    assert "Camille" not in str(evenement.data)  # the name may say what the person did not mean to log


def test_docker_compose_donne_un_antivirus_aux_conteneurs_django():
    """``docker compose up`` runs ClamAV (clamd + freshclam) and hands its socket to web and worker."""
    import yaml
    from django.conf import settings as reglages

    compose = yaml.safe_load((Path(reglages.BASE_DIR) / "docker-compose.yml").read_text())
    clamav = compose["services"]["clamav"]
    assert clamav["image"].startswith("clamav/clamav:")
    assert "ports" not in clamav  # reached through its socket only
    assert "clamav-socket:/tmp" in clamav["volumes"]
    for nom in ("web", "worker"):
        service = compose["services"][nom]
        assert service["environment"]["CLAMAV_SOCKET"] == "/run/clamav/clamd.sock"
        assert "clamav-socket:/run/clamav" in service["volumes"]
        assert "clamav" in service["depends_on"]
