from django.core.management.base import BaseCommand
from django.db import transaction

from francetravail.parametres.loader import charger_parametres


class Command(BaseCommand):
    help = "Charge les paramètres légaux nationaux (fichier data/parametres_legaux.csv). Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            crees, maj = charger_parametres()
        self.stdout.write(f"Paramètres légaux : {crees} créés, {maj} mis à jour.")
