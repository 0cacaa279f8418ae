"""The notification centre: one's own notifications, newest first, the header's unread counter,
« marquer comme lue » and « tout marquer comme lu » — someone else's notification is a 404."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.notifications import actions
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.notifications.queries import nombre_non_lues
from francetravail.reseau.enums import Role
from tests.factories import PersonneFactory, UserFactory, professionnel
from tests.notifications.centre import notification_pour

pytestmark = pytest.mark.django_db

LISTES = {"personne": "notifications:liste", "conseiller": "backoffice:notifications"}
LUES = {"personne": "notifications:lue", "conseiller": "backoffice:notification_lue"}
TOUTES = {"personne": "notifications:toutes_lues", "conseiller": "backoffice:notifications_toutes_lues"}


@pytest.fixture
def comptes():
    return {
        "personne": PersonneFactory(avec_compte=True).user,
        "conseiller": professionnel(role=Role.CONSEILLER),
    }


def _lues(*notifications):
    return [Notification.objects.get(pk=n.pk).lue_le is not None for n in notifications]


@pytest.mark.parametrize("cote", ["personne", "conseiller"])
def test_la_liste_montre_les_siennes_les_plus_recentes_d_abord_avec_libelle_et_lien(client, comptes, cote):
    user = comptes[cote]
    ancienne = notification_pour(user, "orientation.decision", lien="/mon-espace/orientation/pourquoi/")
    Notification.objects.filter(pk=ancienne.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    notification_pour(user, "rendezvous.confirmation", canal=Canal.EMAIL, lien="/mon-espace/rendez-vous/")
    autre = comptes["conseiller" if cote == "personne" else "personne"]
    notification_pour(autre, "contrats.soumis", lien="/secret/")
    client.force_login(user)
    response = client.get(reverse(LISTES[cote]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Rendez-vous confirmé") < html.index("Décision d&#x27;orientation")
    assert 'href="/mon-espace/orientation/pourquoi/"' in html
    assert "Courriel" in html and "Avis officiel" in html
    assert "Contrat d&#x27;engagement soumis" not in html and "/secret/" not in html


def test_un_lien_hors_du_site_n_est_pas_montre(client, comptes):
    user = comptes["personne"]
    notification_pour(user, lien="https://ailleurs.example/piege")
    notification_pour(user, lien="//ailleurs.example/piege")
    client.force_login(user)
    html = client.get(reverse("notifications:liste")).content.decode()
    assert "ailleurs.example" not in html


@pytest.mark.parametrize("cote", ["personne", "conseiller"])
def test_compteur_de_l_en_tete_zero_pas_de_badge_un_badge(client, comptes, cote):
    user = comptes[cote]
    client.force_login(user)
    notification_pour(user, lue=True)
    page = reverse("personnes:espace" if cote == "personne" else "backoffice:accueil")
    html = client.get(page).content.decode()
    assert reverse(LISTES[cote]) in html  # the link is always there
    assert "ft-compteur-notifications" not in html
    notification_pour(user)
    html = client.get(page).content.decode()
    assert 'ft-compteur-notifications">1<span class="fr-sr-only"> nouvelle</span>' in html
    notification_pour(user)
    html = client.get(page).content.decode()
    assert 'ft-compteur-notifications">2<span class="fr-sr-only"> nouvelles</span>' in html


def test_le_compteur_n_est_pas_fige_dans_l_en_tete_en_cache(client, comptes, settings):
    """The chrome is cached per process ({% gabarit %}): the counter must follow each request."""
    settings.GABARITS_EN_CACHE = True
    user = comptes["personne"]
    client.force_login(user)
    assert "ft-compteur-notifications" not in client.get(reverse("personnes:espace")).content.decode()
    notification_pour(user)
    assert 'ft-compteur-notifications">1' in client.get(reverse("personnes:espace")).content.decode()
    client.post(reverse("notifications:toutes_lues"))
    assert "ft-compteur-notifications" not in client.get(reverse("personnes:espace")).content.decode()


@pytest.mark.parametrize("cote", ["personne", "conseiller"])
def test_marquer_lue_la_sienne(client, comptes, cote):
    user = comptes[cote]
    une, deux = notification_pour(user), notification_pour(user)
    client.force_login(user)
    response = client.post(reverse(LUES[cote], kwargs={"pk": une.pk}), {"page": "2"})
    assert response.status_code == 302
    assert response["Location"] == reverse(LISTES[cote]) + "?page=2"
    assert _lues(une, deux) == [True, False]


def test_marquer_lue_deux_fois_garde_la_premiere_date(comptes):
    user = comptes["personne"]
    notification = notification_pour(user)
    premiere = actions.marquer_lue(notification.pk, acting_user=user).lue_le
    assert actions.marquer_lue(notification.pk, acting_user=user).lue_le == premiere


@pytest.mark.parametrize("cote", ["personne", "conseiller"])
def test_la_notification_d_un_autre_est_une_404_et_rien_ne_change(client, comptes, cote):
    user = comptes[cote]
    collegue = UserFactory() if cote == "personne" else professionnel(role=Role.CONSEILLER)
    la_sienne = notification_pour(collegue)
    client.force_login(user)
    assert client.post(reverse(LUES[cote], kwargs={"pk": la_sienne.pk})).status_code == 404
    assert client.post(reverse(LUES[cote], kwargs={"pk": la_sienne.pk + 10_000})).status_code == 404
    client.post(reverse(TOUTES[cote]))
    assert _lues(la_sienne) == [False]


def test_anonyme_et_mauvais_espace_refuses(client, comptes):
    notification = notification_pour(comptes["personne"])
    for nom, kwargs in [("notifications:liste", {}), ("notifications:lue", {"pk": notification.pk})]:
        response = client.post(reverse(nom, kwargs=kwargs))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    # The person's routes are not a professional's, nor an employer's, and the other way round.
    client.force_login(comptes["conseiller"])
    assert client.post(reverse("notifications:lue", kwargs={"pk": notification.pk})).status_code == 404
    client.force_login(UserFactory(employeur=True))
    assert client.get(reverse("notifications:liste")).status_code == 404
    assert client.get(reverse("backoffice:notifications")).status_code == 404
    assert client.post(reverse("notifications:toutes_lues")).status_code == 404
    client.force_login(comptes["personne"])
    assert client.get(reverse("backoffice:notifications")).status_code == 404
    assert _lues(notification) == [False]


def test_marquer_lue_refuse_le_get(client, comptes):
    user = comptes["personne"]
    notification = notification_pour(user)
    client.force_login(user)
    assert client.get(reverse("notifications:lue", kwargs={"pk": notification.pk})).status_code == 405
    assert client.get(reverse("notifications:toutes_lues")).status_code == 405
    assert _lues(notification) == [False]


def test_tout_marquer_ne_touche_que_les_siennes_et_garde_les_avis_legaux_visibles(client, comptes):
    user = comptes["personne"]
    avis = notification_pour(user, "orientation.decision")
    simple = notification_pour(user, "entreprises.candidature_personne")
    dautrui = notification_pour(comptes["conseiller"])
    client.force_login(user)
    assert client.post(reverse("notifications:toutes_lues")).status_code == 302
    assert _lues(avis, simple, dautrui) == [True, True, False]
    html = client.get(reverse("notifications:liste")).content.decode()
    assert "Décision d&#x27;orientation" in html and "Avis officiel" in html


def test_pagination_vingt_par_page(client, comptes):
    user = comptes["personne"]
    for _ in range(21):
        notification_pour(user)
    client.force_login(user)
    premiere = client.get(reverse("notifications:liste")).content.decode()
    assert premiere.count("ft-notification ") == 20
    seconde = client.get(reverse("notifications:liste"), {"page": 2}).content.decode()
    assert seconde.count("ft-notification ") == 1


@pytest.mark.parametrize("cote", ["personne", "conseiller"])
def test_nombre_de_requetes_le_meme_pour_10_et_200(client, comptes, cote, django_assert_max_num_queries):
    user = comptes[cote]
    client.force_login(user)
    url = reverse(LISTES[cote])

    def requetes():
        with CaptureQueriesContext(connection) as capture:
            assert client.get(url).status_code == 200
        return len(capture.captured_queries)

    requetes()  # the professional's context is cached on the first page (francetravail.reseau.roles)
    Notification.objects.bulk_create(
        [
            Notification(
                destinataire=user,
                canal=Canal.IN_APP,
                modele="x",
                type_notification="orientation.decision",
                contexte={"lien": "/mon-espace/"},
                cle_idempotence=f"flat-{cote}-{i}",
            )
            for i in range(10)
        ]
    )
    dix = requetes()
    Notification.objects.bulk_create(
        [
            Notification(
                destinataire=user,
                canal=Canal.IN_APP,
                modele="x",
                type_notification="orientation.decision",
                contexte={"lien": "/mon-espace/"},
                cle_idempotence=f"flat-{cote}-{i}",
            )
            for i in range(10, 200)
        ]
    )
    assert requetes() == dix
    with django_assert_max_num_queries(dix):
        client.get(url, {"page": 3})


def test_mon_espace_donne_le_compteur_dans_sa_propre_requete(client, comptes, django_assert_num_queries):
    """The person's home page reads the person in one query: the header's counter comes with it."""
    user = comptes["personne"]
    notification_pour(user)
    notification_pour(user, lue=True)
    client.force_login(user)
    client.get(reverse("personnes:espace"))
    with CaptureQueriesContext(connection) as capture:
        html = client.get(reverse("personnes:espace")).content.decode()
    assert 'ft-compteur-notifications">1<' in html
    assert not [
        q for q in capture.captured_queries if "COUNT(*)" in q["sql"] and "notifications_notification" in q["sql"]
    ]


def test_le_compteur_en_sql_compte_ce_que_l_orm_compte(comptes):
    """The header's count is written in SQL (no ORM compilation per request): it must name the model's
    table and count exactly the destinataire's unread rows, as the queryset of acces.py would."""
    moi, autre = comptes["personne"], comptes["conseiller"]
    assert Notification._meta.db_table == "notifications_notification"
    notification_pour(moi)
    notification_pour(moi, canal=Canal.EMAIL)
    notification_pour(moi, lue=True)
    notification_pour(autre)
    attendu = Notification.objects.filter(destinataire=moi, lue_le__isnull=True).count()
    assert attendu == 2
    assert nombre_non_lues(moi) == attendu
    assert nombre_non_lues(autre) == 1
    moi.is_active = False
    assert nombre_non_lues(moi) == 0
