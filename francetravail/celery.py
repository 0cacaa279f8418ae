"""Celery application — https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html"""

import os

from celery import Celery

from francetravail.beat import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "francetravail.settings.dev")

app = Celery("francetravail", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _load_beat_schedule(sender, **kwargs):
    # Every periodic schedule lives in francetravail/beat.py (one place, one test).
    sender.conf.beat_schedule = BEAT_SCHEDULE
