"""The sanction sweep over 1 000 000 open procedures, next to a single SQL ``UPDATE`` of the same cases.

A realistic share is due (2 %: observation delays that ran out); the rest is spread over the
other open states, not due. The sweep (``sanctions.balayage``: lock with SKIP LOCKED, re-check,
one UPDATE per batch, one log row and one audit row per case, one transaction per batch) moves
the due cases from « avertissement préalable notifié » to « délai expiré »; the reference is one
``UPDATE`` doing the same state change on the same rows, restored in between (and the table
vacuumed) so that both start from the same state. Target (issue 5): ``bench: sweep_vs_update``
≤ 10 x. N comes from ``BENCH_SANCTIONS_N`` (default 1 000 000).
"""

import os
import time

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.personnes.models import Personne
from sanctions import balayage
from sanctions.enums import StatutProcedure
from sanctions.models import HistoriqueProcedure, Manquement, ProcedureSanction
from tests.benchmarks.conftest import bench
from tests.factories import OrganisationFactory, UserFactory, commune

N = int(os.environ.get("BENCH_SANCTIONS_N", "1000000"))
NB_PERSONNES = 1000
# One case in PART_DUE is due (2 %).
PART_DUE = 50
S = StatutProcedure

# Committed for real (``base_validee``): the batches' commits are part of what is measured.
pytestmark = pytest.mark.no_django_db


def _tables_sanctions():
    return [m._meta.db_table for m in apps.get_app_config("sanctions").get_models()]


@pytest.fixture
def base_sanctions(base_validee):
    crees = {}
    yield crees
    # The bench database only holds tests' rows: empty the sanctions tables (and their history),
    # then remove the people, the organisation and the agent seeded here.
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_tables_sanctions())} CASCADE")
    AuditEvent.objects.filter(event_type__startswith="sanction.").delete()
    Personne.objects.filter(nom_naissance__startswith="SANCTION", prenoms="Bench").delete()
    for objet in (crees.get("organisation"), crees.get("agent")):
        if objet is not None:
            type(objet).objects.filter(pk=objet.pk).delete()


def _insert_select(cursor, model, valeurs, source):
    """``INSERT INTO <model> (…) SELECT …`` with every NOT NULL column: ``valeurs`` gives SQL
    expressions, the other columns take the field's default (whatever fields the model gains)."""
    colonnes, expressions, parametres = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name in valeurs:
            expression = valeurs[field.name]
            if isinstance(expression, tuple):
                expression, *extra = expression
                parametres.extend(extra)
        elif field.null:
            continue
        else:
            defaut = field.get_default()
            if defaut is None:
                raise AssertionError(f"{model.__name__}.{field.name} : pas de valeur pour le bench")
            expression = "%s"
            parametres.append(field.get_db_prep_save(defaut, connection))
        colonnes.append(connection.ops.quote_name(field.column))
        expressions.append(expression)
    table = connection.ops.quote_name(model._meta.db_table)
    source, *parametres_source = source
    sql = f"INSERT INTO {table} ({', '.join(colonnes)}) SELECT {', '.join(expressions)} {source}"  # noqa: S608
    cursor.execute(sql, [*parametres, *parametres_source])


