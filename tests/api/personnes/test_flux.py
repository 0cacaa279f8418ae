"""The CAF/MSA flux push of a département's software: the back-office upload's gate and import, answered 202
with the import to follow; size, format and scope refusals leave nothing behind."""

import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from francetravail.partenaires.portees import portees_permises
from francetravail.reseau.enums import Role, TypeOrganisation
from inscription import import_caf
from inscription.api.serializers_flux import sans_nir
from inscription.enums import FormatFlux, ResultatLigne, StatutImport
from inscription.models import ImportFluxCAF, LigneRapport
from tests.factories import OrganisationFactory, professionnel
from tests.partenaires.factories import appelant, client_api

DEPOT = reverse("v1:flux-caf-list")
FLUX = pathlib.Path(__file__).parents[2] / "inscription" / "fixtures" / "flux"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cd93():
    return OrganisationFactory(conseil_departemental=True, departement_id="93")


@pytest.fixture
def logiciel(cd93):
    return client_api(cd93, role=Role.ADMIN_ORGANISATION, portees=["flux:write"])


def _fichier(nom="vrsb_rejets.xml", contenu=None):
    return SimpleUploadedFile(nom, contenu if contenu is not None else (FLUX / nom).read_bytes())


def test_depot_202_puis_suivi_de_l_import_jusqu_au_rapport(logiciel, django_capture_on_commit_callbacks):
    api = appelant(logiciel)
    with django_capture_on_commit_callbacks() as envois:
        reponse = api.post(DEPOT, {"fichier": _fichier()}, format="multipart")

    assert reponse.status_code == 202, reponse.content
    imp = ImportFluxCAF.objects.get()
    assert reponse.json()["id"] == imp.pk
    assert reponse.json()["statut"] == StatutImport.EN_ATTENTE
    assert reponse["Location"] == reverse("v1:flux-caf-detail", kwargs={"pk": imp.pk})
    assert (imp.departement_id, imp.format, imp.lance_par_id) == ("93", FormatFlux.VRSB0801, logiciel.compte_id)
    assert len(envois) == 1  # the page's import task, sent once the request commits

    import_caf.executer(imp.pk)  # what the worker does with it
    suivi = api.get(reponse["Location"]).json()
    assert suivi["statut"] == StatutImport.TERMINE
    assert len(suivi["rejets"]) == suivi["nb_rejetees"] == 2
    assert all(r["motif"] for r in suivi["rejets"])
    assert "contenu" not in str(suivi)
    # Every rejected line, page by page in the file's order.
    lien = reverse("v1:flux-caf-rejets", kwargs={"pk": imp.pk})
    premiere = api.get(lien, {"taille": 1}).json()
    seconde = api.get(premiere["next"]).json()
    assert premiere["results"] + seconde["results"] == suivi["rejets"]


def test_la_liste_des_imports_du_departement_seulement(logiciel, cd93):
    appelant(logiciel).post(DEPOT, {"fichier": _fichier()}, format="multipart")
    autre = client_api(
        OrganisationFactory(conseil_departemental=True, departement_id="59"),
        role=Role.ADMIN_ORGANISATION,
        portees=["flux:write"],
    )
    assert len(appelant(logiciel).get(DEPOT).json()["results"]) == 1
    assert appelant(autre).get(DEPOT).json()["results"] == []
    imp = ImportFluxCAF.objects.get()
    assert appelant(autre).get(reverse("v1:flux-caf-detail", kwargs={"pk": imp.pk})).status_code == 404
    assert appelant(autre).get(reverse("v1:flux-caf-rejets", kwargs={"pk": imp.pk})).status_code == 404


def test_un_motif_qui_citerait_un_nir_le_masque():
    assert sans_nir("même NIR 1 85 01 93 066 001 42 que la ligne 3") == "même NIR [NIR masqué] que la ligne 3"
    assert sans_nir("NIR 185019306600142 ; numéro 1111112") == "NIR [NIR masqué] ; numéro 1111112"


def test_le_rapport_ne_rend_jamais_le_nir_d_une_ligne(logiciel, cd93):
    imp = ImportFluxCAF.objects.create(departement_id="93", statut=StatutImport.TERMINE, nb_rejetees=1)
    LigneRapport.objects.create(
        import_flux=imp,
        numero_ligne=4,
        resultat=ResultatLigne.REJETEE,
        numero_allocataire="1111114",
        motif="NIR 185019306600142 déjà porté par un autre dossier",
        contenu="DUPONT;Jean;185019306600142",
    )
    for nom in ("v1:flux-caf-detail", "v1:flux-caf-rejets"):
        texte = appelant(logiciel).get(reverse(nom, kwargs={"pk": imp.pk})).content.decode()
        assert "1111114" in texte
        assert "185019306600142" not in texte
        assert "DUPONT" not in texte


@pytest.mark.parametrize(("octets", "attendu"), [(0, 202), (1, 413)])
def test_taille_maximale_des_deux_cotes(logiciel, settings, octets, attendu):
    contenu = (FLUX / "vrsb_rejets.xml").read_bytes()
    settings.FLUX_CAF_TAILLE_MAX = len(contenu) - octets
    reponse = appelant(logiciel).post(DEPOT, {"fichier": _fichier(contenu=contenu)}, format="multipart")
    assert reponse.status_code == attendu, reponse.content
    if attendu == 413:
        assert reponse["Content-Type"] == "application/problem+json"
        assert "taille maximale" in reponse.json()["detail"]
        assert not ImportFluxCAF.objects.exists()


