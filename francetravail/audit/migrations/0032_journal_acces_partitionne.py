"""The access log partitioned by month of ``at`` (issue 21): retention drops a month's partition
(``francetravail.donnees.partitions``) instead of deleting rows. The rows, their ids and the indexes
are kept; the database's primary key becomes (id, at), Django's model keeps ``id``."""

from django.db import migrations

from francetravail.base.partitionnement import departitionner, partitionner

TABLE = "audit_journalacces"


def partitionner_journal(apps, schema_editor):
    partitionner(schema_editor, TABLE, "at")


def departitionner_journal(apps, schema_editor):
    departitionner(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0031_evenements_donnees_personnelles"),
    ]

    operations = [
        migrations.RunPython(partitionner_journal, departitionner_journal, elidable=False),
    ]
