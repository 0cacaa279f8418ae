"""Stored files get random names (francetravail.base.fichiers.NomAleatoire): a stored path no
longer says whose document it is, from when, or in which order. Files stored before under a
guessable name are copied under a random one, their rows updated, the old files deleted once
committed (a missing file keeps its name). History rows keep the names they recorded."""

import francetravail.base.fichiers
from django.db import migrations, models

from francetravail.base.fichiers import renommer_noms_previsibles


def renommer(apps, schema_editor):
    renommer_noms_previsibles(apps, "inscription", "ImportFluxCAF", "fichier")


class Migration(migrations.Migration):
    dependencies = [
        ("inscription", "0009_import_flux_caf_reprise"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importfluxcaf",
            name="fichier",
            field=models.FileField(
                upload_to=francetravail.base.fichiers.NomAleatoire("imports_caf"), verbose_name="fichier"
            ),
        ),
        migrations.RunPython(renommer, migrations.RunPython.noop),
    ]
