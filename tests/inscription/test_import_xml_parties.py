"""A CNAF XML file split across two real worker processes gives what one worker gives: the same counts,
the same rows (households, people, registrations, rights, orientation proposals)."""

import datetime

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max

from francetravail.personnes.models import Personne
from inscription.actions import lancer_import_flux_caf
from inscription.enums import FormatFlux, StatutImport
from inscription.models import DossierInscription, DroitRSA, FoyerRSA, FoyerRSAEvent, ImportFluxCAF
from orientation.models import DecisionOrientation
from tests.fixtures_e2e import worker_externe
from tests.inscription.flux_xml import ecrire_stock
from tests.inscription.test_import_caf_e2e import attendre

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

PARTIE = "inscription.ecrire_partie_flux_caf"
COMPTES = (
    "statut",
    "nb_lignes",
    "nb_traitees",
    "nb_creees",
    "nb_mises_a_jour",
    "nb_inchangees",
    "nb_rejetees",
    "nb_cloturees",
    "nb_ignorees",
)


class Reperes:
    """The last ids before a run: what is above them is the run's, compared then deleted."""

    def __init__(self):
        self.personne = Personne.objects.aggregate(m=Max("pk"))["m"] or 0
        self.foyer = FoyerRSA.objects.aggregate(m=Max("pk"))["m"] or 0
        self.imp = ImportFluxCAF.objects.aggregate(m=Max("pk"))["m"] or 0

    def photo(self):
        personnes = Personne.objects.filter(pk__gt=self.personne)
        return {
            "foyers": sorted(
                FoyerRSA.objects.filter(pk__gt=self.foyer).values_list(
                    "organisme_payeur",
                    "numero_allocataire",
                    "etat",
                    "motif_suspension",
                    "empreinte",
                    "empreinte_brute",
                    "nb_personnes",
                    "departement_id",
                )
            ),  # fmt: skip
            "personnes": sorted(personnes.values_list("nom_naissance", "prenoms", "date_naissance", "commune_id")),
            "dossiers": sorted(
                DossierInscription.objects.filter(personne__in=personnes).values_list("nir", "categorie", "statut")
            ),
            "droits": sorted(
                DroitRSA.objects.filter(personne__in=personnes).values_list(
                    "personne__nom_naissance", "foyer__numero_allocataire", "role", "soumis_droits_devoirs"
                )
            ),
            "propositions": DecisionOrientation.objects.filter(personne__in=personnes).count(),
        }

    def effacer(self):
        DecisionOrientation.objects.filter(personne_id__gt=self.personne).delete()
        Personne.objects.filter(pk__gt=self.personne).delete()
        FoyerRSA.objects.filter(pk__gt=self.foyer).delete()
        FoyerRSAEvent.objects.filter(pgh_obj_id__gt=self.foyer).delete()
        ImportFluxCAF.objects.filter(pk__gt=self.imp).delete()


@pytest.fixture
def reperes(base_validee, monkeypatch):
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    crees = []

    def nouveaux():
        crees.append(Reperes())
        return crees[-1]

    yield nouveaux
    for repere in reversed(crees):
        repere.effacer()


def _importer(chemin):
    with transaction.atomic(), chemin.open("rb") as source:
        imp = lancer_import_flux_caf(
            ContentFile(source.read(), name=chemin.name), nom_fichier=chemin.name, format=FormatFlux.VRSB0801
        )
    attendre(lambda: ImportFluxCAF.objects.get(pk=imp.pk).statut not in ("en_attente", "en_cours"), timeout=180)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    return tuple(getattr(imp, c) for c in COMPTES)


def _deux_stocks(tmp_path):
    """A first stock, then the next month: 6 of its households changed (suspended), 20 new."""
    premier, second = tmp_path / "RSABEM_1.xml", tmp_path / "RSABEM_2.xml"
    ecrire_stock(premier, 300, graine=71)
    ecrire_stock(
        second,
        320,
        graine=71,
        etat=lambda i: "4" if i % 50 == 7 else "2",
        cree_le=datetime.datetime(2025, 5, 4, 3, 0),
    )
    return premier, second


