from django.db import migrations


def charger(apps, schema_editor):
    from francetravail.rome.chargement import charger_rome

    charger_rome(
        apps.get_model("rome", "GrandDomaine"),
        apps.get_model("rome", "DomaineProfessionnel"),
        apps.get_model("rome", "FicheRome"),
        apps.get_model("rome", "Appellation"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("rome", "0001_initial")]

    # Reference data every environment needs (tests included): ROME 4.0 version 60.
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