def _seed(n, aujourdhui, crees):
    crees["organisation"] = organisation = OrganisationFactory(departement_id="59")
    crees["agent"] = agent = UserFactory(professionnel=True)
    lieu = commune("59350")
    Personne.objects.bulk_create(
        Personne(
            nom_naissance=f"SANCTION{i:05d}",
            prenoms="Bench",
            date_naissance="1990-01-01",
            email=f"sanction{i}@exemple.fr",
            commune=lieu,
            departement_id="59",
            organisme_referent=organisation,
        )
        for i in range(NB_PERSONNES)
    )
    personnes = list(
        Personne.objects.filter(nom_naissance__startswith="SANCTION").order_by("pk").values_list("pk", flat=True)
    )
    premiere = personnes[0]
    assert personnes == list(range(premiere, premiere + NB_PERSONNES)), "identifiants contigus attendus"
    tables = [Manquement._meta.db_table, ProcedureSanction._meta.db_table]
    with connection.cursor() as cursor:
        # The seeding itself is not measured: the history triggers are off while it runs, on again after.
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            cursor.execute("SELECT coalesce(max(id), 0) FROM sanctions_manquement")
            base = cursor.fetchone()[0]
            _insert_select(
                cursor,
                Manquement,
                {
                    "personne": (f"{premiere} + g %% {NB_PERSONNES}",),
                    "type_manquement": ("'m1'",),
                    "source": ("'absence'",),
                    "faits": ("'Absent sans motif à l''atelier.'",),
                    "date_faits": ("%s::date - 60", aujourdhui),
                    "organisation": ("%s", organisation.pk),
                    "signale_par": ("%s", agent.pk),
                    "signale_le": ("now()",),
                },
                ("FROM generate_series(1, %s) AS g", n),
            )
            # The state of case g, from g % PART_DUE: 0 due; the others open and not due.
            k = f"((m.id - {base}) %% {PART_DUE})::int"
            etat = (
                f"CASE WHEN {k} = 0 THEN 'avertissement_notifie' WHEN {k} < 10 THEN 'avertissement_notifie' "
                f"WHEN {k} < 20 THEN 'examen' WHEN {k} < 30 THEN 'ouverte' WHEN {k} < 40 THEN 'a_decider' "
                "ELSE 'sanction_en_cours' END"
            )
            # Due notices were sent 11 to 30 days ago (last day of the delay passed); the others 0 to 9.
            notifie = (
                f"CASE WHEN {k} = 0 THEN %s::date - 11 - (m.id %% 20)::int WHEN {k} < 10 THEN %s::date - {k} "
                f"WHEN {k} < 30 THEN NULL ELSE %s::date - 20 END"
            )
            _insert_select(
                cursor,
                ProcedureSanction,
                {
                    "personne": ("m.personne_id",),
                    "manquement": ("m.id",),
                    "public": ("'allocation'",),
                    "statut": (etat,),
                    "organisation": ("m.organisation_id",),
                    "organisation_decisionnaire": ("m.organisation_id",),
                    "ouverte_par": ("m.signale_par_id",),
                    "avertissement_notifie_le": (notifie, aujourdhui, aujourdhui, aujourdhui),
                    "echeance_observations": (
                        f"CASE WHEN {k} = 0 THEN %s::date - 1 - (m.id %% 20)::int WHEN {k} < 10 THEN %s::date + 10 - {k} "
                        f"WHEN {k} < 30 THEN NULL ELSE %s::date - 10 END",
                        aujourdhui,
                        aujourdhui,
                        aujourdhui,
                    ),
                    "a_decider_le": (f"CASE WHEN {k} BETWEEN 30 AND 39 THEN %s::date - 9 END", aujourdhui),
                    "decision_due_le": (f"CASE WHEN {k} >= 30 THEN %s::date + 5 END", aujourdhui),
                    "mesure": (f"CASE WHEN {k} >= 40 THEN 'suspension' ELSE '' END",),
                    "taux": (f"CASE WHEN {k} >= 40 THEN 30 END",),
                    "duree_mois": (f"CASE WHEN {k} >= 40 THEN 1 END",),
                    "debut": (f"CASE WHEN {k} >= 40 THEN %s::date - 10 END", aujourdhui),
                    "fin": (f"CASE WHEN {k} >= 40 THEN %s::date + 20 END", aujourdhui),
                    "motivation": (f"CASE WHEN {k} >= 40 THEN 'Absences répétées.' ELSE '' END",),
                    "decidee_le": (f"CASE WHEN {k} >= 40 THEN now() END",),
                    "created_at": ("now()",),
                    "updated_at": ("now()",),
                },
                ("FROM sanctions_manquement AS m WHERE m.id > %s", base),
            )
        finally:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def test_balayage_face_a_un_update(base_sanctions):
    aujourdhui = timezone.localdate()
    debut = time.perf_counter()
    _seed(N, aujourdhui, base_sanctions)
    print(f"\nseed: {N} procédures en {time.perf_counter() - debut:.1f} s", flush=True)
    a_traiter = balayage.DELAI_EXPIRE.a_traiter(aujourdhui)
    dus = list(a_traiter.order_by("pk").values_list("pk", flat=True))
    assert len(dus) == N // PART_DUE
    table = ProcedureSanction._meta.db_table

    # The reference: one statement, same rows, same state change (the history trigger fires on both).
    with connection.cursor() as cursor:
        debut = time.perf_counter()
        cursor.execute(
            f"UPDATE {table} SET statut = %s, updated_at = now() "  # noqa: S608
            "WHERE statut = %s AND echeance_observations < %s",
            [S.DELAI_EXPIRE, S.AVERTISSEMENT_NOTIFIE, aujourdhui],
        )
        duree_update = time.perf_counter() - debut
        assert cursor.rowcount == len(dus)
        # Back to the seeded state, vacuumed: the sweep starts where the UPDATE started.
        cursor.execute(f"UPDATE {table} SET statut = %s WHERE id = ANY(%s)", [S.AVERTISSEMENT_NOTIFIE, dus])  # noqa: S608
        cursor.execute(f"VACUUM ANALYZE {table}")

    debut = time.perf_counter()
    deplaces = balayage.balayer_etape(balayage.DELAI_EXPIRE, aujourdhui, max_lots=N)
    duree_balayage = time.perf_counter() - debut
    assert deplaces == len(dus)
    assert not a_traiter.exists()
    assert HistoriqueProcedure.objects.filter(statut_apres=S.DELAI_EXPIRE).count() == len(dus)
    assert AuditEvent.objects.filter(
        event_type=TypeEvenement.SANCTION_TRANSITION, data__apres=S.DELAI_EXPIRE
    ).count() == len(dus)

    bench("sweep_cases_per_s", round(len(dus) / duree_balayage), "cases/s")
    bench("update_cases_per_s", round(len(dus) / duree_update), "cases/s")
    bench("sweep_vs_update", round(duree_balayage / duree_update, 1), "x")
