"""Partitioning the access log and the outbox keeps their rows (issue 21): the migrations' own functions
turn the tables back into plain ones, rows are written there, then partitioned again. In the test's
transaction (PostgreSQL's DDL is transactional), rolled back at the end. (Running the migrations
themselves back and forth renders every app's state: a quarter of an hour on the shared machine.)"""

import datetime
import importlib

import pytest
from django.db import IntegrityError, connection, transaction

from francetravail.audit.models import JournalAcces
from francetravail.base import partitionnement
from francetravail.notifications.models import EvenementRemise, Notification
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

journal = importlib.import_module("francetravail.audit.migrations.0032_journal_acces_partitionne")
outbox = importlib.import_module("francetravail.notifications.migrations.0006_outbox_partitionnee")


def _partition_de(table, pk):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT tableoid::regclass::text FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_la_migration_garde_les_lignes_leurs_identifiants_et_la_suite_des_identifiants():
    org = OrganisationFactory()
    personne, lecteur = PersonneFactory(organisme_referent=org), professionnel(org)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before ALTER TABLE
    with connection.schema_editor() as editeur:
        outbox.departitionner_outbox(None, editeur)
        journal.departitionner_journal(None, editeur)
    with connection.cursor() as cursor:
        assert not partitionnement.partitionnee(cursor, "audit_journalacces")
        assert not partitionnement.partitionnee(cursor, "notifications_notification")

    vieille = datetime.datetime(2025, 3, 15, 10, tzinfo=datetime.UTC)
    lectures = [
        JournalAcces.objects.create(personne=personne, user=lecteur, partie="synthese", at=at)
        for at in (vieille, datetime.datetime.now(datetime.UTC))
    ]
    notification = Notification.objects.create(
        adresse="a@example.org", modele="essai", cle_idempotence="migration-1", created_at=vieille
    )
    remise = EvenementRemise.objects.create(
        fournisseur="essai",
        identifiant="migration-evt",
        notification=notification,
        evenement="delivered",
        remise="remise",
        survenu_le=vieille,
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editeur:
        journal.partitionner_journal(None, editeur)
        outbox.partitionner_outbox(None, editeur)

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
