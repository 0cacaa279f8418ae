from django.db import migrations


def charger(apps, schema_editor):
    from francetravail.reseau.cog import charger_cog

    charger_cog(
        apps.get_model("reseau", "Region"),
        apps.get_model("reseau", "Departement"),
        apps.get_model("reseau", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("reseau", "0001_initial")]

    # Reference data every environment needs (tests included): the INSEE COG 2026.
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
