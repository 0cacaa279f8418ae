from django.core.management.base import BaseCommand
from django.db import transaction

from francetravail.reseau.cog import charger_cog
from francetravail.reseau.models import Commune, Departement, Region


class Command(BaseCommand):
    help = "Charge ou met à jour les régions, départements et communes (COG INSEE) et les codes postaux."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = charger_cog(Region, Departement, Commune)
        self.stdout.write(
            f"{counts['regions']} régions, {counts['departements']} départements, "
            f"{counts['communes']} communes chargés."
        )
