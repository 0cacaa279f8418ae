from django.db import migrations
from django.db.models import F


def marquer_acceptees(apps, schema_editor):
    # The implications written before invitations existed (desk registrations, the admin) were in
    # force from their start: they stay so, accepted when they began, by who added them. They kept
    # the powers they had: a travailleur social of an involved organisation co-wrote the
    # diagnostic, which the role « co-référent » now says.
    Implication = apps.get_model("personnes", "Implication")
    Implication.objects.filter(accepted_at__isnull=True).update(
        statut="acceptee", role="co_referent", accepted_at=F("debut"), accepted_by=F("created_by")
    )


class Migration(migrations.Migration):
    dependencies = [("personnes", "0009_invitations_implications")]

    operations = [migrations.RunPython(marquer_acceptees, migrations.RunPython.noop)]
