from django.db import migrations


def charger(apps, schema_editor):
    from orientation.referentiel_national import charger_referentiel_national

    charger_referentiel_national(
        apps.get_model("orientation", "Referentiel"),
        apps.get_model("orientation", "VersionReferentiel"),
        apps.get_model("orientation", "Regle"),
    )


class Migration(migrations.Migration):
    dependencies = [("orientation", "0001_initial")]

    # Every environment (tests included) needs the national référentiel in force.
    # Idempotent; later national versions are published from the admin, not here.
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
