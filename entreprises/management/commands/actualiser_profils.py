from django.core.management.base import BaseCommand, CommandError

from entreprises import profils


class Command(BaseCommand):
    help = (
        "Recalcule le profil de recherche d'emploi de chaque personne (parcours, offre raisonnable d'emploi, "
        "métiers et commune par défaut), par lots. Idempotent : relancé, il ne change que ce qui a changé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--taille-lot", type=int, default=profils.TAILLE_LOT, help="personnes par lot")
        parser.add_argument(
            "--depuis", type=int, default=0, help="reprendre après cet identifiant de personne (dernier lot affiché)"
        )

    def handle(self, taille_lot, depuis, verbosity=1, **options):
        if not 1 <= taille_lot <= 10_000:
            raise CommandError("La taille de lot doit être comprise entre 1 et 10 000.")

        def sortie(vus, changes, dernier):
            if verbosity >= 2:
                self.stdout.write(
                    f"{vus} personnes vues, {changes} profils mis à jour (jusqu'à la personne {dernier})."
                )

        vus, changes = profils.actualiser_tous(taille_lot=taille_lot, depuis=depuis, sortie=sortie)
        self.stdout.write(f"{vus} personnes vues, {changes} profils mis à jour.")
