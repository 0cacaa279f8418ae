"""Starting an import: from the admin (upload) and from the command line."""

import csv
import html
import io
import pathlib

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from inscription.models import ImportFluxCAF
from tests.factories import UserFactory
from tests.inscription.flux import fichier, lignes


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    return client


def test_l_admin_televerse_un_fichier_qui_part_au_worker_apres_validation(
    admin_client, django_capture_on_commit_callbacks, tmp_path, settings, taches_immediates
):
    settings.MEDIA_ROOT = str(tmp_path)
    donnees = lignes(3)
    donnees[1] = {**donnees[1], "code_insee": "00000"}
    televersement = tmp_path / "flux.csv"
    televersement.write_bytes(fichier(donnees))
    with televersement.open("rb") as f, django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:inscription_importfluxcaf_add"), {"fichier": f})
    imp = ImportFluxCAF.objects.get()
    assert response.status_code == 302
    imp.refresh_from_db()
    assert (imp.statut, imp.nb_creees, imp.nb_rejetees) == ("termine", 2, 1)
    page = admin_client.get(reverse("admin:inscription_importfluxcaf_change", args=[imp.pk])).content.decode()
    assert "100 %" in page and "rejets.csv" in page
    rapport = admin_client.get(reverse("admin:inscription_import_rejets", args=[imp.pk]))
    assert "commune inconnue" in rapport.content.decode("utf-8-sig")


def test_un_fichier_qui_n_est_pas_un_flux_est_refuse(admin_client, tmp_path):
    autre = tmp_path / "flux.pdf"
    autre.write_bytes(b"%PDF")
    with autre.open("rb") as f:
        response = admin_client.post(reverse("admin:inscription_importfluxcaf_add"), {"fichier": f})
    assert response.status_code == 200
    assert "flux XML, un CSV ou un classeur XLSX" in response.content.decode()
    assert not ImportFluxCAF.objects.exists()


def test_un_classeur_sans_correspondance_est_refuse(admin_client, tmp_path):
    autre = tmp_path / "flux.xlsx"
    autre.write_bytes(b"PK")
    with autre.open("rb") as f:
        response = admin_client.post(reverse("admin:inscription_importfluxcaf_add"), {"fichier": f})
    assert response.status_code == 200
    assert "Choisissez la correspondance de colonnes" in response.content.decode()
    assert not ImportFluxCAF.objects.exists()


def test_un_professionnel_sans_droit_d_administration_n_y_accede_pas(client):
    client.force_login(UserFactory(professionnel=True))
    assert client.get(reverse("admin:inscription_importfluxcaf_add")).status_code == 302


def test_la_commande_importe_sur_place(tmp_path, settings, capsys):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    chemin = tmp_path / "flux.csv"
    chemin.write_bytes(fichier(lignes(5)))
    call_command("importer_flux_caf", str(chemin), "--sur-place")
    assert "5 inscrites" in capsys.readouterr().out


# --- Upload size limit: refused while it arrives, before anything is stored -------------------------


class Sonde(FileUploadHandler):
    """Placed after the limit in the upload handlers: counts the bytes that reach the storing handlers."""

    recus = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        Sonde.recus.append(0)

    def receive_data_chunk(self, raw_data, start):
        Sonde.recus[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def sonde(settings, tmp_path):
    Sonde.recus = []
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.inscription.test_lancement.Sonde",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    # Above 0 bytes every upload would go to a temporary file: prove none is left (nor written, see Sonde).
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "televersements")
    (tmp_path / "televersements").mkdir()
    return Sonde


def _televerser(client, tmp_path, contenu, nom="flux.csv"):
    chemin = tmp_path / nom
    chemin.write_bytes(contenu)
    with chemin.open("rb") as f:
        return client.post(reverse("admin:inscription_importfluxcaf_add"), {"fichier": f})


def _rien_de_stocke(settings, tmp_path):
    media = pathlib.Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert list((tmp_path / "televersements").iterdir()) == []
    assert not ImportFluxCAF.objects.exists()


