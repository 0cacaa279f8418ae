"""Partitioning the access log and the outbox keeps their rows (issue 21): the migrations are run back
to plain tables, rows written there, then forward again. In the test's transaction (PostgreSQL's DDL is
transactional), rolled back at the end."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from francetravail.audit.models import JournalAcces
from francetravail.base import partitionnement
from francetravail.notifications.models import EvenementRemise, Notification
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

AVANT = [("audit", "0031_evenements_donnees_personnelles"), ("notifications", "0005_notification_sans_contrainte")]
APRES = [("audit", "0032_journal_acces_partitionne"), ("notifications", "0006_outbox_partitionnee")]


def _immediat():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _partition_de(table, pk):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT tableoid::regclass::text FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_la_migration_garde_les_lignes_leurs_identifiants_et_la_suite_des_identifiants():
    org = OrganisationFactory()
    personne, lecteur = PersonneFactory(organisme_referent=org), professionnel(org)
    _immediat()
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    try:
        anciennes = executor.loader.project_state(AVANT).apps
        with connection.cursor() as cursor:
            assert not partitionnement.est_partitionnee(cursor, "audit_journalacces")
            assert not partitionnement.est_partitionnee(cursor, "notifications_notification")
        Journal = anciennes.get_model("audit", "JournalAcces")
        Outbox = anciennes.get_model("notifications", "Notification")
        Remise = anciennes.get_model("notifications", "EvenementRemise")
        vieille = datetime.datetime(2025, 3, 15, 10, tzinfo=datetime.UTC)
        lectures = [
            Journal.objects.create(personne_id=personne.pk, user_id=lecteur.pk, partie="synthese", at=at)
            for at in (vieille, datetime.datetime.now(datetime.UTC))
        ]
        notification = Outbox.objects.create(
            adresse="a@example.org", modele="essai", cle_idempotence="migration-1", created_at=vieille
        )
        remise = Remise.objects.create(
            fournisseur="essai",
            identifiant="migration-evt",
            notification_id=notification.pk,
            evenement="delivered",
            remise="remise",
            survenu_le=vieille,
        )
        _immediat()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(APRES)

    assert list(JournalAcces.objects.filter(personne=personne).order_by("at").values_list("pk", "at")) == [
        (ligne.pk, ligne.at) for ligne in lectures
    ]
    assert _partition_de("audit_journalacces", lectures[0].pk) == "audit_journalacces_p2025_03"
    assert _partition_de("notifications_notification", notification.pk) == "notifications_notification_p2025_03"
    assert EvenementRemise.objects.get(pk=remise.pk).notification_id == notification.pk
    # The identity sequence goes on after the copied rows.
    nouvelle = JournalAcces.objects.create(personne=personne, user=lecteur, partie="synthese")
    assert nouvelle.pk > max(ligne.pk for ligne in lectures)
    # The key written before the migration is still unique.
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(adresse="b@example.org", modele="essai", cle_idempotence="migration-1")
