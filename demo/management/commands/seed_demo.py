from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.charger import charger_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent). Refusé hors développement sans --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Autorise le chargement hors mode DEBUG.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Données de démonstration refusées hors développement (DEBUG=False). Utilisez --force.")
        charger_demo()
        self.stdout.write("Données de démonstration à jour.")
