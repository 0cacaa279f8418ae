import time

from celery import shared_task
from django.conf import settings
from django_redis import get_redis_connection


@shared_task(ignore_result=True)
def battement_worker():
    get_redis_connection("default").set(
        settings.WORKER_HEARTBEAT_KEY, str(time.time()), ex=settings.WORKER_HEARTBEAT_MAX_AGE * 2
    )
