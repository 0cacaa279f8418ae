"""Orientation rule engine throughput on the national référentiel in force.

Target: ``bench: orientation_rate`` ≥ 20 000 decisions/s (one process). The rules
come from the database (``regles_en_vigueur()``), compiled once; the timed loop is
pure Python. N comes from ``BENCH_N`` (default 100 000).
"""

import os
import random
import time

from orientation.enums import IntensiteFreins, NiveauQualification, SeProjette
from orientation.queries import regles_en_vigueur, vider_cache
from orientation.regles import Situation, evaluer
from tests.benchmarks.conftest import bench

N = int(os.environ.get("BENCH_N", "100000"))
CIBLE = 20_000


def _situations(n, seed=2024):
    """Situations spread over every answer, with about 1 in 10 answers unknown."""
    rng = random.Random(seed)

    def choix(valeurs):
        return None if rng.random() < 0.1 else rng.choice(valeurs)

    return [
        Situation(
            activite_recente=choix([True, False]),
            se_projette=choix(SeProjette.values),
            niveau_qualification=choix(NiveauQualification.values),
            intensite_freins=choix(IntensiteFreins.values),
            age=choix(range(16, 71)),
            handicap_frein_majeur=rng.random() < 0.1,
            beneficiaire_rsa=rng.random() < 0.25,
        )
        for _ in range(n)
    ]


def test_debit_du_moteur_d_orientation():
    vider_cache()
    regles = regles_en_vigueur()
    assert len(regles) > 0
    situations = _situations(N)

    debut = time.perf_counter()
    propositions = [evaluer(situation, regles) for situation in situations]
    duree = time.perf_counter() - debut

    debit = N / duree
    bench("orientation_rate", round(debit), "decisions/s")
    assert len(propositions) == N
    assert any(p.giratoire for p in propositions) and any(not p.giratoire for p in propositions)
    assert debit >= CIBLE, f"{debit:.0f} décisions/s < {CIBLE}"
