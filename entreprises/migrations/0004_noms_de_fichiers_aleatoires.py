"""Stored files get random names (francetravail.base.fichiers.NomAleatoire): a stored path no
longer says whose document it is, from when, or in which order. Files stored before under a
guessable name are copied under a random one, their rows updated, the old files deleted once
committed (a missing file keeps its name). History rows keep the names they recorded."""

import francetravail.base.fichiers
from django.db import migrations, models

from francetravail.base.fichiers import renommer_noms_previsibles


def renommer(apps, schema_editor):
    renommer_noms_previsibles(apps, "entreprises", "Immersion", "convention")


class Migration(migrations.Migration):
    dependencies = [
        ("entreprises", "0003_profil_en_emploi"),
    ]

    operations = [
        migrations.AlterField(
            model_name="immersion",
            name="convention",
            field=models.FileField(
                blank=True,
                upload_to=francetravail.base.fichiers.NomAleatoire("entreprises/immersions"),
                verbose_name="convention PDF",
            ),
        ),
        migrations.AlterField(
            model_name="immersionevent",
            name="convention",
            field=models.FileField(
                blank=True,
                upload_to=francetravail.base.fichiers.NomAleatoire("entreprises/immersions"),
                verbose_name="convention PDF",
            ),
        ),
        migrations.RunPython(renommer, migrations.RunPython.noop),
    ]
