#!/usr/bin/env python3
"""Development supervisor used by `make run` (stdlib only).

Runs in the foreground, as children of the project's virtualenv:

    web     manage.py runserver 127.0.0.1:$WEB_PORT (8000)
    worker  celery worker
    beat    celery beat
    mail    the dev SMTP sink on 127.0.0.1:$SMTP_PORT (1025), mails saved in .local/mail

Each line of output is prefixed with the child's name. Ctrl-C (or SIGTERM) stops
everything; if one child dies, the others are stopped and the exit code is non-zero.
Migrations and demo data are the Makefile's job (`make run` does both first); the logins printed once
/healthz answers come from `manage.py demo_logins` (the `demo` app, beside the domain apps).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
STOP_TIMEOUT = 10.0
HEALTH_TIMEOUT = 180.0

_print_lock = threading.Lock()


def emit(line: str) -> None:
    with _print_lock:
        sys.stdout.write(line if line.endswith("\n") else line + "\n")
        sys.stdout.flush()


def say(message: str) -> None:
    emit(f"run | {message}")


def venv_tool(name: str) -> str:
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    if name == "python":
        return sys.executable
    found = shutil.which(name)
    if not found:
        say(f"« {name} » introuvable : lancez d'abord `make venv`.")
        sys.exit(2)
    return found


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def pick_port(variable: str, default: int, label: str) -> int:
    raw = os.environ.get(variable, "").strip()
    try:
        wanted = int(raw) if raw else default
    except ValueError:
        say(f"{variable}={raw!r} n'est pas un numéro de port : {default} utilisé.")
        wanted = default
    if port_is_free(wanted):
        return wanted
    for port in range(wanted + 1, wanted + 100):
        if port_is_free(port):
            break
    else:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
    say(f"Le port {wanted} ({label}) est occupé : utilisation du port {port} (réglable avec {variable}=…).")
    return port


class Child:
    def __init__(self, name: str, cmd: list[str], env: dict[str, str]):
        self.name = name
        self.cmd = cmd
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.reader: threading.Thread | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: we signal the whole tree (runserver's reloader…)
        )
        self.reader = threading.Thread(target=self._pump, name=f"pump-{self.name}", daemon=True)
        self.reader.start()

    def _pump(self) -> None:
        assert self.proc is not None
        assert self.proc.stdout is not None
        prefix = f"{self.name} | "
        for raw in iter(self.proc.stdout.readline, b""):
            emit(prefix + raw.decode("utf-8", "replace").rstrip("\r\n"))
        self.proc.stdout.close()

    def poll(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def signal_group(self, signum: int) -> bool:
        """Send `signum` to the child's process group; False when the group is gone."""
        if self.proc is None:
            return False
        try:
            os.killpg(self.proc.pid, signum)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def group_alive(self) -> bool:
        if self.proc is None:
            return False
        self.proc.poll()  # reap the leader if it exited
        return self.signal_group(0)


def stop_all(children: list[Child]) -> None:
    for child in children:
        child.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and any(child.group_alive() for child in children):
        time.sleep(0.1)
    for child in children:
        if child.group_alive():
            say(f"« {child.name} » ne s'arrête pas : SIGKILL.")
            child.signal_group(signal.SIGKILL)
    for child in children:
        if child.proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(timeout=5)
        if child.reader is not None:
            child.reader.join(timeout=2)


def wait_for_web(url: str, python: str, env: dict[str, str], stopping: threading.Event) -> None:
    """Poll /healthz, then print the banner and the demo logins."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + HEALTH_TIMEOUT
    last = ""
    while not stopping.is_set():
        try:
            with opener.open(url + "healthz", timeout=5) as response:
                if response.status == 200:
                    break
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
            try:
                body = json.dumps(json.loads(body), ensure_ascii=False)
            except ValueError:
                body = body[:300]
            last = f"HTTP {exc.code} {body}"
        except (OSError, ValueError) as exc:
            last = str(exc)
        if time.monotonic() > deadline:
            say(f"/healthz ne répond toujours pas correctement après {HEALTH_TIMEOUT:.0f} s ({last}).")
            return
        stopping.wait(0.5)
    if stopping.is_set():
        return
    smtp = env.get("EMAIL_URL", "")
    banner = [
        "=" * 72,
        f"  Plateforme France Travail (développement) : {url}",
        f"  Courriels : {smtp} (copies .eml dans .local/mail/)",
        "  Ctrl-C pour tout arrêter.",
        "=" * 72,
    ]
    for line in banner:
        emit(line)
    try:
        result = subprocess.run(
            [python, "manage.py", "demo_logins"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        say(f"`manage.py demo_logins` a échoué : {exc}")
        return
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        say(f"`manage.py demo_logins` a échoué (code {result.returncode}) :")
        for line in lines[-3:]:
            say(f"    {line}")
        return
    for line in result.stdout.rstrip().splitlines():
        emit(line)
    emit("=" * 72)


def main() -> int:
    python = venv_tool("python")
    celery = venv_tool("celery")
    LOCAL.mkdir(parents=True, exist_ok=True)
    (LOCAL / "mail").mkdir(parents=True, exist_ok=True)

    web_port = pick_port("WEB_PORT", 8000, "serveur web")
    smtp_port = pick_port("SMTP_PORT", 1025, "SMTP de développement")
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "francetravail.settings.dev")
    env["EMAIL_URL"] = f"smtp://{HOST}:{smtp_port}"
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env.setdefault("SITE_URL", f"http://{HOST}:{web_port}")
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not env.get(name):
            say(f"{name} n'est pas défini : lancez plutôt `make run` (qui démarre PostgreSQL et Redis).")

    children = [
        Child(
            "mail",
            [python, "-m", "francetravail.devtools.smtpsink", "--port", str(smtp_port), "--dir", ".local/mail"],
            env,
        ),
        Child("web", [python, "manage.py", "runserver", f"{HOST}:{web_port}"], env),
        Child("worker", [celery, "-A", "francetravail", "worker", "-l", "info", "--concurrency", "2"], env),
        Child(
            "beat",
            [celery, "-A", "francetravail", "beat", "-l", "info", "--schedule", str(LOCAL / "celerybeat-schedule")],
            env,
        ),
    ]

    stopping = threading.Event()
    requested = {"signal": None}

    def on_signal(signum, frame):
        requested["signal"] = signum
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    started: list[Child] = []
    failed: Child | None = None
    try:
        for child in children:
            if stopping.is_set():
                break
            child.start()
            started.append(child)
        url = f"http://{HOST}:{web_port}/"
        threading.Thread(target=wait_for_web, args=(url, python, env, stopping), name="healthz", daemon=True).start()
        while not stopping.wait(0.3):
            for child in started:
                if child.poll() is not None:
                    failed = child
                    break
            if failed:
                break
    finally:
        stopping.set()
        if failed is not None:
            say(f"« {failed.name} » s'est arrêté (code {failed.proc.returncode}) : arrêt des autres processus.")
        else:
            say("Arrêt demandé : arrêt des processus…")
        stop_all(started)

    if failed is not None:
        code = failed.proc.returncode
        return code if code and code > 0 else 1
    say("Tout est arrêté.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
