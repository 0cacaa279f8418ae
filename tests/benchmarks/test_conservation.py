"""One nightly run of the retention sweep (francetravail/donnees/conservation.py) over 1 000 000 files of which
5 % are due for the archive: ``bench: archive_sweep_1m_s``.

The files (``BENCH_CONSERVATION_N``, default 1 000 000) are written by set-based SQL (``generate_series``),
their history triggers off while they are written (the seeding is not measured). Each file has one audit
event at its last activity, so that « last activity » is really looked up for every file:

- 2.5 % inactive for 4 years, without an e-mail nor a phone: archived without notice;
- 2.5 % inactive for 4 years, told 40 days ago (``PreavisArchivage``): archived;
- 0.5 % inactive since 3 years minus 10 days, with an e-mail: told now (5 000 e-mails written to the outbox);
- the others active a year ago: kept.

Timed: ``balayer()`` as the beat task runs it, every rule (shorter categories, notices, archive, anonymisation),
the register written. A quick run: ``BENCH_CONSERVATION_N=100000 make bench BENCH_ARGS="-k conservation"``.
"""

import os
import time

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from francetravail.donnees import conservation
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import PreavisArchivage
from francetravail.personnes.models import Personne
from tests.benchmarks.conftest import bench
from tests.factories import OrganisationFactory

N = int(os.environ.get("BENCH_CONSERVATION_N", "1000000"))


def _peupler(n, organisation):
    with connection.cursor() as cursor:
        # The deferred foreign-key checks of the rows written before would forbid the ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE personnes_personne DISABLE TRIGGER USER")
        try:
            cursor.execute(
                """
                INSERT INTO personnes_personne (nom_naissance, nom_usage, prenoms, date_naissance, email, telephone,
                    adresse, code_postal, commune_id, departement_id, organisme_referent_id, created_at, updated_at)
                SELECT 'BENCH' || g, '', 'Test', date '1970-01-01' + (g %% 12000),
                    CASE WHEN g %% 40 = 0 THEN '' ELSE 'bench' || g || '@exemple.fr' END,
                    CASE WHEN g %% 40 = 0 THEN '' ELSE '0601020304' END,
                    '1 rue des Tilleuls', '59350', '59350', '59', %s,
                    now() - interval '4 years', now() - interval '4 years'
                FROM generate_series(1, %s) AS g
                """,
                [organisation.pk, n],
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        finally:
            cursor.execute("ALTER TABLE personnes_personne ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SELECT min(id) FROM personnes_personne WHERE nom_naissance LIKE 'BENCH%%'", [])
        premier = cursor.fetchone()[0]
        rang = f"(p.id - {premier} + 1)"
        cursor.execute(
            f"""
            INSERT INTO audit_auditevent (at, event_type, personne_id, motif, data)
            SELECT CASE WHEN {rang} %% 40 IN (0, 20) THEN now() - interval '4 years'
                        WHEN {rang} %% 200 = 1 THEN now() - interval '3 years' + interval '10 days'
                        ELSE now() - interval '1 year' END,
                   'personne.coordonnees_modifiees', p.id, '', '{{}}'::jsonb
            FROM personnes_personne p WHERE p.nom_naissance LIKE 'BENCH%%'
            """,  # noqa: S608 — no user input: the first id of the rows just written
            [],
        )
        cursor.execute(
            f"""
            INSERT INTO donnees_preavisarchivage (personne_id, envoye_le, canal)
            SELECT p.id, now() - interval '40 days', 'email'
            FROM personnes_personne p WHERE p.nom_naissance LIKE 'BENCH%%' AND {rang} %% 40 = 20
            """,  # noqa: S608
            [],
        )
        cursor.execute("ANALYZE personnes_personne; ANALYZE audit_auditevent; ANALYZE donnees_preavisarchivage")


def test_archive_sweep_1m():
    _peupler(N, OrganisationFactory())
    reverse("donnees:mes_donnees")  # the URLconf is loaded once per worker process, not per run

    if os.environ.get("BENCH_EXPLAIN"):  # the plans of the two selections over every file
        with conservation.sans_jit():
            for f in (conservation.a_archiver, conservation.a_prevenir):
                print(f(timezone.now()).order_by("pk").values_list("pk", flat=True).explain(analyze=True))
            lot = list(conservation.a_archiver(timezone.now()).order_by("pk").values_list("pk", flat=True)[:5000])
            qs = conservation.a_archiver(timezone.now()).filter(pk__in=conservation.parmi(lot))
            print(qs.order_by("pk").values_list("pk", flat=True).explain(analyze=True))
    debut = time.perf_counter()
    lignes = conservation.balayer(timezone.now())
    duree = time.perf_counter() - debut

    for ligne in lignes:
        print(f"  {ligne.regle} ({ligne.action}): {ligne.nombre} dossiers, {ligne.duree_ms} ms", flush=True)
    par_action = {ligne.action: ligne.nombre for ligne in lignes}
    assert par_action[ActionConservation.ARCHIVAGE] == N // 20
    assert par_action[ActionConservation.PREAVIS] == N // 200
    assert Personne.objects.filter(archivee_le__isnull=False).count() == N // 20
    assert PreavisArchivage.objects.count() == N // 40 + N // 200
    bench(f"archive_sweep_{N // 1_000_000}m_s" if N >= 1_000_000 else f"archive_sweep_{N}_s", round(duree, 1), "s")
