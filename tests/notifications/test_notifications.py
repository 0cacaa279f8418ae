"""The outbox on the real PostgreSQL and Redis, without a worker (tests run in a rolled-back transaction)."""

import html
import logging
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from francetravail.devtools.smtpsink import _Controller
from francetravail.notifications.actions import notifier
from francetravail.notifications.dispatch import balayer, delai_avant_tentative, envoyer, message_id, rendre_courriel
from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.sms import LoggingSmsBackend, masquer_numero
from tests.factories import UserFactory
from tests.notifications.conftest import port_ferme
from tests.notifications.types import ESSAI

TACHE_ENVOI = "francetravail.notifications.tasks.envoyer_notification"


def nouvelle(cle="cle-1", *, canal=Canal.EMAIL, adresse="marie.curie@exemple.fr", message="Bonjour", **champs):
    """A pending row written directly (no notifier(), so nothing is queued)."""
    return Notification.objects.create(
        cle_idempotence=cle, canal=canal, adresse=adresse, modele="test/essai", contexte={"message": message}, **champs
    )


def rendre_due(notification):
    Notification.objects.filter(pk=notification.pk).update(prochaine_tentative=timezone.now() - timedelta(seconds=1))


# -- notifier(): one row per key, queued only on commit ----------------------------------------------------


def test_meme_cle_deux_fois_une_seule_ligne_et_un_seul_envoi_planifie(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        premiere = notifier(user, ESSAI, contexte={"message": "a"}, cle_idempotence="inscription-42")
        seconde = notifier(user, ESSAI, contexte={"message": "b"}, cle_idempotence="inscription-42")
    assert seconde.pk == premiere.pk
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1
    assert premiere.adresse == user.email
    assert premiere.statut == Statut.EN_ATTENTE
    assert Notification.objects.get().contexte == {"message": "a"}


def test_sms_prend_le_telephone_du_destinataire():
    user = UserFactory(telephone="06 12 34 56 78")
    notification = notifier(user, ESSAI, contexte={}, cle_idempotence="k", canal=Canal.SMS)
    assert notification.adresse == "06 12 34 56 78"


def test_transaction_annulee_ni_ligne_ni_tache(django_capture_on_commit_callbacks, broker):
    class Annulation(Exception):
        pass

    user = UserFactory()
    with (  # noqa: PT012 - the row is written, then the transaction is rolled back
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Annulation),
        transaction.atomic(),
    ):
        notifier(user, ESSAI, contexte={"message": "x"}, cle_idempotence="annulee")
        raise Annulation
    assert callbacks == []
    assert not Notification.objects.exists()
    assert broker.messages() == []


def test_transaction_validee_met_la_tache_dans_redis(django_capture_on_commit_callbacks, broker):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notification = notifier(user, ESSAI, contexte={"message": "x"}, cle_idempotence="validee")
    assert len(callbacks) == 1
    assert broker.messages() == [(TACHE_ENVOI, [notification.pk])]


# -- rendering ---------------------------------------------------------------------------------------------


@pytest.fixture
def gabarits(tmp_path, settings):
    """Writes templates ``notifications/<nom>`` in a directory searched first."""
    (tmp_path / "notifications").mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    def ecrire(**fichiers):
        for nom, texte in fichiers.items():
            (tmp_path / "notifications" / f"{nom}.txt").write_text(texte)

    return ecrire


def test_rendu_texte_brut_sans_echappement_html(gabarits, settings):
    settings.SITE_URL = "https://francetravail.exemple"
    gabarits(
        rdv_sujet="Votre rendez-vous — {{ site_name }}",
        rdv_corps="{{ message }}\nVotre espace : {{ site_url }}\n",
    )
    notification = nouvelle(message="Rendez-vous à l'agence « Lille & Co » <3")
    notification.modele = "rdv"
    notification.contexte["site_url"] = "https://hameconnage.exemple"
    sujet, corps = rendre_courriel(notification)
    assert sujet == "Votre rendez-vous — Réseau France Travail"
    assert corps == "Rendez-vous à l'agence « Lille & Co » <3\nVotre espace : https://francetravail.exemple\n"


def test_sujet_sur_une_seule_ligne(gabarits):
    gabarits(multi_sujet="Ligne un\n\n  ligne   deux\n", multi_corps="\n  Corps\n\n")
    notification = nouvelle()
    notification.modele = "multi"
    assert rendre_courriel(notification) == ("Ligne un ligne deux", "Corps\n")


def test_gabarits_d_essai_du_projet():
    sujet, corps = rendre_courriel(nouvelle(message="Texte du message"))
    assert "essai" in sujet.lower()
    assert "\n" not in sujet
    assert "Texte du message" in corps


# -- envoyer() ---------------------------------------------------------------------------------------------


