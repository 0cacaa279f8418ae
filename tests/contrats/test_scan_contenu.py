"""The scan of a contract signed on paper is opened, not sniffed: a PDF must parse (pypdf), a JPEG or
a PNG must decode (Pillow). A valid magic number followed by garbage is refused with a clear French
message, by the action itself (whoever calls it) and on the référent's page; a refusal stores nothing
and leaves the contract as it was."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from contrats import actions
from contrats import scan as verification
from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from contrats.queries import scan_papier
from francetravail.documents.models import Document
from tests.contrats.factories import Situation
from tests.fichiers import image_lisible, pdf_lisible, scan

MO = 1024 * 1024


@pytest.fixture
def s():
    return Situation()


def relire(contrat):
    return ContratEngagement.objects.get(pk=contrat.pk)


def brouillon(s):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    return contrat


def pdf_chiffre():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def pdf_sans_page():
    sortie = io.BytesIO()
    PdfWriter().write(sortie)
    return sortie.getvalue()


def png_a_la_taille(octets_voulus):
    """A readable PNG of exactly ``octets_voulus`` bytes: padded by a private ancillary chunk
    (which decoders skip), with its CRC."""
    png = image_lisible("PNG")
    fin = png.rindex(b"IEND") - 4  # the IEND chunk starts with its 4-byte length
    remplissage = octets_voulus - len(png) - 12
    donnees = b"\0" * remplissage
    morceau = struct.pack(">I", remplissage) + b"prVt" + donnees + struct.pack(">I", zlib.crc32(b"prVt" + donnees))
    resultat = png[:fin] + morceau + png[fin:]
    assert len(resultat) == octets_voulus
    return resultat


def _image(octets):
    """(format, size, mode) of an image's bytes: what a re-encoding keeps."""
    with Image.open(io.BytesIO(octets)) as image:
        return image.format, image.size, image.mode


def png_de(pixels_large, pixels_haut):
    sortie = io.BytesIO()
    Image.new("1", (pixels_large, pixels_haut), 1).save(sortie, format="PNG")
    return sortie.getvalue()


LISIBLES = {
    "pdf": ("contrat.pdf", pdf_lisible),
    "pdf_de_trois_pages": ("contrat.PDF", lambda: pdf_lisible(pages=3)),
    "png": ("contrat.png", lambda: image_lisible("PNG")),
    "png_niveaux_de_gris": ("contrat.png", lambda: image_lisible("PNG", mode="L")),
    "jpeg": ("contrat.jpg", lambda: image_lisible("JPEG")),
    "jpeg_extension_longue": ("contrat.jpeg", lambda: image_lisible("JPEG", mode="L")),
}

ILLISIBLES = {
    # A valid magic number, then garbage: what the 8-byte check used to accept.
    "pdf_entete_puis_dechets": ("contrat.pdf", lambda: b"%PDF-1.7\n" + b"\x13\x37" * 2000, "PDF est abîmé"),
    "png_entete_puis_dechets": ("contrat.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x13\x37" * 2000, "image PNG"),
    "jpeg_entete_puis_dechets": ("contrat.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x13\x37" * 2000, "image JPEG"),
    # A real file cut short (an interrupted upload).
    "pdf_tronque": ("contrat.pdf", lambda: pdf_lisible()[:300], "PDF est abîmé"),
    "png_tronque": ("contrat.png", lambda: image_lisible("PNG", taille=(400, 400), mode="RGB")[:-200], "image PNG"),
    "jpeg_tronque": ("contrat.jpg", lambda: image_lisible("JPEG", taille=(400, 400))[:400], "image JPEG"),
    # The content is another kind than the name says.
    "png_nomme_pdf": ("contrat.pdf", lambda: image_lisible("PNG"), "pas un PDF, un JPEG ou un PNG lisible"),
    "pdf_nomme_jpg": ("contrat.jpg", pdf_lisible, "pas un PDF, un JPEG ou un PNG lisible"),
    "executable_nomme_pdf": ("contrat.pdf", lambda: b"MZ\x90\x00 pas un pdf", "pas un PDF, un JPEG ou un PNG lisible"),
    # A PDF that opens but cannot be read by the team.
    "pdf_chiffre": ("contrat.pdf", pdf_chiffre, "mot de passe"),
    "pdf_sans_page": ("contrat.pdf", pdf_sans_page, "aucune page"),
    "extension": ("contrat.exe", pdf_lisible, "PDF, JPEG ou PNG"),
    "vide": ("contrat.pdf", lambda: b"", "pas un PDF, un JPEG ou un PNG lisible"),
}


