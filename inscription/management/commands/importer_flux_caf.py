from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from francetravail.base.televersement import taille_lisible
from inscription import import_caf
from inscription.actions import lancer_import_flux_caf


class Command(BaseCommand):
    help = "Importe un fichier du flux CAF/MSA (format : inscription/docs/format_flux_caf.md)."

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="fichier CSV du flux")
        parser.add_argument(
            "--sur-place", action="store_true", help="importer dans ce processus au lieu de confier l'import au worker"
        )

    def handle(self, chemin, sur_place=False, **options):
        chemin = Path(chemin)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        if chemin.stat().st_size > settings.FLUX_CAF_TAILLE_MAX:
            raise CommandError(
                f"Le fichier dépasse la taille maximale autorisée ({taille_lisible(settings.FLUX_CAF_TAILLE_MAX)}, "
                "paramètre FLUX_CAF_TAILLE_MAX) : il n'a pas été importé."
            )
        with chemin.open("rb") as source:
            # Run here: not queued as well, or a worker would race this process for it.
            imp = lancer_import_flux_caf(File(source), nom_fichier=chemin.name, au_worker=not sur_place)
        if not sur_place:
            self.stdout.write(f"Import n° {imp.pk} confié au worker.")
            return
        imp = import_caf.executer(imp.pk)
        if imp is None:
            raise CommandError("L'import a été supprimé pendant son exécution.")
        self.stdout.write(
            f"Import n° {imp.pk} : {imp.get_statut_display().lower()} — {imp.nb_lignes} lignes, "
            f"{imp.nb_creees} inscrites, {imp.nb_mises_a_jour} mises à jour, "
            f"{imp.nb_inchangees} sans changement, {imp.nb_rejetees} rejetées."
            + (f" Erreur : {imp.erreur}" if imp.erreur else "")
        )