def test_envoyer_un_courriel_puis_plus_jamais():
    notification = nouvelle(message="Votre rendez-vous est confirmé.")
    assert envoyer(notification.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie.curie@exemple.fr"]
    assert message.subject == rendre_courriel(notification)[0]
    assert "Votre rendez-vous est confirmé." in message.body
    assert message.extra_headers["Message-ID"] == message_id(notification)
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.ENVOYEE, 1)
    assert notification.sent_at is not None

    assert envoyer(notification.pk) is False
    assert balayer() == 0
    assert len(mail.outbox) == 1


def test_message_id_stable_et_propre_a_la_cle():
    a, b = nouvelle("cle-a"), nouvelle("cle-b")
    assert message_id(a) == message_id(Notification.objects.get(pk=a.pk))
    assert message_id(a) != message_id(b)
    assert message_id(a).startswith(f"<notification-{a.pk}-")
    assert message_id(a).endswith("@francetravail.localhost>")


def test_pas_encore_due_pas_envoyee():
    notification = nouvelle(prochaine_tentative=timezone.now() + timedelta(minutes=5))
    assert envoyer(notification.pk) is False
    assert mail.outbox == []


def test_id_inconnu():
    assert envoyer(987654321) is False


def test_sms_par_le_backend_configure(sms_memoire):
    notification = nouvelle(canal=Canal.SMS, adresse="0612345678", message="RDV lundi 9 h")
    assert envoyer(notification.pk) is True
    assert sms_memoire == [("0612345678", "Réseau France Travail : RDV lundi 9 h")]
    assert mail.outbox == []


def test_backend_sms_par_defaut_journalise_un_numero_masque(caplog):
    with caplog.at_level(logging.INFO, logger="francetravail.notifications.sms"):
        LoggingSmsBackend().send("06 12 34 56 78", "Bonjour")
    assert caplog.messages == ["SMS à 06******78: Bonjour"]
    assert masquer_numero("123") == "***"


def test_in_app_jamais_envoye(django_capture_on_commit_callbacks, sms_memoire):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        dans_l_espace = notifier(user, ESSAI, contexte={}, cle_idempotence="in-app", canal=Canal.IN_APP)
    assert callbacks == []
    assert dans_l_espace.statut == Statut.ENVOYEE
    assert dans_l_espace.sent_at is not None
    # Even a row left pending by other code is ignored by the sending side.
    en_attente = nouvelle("in-app-2", canal=Canal.IN_APP)
    assert envoyer(en_attente.pk) is False
    assert balayer() == 0
    en_attente.refresh_from_db()
    assert (en_attente.statut, en_attente.tentatives) == (Statut.EN_ATTENTE, 0)
    assert mail.outbox == []
    assert sms_memoire == []


# -- the sweep ---------------------------------------------------------------------------------------------


def test_balayer_ne_prend_que_les_notifications_dues():
    maintenant = timezone.now()
    due_ancienne = nouvelle("due-1", adresse="a@exemple.fr", prochaine_tentative=maintenant - timedelta(hours=1))
    due = nouvelle("due-2", adresse="b@exemple.fr")
    nouvelle("plus-tard", adresse="c@exemple.fr", prochaine_tentative=maintenant + timedelta(minutes=1))
    nouvelle("deja", adresse="d@exemple.fr", statut=Statut.ENVOYEE, sent_at=maintenant)
    nouvelle("echec", adresse="e@exemple.fr", statut=Statut.ECHEC)
    nouvelle("espace", adresse="f@exemple.fr", canal=Canal.IN_APP)

    assert balayer() == 2
    assert [m.to for m in mail.outbox] == [["a@exemple.fr"], ["b@exemple.fr"]]  # oldest due first
    assert set(Notification.objects.filter(statut=Statut.ENVOYEE).values_list("pk", flat=True)) >= {
        due_ancienne.pk,
        due.pk,
    }
    assert balayer() == 0


def test_balayer_respecte_la_limite():
    for i in range(3):
        nouvelle(f"lot-{i}", adresse=f"{i}@exemple.fr")
    assert balayer(limit=2) == 2
    assert balayer(limit=2) == 1


# -- failures and backoff ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tentatives", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (50, 60)],
)
def test_delai_exponentiel_plafonne_a_une_heure(tentatives, minutes):
    assert delai_avant_tentative(tentatives) == timedelta(minutes=minutes)


def test_pas_de_delai_avant_la_premiere_tentative():
    with pytest.raises(ValueError, match="commence"):
        delai_avant_tentative(0)


