"""Deleting what an end-to-end test committed, whatever the models it touched.

``base_validee`` deletes the notifications, audit events and access-log rows a test created; a test that
commits a whole situation through the real actions (organisations, people, decisions, appointments,
contracts, API clients, webhooks...) takes a snapshot of every table's highest id first, and deletes every
newer row at the end, table by table, as many passes as the foreign keys need (a PROTECT or a trigger
that refuses is tried again after the rows that depend on it are gone). Each xdist worker has its own test
database: no other test's rows are newer than the snapshot.
"""

from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.db.models import Max, ProtectedError, RestrictedError


def _modeles():
    return [
        m
        for m in apps.get_models()
        if not m._meta.proxy and m._meta.managed and isinstance(m._meta.pk, (models.AutoField, models.BigAutoField))
    ]


def prendre():
    """Every table's highest id now."""
    return {m: m._base_manager.aggregate(m=Max("pk"))["m"] or 0 for m in _modeles()}


def _delier(instantane):
    """Nullable links of the new rows set to NULL first: two tables that point at each other (a contract
    and its accepted version) could not be deleted in either order."""
    for modele in _modeles():
        champs = [f.name for f in modele._meta.concrete_fields if f.is_relation and f.null]
        nouvelles = modele._base_manager.filter(pk__gt=instantane.get(modele, 0))
        if not champs or not nouvelles.exists():
            continue
        try:
            with transaction.atomic():
                nouvelles.update(**dict.fromkeys(champs))
        except DatabaseError:
            pass  # a trigger refuses the update: the deletion passes will tell


def supprimer_depuis(instantane, passes=12):
    """Deletes every row newer than ``instantane``; returns the tables still holding some (empty: all gone)."""
    _delier(instantane)
    restants = []
    for _ in range(passes):
        restants = []
        for modele in _modeles():
            nouvelles = modele._base_manager.filter(pk__gt=instantane.get(modele, 0))
            if not nouvelles.exists():
                continue
            try:
                with transaction.atomic():
                    nouvelles.delete()
            except (ProtectedError, RestrictedError, DatabaseError):
                restants.append(modele._meta.label)
        if not restants:
            return []
    return restants
