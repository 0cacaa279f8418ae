"""The answer promised to the people's messages (« Une réponse sous 72h », the common base of
services of France Travail's preparatory report, quoted in seed-accompagnement.md L.5082–5090):
added to an existing database here, the same row as in data/parametres_legaux.csv (which
``charger_parametres`` keeps up to date)."""

import datetime
from decimal import Decimal

from django.db import migrations

CLE = "messagerie.delai_reponse"
VALEUR = {
    "libelle": "Délai de réponse promis aux messages des personnes",
    "valeur": Decimal("72"),
    "unite": "heures",
    "reference_legale": (
        "Socle commun de services, rapport de préfiguration de France Travail (2023) : « Une réponse sous 72h » "
        "(seed-accompagnement.md, L.5082–5090)"
    ),
    "valide_au": None,
    "confirme": False,
    "note": (
        "Aucun délai légal : engagement de service du socle commun (« Un accueil inconditionnel ; un diagnostic "
        "à 360° ; un interlocuteur privilégié ; une réponse sous 72h »). Un message de la personne sans réponse "
        "de l'organisme au-delà de ce délai est compté dans « À faire » du tableau de bord."
    ),
    "departemental": "non",
}


def ajouter(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    ParametreLegal.objects.get_or_create(
        cle=CLE, departement=None, valide_du=datetime.date(2025, 1, 1), defaults=VALEUR
    )


def retirer(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    ParametreLegal.objects.filter(cle=CLE, departement=None, valide_du=datetime.date(2025, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("parametres", "0006_alter_parametrelegal_unite_and_more"),
    ]

    operations = [migrations.RunPython(ajouter, retirer)]
