"""The application served over HTTP inside the test's own transaction.

``tests/browser/conftest.py: serveur_web`` serves committed data (``base_validee``): the
server thread has its own connections. The navigation crawl needs the permission matrix's
scenario (hundreds of rows in every app), which is built in a transaction and rolled back,
never committed: here the server thread and its request threads use the test's connection,
as Django's own live server does for an in-memory SQLite database. Requests are served one
at a time (one connection cannot run two transactions at once), and nothing closes the
connection: neither the request signals (``close_old_connections`` would drop a connection
in an open transaction) nor the server at the end of a request or of its thread.
"""

import contextlib
import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler


class _UneRequeteALaFois(StaticFilesHandler):
    verrou = threading.Lock()

    def __call__(self, environ, start_response):
        with self.verrou:
            return super().__call__(environ, start_response)


class _Serveur(ThreadedWSGIServer):
    def _close_connections(self):
        """The test's connection stays open: its transaction is rolled back by the test."""


class _Fil(LiveServerThread):
    def run(self):
        connections[DEFAULT_DB_ALIAS] = self.connections_override[DEFAULT_DB_ALIAS]
        try:
            self.httpd = _Serveur(
                (self.host, 0),
                QuietWSGIRequestHandler,
                allow_reuse_address=False,
                connections_override=self.connections_override,
            )
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(_UneRequeteALaFois(WSGIHandler()))
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as exc:  # noqa: BLE001 — handed to the test, which raises it
            self.error = exc
            self.is_ready.set()


@contextlib.contextmanager
def serveur_dans_la_transaction():
    """Yields the server's address; the test client must not be used meanwhile (it reconnects the signals)."""
    connexion = connections[DEFAULT_DB_ALIAS]
    connexion.ensure_connection()
    connexion.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    fil = _Fil("127.0.0.1", StaticFilesHandler, connections_override={DEFAULT_DB_ALIAS: connexion})
    fil.daemon = True
    fil.start()
    fil.is_ready.wait()
    try:
        if fil.error:
            raise fil.error
        yield f"http://127.0.0.1:{fil.port}"
    finally:
        fil.terminate()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        connexion.dec_thread_sharing()
