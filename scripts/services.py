#!/usr/bin/env python3
"""Project-local backing services for development and tests (stdlib only).

    python3 scripts/services.py up       # PostgreSQL + Redis under .local/, idempotent
    python3 scripts/services.py env      # export lines: eval "$(python3 scripts/services.py env)"
    python3 scripts/services.py status
    python3 scripts/services.py down

PostgreSQL listens on 127.0.0.1 only, on a port chosen at first run and kept in
.local/services.json; same for Redis. A service whose URL is already set in the
environment (DATABASE_URL, REDIS_URL) is left alone. The state is read through
scripts/etat_services.py, which manage.py reads too; FT_LOCAL_DIR names another
directory than .local/.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

# The sibling module that reads the state, also when this file is loaded by path (tests).
sys.path.insert(0, str(Path(__file__).resolve().parent))
import etat_services  # noqa: E402
from etat_services import DB_NAME, DB_USER, HOST, redis_ping, urls  # noqa: E402

ROOT = etat_services.ROOT
LOCAL = etat_services.local_dir()
PGDATA = LOCAL / "postgres"
RUN_DIR = LOCAL / "run"
REDIS_DIR = LOCAL / "redis"
STATE_FILE = LOCAL / etat_services.STATE_FILE_NAME
LOCK_FILE = LOCAL / ".services.lock"
PG_LOG = PGDATA / "server.log"
PG_CONF = PGDATA / "francetravail.conf"
REDIS_PIDFILE = RUN_DIR / "redis.pid"
REDIS_LOG = REDIS_DIR / "redis.log"
CLAMAV_DIR = LOCAL / "clamav"
CLAMAV_DB = CLAMAV_DIR / "db"
CLAMAV_CONF = CLAMAV_DIR / "clamd.conf"
CLAMAV_LOG = CLAMAV_DIR / "clamd.log"
CLAMAV_PIDFILE = RUN_DIR / "clamd.pid"
CLAMAV_SOCKET = RUN_DIR / "clamd.sock"
# No network for freshclam here: development and tests give clamd one signature, EICAR's test file
# (MD5:size:name, the .hdb format), enough for it to start and to refuse the test string. Production
# runs freshclam with the official databases (README).
EICAR_HDB = "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature-Local\n"

SYSTEM_USER = "francetravail"
PG_PORT_RANGE = range(15432, 15532)
REDIS_PORT_RANGE = range(16379, 16479)

INSTALL_POSTGRES = (
    "PostgreSQL introuvable : installez-le avec `sudo apt-get install -y postgresql` (Debian/Ubuntu) "
    "ou `brew install postgresql@15` (macOS)."
)
INSTALL_CLAMAV = (
    "ClamAV introuvable : installez-le avec `sudo apt-get install -y clamav-daemon` (Debian/Ubuntu) "
    "ou `brew install clamav` (macOS)."
)
INSTALL_REDIS = (
    "Redis introuvable : installez-le avec `sudo apt-get install -y redis-server` (Debian/Ubuntu) "
    "ou `brew install redis` (macOS)."
)


class ServiceError(Exception):
    """Message for the user, exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- state ---------------------------------------------------------------------------------------------------


def load_state() -> dict:
    return etat_services.load_state(STATE_FILE)


def save_state(state: dict) -> None:
    LOCAL.mkdir(parents=True, exist_ok=True)
    tmp = STATE_FILE.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    tmp.replace(STATE_FILE)


