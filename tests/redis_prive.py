"""A redis-server of one test only: a free 127.0.0.1 port, its own directory, never the shared Redis.

Started and stopped by the test (e.g. to see the application with Redis down), with an
append-only file as ``scripts/services.py`` runs the project's Redis: a restart on the
same directory gets its data back.
"""

import shutil
import socket
import subprocess
import time

import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def port_libre():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisPrive:
    """A redis-server of this test only, with an append-only file in its own directory."""

    def __init__(self, dossier):
        self.dossier = dossier
        self.port = port_libre()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process = None

    def demarrer(self):
        self._process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.dossier),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
                "--logfile",
                "",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        limite = time.monotonic() + 15
        while True:
            try:
                if self.client().ping():
                    return
            except redis.exceptions.RedisError:
                pass
            if time.monotonic() > limite or self._process.poll() is not None:
                raise RuntimeError(f"le Redis du test ne démarre pas sur le port {self.port}")
            time.sleep(0.05)

    def arreter(self):
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def client(self):
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)