@pytest.mark.parametrize("cas", list(LISIBLES))
def test_un_scan_lisible_est_accepte_par_l_action(s, cas):
    nom, contenu = LISIBLES[cas]
    octets = contenu()
    contrat = actions.enregistrer_signature_papier(brouillon(s), acting_user=s.referent, scan=scan(nom, octets))
    contrat = relire(contrat)
    assert contrat.statut == StatutContrat.SIGNE
    stocke = scan_papier(contrat.version_en_vigueur).fichier.read()
    if nom.lower().endswith(".pdf"):
        assert stocke == octets  # a PDF is kept as it is
    else:  # an image is re-encoded by the documents' store (metadata dropped): the same picture
        assert _image(stocke) == _image(octets)


@pytest.mark.parametrize("cas", list(ILLISIBLES))
def test_un_scan_illisible_est_refuse_par_l_action_sans_rien_changer(s, cas):
    from django.core.exceptions import ValidationError

    nom, contenu, message = ILLISIBLES[cas]
    contrat = brouillon(s)
    with pytest.raises(ValidationError) as erreur:
        actions.enregistrer_signature_papier(contrat, acting_user=s.referent, scan=scan(nom, contenu()))
    assert message in " ".join(erreur.value.messages)
    contrat = relire(contrat)
    assert contrat.statut == StatutContrat.BROUILLON
    assert not contrat.versions.exists()
    assert not Document.objects.exists()


@pytest.mark.parametrize("cas", ["pdf_entete_puis_dechets", "png_entete_puis_dechets", "jpeg_entete_puis_dechets"])
def test_la_page_du_referent_montre_le_refus_au_champ(client, s, cas):
    nom, contenu, message = ILLISIBLES[cas]
    contrat = brouillon(s)
    client.force_login(s.referent)
    adresse = reverse("backoffice:contrat_signature_papier", kwargs={"pk": s.personne.pk})
    reponse = client.post(adresse, {"signature_papier": scan(nom, contenu())})
    assert reponse.status_code == 200
    assert message in reponse.content.decode().replace("&#x27;", "'")
    assert relire(contrat).statut == StatutContrat.BROUILLON


# --- Bounds, on both sides --------------------------------------------------------------------------


def test_taille_de_10_mo_acceptee_un_octet_de_plus_refusee(s):
    from django.core.exceptions import ValidationError

    verification.verifier_scan(scan("contrat.png", png_a_la_taille(10 * MO)))
    with pytest.raises(ValidationError, match="dépasse 10 Mo"):
        verification.verifier_scan(scan("contrat.png", png_a_la_taille(10 * MO + 1)))
    # Through the action, the file at the bound is stored.
    octets = png_a_la_taille(10 * MO)
    contrat = actions.enregistrer_signature_papier(brouillon(s), acting_user=s.referent, scan=scan("scan.png", octets))
    assert _image(scan_papier(relire(contrat).version_en_vigueur).fichier.read()) == _image(octets)


@pytest.mark.no_django_db
def test_nombre_de_pixels_a_la_limite_accepte_un_de_plus_refuse():
    from django.core.exceptions import ValidationError

    assert verification.PIXELS_MAX_SCAN == 50_000_000
    verification.verifier_scan(scan("contrat.png", png_de(10_000, 5_000)))
    with pytest.raises(ValidationError, match="trop grande"):
        verification.verifier_scan(scan("contrat.png", png_de(50_000_001, 1)))


@pytest.mark.no_django_db
def test_le_fichier_est_relu_depuis_le_debut_apres_la_verification():
    fichier = SimpleUploadedFile("contrat.pdf", pdf_lisible(), content_type="application/pdf")
    verification.verifier_scan(fichier)
    assert fichier.read(5) == b"%PDF-"


def test_la_page_refuse_le_scan_trop_gros_pendant_son_arrivee_sans_rien_stocker(client, s, settings, tmp_path):
    """Through the page, the 10 Mo bound is enforced while the file arrives (francetravail.base.televersement):
    at the bound the scan is stored; one byte more never reaches storage and the field says why."""
    from pathlib import Path

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(s.referent)
    adresse = reverse("backoffice:contrat_signature_papier", kwargs={"pk": s.personne.pk})
    contrat = brouillon(s)

    trop = client.post(adresse, {"signature_papier": scan("scan.png", png_a_la_taille(10 * MO + 1))})
    assert trop.status_code == 200
    assert "dépasse la taille maximale autorisée" in trop.content.decode()
    assert "Ce champ est obligatoire" not in trop.content.decode()
    assert relire(contrat).statut == StatutContrat.BROUILLON
    assert not Document.objects.exists()
    assert not [f for f in Path(settings.MEDIA_ROOT).rglob("*") if f.is_file()]
    assert not list(tmp_path.iterdir())  # not even a temporary file left

    juste = client.post(adresse, {"signature_papier": scan("scan.png", png_a_la_taille(10 * MO))})
    assert juste.status_code == 302
    assert scan_papier(relire(contrat).version_en_vigueur) is not None  # stored (re-encoded: padding dropped)
