"""Starting an import: from the admin (upload) and from the command line."""

import pytest
from django.core.management import call_command
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


def test_un_fichier_qui_n_est_pas_un_csv_est_refuse(admin_client, tmp_path):
    autre = tmp_path / "flux.xlsx"
    autre.write_bytes(b"PK")
    with autre.open("rb") as f:
        response = admin_client.post(reverse("admin:inscription_importfluxcaf_add"), {"fichier": f})
    assert response.status_code == 200
    assert "fichier CSV" in response.content.decode()
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
