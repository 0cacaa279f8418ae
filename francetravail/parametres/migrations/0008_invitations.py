"""The invitations' link validity and relance delay (issue 19): added to an existing database here, the same
rows as in data/parametres_legaux.csv (which ``charger_parametres`` keeps up to date)."""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = "Choix du service (rdv-insertion : {}, anchors-peers.md §2)"
LIGNES = {
    "invitations.duree_validite": {
        "libelle": "Durée de validité du lien d'une invitation à prendre rendez-vous",
        "valeur": Decimal("10"),
        "unite": "jours",
        "reference_legale": SOURCE.format("lien d'invitation expirant après une durée réglable"),
        "valide_au": None,
        "confirme": False,
        "note": (
            "Pas de délai légal. Après ce délai le lien n'ouvre plus les créneaux : la personne est comptée "
            "« invitation expirée » et peut être réinvitée. Chaque département peut fixer le sien."
        ),
        "departemental": "libre",
    },
    "invitations.delai_relance": {
        "libelle": "Relance d'une invitation non utilisée : jours après l'invitation",
        "valeur": Decimal("3"),
        "unite": "jours",
        "reference_legale": SOURCE.format("NUMBER_OF_DAYS_BEFORE_REMINDER = 3"),
        "valide_au": None,
        "confirme": False,
        "note": (
            "Pas de délai légal. Une invitation sans rendez-vous pris après ce délai est relancée une fois, par "
            "les mêmes canaux. 0 = pas de relance. Chaque département peut fixer le sien."
        ),
        "departemental": "libre",
    },
}
DEBUT = datetime.date(2025, 1, 1)


def ajouter(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    for cle, valeurs in LIGNES.items():
        ParametreLegal.objects.get_or_create(cle=cle, departement=None, valide_du=DEBUT, defaults=valeurs)


def retirer(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    ParametreLegal.objects.filter(cle__in=list(LIGNES), departement=None, valide_du=DEBUT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("parametres", "0007_delai_reponse_messages"),
    ]

    operations = [migrations.RunPython(ajouter, retirer)]