def test_un_fichier_d_exactement_la_taille_maximale_est_accepte(admin_client, tmp_path, settings, sonde):
    contenu = fichier(lignes(3))
    settings.FLUX_CAF_TAILLE_MAX = len(contenu)
    response = _televerser(admin_client, tmp_path, contenu)
    assert response.status_code == 302
    imp = ImportFluxCAF.objects.get()
    assert imp.fichier.size == len(contenu)


def test_un_octet_de_trop_et_le_fichier_est_refuse_sans_etre_stocke(admin_client, tmp_path, settings, sonde):
    contenu = fichier(lignes(3))
    settings.FLUX_CAF_TAILLE_MAX = len(contenu) - 1
    response = _televerser(admin_client, tmp_path, contenu)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "dépasse la taille maximale autorisée" in page
    assert "n'a pas été enregistré" in page
    _rien_de_stocke(settings, tmp_path)
    # The storing handlers got at most the limit, never the byte over it.
    assert sum(sonde.recus) <= settings.FLUX_CAF_TAILLE_MAX


def test_un_envoi_annonce_trop_gros_est_refuse_avant_d_en_lire_un_octet(admin_client, tmp_path, settings, sonde):
    # The announced length (CONTENT_LENGTH) is far above the limit: not one byte of the file is handed on.
    settings.FLUX_CAF_TAILLE_MAX = 1024
    contenu = fichier(lignes(3)) + b"x" * (2 * 1024 * 1024)
    response = _televerser(admin_client, tmp_path, contenu)
    assert response.status_code == 200
    assert "dépasse la taille maximale autorisée (1,0\xa0Kio)" in html.unescape(response.content.decode())
    assert sonde.recus == [] or sonde.recus == [0]
    _rien_de_stocke(settings, tmp_path)


def test_la_limite_de_taille_ne_contourne_pas_le_jeton_csrf(tmp_path, settings, sonde):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    response = _televerser(client, tmp_path, fichier(lignes(2)))
    assert response.status_code == 403
    _rien_de_stocke(settings, tmp_path)


def test_le_rapport_des_rejets_neutralise_les_formules(
    admin_client, taches_immediates, tmp_path, django_capture_on_commit_callbacks
):
    donnees = lignes(2)
    contenu = fichier(donnees, brutes=['=HYPERLINK("http://127.0.0.1/")' + ";x" * 15])
    with django_capture_on_commit_callbacks(execute=True):
        _televerser(admin_client, tmp_path, contenu)
    imp = ImportFluxCAF.objects.get()
    imp.refresh_from_db()
    assert (imp.nb_creees, imp.nb_rejetees) == (2, 1)
    rapport = admin_client.get(reverse("admin:inscription_import_rejets", args=[imp.pk])).content.decode("utf-8-sig")
    lignes_rapport = list(csv.reader(io.StringIO(rapport), delimiter=";"))
    assert lignes_rapport[1][0] == "4"
    assert lignes_rapport[1][2].startswith("'=HYPERLINK")


def test_la_commande_refuse_un_fichier_trop_gros(tmp_path, settings):
    chemin = tmp_path / "flux.csv"
    contenu = fichier(lignes(2))
    chemin.write_bytes(contenu)
    settings.FLUX_CAF_TAILLE_MAX = len(contenu) - 1
    with pytest.raises(CommandError, match="dépasse la taille maximale"):
        call_command("importer_flux_caf", str(chemin), "--sur-place")
    assert not ImportFluxCAF.objects.exists()


def test_la_commande_sur_place_ne_confie_pas_aussi_l_import_au_worker(
    tmp_path, settings, capsys, django_capture_on_commit_callbacks
):
    chemin = tmp_path / "flux.csv"
    chemin.write_bytes(fichier(lignes(2)))
    with django_capture_on_commit_callbacks(execute=False) as sur_place:
        call_command("importer_flux_caf", str(chemin), "--sur-place")
    with django_capture_on_commit_callbacks(execute=False) as au_worker:
        call_command("importer_flux_caf", str(chemin))
    assert (len(sur_place), len(au_worker)) == (0, 1)
    assert "confié au worker" in capsys.readouterr().out
