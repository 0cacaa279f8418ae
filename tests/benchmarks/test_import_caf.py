"""The CAF/MSA flow import end to end, next to PostgreSQL COPY of the same file.

End to end: checks, people, registrations, RSA rights, duplicate flags and the
orientation proposal of every claimant, in the same run. Targets (issue 3):
``bench: caf_import_vs_copy`` ≤ 10 x and ``bench: caf_import_rate`` ≥ 20 000 lines/s.
Not met yet (the figures are printed so that progress shows run to run); the
assertions come with the work that meets them. N comes from ``BENCH_CAF_N``
(default 100 000).
"""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from inscription import import_caf
from inscription.flux_caf import COLONNES
from inscription.models import ImportFluxCAF
from orientation.models import DecisionOrientation
from tests.benchmarks.conftest import bench
from tests.inscription.flux import fichier, lignes

N = int(os.environ.get("BENCH_CAF_N", "100000"))


# Committed batch by batch, as in production (``base_validee``): the deferred foreign-key
# checks and the commits are paid, and the planner's statistics do not leak from one
# run's rolled-back transaction into the next (ANALYZE writes the table sizes outside
# the transaction).
pytestmark = pytest.mark.no_django_db

# What the import writes; emptied after the run (the bench database only holds tests' rows).
_TABLES_ECRITES = (
    "personnes_personne",
    "inscription_importfluxcaf",
    "personnes_personneevent",
    "inscription_dossierinscriptionevent",
    "inscription_droitrsaevent",
    "inscription_foyerrsa",
    "inscription_foyerrsaevent",
    "orientation_decisionorientationevent",
    "pghistory_context",
)


@pytest.fixture
def import_valide(base_validee):
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_TABLES_ECRITES)} CASCADE")


def test_import_caf_face_a_copy(tmp_path, import_valide):
    contenu = fichier(lignes(N, graine=11))
    chemin = tmp_path / "flux.csv"
    chemin.write_bytes(contenu)

    debut = time.perf_counter()
    with connection.cursor() as cursor:
        colonnes = ", ".join(f"{c} text" for c in COLONNES)
        cursor.execute(f"CREATE TEMP TABLE bench_flux_caf ({colonnes})")
        with (
            chemin.open("rb") as source,
            cursor.copy("COPY bench_flux_caf FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as copie,
        ):
            while morceau := source.read(1 << 20):
                copie.write(morceau)
        cursor.execute("SELECT count(*) FROM bench_flux_caf")
        assert cursor.fetchone()[0] == N
    duree_copy = time.perf_counter() - debut

    imp = ImportFluxCAF.objects.create(nom_fichier="bench.csv")
    imp.fichier.save("bench.csv", ContentFile(contenu), save=True)
    debut = time.perf_counter()
    imp = import_caf.executer(imp.pk)
    duree_import = time.perf_counter() - debut
    assert (imp.nb_creees, imp.nb_rejetees) == (N, 0)
    # End to end: every claimant has entered orientation in the same run.
    assert DecisionOrientation.objects.count() == N

    bench("caf_copy_rate", round(N / duree_copy), "lines/s")
    bench("caf_import_rate", round(N / duree_import), "lines/s")
    bench("caf_import_vs_copy", round(duree_import / duree_copy, 1), "x")
