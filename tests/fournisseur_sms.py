"""A fake Brevo, served for real over HTTP on 127.0.0.1 (a free port, a thread of the test process).

It implements what our backend calls — ``POST /v3/transactionalSMS/send`` with the ``api-key`` header,
answering ``{"messageId": …}`` — records each message, answers errors or hangs on demand, and posts
delivery callbacks the way Brevo's configured webhooks do (``Authorization: Bearer <token>``, one JSON
event per request; ``signer`` adds our optional HMAC headers)::

    with FournisseurSms() as faux:
        settings.BREVO_API_URL = faux.url_api
        faux.repondre(500)            # the next request gets a 500
        faux.lenteur = 3              # the next requests wait 3 s before answering
        faux.messages                 # [{"messageId", "sender", "recipient", "content", …}]
        faux.rappeler(url, message_id, "delivered", jeton="…")  # a callback to our webhook
"""

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLE = "cle-de-test-brevo"
CHEMIN = "/v3/transactionalSMS/send"


class _Gestionnaire(BaseHTTPRequestHandler):
    faux = None  # set per server

    def log_message(self, *args):  # quiet
        pass

    def _repondre(self, statut, donnees):
        corps = json.dumps(donnees).encode()
        self.send_response(statut)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        self.wfile.write(corps)

    def do_POST(self):  # noqa: N802
        faux = self.server.faux
        longueur = int(self.headers.get("Content-Length") or 0)
        brut = self.rfile.read(longueur)
        faux.requetes.append({"chemin": self.path, "entetes": dict(self.headers), "corps": brut})
        if faux.lenteur:
            time.sleep(faux.lenteur)
        if self.path != CHEMIN:
            return self._repondre(404, {"code": "not_found", "message": "Unknown endpoint"})
        if self.headers.get("api-key") != faux.cle:
            return self._repondre(401, {"code": "unauthorized", "message": "Key not found"})
        forcee = faux._prochaine_erreur()
        if forcee:
            return self._repondre(forcee, {"code": "forced", "message": f"Erreur {forcee} demandée par le test"})
        try:
            donnees = json.loads(brut)
        except ValueError:
            return self._repondre(400, {"code": "bad_request", "message": "Invalid JSON"})
        manquants = [c for c in ("sender", "recipient", "content") if not donnees.get(c)]
        if manquants:
            return self._repondre(400, {"code": "missing_parameter", "message": f"{manquants} required"})
        if not str(donnees["recipient"]).isdigit() or len(donnees["sender"]) > 11:
            return self._repondre(400, {"code": "invalid_parameter", "message": "Invalid recipient or sender"})
        message_id = next(faux._compteur)
        faux.messages.append({**donnees, "messageId": message_id})
        return self._repondre(201, {"messageId": message_id})


class FournisseurSms:
    def __init__(self, cle=CLE):
        self.cle = cle
        self.messages = []
        self.requetes = []
        self.lenteur = 0
        self._erreurs = []
        self._verrou = threading.Lock()
        self._compteur = itertools.count(1511882900176220)
        self._serveur = ThreadingHTTPServer(("127.0.0.1", 0), _Gestionnaire)
        self._serveur.daemon_threads = True
        self._serveur.faux = self
        self._fil = threading.Thread(target=self._serveur.serve_forever, daemon=True)

    @property
    def url_api(self):
        return f"http://127.0.0.1:{self._serveur.server_address[1]}/v3"

    def demarrer(self):
        self._fil.start()
        return self

    def arreter(self):
        self._serveur.shutdown()
        self._serveur.server_close()
        self._fil.join(5)

    def __enter__(self):
        return self.demarrer()

    def __exit__(self, *exc):
        self.arreter()

    def repondre(self, statut, fois=1):
        """The next ``fois`` sending requests get ``statut`` (an error) instead of being accepted."""
        with self._verrou:
            self._erreurs.extend([statut] * fois)

    def _prochaine_erreur(self):
        with self._verrou:
            return self._erreurs.pop(0) if self._erreurs else None

    @staticmethod
    def evenement_sms(message_id, statut, *, ts=None, description=""):
        """A Brevo SMS webhook event."""
        ts = int(ts if ts is not None else time.time())
        return {
            "id": 1,
            "to": "33612345678",
            "msg_status": statut,
            "messageId": message_id,
            "ts_event": ts,
            "date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts)),
            "description": description,
            "reference": {"1": "ref"},
        }

    @staticmethod
    def evenement_courriel(message_id, evenement, *, ts=None, raison=""):
        """A Brevo transactional e-mail webhook event."""
        ts = int(ts if ts is not None else time.time())
        return {
            "event": evenement,
            "email": "personne@exemple.fr",
            "id": 1,
            "message-id": message_id,
            "ts_event": ts,
            "ts_epoch": ts * 1000,
            "subject": "Avis",
            "reason": raison,
        }

    @staticmethod
    def entetes(corps, *, jeton, secret=None, horodatage=None):
        """The headers of a callback: the bearer token, and the HMAC signature when ``secret`` is given."""
        entetes = {"Content-Type": "application/json", "Authorization": f"Bearer {jeton}"}
        if secret:
            from francetravail.notifications.remise import signature

            horodatage = str(int(horodatage if horodatage is not None else time.time()))
            entetes["X-Signature-Timestamp"] = horodatage
            entetes["X-Signature"] = signature(secret, horodatage, corps)
        return entetes

    def rappeler(self, url, evenement, *, jeton, secret=None):
        """POSTs ``evenement`` to our webhook ``url`` over HTTP, as Brevo does; returns (status, body)."""
        corps = json.dumps(evenement).encode()
        requete = urllib.request.Request(url, data=corps, headers=self.entetes(corps, jeton=jeton, secret=secret))
        try:
            with urllib.request.urlopen(requete, timeout=10) as reponse:  # noqa: S310 - a local test URL
                return reponse.status, reponse.read()
        except urllib.error.HTTPError as erreur:
            return erreur.code, erreur.read()
