"""Where the project's own PostgreSQL and Redis listen (stdlib only).

`scripts/services.py up` chooses their ports at first run and keeps them in the state file
(`.local/services.json`). This module reads that state for two readers, so that they never
disagree: `services.py` itself (`env`, which `make run` evaluates; `status`) and `manage.py`,
which fills DATABASE_URL and REDIS_URL from it, so that a command works in a new terminal.

FT_LOCAL_DIR names another services directory than the project's `.local/` (another checkout's,
or a test's); both readers honour it.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping, MutableMapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DB_USER = "francetravail"
DB_NAME = "francetravail"
STATE_FILE_NAME = "services.json"

# manage.py reads the state for these settings only: development and tests, never production
# (whose settings refuse to start without DATABASE_URL and REDIS_URL set on purpose).
DEVELOPMENT_SETTINGS = ("francetravail.settings.dev", "francetravail.settings.test")

START_THEM = "Démarrez les services du projet avec `make services` (ou `python3 scripts/services.py up`)"


class ServicesDown(Exception):
    """PostgreSQL of the project does not answer: the message tells the user what to run."""


def local_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get("FT_LOCAL_DIR") or ROOT / ".local")


def state_file(environ: Mapping[str, str] = os.environ) -> Path:
    return local_dir(environ) / STATE_FILE_NAME


def load_state(path: Path | None = None) -> dict:
    try:
        return json.loads((path or state_file()).read_text())
    except (OSError, ValueError):
        return {}


def urls(state: dict, environ: Mapping[str, str] = os.environ) -> dict[str, str | None]:
    """DATABASE_URL and REDIS_URL: the environment's when set, else the project's services' (None if unknown)."""
    database_url = environ.get("DATABASE_URL")
    if not database_url and isinstance(state.get("postgres_port"), int):
        database_url = f"postgres://{DB_USER}@{HOST}:{state['postgres_port']}/{DB_NAME}"
    redis_url = environ.get("REDIS_URL")
    if not redis_url and isinstance(state.get("redis_port"), int):
        redis_url = f"redis://{HOST}:{state['redis_port']}/0"
    # ClamAV's daemon listens on a UNIX socket of the services directory (francetravail/documents/antivirus.py).
    clamav_socket = environ.get("CLAMAV_SOCKET") or state.get("clamav_socket")
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "CLAMAV_SOCKET": clamav_socket}


def port_accepts(port: int, timeout: float = 1.0) -> bool:
    """Something accepts TCP connections on HOST:port."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_ping(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def fill_environment(environ: MutableMapping[str, str], *, check: bool = True) -> list[str]:
    """Sets DATABASE_URL and REDIS_URL in ``environ`` from the state file, for a development command.

    Nothing happens under other settings than DEVELOPMENT_SETTINGS, without a state file (the
    services are not the project's: docker compose, a system PostgreSQL), or for a variable
    already set (an explicit value always wins). With ``check``, a service taken from the state
    must answer: PostgreSQL down raises ServicesDown; Redis down only gives a warning (the
    application works without it: francetravail/comptes/cache_redis.py). Returns the warnings.
    """
    if environ.get("DJANGO_SETTINGS_MODULE") not in DEVELOPMENT_SETTINGS:
        return []
    path = state_file(environ)
    if not path.exists():
        return []
    state = load_state(path)
    found = urls(state, environ)
    warnings = []
    if not environ.get("DATABASE_URL") and found["DATABASE_URL"]:
        port = state["postgres_port"]
        if check and not port_accepts(port):
            raise ServicesDown(
                f"PostgreSQL du projet ne répond pas sur {HOST}:{port} (ports lus dans {path}). "
                f"{START_THEM}, puis relancez la commande."
            )
        environ["DATABASE_URL"] = found["DATABASE_URL"]
    if not environ.get("REDIS_URL") and found["REDIS_URL"]:
        port = state["redis_port"]
        if check and not redis_ping(port):
            warnings.append(
                f"Attention : Redis du projet ne répond pas sur {HOST}:{port} : le cache partagé et la file "
                f"des tâches Celery sont indisponibles pour cette commande. {START_THEM}."
            )
        environ["REDIS_URL"] = found["REDIS_URL"]
    if not environ.get("CLAMAV_SOCKET") and found["CLAMAV_SOCKET"]:
        environ["CLAMAV_SOCKET"] = found["CLAMAV_SOCKET"]
    return warnings
