"""The outbox partitioned by month of ``created_at`` (issue 21): retention drops a month's partition
(``francetravail.donnees.partitions``) instead of deleting rows. The rows, their ids and indexes are
kept; the database's primary key becomes (id, created_at), Django's model keeps ``id``. The unique
index on ``cle_idempotence`` is replaced by a plain index and a trigger (``notifications.unicite``)."""

from django.db import migrations, models

from francetravail.base.partitionnement import departitionner, partitionner
from francetravail.notifications.unicite import CONTRAINTE, SQL_DECLENCHEUR, SQL_FONCTION, SQL_SUPPRESSION

TABLE = "notifications_notification"


def _nom_index(schema_editor):
    return schema_editor._create_index_name(TABLE, ["cle_idempotence"], suffix="")


def partitionner_outbox(apps, schema_editor):
    partitionner(schema_editor, TABLE, "created_at", uniques_remplaces={CONTRAINTE})
    schema_editor.execute(f'CREATE INDEX "{_nom_index(schema_editor)}" ON "{TABLE}" ("cle_idempotence")')
    schema_editor.execute(SQL_FONCTION, params=None)  # its format() holds a %s
    schema_editor.execute(SQL_DECLENCHEUR, params=None)


def departitionner_outbox(apps, schema_editor):
    schema_editor.execute(SQL_SUPPRESSION, params=None)
    schema_editor.execute(f'DROP INDEX IF EXISTS "{_nom_index(schema_editor)}"')
    departitionner(schema_editor, TABLE)
    schema_editor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{CONTRAINTE}" UNIQUE ("cle_idempotence")')


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_notification_sans_contrainte"),
        ("invitations", "0003_notification_sans_contrainte"),
        ("sanctions", "0008_notification_sans_contrainte"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="cle_idempotence",
                    field=models.CharField(db_index=True, max_length=200, verbose_name="clé d'idempotence"),
                ),
            ],
            database_operations=[
                migrations.RunPython(partitionner_outbox, departitionner_outbox, elidable=False),
            ],
        ),
    ]
