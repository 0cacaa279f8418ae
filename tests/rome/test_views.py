from django.urls import reverse

from tests.factories import PersonneFactory, UserFactory, professionnel


def test_un_professionnel_recoit_les_appellations_en_json(client, django_assert_max_num_queries):
    client.force_login(professionnel())
    # The session and MFA middlewares read and save; the search itself is one query.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("rome:appellations"), {"q": "boulanger"})
    assert response.status_code == 200
    premier = response.json()["resultats"][0]
    assert premier == {
        "code_ogr": "11573",
        "libelle": "Boulanger / Boulangère",
        "code_rome": "D1102",
        "libelle_rome": premier["libelle_rome"],
    }
    assert premier["libelle_rome"]


def test_la_personne_peut_aussi_chercher(client):
    client.force_login(PersonneFactory(avec_compte=True).user)
    response = client.get(reverse("rome:appellations"), {"q": "x"})
    assert response.status_code == 200
    assert response.json() == {"resultats": []}


def test_anonyme_renvoye_a_la_connexion(client):
    response = client.get(reverse("rome:appellations"), {"q": "boulanger"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_un_employeur_n_y_a_pas_acces(client):
    client.force_login(UserFactory(employeur=True))
    assert client.get(reverse("rome:appellations"), {"q": "boulanger"}).status_code == 404


def test_au_dela_du_budget_par_minute_une_429(client, settings):
    settings.AUTOCOMPLETION_PAR_MINUTE = 2
    client.force_login(professionnel())
    for _ in range(2):
        assert client.get(reverse("rome:appellations"), {"q": "boulanger"}).status_code == 200
    refus = client.get(reverse("rome:appellations"), {"q": "boulanger"})
    assert refus.status_code == 429
    assert refus["Retry-After"] == "60"
