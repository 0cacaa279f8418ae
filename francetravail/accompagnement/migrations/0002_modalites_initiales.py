"""The modalities of accompaniment the préfiguration report names (seed-accompagnement.md §2.1, l. 36–60):
a list an administrator extends (each new code needs its parameters: target, cadence)."""

from django.db import migrations

# (code, libellé, ordre), with the lines of /work/shared/reference/seed-accompagnement.md they come from.
MODALITES = [
    # Intensive « 15-20h », portfolio 30–50, at most 12 months (l. 52, 97, 238–239).
    ("intensif", "Intensif", 10),
    # « suivi » and « guidé » are Pôle emploi's legacy modalities (l. 38: L.4053).
    ("guide", "Guidé", 20),
    # « en autonomie », a référent on demand and « cordes de rappel » every 3 months (l. 49, 242).
    ("suivi", "Suivi en autonomie", 30),
    # Co-accompaniment with a social worker (l. 40, 54: prop. 16).
    ("global", "Accompagnement global", 40),
]


def creer(apps, schema_editor):
    Modalite = apps.get_model("accompagnement", "ModaliteAccompagnement")
    for code, libelle, ordre in MODALITES:
        Modalite.objects.get_or_create(code=code, defaults={"libelle": libelle, "ordre": ordre, "actif": True})


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0001_initial")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
