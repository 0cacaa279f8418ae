"""The person's contract page: its query count with a 30-action plan and 50 versions must be
the count with 1 action and 1 version (issue 4), and what a page costs in time.

Run: ``TEST_SUFFIX=bench .venv/bin/pytest tests/benchmarks/test_espace_contrat.py -p no:xdist -s -q``.
"""

import statistics
import time

import pytest

from tests.benchmarks.conftest import bench
from tests.contrats.factories import Situation
from tests.contrats.test_vues_espace import URL, _contrat, _requetes

pytestmark = pytest.mark.django_db


def _temps_moyen(client, n=20):
    durees = []
    for _ in range(n):
        debut = time.perf_counter()
        client.get(URL)
        durees.append(time.perf_counter() - debut)
    return statistics.mean(durees) * 1000


def test_page_du_contrat_de_la_personne(client):
    petit = Situation()
    _contrat(petit, 1, 1, "signe")
    requetes_1, _ = _requetes(client, petit.personne.user)
    ms_1 = _temps_moyen(client)

    grand = Situation()
    _contrat(grand, 30, 50, "signe")
    requetes_30, _ = _requetes(client, grand.personne.user)
    ms_30 = _temps_moyen(client)

    bench("person_space_queries_1x1", requetes_1, "queries")
    bench("person_space_queries_30x50", requetes_30, "queries")
    bench("person_space_ms_1x1", f"{ms_1:.1f}", "ms")
    bench("person_space_ms_30x50", f"{ms_30:.1f}", "ms")
    assert requetes_30 == requetes_1
