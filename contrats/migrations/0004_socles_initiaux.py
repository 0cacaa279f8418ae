"""Publishes the first common base of rights and duties of each parcours (contrats/data/socle/),
so that a contract can be submitted on a fresh installation. National staff publish the
next versions in the admin. A parcours that already has a socle is left alone."""

from django.db import migrations
from django.utils import timezone

PARCOURS = ("professionnel", "socio_professionnel", "social")


def publier(apps, schema_editor):
    from contrats.socles_initiaux import textes

    Socle = apps.get_model("contrats", "SocleDroitsDevoirs")
    for parcours in PARCOURS:
        if not Socle.objects.filter(parcours=parcours).exists():
            Socle.objects.create(parcours=parcours, version=1, publie_le=timezone.now(), **textes(parcours))


class Migration(migrations.Migration):
    dependencies = [("contrats", "0003_document_accepte_signalements")]

    operations = [migrations.RunPython(publier, migrations.RunPython.noop)]
