"""Invitation letters (PDF: address, code, QR code to the link) and the day's batch of an organisation."""

import io
import re
import secrets
from datetime import timedelta

import pytest
import qrcode
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from francetravail.invitations import courriers, lien
from francetravail.invitations.enums import CanalInvitation, StatutLot, TypeEnvoi
from francetravail.invitations.models import EnvoiInvitation, Invitation, LotCourriers
from francetravail.rendezvous.enums import Motif
from tests.factories import OrganisationFactory, PersonneFactory


def invitation(personne=None, organisation=None, **champs):
    personne = personne or PersonneFactory()
    return Invitation.objects.create(
        personne=personne,
        organisation=organisation or personne.organisme_referent,
        motif=Motif.ENTRETIEN_ORIENTATION,
        canaux=[CanalInvitation.COURRIER],
        nonce=secrets.token_hex(16),
        code=champs.pop("code", secrets.token_hex(3).upper()[:6]),
        expire_le=timezone.now() + timedelta(days=10),
        limite_rdv=timezone.localdate() + timedelta(days=15),
        **champs,
    )


def envoi_courrier(inv=None, type_envoi=TypeEnvoi.INVITATION, **kwargs):
    inv = inv or invitation(**kwargs)
    return EnvoiInvitation.objects.create(invitation=inv, canal=CanalInvitation.COURRIER, type_envoi=type_envoi)


def texte(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_lu(pdf, page=0):
    """The QR modules of the page's image (dark = True), read back from the PDF's pixels."""
    (image,) = PdfReader(io.BytesIO(pdf)).pages[page].images
    return Image.open(io.BytesIO(image.data)).convert("L")


def matrice_attendue(url):
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=4, mask_pattern=courriers.MASQUE_QR
    )
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()  # with its border of 4 modules


def test_lettre_adresse_code_et_lien(settings):
    settings.SITE_URL = "https://rdv.exemple.fr"
    personne = PersonneFactory(prenoms="Léa", nom_naissance="Martin", adresse="8 rue des Tilleuls")
    envoi = envoi_courrier(personne=personne, code="K7P2QX")
    pdf = courriers.pdf_lettre(envoi)
    (page,) = texte(pdf)
    assert "Léa MARTIN" in page
    assert "8 RUE DES TILLEULS" in page
    assert f"{personne.code_postal} " in page and "LILLE" in page
    assert "K7P2QX" in page
    # The link written out opens this invitation (its token is signed with a timestamp: read it back).
    url = re.search(r"https://rdv\.exemple\.fr/rdv/\S+/", page.replace("\n", "")).group(0)
    assert lien.lire(url.removeprefix("https://rdv.exemple.fr/rdv/").rstrip("/")) == envoi.invitation
    assert "Invitation à prendre rendez-vous" in page
    assert "L5412-1" in page  # the legal mentions, outside the wording


def test_le_code_qr_est_celui_du_lien():
    """No QR decoder is installed: the image printed is compared, module by module, with the QR code of the
    link (the same encoder, the same settings) — any other content would differ."""
    envoi = envoi_courrier()
    pdf = courriers.pdf_lettre(envoi)
    image = qr_lu(pdf)
    (page,) = texte(pdf)
    url = re.search(r"http\S+/rdv/\S+/", page.replace("\n", "")).group(0)
    attendue = matrice_attendue(url)
    taille = len(attendue)
    assert image.width == image.height == taille * 4
    lue = [[image.getpixel((x * 4 + 2, y * 4 + 2)) < 128 for x in range(taille)] for y in range(taille)]
    assert lue == attendue
    autre = matrice_attendue(lien.url(invitation()))
    assert lue != autre


def test_relance_sa_formulation():
    envoi = envoi_courrier(type_envoi=TypeEnvoi.RELANCE)
    (page,) = texte(courriers.pdf_lettre(envoi))
    assert "Rappel : prenez votre rendez-vous" in page
    assert "vous n'avez pas encore choisi" in page.replace("’", "'").replace("\n", " ")