def test_un_fichier_annonce_bien_plus_gros_refuse_avant_lecture(logiciel, settings):
    settings.FLUX_CAF_TAILLE_MAX = 10
    reponse = appelant(logiciel).post(DEPOT, {"fichier": _fichier()}, format="multipart")
    assert reponse.status_code == 413
    assert not ImportFluxCAF.objects.exists()


@pytest.mark.parametrize(
    ("fichier", "champ"),
    [
        (lambda: _fichier("autre.xml", b"<?xml version='1.0'?><Autre/>"), "fichier"),  # not a CNAF flow
        (lambda: _fichier("export.pdf", b"%PDF-1.4"), "fichier"),  # the page's extensions
        (lambda: _fichier("export.csv", b"nom;prenom\nDupont;Jean\n"), "correspondance"),  # no mapping to read it
    ],
)
def test_format_refuse_400_par_champ(logiciel, fichier, champ):
    reponse = appelant(logiciel).post(DEPOT, {"fichier": fichier()}, format="multipart")
    assert reponse.status_code == 400, reponse.content
    assert reponse["Content-Type"] == "application/problem+json"
    assert champ in reponse.json()["erreurs"]
    assert not ImportFluxCAF.objects.exists()


def test_sans_fichier_ou_en_json(logiciel):
    api = appelant(logiciel)
    assert "fichier" in api.post(DEPOT, {}, format="multipart").json()["erreurs"]
    assert api.post(DEPOT, {"fichier": "x"}, format="json").status_code == 415
    assert not ImportFluxCAF.objects.exists()


def test_idempotency_key_un_seul_import(logiciel):
    api = appelant(logiciel)
    premiere = api.post(DEPOT, {"fichier": _fichier()}, format="multipart", HTTP_IDEMPOTENCY_KEY="flux-1")
    rejeu = api.post(DEPOT, {"fichier": _fichier()}, format="multipart", HTTP_IDEMPOTENCY_KEY="flux-1")
    assert (premiere.status_code, rejeu.status_code) == (202, 202)
    assert rejeu["Idempotency-Replayed"] == "true"
    assert rejeu.json()["id"] == premiere.json()["id"]
    assert ImportFluxCAF.objects.count() == 1
    autre = api.post(
        DEPOT, {"fichier": _fichier("vrsb_couple.xml")}, format="multipart", HTTP_IDEMPOTENCY_KEY="flux-1"
    )
    assert autre.status_code == 422
    assert ImportFluxCAF.objects.count() == 1


def test_refus_portee_departement_et_roles(logiciel, cd93):
    assert appelant(logiciel, portees=[]).post(DEPOT, {"fichier": _fichier()}, format="multipart").status_code == 403
    # Another département's: the page's 404.
    assert (
        appelant(logiciel).post(DEPOT, {"fichier": _fichier(), "departement": "59"}, format="multipart").status_code
        == 404
    )
    # An agency's admin (not a département's organisation): the page's gate refuses, so does the API.
    agence = client_api(OrganisationFactory(departement_id="93"), role=Role.ADMIN_ORGANISATION, portees=["flux:write"])
    assert appelant(agence).post(DEPOT, {"fichier": _fichier()}, format="multipart").status_code == 403
    assert appelant(agence).get(DEPOT).status_code == 403
    # A decider of the département: the upload page is not theirs (inscription.acces.ROLES_FLUX).
    session = APIClient()
    session.force_login(professionnel(cd93, Role.DECIDEUR_DEPARTEMENTAL))
    assert session.post(DEPOT, {"fichier": _fichier()}, format="multipart").status_code == 403
    # A pilot of the département works its flows on the pages: so through the API (session).
    pilote = APIClient()
    pilote.force_login(professionnel(cd93, Role.PILOTE))
    assert pilote.post(DEPOT, {"fichier": _fichier()}, format="multipart").status_code == 202
    assert ImportFluxCAF.objects.count() == 1


def test_la_portee_flux_n_est_donnee_qu_aux_roles_de_la_page_de_depot():
    """flux:write to the roles the upload page admits (inscription.acces.ROLES_FLUX) only: a departmental
    decider's client would hold a scope every call of which the gate refuses."""
    assert "flux:write" in portees_permises(Role.ADMIN_ORGANISATION)
    assert "flux:write" not in portees_permises(Role.DECIDEUR_DEPARTEMENTAL)
    assert TypeOrganisation.CONSEIL_DEPARTEMENTAL  # the gate also wants a département's organisation


def test_la_liste_des_imports_a_un_nombre_de_requetes_fixe(logiciel, django_assert_max_num_queries):
    ImportFluxCAF.objects.create(departement_id="93")
    api = appelant(logiciel)
    with django_assert_max_num_queries(10) as un:
        assert len(api.get(DEPOT).json()["results"]) == 1
    ImportFluxCAF.objects.bulk_create(ImportFluxCAF(departement_id="93") for _ in range(20))
    with django_assert_max_num_queries(len(un.captured_queries)):
        assert len(api.get(DEPOT).json()["results"]) == 21
