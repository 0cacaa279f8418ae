"""``manage.py`` works in a new terminal: without DATABASE_URL/REDIS_URL exported, it reads where
the project's own PostgreSQL and Redis listen from the state ``scripts/services.py`` keeps
(``.local/services.json``), in development only, never over an explicit variable; services down
is said in French, with the command that starts them.

The commands run for real, in subprocesses with a clean environment, against the services this
suite runs on. This worktree may have no ``.local/``: each test writes its own state file in a
temporary directory named by FT_LOCAL_DIR (what ``scripts/services.py`` also honours).
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

RACINE = Path(__file__).resolve().parent.parent
MANAGE = RACINE / "manage.py"
SERVICES = RACINE / "scripts" / "services.py"

pytestmark = pytest.mark.no_django_db


def _ports_des_services():
    """The ports of the PostgreSQL and Redis this suite runs on, when they are laid out as the
    project's own services (127.0.0.1, user and database « francetravail », no password)."""
    base = settings.DATABASES["default"]
    redis = urlsplit(settings.REDIS_URL)
    if (base["HOST"], base["USER"], base["PASSWORD"], redis.hostname) != (
        "127.0.0.1",
        "francetravail",
        "",
        "127.0.0.1",
    ):
        pytest.skip("PostgreSQL/Redis externes (DATABASE_URL, REDIS_URL) : pas de services du projet à relire")
    return int(base["PORT"]), redis.port or 6379


def _port_ferme():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket is closed: nothing listens there


@pytest.fixture
def etat(tmp_path):
    """Writes a services state file (what `services.py up` writes) in a directory of its own."""
    dossier = tmp_path / "local"
    dossier.mkdir()

    def ecrire(postgres_port, redis_port):
        (dossier / "services.json").write_text(json.dumps({"postgres_port": postgres_port, "redis_port": redis_port}))
        return dossier

    return ecrire


def _environnement(dossier_local, **variables):
    """A new terminal's environment: no DATABASE_URL, REDIS_URL nor DJANGO_SETTINGS_MODULE."""
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": str(dossier_local.parent)}
    env["FT_LOCAL_DIR"] = str(dossier_local)
    env.update(variables)
    return env


def _manage(*arguments, env, cwd=RACINE):
    return subprocess.run(
        [sys.executable, str(MANAGE), *arguments], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


AFFICHER_REGLAGES = (
    "from django.conf import settings; from django.db import connection; connection.ensure_connection(); "
    "print(settings.DATABASES['default']['PORT'], settings.CACHES['default']['LOCATION'])"
)


@pytest.mark.parametrize("depuis", ["racine", "ailleurs"])
def test_manage_py_trouve_les_services_du_projet_dans_un_nouveau_terminal(etat, tmp_path, depuis):
    port_pg, port_redis = _ports_des_services()
    dossier = etat(port_pg, port_redis)
    cwd = RACINE if depuis == "racine" else tmp_path

    resultat = _manage("showmigrations", "comptes", env=_environnement(dossier), cwd=cwd)
    assert resultat.returncode == 0, resultat.stderr
    assert "0001_initial" in resultat.stdout
    assert resultat.stderr == ""

    resultat = _manage("shell", "-v", "0", "-c", AFFICHER_REGLAGES, env=_environnement(dossier), cwd=cwd)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [str(port_pg), f"redis://127.0.0.1:{port_redis}/0"]


def test_postgresql_arrete_est_dit_en_francais_avec_la_commande_qui_le_demarre(etat):
    port = _port_ferme()
    dossier = etat(port, _port_ferme())

    resultat = _manage("showmigrations", "comptes", env=_environnement(dossier))
    assert resultat.returncode == 1
    assert "Traceback" not in resultat.stderr
    assert f"PostgreSQL du projet ne répond pas sur 127.0.0.1:{port}" in resultat.stderr
    assert "make services" in resultat.stderr
    assert "python3 scripts/services.py up" in resultat.stderr
    assert resultat.stdout == ""


def test_redis_arrete_est_signale_sans_empecher_la_commande(etat):
    """Redis down takes no page down (francetravail/comptes/cache_redis.py): a warning, not a refusal."""
    port_pg, _ = _ports_des_services()
    port_redis = _port_ferme()
    dossier = etat(port_pg, port_redis)

    resultat = _manage("showmigrations", "comptes", env=_environnement(dossier))
    assert resultat.returncode == 0, resultat.stderr
    assert "0001_initial" in resultat.stdout
    assert f"Redis du projet ne répond pas sur 127.0.0.1:{port_redis}" in resultat.stderr
    assert "make services" in resultat.stderr


def test_l_aide_et_la_version_ne_demandent_pas_les_services(etat):
    dossier = etat(_port_ferme(), _port_ferme())
    for arguments in (["version"], ["--version"], ["help"], []):
        resultat = _manage(*arguments, env=_environnement(dossier))
        assert resultat.returncode == 0, (arguments, resultat.stderr)
        assert "ne répond pas" not in resultat.stderr


def test_une_variable_explicite_n_est_jamais_remplacee(etat):
    port_pg, port_redis = _ports_des_services()
    dossier = etat(_port_ferme(), _port_ferme())  # the state file is wrong: it must not be read
    env = _environnement(
        dossier,
        DATABASE_URL=f"postgres://francetravail@127.0.0.1:{port_pg}/francetravail",
        REDIS_URL=f"redis://127.0.0.1:{port_redis}/0",
    )

    resultat = _manage("shell", "-v", "0", "-c", AFFICHER_REGLAGES, env=env)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [str(port_pg), f"redis://127.0.0.1:{port_redis}/0"]
    assert resultat.stderr == ""


def test_jamais_en_production(etat):
    """Production settings never read the development state, even when it points at live services."""
    port_pg, port_redis = _ports_des_services()
    dossier = etat(port_pg, port_redis)
    env = _environnement(
        dossier,
        DJANGO_SETTINGS_MODULE="francetravail.settings.prod",
        DJANGO_SECRET_KEY="secret-de-test-de-plus-de-cinquante-caracteres-0123456789abcdef",
    )

    resultat = _manage("check", env=env)
    assert resultat.returncode != 0
    assert "DATABASE_URL doit être défini en production." in resultat.stderr


def test_sans_fichier_d_etat_rien_n_est_ajoute(tmp_path):
    """A machine whose services are not the project's (docker compose, a system PostgreSQL): as before."""
    vide = tmp_path / "local"
    vide.mkdir()
    resultat = _manage(
        "shell", "-v", "0", "-c", "import os; print(os.environ.get('DATABASE_URL'))", env=_environnement(vide)
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip() == "None"


def test_le_script_des_services_lit_le_meme_etat(etat):
    """`services.py env` (what `make run` evaluates) and manage.py read one state, in one place."""
    dossier = etat(15999, 16999)
    resultat = subprocess.run(
        [sys.executable, str(SERVICES), "env"], env=_environnement(dossier), capture_output=True, text=True
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.splitlines() == [
        "export DATABASE_URL=postgres://francetravail@127.0.0.1:15999/francetravail",
        "export REDIS_URL=redis://127.0.0.1:16999/0",
    ]
