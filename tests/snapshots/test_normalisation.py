"""The normalisation of the SQL snapshots: what varies between runs becomes a placeholder, what
the code decides stays, so that a snapshot is the same in any order, on any worker, on a new
database, and still changes when the page's queries do."""

import datetime
import uuid
from decimal import Decimal

from django.db import connection

from tests.sql_snapshot import Requete, comparer, normaliser, rendre_instantane

IN_IDS = 'SELECT "t"."nom" FROM "t" WHERE "t"."id" IN ({})'


def test_une_liste_d_ids_est_la_meme_quelle_que_soit_sa_longueur():
    un = normaliser(IN_IDS.format("%s"), (7,))
    trois = normaliser(IN_IDS.format("%s, %s, %s"), (101, 5, 42))
    assert un == trois
    assert "IN (<ids>)" in un


def test_un_tableau_d_ids_aussi():
    sql = 'SELECT "t"."nom" FROM "t" WHERE "t"."id" = ANY(%s)'
    assert (
        normaliser(sql, ([1],))
        == normaliser(sql, ([8, 9, 10, 11],))
        == ('SELECT "t"."nom"\nFROM "t"\nWHERE "t"."id" = ANY (ARRAY[<ids>])')
    )


def test_les_codes_d_une_liste_in_sont_gardes_et_tries():
    # Statuses chosen by the code: a change of the list is a change of the query.
    avant = normaliser(IN_IDS.format("%s, %s"), ("reserve", "honore"))
    assert "IN ('honore', 'reserve')" in avant
    assert normaliser(IN_IDS.format("%s, %s"), ("honore", "reserve")) == avant
    assert normaliser(IN_IDS.format("%s, %s, %s"), ("honore", "reserve", "annule")) != avant


def test_les_noms_de_savepoint_sont_remplaces():
    for instruction in ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"):
        assert normaliser(f'{instruction} "s140212345_x3"') == normaliser(f'{instruction} "s99_x1"')
        assert normaliser(f'{instruction} "s140212345_x3"').endswith('SAVEPOINT "<savepoint>"')


def test_les_valeurs_qui_dependent_des_donnees_ou_de_l_horloge_deviennent_leur_genre():
    sql = 'INSERT INTO "t" ("a", "b", "c", "d", "e", "f", "g", "h") VALUES (%s, %s, %s, %s, %s, %s, %s, %s)'
    params = (
        1234,
        datetime.datetime(2026, 12, 5, 15, 40, tzinfo=datetime.UTC),
        datetime.date(2026, 12, 5),
        uuid.uuid4(),
        Decimal("12.5"),
        "Deux demi-journées de formation.",
        "2026-12-05T15:40:00+00:00",
        "75",
    )
    assert normaliser(sql, params).endswith(
        "VALUES (<int>, <horodatage>, <date>, <uuid>, <nombre>, <texte>, <horodatage>, <code>)"
    )


def test_les_constantes_du_code_restent():
    sql = 'SELECT "t"."id" FROM "t" WHERE ("t"."statut" = %s AND "t"."actif" = %s AND "t"."fin" IS NULL)'
    assert normaliser(sql, ("confirmee", True)) == (
        'SELECT "t"."id"\nFROM "t"\nWHERE ("t"."statut" = \'confirmee\'\n    AND "t"."actif" = TRUE\n'
        '    AND "t"."fin" IS NULL)'
    )


def test_une_cle_de_session_est_remplacee():
    sql = 'SELECT 1 FROM "django_session" WHERE "django_session"."session_key" = %s'
    assert normaliser(sql, ("abcdefghijklmnopqrstuvwxyz012345",)).endswith("= <clé de session>")


def test_le_nom_de_la_base_de_test_est_remplace():
    # It differs with TEST_SUFFIX and per pytest-xdist worker (…_gw0, …_gw1).
    sql = "SELECT 1 FROM pg_database WHERE datname = %s"
    assert normaliser(sql, (connection.settings_dict["NAME"],)).endswith("datname = <base>")


def test_les_lignes_repetees_d_un_insert_multiple_sont_resumees():
    sql = 'INSERT INTO "t" ("a", "b") VALUES (%s, %s), (%s, %s), (%s, %s)'
    deux_lignes = 'INSERT INTO "t" ("a", "b") VALUES (%s, %s), (%s, %s)'
    assert normaliser(sql, (1, "web", 2, "web", 3, "web")) == normaliser(deux_lignes, (4, "web", 5, "web"))
    assert normaliser(sql, (1, "web", 2, "web", 3, "web")).endswith("VALUES (<int>, 'web'), …")


def test_une_requete_de_plus_fait_echouer_avec_un_diff(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.sql_snapshot.DOSSIER", tmp_path)
    requete = IN_IDS.format("%s")
    comparer("page", rendre_instantane("page", "", []), mettre_a_jour=True)
    assert (tmp_path / "page.sql").exists()
    comparer("page", rendre_instantane("page", "", []), mettre_a_jour=False)  # unchanged: passes

    une_de_plus = rendre_instantane("page", "", [Requete(requete, (1,), False, "vue · page")])
    try:
        comparer("page", une_de_plus, mettre_a_jour=False)
    except BaseException as echec:  # pytest.fail raises an outcome, not an Exception
        message = str(echec)
    else:
        raise AssertionError("une requête de plus aurait dû faire échouer la comparaison")
    assert "a changé de requêtes SQL" in message
    assert "-- Requêtes : 0" in message and "+-- Requêtes : 1" in message
    assert '+WHERE "t"."id" IN (<ids>)' in message
    assert (tmp_path / "page.sql").read_text(encoding="utf-8") == rendre_instantane("page", "", [])
