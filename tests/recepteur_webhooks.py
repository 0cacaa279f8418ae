"""A partner's webhook receiver, for tests: a real HTTP server on 127.0.0.1, in a thread.

It verifies each delivery the documented way (``francetravail.partenaires.signature``), records what it
receives, processes each identifier once (a second copy — retry or replay — is answered 200 and ignored),
and can answer 500 to its first ``echecs`` calls. Its ``secret`` is set once the subscription exists.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from francetravail.partenaires.signature import IdentifiantsVus, SignatureInvalide, verifier


class Recepteur:
    def __init__(self, secret="", *, echecs=0, code_echec=500, attente=0):
        self.secret = secret
        self.attente = attente  # seconds before answering (a slow receiver)
        self.echecs = echecs
        self.code_echec = code_echec
        self.recues = []  # every request: {"entetes", "corps", "code"}
        self.traitees = []  # the events processed once each (parsed bodies)
        self.refusees = []  # the signature errors
        self.vus = IdentifiantsVus()
        self._verrou = threading.Lock()
        recepteur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def do_POST(self):
                corps = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(recepteur.attente)
                code = recepteur._recevoir(dict(self.headers.items()), corps)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
        self.serveur.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/webhooks"
        self._thread = threading.Thread(target=self.serveur.serve_forever, daemon=True)

    def _recevoir(self, entetes, corps):
        with self._verrou:
            if self.echecs > 0:
                self.echecs -= 1
                self.recues.append({"entetes": entetes, "corps": corps, "code": self.code_echec})
                return self.code_echec
            try:
                identifiant = verifier(self.secret, entetes, corps, maintenant=time.time())
            except SignatureInvalide as exc:
                self.refusees.append(str(exc))
                self.recues.append({"entetes": entetes, "corps": corps, "code": 401})
                return 401
            self.recues.append({"entetes": entetes, "corps": corps, "code": 200})
            if self.vus.premiere_fois(identifiant):
                self.traitees.append(json.loads(corps))
            return 200

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.serveur.shutdown()
        self.serveur.server_close()
        self._thread.join(5)
