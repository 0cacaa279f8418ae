from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from francetravail.base.televersement import taille_lisible
from francetravail.reseau.models import Departement
from inscription import import_caf
from inscription.actions import lancer_import_flux_caf
from inscription.enums import FormatFlux
from inscription.flux.detection import FormatInconnu, correspondance_par_defaut, detecter_format
from inscription.models import CorrespondanceColonnes


class Command(BaseCommand):
    help = (
        "Importe un fichier du flux CAF/MSA : flux XML de la CNAF (VRSB0801 ou VRSD0301, reconnu à son contenu) "
        "ou export départemental CSV/XLSX lu selon une correspondance de colonnes."
    )

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="fichier XML, CSV ou XLSX")
        parser.add_argument("--departement", help="code du département qui envoie le fichier (93, 2A, 974…)")
        parser.add_argument(
            "--correspondance",
            help="correspondance de colonnes d'un CSV/XLSX (numéro ou nom) ; par défaut celle du département "
            "s'il n'en a qu'une",
        )
        parser.add_argument(
            "--sur-place", action="store_true", help="importer dans ce processus au lieu de confier l'import au worker"
        )

    def handle(self, chemin, departement=None, correspondance=None, sur_place=False, **options):
        chemin = Path(chemin)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        if chemin.stat().st_size > settings.FLUX_CAF_TAILLE_MAX:
            raise CommandError(
                f"Le fichier dépasse la taille maximale autorisée ({taille_lisible(settings.FLUX_CAF_TAILLE_MAX)}, "
                "paramètre FLUX_CAF_TAILLE_MAX) : il n'a pas été importé."
            )
        dep = None
        if departement:
            dep = Departement.objects.filter(code=departement).first()
            if dep is None:
                raise CommandError(f"Département inconnu : {departement}")
        with chemin.open("rb") as source:
            try:
                format_flux = detecter_format(source)
            except FormatInconnu as exc:
                raise CommandError(str(exc)) from None
        corresp = None
        if correspondance:
            corresp = _correspondance(correspondance, dep)
            if format_flux != FormatFlux.TABLEUR:
                raise CommandError("--correspondance ne s'applique qu'à un fichier CSV ou XLSX, pas à un flux XML.")
        elif format_flux == FormatFlux.TABLEUR:
            corresp = correspondance_par_defaut(dep)
            if corresp is None:
                raise CommandError(
                    "Fichier CSV ou XLSX : indiquez sa correspondance de colonnes (--correspondance), ou le "
                    "département (--departement) s'il n'en a qu'une."
                )
        with chemin.open("rb") as source:
            # Run here: not queued as well, or a worker would race this process for it.
            imp = lancer_import_flux_caf(
                File(source),
                nom_fichier=chemin.name,
                au_worker=not sur_place,
                format=format_flux,
                departement=dep,
                correspondance=corresp,
            )
        if not sur_place:
            self.stdout.write(f"Import n° {imp.pk} ({imp.get_format_display()}) confié au worker.")
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


def _correspondance(valeur, departement):
    """A mapping by number or name: the département's own, or a national one."""
    choix = CorrespondanceColonnes.objects.filter(departement__in=[departement] if departement else [])
    choix = choix | CorrespondanceColonnes.objects.filter(departement__isnull=True)
    trouvee = choix.filter(pk=int(valeur)).first() if valeur.isdigit() else choix.filter(nom=valeur).first()
    if trouvee is None:
        raise CommandError(f"Correspondance de colonnes inconnue (pour ce département ou nationale) : {valeur}")
    return trouvee
