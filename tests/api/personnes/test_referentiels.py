"""Reference data through the API (COG, organisations, ROME): names with codes, filters, cursor, scope, cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from francetravail.audit.models import JournalAcces
from francetravail.reseau.api.views import CLE_DEPARTEMENTS
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, commune
from tests.partenaires.factories import appelant, client_api

COMMUNES = reverse("v1:commune-list")
DEPARTEMENTS = reverse("v1:departement-list")
ORGANISATIONS = reverse("v1:organisation-list")
METIERS = reverse("v1:metier-list")


@pytest.fixture
def api():
    return appelant(client_api(role=Role.CONSEILLER, portees=["referentiels:read"]))


def _resultats(reponse):
    assert reponse.status_code == 200, reponse.content
    return reponse.json()["results"]


def test_communes_par_debut_de_nom_code_postal_et_departement(api):
    lille = _resultats(api.get(COMMUNES, {"nom": "lille", "departement": "59"}))
    assert lille == [
        {
            "code_insee": "59350",
            "nom": "Lille",
            "departement": "59",
            "departement_nom": "Nord",
            "codes_postaux": commune("59350").codes_postaux,
        }
    ]
    assert "59350" in {c["code_insee"] for c in _resultats(api.get(COMMUNES, {"code_postal": "59000"}))}
    assert {c["departement"] for c in _resultats(api.get(COMMUNES, {"departement": "62", "taille": 50}))} == {"62"}
    assert api.get(reverse("v1:commune-detail", kwargs={"pk": "59350"})).json()["nom"] == "Lille"
    assert api.get(reverse("v1:commune-detail", kwargs={"pk": "00000"})).status_code == 404


def test_communes_par_pages_de_curseur_sans_recouvrement(api):
    premiere = api.get(COMMUNES, {"departement": "59", "taille": 500}).json()
    seconde = api.get(premiere["next"]).json()
    codes = [c["code_insee"] for c in premiere["results"] + seconde["results"]]
    assert len(premiere["results"]) == 500
    assert codes == sorted(set(codes))


def test_taille_de_page_bornee_a_500(api):
    assert len(_resultats(api.get(COMMUNES, {"taille": 501}))) == 500
    assert len(_resultats(api.get(COMMUNES, {"taille": 499}))) == 499


def test_departements_mis_en_cache(api, django_assert_max_num_queries):
    cache.delete(CLE_DEPARTEMENTS)
    reponse = api.get(DEPARTEMENTS)
    assert reponse.status_code == 200
    nord = next(d for d in reponse.json() if d["code"] == "59")
    assert nord == {"code": "59", "nom": "Nord", "region": "32", "region_nom": "Hauts-de-France"}
    with django_assert_max_num_queries(8) as requetes:
        assert api.get(DEPARTEMENTS).json() == reponse.json()
    assert not any("reseau_departement" in q["sql"] for q in requetes.captured_queries)


def test_organisations_avec_nom_du_type_et_de_la_commune(api):
    cd = OrganisationFactory(conseil_departemental=True, commune=commune("59350"), telephone="0320000000")
    OrganisationFactory(conseil_departemental=True, departement_id="62", actif=False)
    resultats = _resultats(api.get(ORGANISATIONS, {"type": "conseil_departemental", "departement": "59"}))
    assert [o["id"] for o in resultats] == [cd.pk]
    assert resultats[0] | {"id": None} == {
        "id": None,
        "nom": cd.nom,
        "type_organisation": "conseil_departemental",
        "type_libelle": "Conseil départemental",
        "departement": "59",
        "departement_nom": "Nord",
        "commune": "59350",
        "commune_nom": "Lille",
        "telephone": "0320000000",
        "email": "",
    }
    assert api.get(ORGANISATIONS, {"type": "inconnu"}).status_code == 400


def test_organisations_nombre_de_requetes_fixe(api, django_assert_max_num_queries):
    OrganisationFactory.create_batch(2, commune=commune("59350"))
    with django_assert_max_num_queries(8) as peu:
        api.get(ORGANISATIONS)
    OrganisationFactory.create_batch(20, commune=commune("62041"))
    with django_assert_max_num_queries(len(peu.captured_queries)):
        api.get(ORGANISATIONS)


def test_metiers_par_code_ou_intitule(api):
    assert _resultats(api.get(METIERS, {"recherche": "d1102"})) == [
        {
            "code_rome": "D1102",
            "libelle": "Boulanger / Boulangère",
            "domaine": "D11",
            "domaine_libelle": _resultats(api.get(METIERS, {"recherche": "D1102"}))[0]["domaine_libelle"],
        }
    ]
    codes = {m["code_rome"] for m in _resultats(api.get(METIERS, {"recherche": "boulenger"}))}  # a typo
    assert "D1102" in codes
    assert _resultats(api.get(METIERS, {"recherche": "Z9999"})) == []


def test_referentiels_sans_la_portee_ou_sans_jeton(api):
    logiciel = client_api(portees=["personnes:read", "referentiels:read"])
    for url in (COMMUNES, DEPARTEMENTS, ORGANISATIONS, METIERS):
        assert appelant(logiciel, portees=["personnes:read"]).get(url).status_code == 403
        assert APIClient().get(url).status_code in (401, 403)
        assert appelant(logiciel, portees=["referentiels:read"]).get(url).status_code == 200
    assert not JournalAcces.objects.exists()  # no personal data: nothing to log


@pytest.mark.parametrize(("url", "filtre"), [(COMMUNES, {"departement": "59"}), (METIERS, {"recherche": "boulanger"})])
def test_communes_et_metiers_nombre_de_requetes_fixe(api, url, filtre, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as une:
        assert len(_resultats(api.get(url, {**filtre, "taille": 1}))) == 1
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(_resultats(api.get(url, {**filtre, "taille": 500}))) > 1
