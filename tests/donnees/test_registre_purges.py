"""The purge register's back-office page (francetravail/donnees/views/registre.py): the data protection officer
lists the runs, filters them, and checks whether a given file was treated; nobody else reaches it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.donnees import conservation
from francetravail.donnees.empreintes import empreinte
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import RegistrePurge
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

URL = reverse("backoffice:registre_purges")
TZ = timezone.get_default_timezone()


@pytest.fixture
def dpo():
    return professionnel(OrganisationFactory(), role=Role.PROTECTION_DONNEES)


def ligne_du(jour, *, regle="conservation.base_active", action=ActionConservation.ARCHIVAGE, ids=()):
    return RegistrePurge.objects.create(
        execute_le=datetime.datetime.combine(jour, datetime.time(2, 10), tzinfo=TZ),
        regle=regle,
        reference_legale="C. trav. R5312-44",
        action=action,
        date_limite=jour - datetime.timedelta(days=3 * 365),
        nombre=len(ids),
        identifiants=[empreinte(pk) for pk in ids],
    )


def test_le_delegue_lit_le_registre_d_un_passage_reel(client, dpo):
    p = PersonneFactory(email="", telephone="")
    avant = timezone.now() - datetime.timedelta(days=4 * 365)
    Personne.objects.filter(pk=p.pk).update(updated_at=avant, created_at=avant)
    conservation.balayer()

    client.force_login(dpo)
    response = client.get(URL)

    assert response.status_code == 200
    contenu = response.content.decode()
    assert "Registre des purges" in contenu
    assert "conservation.base_active" in contenu
    assert "Passage en archive intermédiaire" in contenu
    assert "R5312-44" in contenu
    assert empreinte(p.pk) not in contenu  # the empreintes are never shown


def test_un_dossier_traite_est_retrouve_par_son_numero_un_autre_non(client, dpo):
    traitee, autre = ligne_du(datetime.date(2026, 3, 1), ids=[101, 102]), ligne_du(datetime.date(2026, 3, 2))
    client.force_login(dpo)

    trouve = client.get(URL, {"dossier": 102})
    assert list(trouve.context["page"].object_list) == [traitee]
    assert "Le dossier n° 102 a été traité par 1 ligne du registre" in trouve.content.decode()

    absent = client.get(URL, {"dossier": 103})
    assert list(absent.context["page"].object_list) == []
    assert "Aucune ligne du registre ne concerne le dossier n° 103" in absent.content.decode()
    assert autre.pk  # the other line exists, and was not shown for either


def test_filtres_par_regle_action_et_dates_bornes_incluses(client, dpo):
    premier = ligne_du(datetime.date(2026, 3, 1))
    second = ligne_du(datetime.date(2026, 3, 2), regle="conservation.handicap", action="effacement_champs")
    troisieme = ligne_du(datetime.date(2026, 3, 3))
    client.force_login(dpo)

    def lignes(**params):
        return set(client.get(URL, params).context["page"].object_list)

    assert lignes(regle="conservation.handicap") == {second}
    assert lignes(action="archivage") == {premier, troisieme}
    assert lignes(du="2026-03-02") == {second, troisieme}
    assert lignes(au="2026-03-02") == {premier, second}
    assert lignes(du="2026-03-02", au="2026-03-02") == {second}


def test_une_periode_a_l_envers_est_refusee_en_francais(client, dpo):
    ligne_du(datetime.date(2026, 3, 1))
    client.force_login(dpo)
    response = client.get(URL, {"du": "2026-03-05", "au": "2026-03-01"})
    assert "La date de fin précède la date de début." in response.content.decode()


@pytest.mark.parametrize("role", [Role.CONSEILLER, Role.PILOTE, Role.ADMIN_ORGANISATION, Role.MEDIATEUR])
def test_les_autres_roles_ne_voient_pas_le_registre(client, role):
    ligne_du(datetime.date(2026, 3, 1), ids=[7])
    client.force_login(professionnel(OrganisationFactory(), role=role))
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"dossier": 7}).status_code == 404


def test_une_personne_et_un_anonyme_ne_voient_pas_le_registre(client):
    assert client.get(URL).status_code == 302
    client.force_login(PersonneFactory(avec_compte=True).user)
    assert client.get(URL).status_code == 404


def test_le_tableau_de_bord_du_delegue_mene_au_registre(client, dpo):
    client.force_login(dpo)
    assert URL in client.get(reverse("backoffice:accueil")).content.decode()
    client.force_login(professionnel(OrganisationFactory()))
    assert URL not in client.get(reverse("backoffice:accueil")).content.decode()


def test_la_liste_ne_coute_pas_plus_de_requetes_avec_plus_de_lignes(client, dpo, django_assert_max_num_queries):
    client.force_login(dpo)
    for jour in range(1, 4):
        ligne_du(datetime.date(2026, 3, jour), ids=range(1000))
    client.get(URL)
    with django_assert_max_num_queries(12) as requetes:
        client.get(URL)
    nombre = len(requetes)
    for jour in range(4, 20):
        ligne_du(datetime.date(2026, 3, jour), ids=range(1000))
    with django_assert_max_num_queries(nombre):
        client.get(URL)