def test_inscrire_au_lot_du_jour_un_lot_par_organisation(django_capture_on_commit_callbacks):
    a, b = OrganisationFactory(), OrganisationFactory()
    envois_a = [envoi_courrier(organisation=a) for _ in range(2)]
    envoi_b = envoi_courrier(organisation=b)
    with django_capture_on_commit_callbacks() as rappels:
        lots = courriers.inscrire_au_lot([e.pk for e in [*envois_a, envoi_b]])
    assert len(lots) == 2 and len(rappels) == 2
    lot_a = LotCourriers.objects.get(organisation=a, jour=timezone.localdate())
    assert set(lot_a.envois.values_list("pk", flat=True)) == {e.pk for e in envois_a}
    assert lot_a.statut == StatutLot.EN_COURS
    # Later the same day: the same batch.
    plus_tard = envoi_courrier(organisation=a)
    courriers.inscrire_au_lot([plus_tard.pk])
    assert LotCourriers.objects.filter(organisation=a).count() == 1
    assert lot_a.envois.count() == 3


def test_lot_imprime_les_suivants_vont_au_lendemain():
    a = OrganisationFactory()
    premier = envoi_courrier(organisation=a)
    (lot,) = courriers.inscrire_au_lot([premier.pk])
    LotCourriers.objects.filter(pk=lot.pk).update(imprime_le=timezone.now())
    suivant = envoi_courrier(organisation=a)
    (lendemain,) = courriers.inscrire_au_lot([suivant.pk])
    assert lendemain.jour == timezone.localdate() + timedelta(days=1)
    assert list(lot.envois.values_list("pk", flat=True)) == [premier.pk]


def test_autres_canaux_et_deja_inscrits_ignores():
    inv = invitation()
    courriel = EnvoiInvitation.objects.create(invitation=inv, canal=CanalInvitation.EMAIL)
    assert courriers.inscrire_au_lot([courriel.pk]) == []
    envoi = envoi_courrier()
    (lot,) = courriers.inscrire_au_lot([envoi.pk])
    assert courriers.inscrire_au_lot([envoi.pk]) == []


def test_rendu_du_lot_un_pdf_de_n_pages_au_stockage_prive():
    a = OrganisationFactory()
    envois = [envoi_courrier(organisation=a) for _ in range(3)]
    (lot,) = courriers.inscrire_au_lot([e.pk for e in envois])
    lot = courriers.rendre_lot(lot.pk)
    assert lot.statut == StatutLot.TERMINE
    assert lot.nb_courriers == 3
    with lot.fichier.open("rb") as f:
        pdf = f.read()
    pages = texte(pdf)
    assert len(pages) == 3
    for envoi in envois:
        assert sum(envoi.invitation.code in p for p in pages) == 1
    with pytest.raises(ValueError, match="adresse publique"):
        lot.fichier.url  # noqa: B018 - the private storage gives no URL
    assert lot.fichier.name.startswith("invitations/courriers/")


def test_rendu_en_plusieurs_documents_joints(settings, monkeypatch):
    monkeypatch.setattr(courriers, "LETTRES_PAR_DOCUMENT", 2)
    a = OrganisationFactory()
    envois = [envoi_courrier(organisation=a) for _ in range(5)]
    (lot,) = courriers.inscrire_au_lot([e.pk for e in envois])
    lot = courriers.rendre_lot(lot.pk)
    with lot.fichier.open("rb") as f:
        assert len(PdfReader(f).pages) == 5
    assert lot.nb_courriers == 5


def test_une_lettre_sans_adresse_n_arrete_pas_le_lot():
    a = OrganisationFactory()
    bonne = envoi_courrier(organisation=a)
    sans = envoi_courrier(personne=PersonneFactory(adresse="", organisme_referent=a))
    (lot,) = courriers.inscrire_au_lot([bonne.pk, sans.pk])
    lot = courriers.rendre_lot(lot.pk)
    assert lot.statut == StatutLot.TERMINE
    assert lot.nb_courriers == 1


def test_lot_dont_le_rendu_s_est_perdu_est_refait_apres_le_delai_et_pas_avant(settings, taches_immediates):
    from francetravail.base import relances

    settings.DOCUMENTS_DELAI_RELANCE = 600
    maintenant = timezone.now()
    a = OrganisationFactory()
    (lot,) = courriers.inscrire_au_lot([envoi_courrier(organisation=a).pk])  # its task never ran
    LotCourriers.objects.filter(pk=lot.pk).update(modifie_le=maintenant - timedelta(seconds=599))
    assert relances.relancer_documents(maintenant=maintenant) == {}
    LotCourriers.objects.filter(pk=lot.pk).update(modifie_le=maintenant - timedelta(seconds=601))
    assert relances.relancer_documents(maintenant=maintenant) == {"invitations.LotCourriers": 1}
    lot.refresh_from_db()
    assert lot.statut == StatutLot.TERMINE and lot.nb_courriers == 1
    assert relances.relancer_documents(maintenant=maintenant) == {}
