import time

from django.conf import settings
from django.db import connection
from django_redis import get_redis_connection


def etat_base():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down" for the probe
        return False, exc.__class__.__name__


def etat_redis():
    try:
        get_redis_connection("default").ping()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__


def etat_worker():
    """The worker is alive when beat's heartbeat task ran recently (see pages.tasks)."""
    try:
        raw = get_redis_connection("default").get(settings.WORKER_HEARTBEAT_KEY)
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__
    if raw is None:
        return False, "aucun battement"
    age = time.time() - float(raw)
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return False, f"dernier battement il y a {int(age)} s"
    return True, f"dernier battement il y a {int(age)} s"