def test_un_fichier_reparti_sur_deux_workers_donne_ce_que_donne_un_seul(tmp_path, reperes, monkeypatch):
    premier, second = _deux_stocks(tmp_path)

    monkeypatch.setenv("FLUX_CAF_PARTIES", "1")
    un_seul = reperes()
    with worker_externe("seul", pool="prefork", concurrency=1):
        comptes_seul = [_importer(premier), _importer(second)]
    photo_seul = un_seul.photo()
    un_seul.effacer()

    monkeypatch.setenv("FLUX_CAF_PARTIES", "2")
    monkeypatch.setenv("FLUX_CAF_PARTIE_MIN", "1")  # split however few the households to write
    deux = reperes()
    with (
        worker_externe("premier", pool="prefork", concurrency=1) as a,
        worker_externe("second", pool="prefork", concurrency=1) as b,
    ):
        comptes_deux = [_importer(premier), _importer(second)]
        parties = (a.terminees(PARTIE), b.terminees(PARTIE))
    photo_deux = deux.photo()

    # Each worker wrote parts of the files (two parts a file, two files).
    assert sum(parties) == 4 and min(parties) >= 1, parties
    assert comptes_seul[0] == ("termine", 300, 300, 300, 0, 0, 0, 0, 0)
    assert comptes_seul[1][:3] == ("termine", 320, 320) and comptes_seul[1][3] == 20
    assert comptes_deux == comptes_seul
    assert len(photo_seul["foyers"]) == 320 and photo_seul["propositions"] > 0
    assert photo_deux == photo_seul


def test_un_import_dont_les_parties_sont_perdues_est_relance_par_le_balayage_et_reprend_apres_son_scan(
    tmp_path, reperes, monkeypatch, celery_worker_reel
):
    """Scanned, parts never run (their messages lost, or their worker killed before its first batch): the sweep
    re-drives the import, which does not scan again (its table is there) and sends the parts."""
    from django.utils import timezone

    from inscription import import_caf, import_xml
    from inscription.tasks import balayer_imports

    monkeypatch.setattr(settings, "FLUX_CAF_PARTIE_MIN", 1)
    reperes()
    chemin = tmp_path / "RSABEM.xml"
    ecrire_stock(chemin, 40, graine=73)
    with transaction.atomic(), chemin.open("rb") as source:
        imp = lancer_import_flux_caf(
            ContentFile(source.read(), name=chemin.name), nom_fichier=chemin.name, au_worker=False
        )
    ImportFluxCAF.objects.filter(pk=imp.pk).update(statut=StatutImport.EN_COURS, tentatives=1)
    imp.refresh_from_db()
    import_xml.preparer(imp)
    table_avant = import_xml.table_segments(imp.pk)
    # A part running elsewhere holds the import's key shared: the sweep sees it alive and leaves it.
    ImportFluxCAF.objects.filter(pk=imp.pk).update(
        actif_le=timezone.now() - timezone.timedelta(seconds=settings.FLUX_CAF_DELAI_SANS_NOUVELLES + 1)
    )
    base = connection.settings_dict
    with psycopg.connect(
        host=base["HOST"], port=base["PORT"], user=base["USER"], password=base["PASSWORD"] or "", dbname=base["NAME"]
    ) as partie:
        partie.execute("SELECT pg_advisory_lock_shared(%s::int, %s::int)", [import_caf.VERROU_IMPORT, imp.pk])
        assert imp.pk in import_caf.imports_en_execution()
        assert balayer_imports() == {"relances": 0, "echecs": 0}
        partie.execute("SELECT pg_advisory_unlock_shared(%s::int, %s::int)", [import_caf.VERROU_IMPORT, imp.pk])
    assert balayer_imports() == {"relances": 1, "echecs": 0}
    attendre(lambda: ImportFluxCAF.objects.get(pk=imp.pk).statut == StatutImport.TERMINE, timeout=60)
    imp.refresh_from_db()
    assert (imp.tentatives, imp.nb_traitees, imp.nb_creees) == (2, 40, 40)
    # The import is « terminé » inside the last part's task, a moment before the worker counts that task done.
    celery_worker_reel.attendre(PARTIE, 2, timeout=30)
    assert celery_worker_reel.terminees(PARTIE) == 2
    assert FoyerRSA.objects.filter(numero_allocataire__startswith="73").count() == 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [table_avant])
        assert cursor.fetchone()[0] is None
