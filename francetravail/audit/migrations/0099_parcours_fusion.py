# Merge of the audit migrations the issue 19 branches each added as 0029 (agendas, invitations, envoi, suivi): only on the
# « parcours » branch, which integrates them; the lead renumbers them at merge and drops this file.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0029_evenement_courriers_imprimes_envoi"),
        ("audit", "0029_evenements_agendas"),
        ("audit", "0029_invitations_evenements"),
        ("audit", "0029_suivi_formulations"),
    ]

    operations = []