@pytest.fixture
def smtp_injoignable(settings):
    """Django's real SMTP backend, pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port_ferme()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def test_echecs_successifs_avec_delai_puis_echec_a_la_huitieme(smtp_injoignable, caplog):
    notification = nouvelle()
    for tentative in range(1, 9):
        rendre_due(notification)
        avant = timezone.now()
        assert envoyer(notification.pk) is False
        apres = timezone.now()
        notification.refresh_from_db()
        assert notification.tentatives == tentative
        assert "ConnectionRefusedError" in notification.derniere_erreur
        if tentative < 8:
            assert notification.statut == Statut.EN_ATTENTE, tentative
            delai = delai_avant_tentative(tentative)
            assert avant + delai <= notification.prochaine_tentative <= apres + delai
            assert envoyer(notification.pk) is False  # not due yet: not even tried
            notification.refresh_from_db()
            assert notification.tentatives == tentative
        else:
            assert notification.statut == Statut.ECHEC
    assert "échec définitif après 8 tentative(s)" in caplog.text

    rendre_due(notification)
    assert envoyer(notification.pk) is False
    assert balayer() == 0
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.ECHEC, 8)


def test_max_tentatives_reglable(smtp_injoignable, settings):
    settings.NOTIFICATIONS_MAX_TENTATIVES = 2
    notification = nouvelle()
    envoyer(notification.pk)
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.EN_ATTENTE, 1)
    rendre_due(notification)
    envoyer(notification.pk)
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.ECHEC, 2)


def test_un_envoi_qui_reussit_apres_un_echec(settings, smtp_sink):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = port_ferme()
    notification = nouvelle()
    assert envoyer(notification.pk) is False
    settings.EMAIL_PORT = port
    rendre_due(notification)
    assert balayer() == 1
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.ENVOYEE, 2)
    assert len(smtp_sink.messages()) == 1


def test_sans_adresse_echec_immediat():
    notification = nouvelle(adresse="")
    assert envoyer(notification.pk) is False
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.ECHEC, 1)
    assert "aucune adresse" in notification.derniere_erreur


class _RefusDestinataire:
    def __init__(self, reponse):
        self.reponse = reponse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return self.reponse


@pytest.mark.parametrize(
    ("reponse", "statut"),
    [("550 5.1.1 Destinataire inconnu", Statut.ECHEC), ("450 4.2.1 Boîte pleine, réessayez", Statut.EN_ATTENTE)],
)
def test_refus_du_destinataire_definitif_ou_temporaire(settings, reponse, statut):
    serveur = _Controller(
        _RefusDestinataire(reponse), hostname="127.0.0.1", port=0, ready_timeout=10, server_hostname="localhost"
    )
    serveur.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", serveur.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        notification = nouvelle()
        assert envoyer(notification.pk) is False
    finally:
        serveur.stop()
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (statut, 1)


# -- Redis down --------------------------------------------------------------------------------------------


def test_redis_coupe_l_action_reussit_vite_et_le_balayage_envoie_une_fois(
    django_capture_on_commit_callbacks, broker, smtp_sink, caplog
):
    user = UserFactory(email="jeanne@exemple.fr")
    broker.couper()
    debut = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notification = notifier(user, ESSAI, contexte={"message": "x"}, cle_idempotence="coupure")
    duree = time.monotonic() - debut
    assert len(callbacks) == 1  # planifier_envoi ran, and swallowed the refused connection
    assert duree < 1, f"{duree:.2f} s"
    assert "Broker injoignable" in caplog.text
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.EN_ATTENTE, 0)

    broker.retablir()
    assert broker.messages() == []  # nothing reached Redis: only the sweep can send it
    assert balayer() == 1
    assert balayer() == 0
    [message] = smtp_sink.messages()
    assert message["To"] == "jeanne@exemple.fr"
    assert message["Message-ID"] == message_id(notification)


# -- admin -------------------------------------------------------------------------------------------------


@pytest.fixture
def client_staff(client):
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    return client


def test_admin_liste_en_lecture_seule(client_staff):
    nouvelle()
    response = client_staff.get("/admin/notifications/notification/")
    assert response.status_code == 200
    assert "marie.curie@exemple.fr" in response.text
    assert "Renvoyer les notifications en échec" in response.text
    assert client_staff.get("/admin/notifications/notification/add/").status_code == 403


def test_admin_renvoyer_ne_remet_en_file_que_les_echecs(client_staff, django_capture_on_commit_callbacks):
    en_echec = nouvelle("echec", statut=Statut.ECHEC, tentatives=8, derniere_erreur="SMTP en panne")
    envoyee = nouvelle("envoyee", statut=Statut.ENVOYEE, tentatives=1, sent_at=timezone.now())
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_staff.post(
            "/admin/notifications/notification/",
            {"action": "renvoyer", "_selected_action": [en_echec.pk, envoyee.pk]},
            follow=True,
        )
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "1 notification(s) remise(s) en file d'envoi." in page
    assert "1 notification(s) ignorée(s) : seules celles en échec sont renvoyées." in page
    assert len(callbacks) == 1
    en_echec.refresh_from_db()
    assert (en_echec.statut, en_echec.tentatives, en_echec.derniere_erreur) == (
        Statut.EN_ATTENTE,
        0,
        "SMTP en panne",
    )
    assert en_echec.prochaine_tentative <= timezone.now()
    envoyee.refresh_from_db()
    assert (envoyee.statut, envoyee.tentatives) == (Statut.ENVOYEE, 1)
    assert balayer() == 1
    assert [m.to for m in mail.outbox] == [["marie.curie@exemple.fr"]]