@contextlib.contextmanager
def locked():
    """Serialise concurrent `up`/`down` (e.g. two `make test` at once)."""
    LOCAL.mkdir(parents=True, exist_ok=True)
    with open(LOCK_FILE, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# -- ports and processes -------------------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def choose_port(preferred: range, avoid: set[int]) -> int:
    for port in preferred:
        if port not in avoid and port_is_free(port):
            return port
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid:
            return port


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return process_state(pid) != "Z"  # a zombie is not alive for our purposes


def process_state(pid: int) -> str | None:
    """State letter from /proc (R, S, Z, …), None when unknown or gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def process_name(pid: int) -> str | None:
    """Short command name of `pid` (None when unknown)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        pass
    try:
        out = subprocess.run(["ps", "-p", str(pid), "-o", "comm="], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return os.path.basename(out.stdout.strip()) or None


def is_our_process(pid: int, prefix: str) -> bool:
    """`pid` is alive and runs `prefix` (guards against a pid reused after a reboot)."""
    if not pid_alive(pid):
        return False
    name = process_name(pid)
    return name is None or name.startswith(prefix)


# -- privileges ----------------------------------------------------------------------------------------------


def is_root() -> bool:
    return os.geteuid() == 0


def service_user() -> str | None:
    """System user that runs PostgreSQL when we are root (None when not root)."""
    if not is_root():
        return None
    for name in ("postgres", SYSTEM_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            pass
    if not shutil.which("useradd"):
        raise ServiceError(
            "PostgreSQL refuse de tourner en root et `useradd` est introuvable pour créer l'utilisateur "
            f"système « {SYSTEM_USER} » : installez `passwd` ou lancez ce script sans être root.",
            2,
        )
    say(f"Création de l'utilisateur système « {SYSTEM_USER} » pour faire tourner PostgreSQL…")
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER], check=True
    )
    return SYSTEM_USER


def ensure_traversable(path: Path) -> None:
    """Let the service user reach `path` (o+x on every ancestor)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            say(f"Ajout du droit de traversée (o+x) sur {parent} pour l'utilisateur de PostgreSQL.")
            parent.chmod(mode | 0o001)


def chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    if path.stat().st_uid == entry.pw_uid:
        return
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, entry.pw_uid, entry.pw_gid)
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)


def as_user(cmd: list[str], user: str | None) -> list[str]:
    if user is None:
        return cmd
    return ["runuser", "-u", user, "--", *cmd]


# -- PostgreSQL ----------------------------------------------------------------------------------------------


def _version_key(path: Path) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.]", path.parent.name))


def find_pg_bindir() -> Path:
    """Directory holding initdb/pg_ctl/postgres: the cluster's own major version first, then PATH, then newest."""
    wanted = None
    with contextlib.suppress(OSError):
        wanted = (PGDATA / "PG_VERSION").read_text().strip()
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    if wanted:
        for bindir in candidates:
            if bindir.parent.name == wanted and (bindir / "pg_ctl").exists():
                return bindir
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and shutil.which("initdb"):
        return Path(os.path.realpath(pg_ctl)).parent
    for bindir in candidates:
        if (bindir / "pg_ctl").exists() and (bindir / "initdb").exists():
            return bindir
    raise ServiceError(INSTALL_POSTGRES, 2)


def pg_tool(bindir: Path, name: str) -> str:
    path = bindir / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found:
        return found
    raise ServiceError(f"Outil PostgreSQL « {name} » introuvable. {INSTALL_POSTGRES}", 2)


def pg_postmaster() -> tuple[int, int, str] | None:
    """(pid, port, status) from postmaster.pid when that postmaster process is alive."""
    try:
        lines = (PGDATA / "postmaster.pid").read_text().splitlines()
        pid, port = int(lines[0]), int(lines[3])
    except (OSError, ValueError, IndexError):
        return None
    if not is_our_process(pid, "postgres"):
        return None
    status = lines[7].strip() if len(lines) >= 8 else ""
    return pid, port, status


def pg_running() -> tuple[int, int] | None:
    """(pid, port) of the cluster's postmaster when it runs and accepts connections."""
    postmaster = pg_postmaster()
    if postmaster is None or postmaster[2] not in ("ready", ""):
        return None
    return postmaster[0], postmaster[1]


def remove_stale_pg_locks() -> None:
    """Remove lock files left by a postmaster that crashed or was killed (or by a reboot)."""
    for lock in [PGDATA / "postmaster.pid", *RUN_DIR.glob(".s.PGSQL.*.lock")]:
        try:
            pid = int(lock.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            continue
        deadline = time.monotonic() + 5
        while process_state(pid) == "Z" and time.monotonic() < deadline:
            time.sleep(0.1)  # killed, not yet reaped: the server would take it for alive
        if is_our_process(pid, "postgres"):
            continue
        with contextlib.suppress(OSError):
            lock.unlink()
        if lock.parent == RUN_DIR:
            with contextlib.suppress(OSError):
                lock.with_suffix("").unlink()


def pick_locale() -> str:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
    except OSError:
        out = ""
    available = {line.strip().lower().replace("-", "") for line in out.splitlines()}
    return "C.UTF-8" if "c.utf8" in available else "C"


def write_pg_conf(port: int, user: str | None) -> None:
    sockets = str(RUN_DIR)
    if len(sockets) + len("/.s.PGSQL.00000.lock") > 100:
        sockets = ""  # path too long for a Unix socket: TCP only
    PG_CONF.write_text(
        "# Written by scripts/services.py on every start: edit the script, not this file.\n"
        "listen_addresses = '127.0.0.1'\n"
        f"port = {port}\n"
        f"unix_socket_directories = '{sockets}'\n"
        "max_connections = 200\n"
        "shared_buffers = 128MB\n"
        # The data is on SSD or in memory: a random page costs about a sequential one, so
        # that the lookups by index of a batch (an import) are not traded for whole-table scans.
        "random_page_cost = 1.1\n"
        "effective_cache_size = 4GB\n"
        "fsync = off\n"
        "synchronous_commit = off\n"
        "full_page_writes = off\n"
        "log_min_messages = warning\n"
    )
    if user:
        entry = pwd.getpwnam(user)
        os.chown(PG_CONF, entry.pw_uid, entry.pw_gid)
    main_conf = PGDATA / "postgresql.conf"
    text = main_conf.read_text()
    include = "include_if_exists = 'francetravail.conf'"
    if include not in text:
        main_conf.write_text(text.rstrip("\n") + "\n\n" + include + "\n")


def pg_initdb(bindir: Path, user: str | None) -> None:
    if (PGDATA / "PG_VERSION").exists():
        return
    if PGDATA.exists() and any(PGDATA.iterdir()):
        raise ServiceError(
            f"{PGDATA} existe mais ne contient pas de cluster PostgreSQL : supprimez-le (`make clean-data`) "
            "puis relancez.",
        )
    PGDATA.mkdir(parents=True, exist_ok=True)
    PGDATA.chmod(0o700)
    if user:
        chown_tree(PGDATA, user)
    locale = pick_locale()
    shown = PGDATA.relative_to(ROOT) if PGDATA.is_relative_to(ROOT) else PGDATA  # FT_LOCAL_DIR may be elsewhere
    say(f"Création du cluster PostgreSQL dans {shown} (locale {locale})…")
    cmd = [
        pg_tool(bindir, "initdb"),
        "-D",
        str(PGDATA),
        "--auth=trust",
        f"--username={DB_USER}",
        "--encoding=UTF8",
        f"--locale={locale}",
    ]
    result = subprocess.run(as_user(cmd, user), cwd=LOCAL, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServiceError(f"initdb a échoué :\n{result.stdout}{result.stderr}")


def pg_start(bindir: Path, user: str | None, port: int) -> None:
    write_pg_conf(port, user)
    remove_stale_pg_locks()
    cmd = [pg_tool(bindir, "pg_ctl"), "-D", str(PGDATA), "-l", str(PG_LOG), "-w", "-t", "60", "start"]
    result = subprocess.run(as_user(cmd, user), cwd=LOCAL, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = ""
        with contextlib.suppress(OSError):
            log = "\n".join(PG_LOG.read_text(errors="replace").splitlines()[-20:])
        raise ServiceError(f"PostgreSQL n'a pas démarré :\n{result.stdout}{result.stderr}\n{log}")


def psql(bindir: Path, port: int, sql: str, database: str = "postgres") -> str:
    cmd = [
        pg_tool(bindir, "psql"),
        "-X",
        "-q",
        "-t",
        "-A",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        HOST,
        "-p",
        str(port),
        "-U",
        DB_USER,
        "-d",
        database,
        "-c",
        sql,
    ]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    for var in ("PGPASSWORD", "PGSERVICE", "PGOPTIONS", "PGDATABASE", "PGUSER", "PGHOST", "PGPORT"):
        env.pop(var, None)
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise ServiceError(f"psql a échoué ({sql}) :\n{result.stderr}")
    return result.stdout.strip()


def pg_ensure_database(bindir: Path, port: int) -> None:
    if psql(bindir, port, f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'") == "1":  # noqa: S608 (constant)
        return
    say(f"Création de la base « {DB_NAME} »…")
    psql(bindir, port, f'CREATE DATABASE "{DB_NAME}" OWNER "{DB_USER}"')


def postgres_up(state: dict) -> None:
    if os.environ.get("DATABASE_URL"):
        say("PostgreSQL : DATABASE_URL est déjà défini, rien à démarrer.")
        return
    running = pg_running()
    if running:
        pid, port = running
        bindir = find_pg_bindir()
        if state.get("postgres_port") != port:
            state["postgres_port"] = port
            save_state(state)
        # The settings written by this script apply to a server started by an older one.
        write_pg_conf(port, service_user())
        psql(bindir, port, "SELECT pg_reload_conf()")
        pg_ensure_database(bindir, port)
        say(f"PostgreSQL tourne déjà sur {HOST}:{port} (pid {pid}).")
        return
    bindir = find_pg_bindir()
    user = service_user()
    LOCAL.mkdir(parents=True, exist_ok=True)
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    if user:
        ensure_traversable(LOCAL)
        PGDATA.mkdir(parents=True, exist_ok=True)
        chown_tree(RUN_DIR, user)
    pg_initdb(bindir, user)
    port = state.get("postgres_port")
    if not isinstance(port, int) or not port_is_free(port):
        if isinstance(port, int):
            say(f"Le port {port} est occupé par autre chose : choix d'un autre port pour PostgreSQL.")
        port = choose_port(PG_PORT_RANGE, {state.get("redis_port")})
        state["postgres_port"] = port
        save_state(state)
    say(f"Démarrage de PostgreSQL sur {HOST}:{port}…")
    pg_start(bindir, user, port)
    pg_ensure_database(bindir, port)
    say(f"PostgreSQL prêt : postgres://{DB_USER}@{HOST}:{port}/{DB_NAME}")


def postgres_down() -> None:
    if os.environ.get("DATABASE_URL"):
        say("PostgreSQL : DATABASE_URL est défini, rien à arrêter.")
        return
    if not (PGDATA / "postmaster.pid").exists():
        say("PostgreSQL : déjà arrêté.")
        return
    if not pg_postmaster():
        (PGDATA / "postmaster.pid").unlink()
        say("PostgreSQL : déjà arrêté.")
        return
    bindir = find_pg_bindir()
    owner = PGDATA.stat().st_uid
    user = pwd.getpwuid(owner).pw_name if is_root() and owner != 0 else None
    cmd = [pg_tool(bindir, "pg_ctl"), "-D", str(PGDATA), "-m", "fast", "-w", "-t", "60", "stop"]
    result = subprocess.run(as_user(cmd, user), cwd=LOCAL, capture_output=True, text=True, check=False)
    if result.returncode != 0 and pg_postmaster():
        raise ServiceError(f"Arrêt de PostgreSQL impossible :\n{result.stdout}{result.stderr}")
    say("PostgreSQL arrêté.")


# -- Redis ---------------------------------------------------------------------------------------------------


def redis_pid() -> int | None:
    try:
        pid = int(REDIS_PIDFILE.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if is_our_process(pid, "redis-server") else None


def redis_running(state: dict) -> tuple[int, int] | None:
    pid, port = redis_pid(), state.get("redis_port")
    if pid and isinstance(port, int) and redis_ping(port):
        return pid, port
    return None


def redis_command(
    server: str, port: int, directory: Path = REDIS_DIR, pidfile: Path = REDIS_PIDFILE, logfile: Path = REDIS_LOG
) -> list[str]:
    """The daemon's command line. Append-only file (fsync every second) in `directory`: the
    Celery queue lives in Redis, so a restart (or a crash) must not lose the queued tasks
    (an import, a PDF to render). No RDB snapshots: the AOF alone is the persistence."""
    return [
        server,
        "--bind",
        HOST,
        "--port",
        str(port),
        "--dir",
        str(directory),
        "--daemonize",
        "yes",
        "--pidfile",
        str(pidfile),
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--logfile",
        str(logfile),
    ]


def redis_up(state: dict) -> None:
    if os.environ.get("REDIS_URL"):
        say("Redis : REDIS_URL est déjà défini, rien à démarrer.")
        return
    running = redis_running(state)
    if running:
        say(f"Redis tourne déjà sur {HOST}:{running[1]} (pid {running[0]}).")
        return
    server = shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/local/bin/redis-server") if os.access(p, os.X_OK)), None
    )
    if not server:
        raise ServiceError(INSTALL_REDIS, 2)
    stale = redis_pid()
    if stale:
        say(f"Un ancien Redis (pid {stale}) ne répond plus : arrêt.")
        stop_pid(stale)
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    port = state.get("redis_port")
    if not isinstance(port, int) or not port_is_free(port):
        if isinstance(port, int):
            say(f"Le port {port} est occupé par autre chose : choix d'un autre port pour Redis.")
        port = choose_port(REDIS_PORT_RANGE, {state.get("postgres_port")})
        state["redis_port"] = port
        save_state(state)
    say(f"Démarrage de Redis sur {HOST}:{port}…")
    cmd = redis_command(server, port)
    result = subprocess.run(cmd, cwd=LOCAL, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServiceError(f"Redis n'a pas démarré :\n{result.stdout}{result.stderr}")
    deadline = time.monotonic() + 15
    while not redis_ping(port):
        if time.monotonic() > deadline:
            log = ""
            with contextlib.suppress(OSError):
                log = "\n".join(REDIS_LOG.read_text(errors="replace").splitlines()[-20:])
            raise ServiceError(f"Redis ne répond pas sur {HOST}:{port}.\n{log}")
        time.sleep(0.05)
    say(f"Redis prêt : redis://{HOST}:{port}/0")


def stop_pid(pid: int, timeout: float = 10) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if pid_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def redis_down() -> None:
    if os.environ.get("REDIS_URL"):
        say("Redis : REDIS_URL est défini, rien à arrêter.")
        return
    pid = redis_pid()
    if not pid:
        say("Redis : déjà arrêté.")
        return
    stop_pid(pid)  # SIGTERM = clean shutdown (nothing saved: --save "")
    with contextlib.suppress(OSError):
        REDIS_PIDFILE.unlink()
    say("Redis arrêté.")


def clamd_pid() -> int | None:
    try:
        pid = int(CLAMAV_PIDFILE.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if is_our_process(pid, "clamd") else None


def clamd_ping(socket_path: Path = CLAMAV_SOCKET, timeout: float = 1.0) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(socket_path))
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


def clamd_conf(user: str | None) -> str:
    """clamd's configuration: a UNIX socket in .local/run (no TCP port), the local database, in the
    background with a pid file. Limits as the documents accept them (20 Mo, francetravail/documents)."""
    lines = [
        f"LocalSocket {CLAMAV_SOCKET}",
        "LocalSocketMode 660",
        "FixStaleSocket yes",
        f"DatabaseDirectory {CLAMAV_DB}",
        f"PidFile {CLAMAV_PIDFILE}",
        f"LogFile {CLAMAV_LOG}",
        "LogTime yes",
        "Foreground no",
        "MaxThreads 4",
        "StreamMaxLength 64M",
        "MaxFileSize 64M",
        "MaxScanSize 128M",
        "ReadTimeout 30",
        "SelfCheck 3600",
    ]
    if user:
        lines.append(f"User {user}")
    return "\n".join(lines) + "\n"


def clamd_up(state: dict) -> None:
    if os.environ.get("CLAMAV_SOCKET"):
        say("ClamAV : CLAMAV_SOCKET est déjà défini, rien à démarrer.")
        return
    if clamd_pid() and clamd_ping():
        say(f"ClamAV tourne déjà ({CLAMAV_SOCKET}).")
        state["clamav_socket"] = str(CLAMAV_SOCKET)
        save_state(state)
        return
    server = shutil.which("clamd") or next(
        (p for p in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if os.access(p, os.X_OK)), None
    )
    if not server:
        raise ServiceError(INSTALL_CLAMAV, 2)
    stale = clamd_pid()
    if stale:
        say(f"Un ancien ClamAV (pid {stale}) ne répond plus : arrêt.")
        stop_pid(stale)
    user = service_user()
    for path in (CLAMAV_DB, RUN_DIR):
        path.mkdir(parents=True, exist_ok=True)
    (CLAMAV_DB / "eicar-local.hdb").write_text(EICAR_HDB)
    CLAMAV_CONF.write_text(clamd_conf(user))
    if user:
        ensure_traversable(RUN_DIR)
        chown_tree(CLAMAV_DIR, user)
        chown_tree(RUN_DIR, user)
    say(f"Démarrage de ClamAV sur {CLAMAV_SOCKET}…")
    result = subprocess.run(
        [server, "--config-file", str(CLAMAV_CONF)], cwd=LOCAL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ServiceError(f"ClamAV n'a pas démarré :\n{result.stdout}{result.stderr}")
    deadline = time.monotonic() + 60
    while not clamd_ping():
        if time.monotonic() > deadline:
            log = ""
            with contextlib.suppress(OSError):
                log = "\n".join(CLAMAV_LOG.read_text(errors="replace").splitlines()[-20:])
            raise ServiceError(f"ClamAV ne répond pas sur {CLAMAV_SOCKET}.\n{log}")
        time.sleep(0.1)
    state["clamav_socket"] = str(CLAMAV_SOCKET)
    save_state(state)
    say(f"ClamAV prêt : {CLAMAV_SOCKET}")


def clamd_down() -> None:
    pid = clamd_pid()
    if not pid:
        say("ClamAV : déjà arrêté.")
        return
    stop_pid(pid)
    say("ClamAV arrêté.")


# -- commands ------------------------------------------------------------------------------------------------


def cmd_up() -> int:
    with locked():
        state = load_state()
        postgres_up(state)
        redis_up(state)
        clamd_up(state)
    return 0


def cmd_down() -> int:
    with locked():
        postgres_down()
        redis_down()
        clamd_down()
    return 0


def cmd_env() -> int:
    values = urls(load_state())
    # ClamAV is optional here: a state written before it was started has no socket (documents are then refused).
    missing = [name for name, value in values.items() if not value and name != "CLAMAV_SOCKET"]
    for name, value in values.items():
        if value:
            print(f"export {name}={shlex.quote(value)}")
    if missing:
        say(f"{', '.join(missing)} inconnu(s) : lancez d'abord `python3 scripts/services.py up` (ou `make services`).")
        return 1
    return 0


def cmd_status() -> int:
    state = load_state()
    values = urls(state)
    ok = True
    if os.environ.get("DATABASE_URL"):
        print(f"PostgreSQL : externe ({values['DATABASE_URL']})")
    else:
        running = pg_running()
        if running:
            print(f"PostgreSQL : en marche, pid {running[0]}, {values['DATABASE_URL']}")
        else:
            ok = False
            print("PostgreSQL : arrêté")
    if os.environ.get("REDIS_URL"):
        print(f"Redis : externe ({values['REDIS_URL']})")
    else:
        running = redis_running(state)
        if running:
            print(f"Redis : en marche, pid {running[0]}, {values['REDIS_URL']}")
        else:
            ok = False
            print("Redis : arrêté")
    if os.environ.get("CLAMAV_SOCKET"):
        print(f"ClamAV : externe ({os.environ['CLAMAV_SOCKET']})")
    elif clamd_pid() and clamd_ping():
        print(f"ClamAV : en marche, pid {clamd_pid()}, {CLAMAV_SOCKET}")
    else:
        ok = False
        print("ClamAV : arrêté")
    return 0 if ok else 3


COMMANDS = {"up": cmd_up, "down": cmd_down, "env": cmd_env, "status": cmd_status}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in COMMANDS:
        say(f"Usage : python3 {Path(__file__).name} {{{'|'.join(COMMANDS)}}}")
        return 64
    try:
        return COMMANDS[argv[0]]()
    except ServiceError as exc:
        say(str(exc))
        return exc.code
    except subprocess.CalledProcessError as exc:
        say(f"Commande en échec : {shlex.join(map(str, exc.cmd))} (code {exc.returncode})")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
