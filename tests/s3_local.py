"""A real S3-compatible server of one test module: moto's server (``moto[server]``, a dev dependency),
on a free 127.0.0.1 port, in its own process, stopped at the end. Nothing leaves the machine.

The server runs under the virtualenv's Python when moto is installed there (``make venv``), else under
the system's ``python3`` if it has moto; without either the tests that need it are skipped and say why.
"""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from tests.redis_prive import port_libre


def python_avec_moto():
    for python in (sys.executable, shutil.which("python3")):
        if python and subprocess.run([python, "-c", "import moto.server, flask"], capture_output=True).returncode == 0:
            return python
    return None


class ServeurS3:
    def __init__(self):
        self.python = python_avec_moto()
        self.port = port_libre()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process = None

    def demarrer(self, attente=30):
        self._process = subprocess.Popen(
            [self.python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        fin = time.monotonic() + attente
        while time.monotonic() < fin:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    urllib.request.urlopen(self.url, timeout=2).close()  # noqa: S310 (127.0.0.1 only)
                    return self
            except OSError:
                if self._process.poll() is not None:
                    break
                time.sleep(0.2)
        self.arreter()
        raise RuntimeError("Le serveur S3 local (moto) n'a pas démarré.")

    def arreter(self):
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
