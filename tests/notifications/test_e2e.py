"""The outbox with real commits: other connections, a real Celery worker, a killed process.

These tests commit for real (``base_validee``): a row written here is seen by the
worker's threads, by other threads and by a subprocess, exactly as in production.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from francetravail.notifications.actions import notifier
from francetravail.notifications.dispatch import balayer, envoyer, message_id, rendre_courriel
from francetravail.notifications.enums import Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.tasks import balayer_notifications, envoyer_notification
from tests.notifications.types import ESSAI

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

TACHE_ENVOI = "francetravail.notifications.tasks.envoyer_notification"
TACHE_BALAYAGE = "francetravail.notifications.tasks.balayer_notifications"


def nouvelle(cle, adresse="lea@exemple.fr", message="Bonjour"):
    """A committed pending row, written without notifier() so that nothing is queued."""
    return Notification.objects.create(
        cle_idempotence=cle, adresse=adresse, modele="test/essai", contexte={"message": message}
    )


def attendre(condition, timeout=10, pas=0.02):
    fin = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > fin:
            raise TimeoutError(condition)
        time.sleep(pas)


def statut(notification):
    return Notification.objects.values_list("statut", "tentatives").get(pk=notification.pk)


def dans_un_thread(cible):
    """Runs ``cible`` in a thread with its own database connection, closed at the end."""

    def executer():
        try:
            cible()
        finally:
            connections.close_all()

    thread = threading.Thread(target=executer)
    thread.start()
    return thread


def test_envoyer_saute_une_ligne_verrouillee_par_un_autre_worker(base_validee, smtp_sink):
    notification = nouvelle("verrou")
    verrouillee, liberer = threading.Event(), threading.Event()

    def autre_worker():
        with transaction.atomic():
            Notification.objects.select_for_update().get(pk=notification.pk)
            verrouillee.set()
            liberer.wait(10)

    thread = dans_un_thread(autre_worker)
    try:
        assert verrouillee.wait(10)
        debut = time.monotonic()
        assert envoyer(notification.pk) is False
        assert balayer() == 0
        assert time.monotonic() - debut < 1  # skipped, not waited for
        assert smtp_sink.messages() == []
        assert statut(notification) == (Statut.EN_ATTENTE, 0)
    finally:
        liberer.set()
        thread.join(10)
    assert envoyer(notification.pk) is True
    assert len(smtp_sink.messages()) == 1


def test_huit_workers_en_concurrence_un_seul_courriel(base_validee, smtp_sink):
    notification = nouvelle("course")
    # The sink answers « 250 » 0.3 s late: whoever holds the row holds it long enough
    # for every other thread to run into it.
    smtp_sink.on_message = lambda message: time.sleep(0.3)
    depart = threading.Barrier(8)
    resultats = []

    def worker():
        depart.wait(10)
        resultats.append(envoyer(notification.pk))

    threads = [dans_un_thread(worker) for _ in range(8)]
    for thread in threads:
        thread.join(15)
    assert sorted(resultats) == [False] * 7 + [True]
    assert len(smtp_sink.messages()) == 1
    assert statut(notification) == (Statut.ENVOYEE, 1)


def _url_base_de_test():
    reglages = connection.settings_dict
    auth = quote(reglages["USER"] or "", safe="")
    if reglages["PASSWORD"]:
        auth += ":" + quote(reglages["PASSWORD"], safe="")
    return f"postgres://{auth}@{reglages['HOST'] or '127.0.0.1'}:{reglages['PORT'] or 5432}/{reglages['NAME']}"


def test_worker_tue_en_plein_envoi_la_notification_part_une_seule_fois(base_validee, smtp_sink, tmp_path):
    notification = nouvelle("tue", message="Après la panne")
    marqueur = tmp_path / "dans-l-envoi"
    journal = tmp_path / "enfant.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "francetravail.settings.test",
        "DATABASE_URL": _url_base_de_test(),
        "DJANGO_EMAIL_BACKEND": "tests.notifications.backends.SmtpBloqueEnPleinDataBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
        "MARQUEUR_ENVOI": str(marqueur),
    }
    code = (
        "import sys, django; django.setup(); "
        "from francetravail.notifications.dispatch import envoyer; envoyer(int(sys.argv[1]))"
    )
    with journal.open("wb") as sortie:
        enfant = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", code, str(notification.pk)],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
    try:
        attendre(lambda: marqueur.exists() or enfant.poll() is not None, timeout=30)
        assert marqueur.exists(), f"l'enfant s'est arrêté ({enfant.returncode}) :\n{journal.read_text()}"
        pid_postgres = int(marqueur.read_text())

        # The child is inside the SMTP DATA, holding the row lock: nobody else sends it.
        assert envoyer(notification.pk) is False
        assert smtp_sink.messages() == []
    finally:
        enfant.send_signal(signal.SIGKILL)
        enfant.wait(10)

    # Its connection dropped, PostgreSQL rolls its transaction back and releases the lock.
    def session_terminee():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid_postgres])
            return cursor.fetchone()[0] == 0

    attendre(session_terminee, timeout=10)
    assert statut(notification) == (Statut.EN_ATTENTE, 0)  # the dead attempt left no trace
    assert smtp_sink.messages() == []  # the unfinished DATA was discarded by the server

    assert balayer() == 1
    assert balayer() == 0
    [message] = smtp_sink.messages()
    assert "Après la panne" in message.get_content()
    assert message["Message-ID"] == message_id(notification)
    assert statut(notification) == (Statut.ENVOYEE, 1)


def test_un_vrai_worker_envoie_apres_le_commit_et_jamais_deux_fois(base_validee, smtp_sink, celery_worker_reel):
    with transaction.atomic():
        notification = notifier(
            None,
            ESSAI,
            adresse="louise@exemple.fr",
            contexte={"message": "Bienvenue"},
            cle_idempotence="bienvenue-louise",
        )
        # Not before the commit: the worker is running, the task is not even queued yet.
        time.sleep(0.2)
        assert smtp_sink.messages() == []

    message = smtp_sink.wait_for(timeout=10)
    assert message["To"] == "louise@exemple.fr"
    assert message["Subject"] == rendre_courriel(notification)[0]
    assert message["Message-ID"] == message_id(notification)
    assert "Bienvenue" in message.get_content()
    celery_worker_reel.attendre(TACHE_ENVOI, 1)
    assert statut(notification) == (Statut.ENVOYEE, 1)

    # The same business event again: same row, nothing queued.
    with transaction.atomic():
        again = notifier(
            None,
            ESSAI,
            adresse="louise@exemple.fr",
            contexte={"message": "Bienvenue"},
            cle_idempotence="bienvenue-louise",
        )
    assert again.pk == notification.pk
    # Even forced duplicates (a redelivered task, a sweep) send nothing more.
    for _ in range(3):
        envoyer_notification.delay(notification.pk)
    balayer_notifications.delay()
    celery_worker_reel.attendre(TACHE_ENVOI, 4)
    celery_worker_reel.attendre(TACHE_BALAYAGE, 1)
    assert len(smtp_sink.messages()) == 1


def test_des_taches_en_double_traitees_en_parallele_un_seul_courriel(base_validee, smtp_sink, celery_worker_reel):
    notification = nouvelle("doublons")
    smtp_sink.on_message = lambda message: time.sleep(0.3)  # keeps the first sender inside the send
    for _ in range(4):  # four worker threads take one each, at the same time
        envoyer_notification.delay(notification.pk)
    celery_worker_reel.attendre(TACHE_ENVOI, 4)
    assert len(smtp_sink.messages()) == 1
    assert statut(notification) == (Statut.ENVOYEE, 1)


def test_redis_coupe_pendant_la_requete_puis_le_balayage_de_beat_envoie(
    base_validee, smtp_sink, celery_worker_reel, broker, client, settings
):
    settings.ROOT_URLCONF = "tests.notifications.urls"
    broker.couper()
    debut = time.monotonic()
    response = client.post("/notifier/", {"adresse": "paul@exemple.fr", "message": "Dossier reçu", "cle": "paul-1"})
    duree = time.monotonic() - debut
    assert response.status_code == 201
    assert duree < 3, f"requête de {duree:.2f} s avec Redis coupé"
    notification = Notification.objects.get(pk=response.json()["id"])  # committed by the request
    assert statut(notification) == (Statut.EN_ATTENTE, 0)

    broker.retablir()
    time.sleep(0.3)
    assert smtp_sink.messages() == []  # nothing was queued: it waits for the sweep
    balayer_notifications.delay()  # what beat sends every minute
    celery_worker_reel.attendre(TACHE_BALAYAGE, 1)
    [message] = smtp_sink.messages()
    assert message["To"] == "paul@exemple.fr"
    assert statut(notification) == (Statut.ENVOYEE, 1)

    balayer_notifications.delay()
    celery_worker_reel.attendre(TACHE_BALAYAGE, 2)
    assert len(smtp_sink.messages()) == 1
