"""The outbox is about to be partitioned (0006): foreign keys to it lose their database constraint."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_remise"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evenementremise",
            name="notification",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="evenements_remise",
                to="notifications.notification",
                verbose_name="notification",
            ),
        ),
    ]
