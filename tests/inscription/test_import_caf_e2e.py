"""The CAF/MSA import on real workers: bad lines of every kind, a worker killed in the middle of a
file then the sweep, a lost message re-driven, the soft time limit of a prefork worker.

These tests commit for real (``base_validee``): the workers only see committed rows. Each test
deletes what it created (the import and the people it registered).
"""

import signal
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from francetravail.personnes.models import Personne
from inscription import import_caf
from inscription.actions import lancer_import_flux_caf
from inscription.enums import StatutImport
from inscription.models import FoyerRSA, ImportFluxCAF
from inscription.tasks import balayer_imports
from orientation.models import DecisionOrientation
from tests.fixtures_e2e import worker_externe
from tests.inscription.flux import fichier, lignes

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

TACHE = "inscription.importer_flux_caf"


def attendre(condition, timeout=60, pas=0.1):
    fin = time.monotonic() + timeout
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(pas)
    raise TimeoutError(f"condition non remplie en {timeout} s")


@pytest.fixture
def menage(base_validee, monkeypatch):
    """Deletes the imports and the people created by the test; the external workers share its media."""
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    derniere_personne = Personne.objects.aggregate(m=Max("pk"))["m"] or 0
    dernier_import = ImportFluxCAF.objects.aggregate(m=Max("pk"))["m"] or 0
    dernier_foyer = FoyerRSA.objects.aggregate(m=Max("pk"))["m"] or 0
    yield
    # The orientation proposals the import made protect their people: they go first.
    DecisionOrientation.objects.filter(personne_id__gt=derniere_personne).delete()
    Personne.objects.filter(pk__gt=derniere_personne).delete()
    # The import records each line's household too (inscription/ecriture_flux.py).
    FoyerRSA.objects.filter(pk__gt=dernier_foyer).delete()
    ImportFluxCAF.objects.filter(pk__gt=dernier_import).delete()


def _lancer(contenu):
    with transaction.atomic():
        return lancer_import_flux_caf(ContentFile(contenu, name="flux.csv"), nom_fichier="flux.csv")


def test_un_vrai_worker_importe_les_bonnes_lignes_malgre_une_faute_de_chaque_sorte(menage, celery_worker_reel):
    donnees = lignes(6, graine=41)
    donnees[1] = {**donnees[1], "nom_naissance": "N" * 151}
    contenu = fichier(donnees, brutes=['0100;"CAF;demandeur']) + "É;CAF\n".encode("cp1252")
    imp = _lancer(contenu)
    celery_worker_reel.attendre(TACHE, 1, timeout=60)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert (imp.nb_traitees, imp.nb_creees, imp.nb_rejetees) == (8, 5, 3)
    motifs = dict(imp.rejets.values_list("numero_ligne", "motif"))
    assert motifs[3].startswith("champ nom_naissance trop long")
    assert "guillemet" in motifs[8]
    assert "UTF-8" in motifs[9]


def test_un_worker_tue_en_plein_import_puis_le_balayage_le_reprend_sans_doublon(menage, settings, request):
    nombre = 20_000
    with worker_externe("tue") as externe:
        imp = _lancer(fichier(lignes(nombre, graine=43)))
        # The first batch is committed, the next ones are being written: kill the whole worker.
        attendre(lambda: ImportFluxCAF.objects.get(pk=imp.pk).nb_traitees >= import_caf.TAILLE_LOT, timeout=120)
        externe._process.send_signal(signal.SIGKILL)
        externe._process.wait(10)
    # Its database session ends with it: the batch it was writing is rolled back, its lock released.
    attendre(lambda: imp.pk not in import_caf.imports_en_execution(), timeout=20)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.EN_COURS
    assert 0 < imp.nb_traitees < nombre and imp.derniere_ligne > 0
    ecrites = imp.nb_creees
    assert Personne.objects.filter(droits_rsa__import_source=imp).count() == ecrites

    # Before the delay, the sweep leaves it (its worker might only be slow).
    assert balayer_imports() == {"relances": 0, "echecs": 0}
    ImportFluxCAF.objects.filter(pk=imp.pk).update(
        actif_le=timezone.now() - timezone.timedelta(seconds=settings.FLUX_CAF_DELAI_SANS_NOUVELLES + 1)
    )
    celery_worker_reel = request.getfixturevalue("celery_worker_reel")
    assert balayer_imports() == {"relances": 1, "echecs": 0}
    celery_worker_reel.attendre(TACHE, 1, timeout=120)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert imp.tentatives == 2
    # Resumed after the last committed batch: every line counted once, every person registered once.
    assert (imp.nb_traitees, imp.nb_creees, imp.nb_rejetees) == (nombre, nombre, 0)
    assert Personne.objects.filter(droits_rsa__import_source=imp).count() == nombre


def test_un_message_perdu_est_relance_par_le_balayage(menage, settings, celery_worker_reel):
    # Committed, never queued: what a broker losing the message leaves behind.
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv")
    imp.fichier.save("flux.csv", ContentFile(fichier(lignes(4, graine=47))), save=True)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(
        actif_le=timezone.now() - timezone.timedelta(seconds=settings.FLUX_CAF_DELAI_SANS_NOUVELLES + 1)
    )
    assert balayer_imports() == {"relances": 1, "echecs": 0}
    celery_worker_reel.attendre(TACHE, 1, timeout=60)
    imp.refresh_from_db()
    assert (imp.statut, imp.nb_creees, imp.tentatives) == (StatutImport.TERMINE, 4, 1)


def test_la_limite_de_duree_d_un_worker_prefork_met_l_import_en_echec(menage, monkeypatch):
    from inscription.tasks import importer_flux_caf

    # The worker's settings (the reason's text) and the message (Celery puts the sender's limits in it).
    monkeypatch.setenv("FLUX_CAF_DUREE_MAX", "1")
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv")
    imp.fichier.save("flux.csv", ContentFile(fichier(lignes(20_000, graine=53))), save=True)
    with worker_externe("prefork", pool="prefork", concurrency=1) as externe:
        importer_flux_caf.apply_async((imp.pk,), soft_time_limit=1, time_limit=60)
        try:
            attendre(lambda: ImportFluxCAF.objects.get(pk=imp.pk).statut == StatutImport.ECHEC, timeout=120)
        except TimeoutError:
            pytest.fail("".join(externe._lignes[-20:]))
    imp.refresh_from_db()
    assert imp.erreur.startswith("Durée maximale de l'import dépassée (1 s)"), imp.erreur
    assert imp.fin is not None
    assert imp.nb_traitees < 20_000
