"""The communes autocomplete: who may call it, what it answers, its per-minute budget."""

import pytest
from django.urls import reverse

from tests.factories import PersonneFactory, UserFactory, professionnel

pytestmark = pytest.mark.django_db
URL = reverse("communes:recherche")


def test_un_employeur_recoit_les_communes_en_json(client, django_assert_max_num_queries):
    client.force_login(UserFactory(employeur=True))
    # The session and MFA middlewares read and save; the search itself is one query, whatever it matches.
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"q": "lill"})
    assert response.status_code == 200
    assert response.json()["resultats"][0] == {
        "code_insee": "59350",
        "nom": "Lille",
        "codes_postaux": ["59000", "59160", "59260", "59777", "59800"],
        "departement": "59",
        "libelle": "Lille (59000)",
    }


def test_nombre_de_requetes_plat(client, django_assert_max_num_queries):
    client.force_login(professionnel())
    client.get(URL, {"q": "lille"})
    with django_assert_max_num_queries(8):
        assert len(client.get(URL, {"q": "saint"}).json()["resultats"]) == 10


def test_la_personne_et_le_professionnel_aussi(client):
    client.force_login(PersonneFactory(avec_compte=True).user)
    assert client.get(URL, {"q": "x"}).json() == {"resultats": []}
    client.force_login(professionnel())
    assert client.get(URL, {"q": "Beaumont"}).status_code == 200


def test_anonyme_renvoye_a_la_connexion(client):
    response = client.get(URL, {"q": "lille"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_compte_desactive_refuse(client):
    user = UserFactory(employeur=True)
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(URL, {"q": "lille"}).status_code in (302, 404)


def test_post_refuse(client):
    client.force_login(UserFactory(employeur=True))
    assert client.post(URL, {"q": "lille"}).status_code == 405


def test_au_dela_du_budget_par_minute_une_429(client, settings):
    settings.AUTOCOMPLETION_PAR_MINUTE = 3
    client.force_login(UserFactory(employeur=True))
    for _ in range(3):
        assert client.get(URL, {"q": "lille"}).status_code == 200
    refus = client.get(URL, {"q": "lille"})
    assert refus.status_code == 429
    assert refus["Retry-After"] == "60"
    assert "Trop de recherches" in refus.json()["erreur"]
    # The budget is per account: another one is not affected.
    client.force_login(UserFactory(employeur=True))
    assert client.get(URL, {"q": "lille"}).status_code == 200
