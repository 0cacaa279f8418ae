"""The worker's tasks of « Mes données », declared by each part's module and imported here so that Celery's
``autodiscover_tasks`` (which imports every app's ``tasks``) registers them."""

from francetravail.donnees import tasks_copie  # noqa: F401
