"""ClamAV's daemon (clamd) over its socket, with the INSTREAM command (the file never touches
clamd's disk: it is sent in chunks, each prefixed with its length, then a zero-length chunk).

The socket is ``settings.CLAMAV_SOCKET`` (a UNIX socket; ``scripts/services.py`` starts the
project's clamd with a local signature database for development and tests, production runs
``freshclam``). A file is accepted only on clamd's explicit « OK »: a virus, an error, a timeout
or a daemon that does not answer refuses it (``AntivirusIndisponible`` says to try again later).
"""

import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError

TAILLE_MORCEAU = 64 * 1024

REFUS_VIRUS = "Ce fichier contient un virus ou un contenu malveillant : il n'a pas été enregistré."
REFUS_INDISPONIBLE = (
    "Le fichier n'a pas pu être vérifié par l'antivirus pour le moment : il n'a pas été enregistré. "
    "Réessayez dans quelques minutes."
)


class FichierInfecte(ValidationError):
    def __init__(self, signature=""):
        super().__init__(REFUS_VIRUS, code="virus")
        self.signature = signature


class AntivirusIndisponible(ValidationError):
    def __init__(self, detail=""):
        super().__init__(REFUS_INDISPONIBLE, code="antivirus_indisponible")
        self.detail = detail


def analyser(fichier, *, socket_path=None, timeout=None):
    """Scans ``fichier`` (a file object, read from its start); returns None when clamd says OK,
    raises ``FichierInfecte`` or ``AntivirusIndisponible`` otherwise. Leaves the file at its start."""
    socket_path = socket_path or settings.CLAMAV_SOCKET
    timeout = settings.CLAMAV_TIMEOUT if timeout is None else timeout
    if not socket_path:
        raise AntivirusIndisponible("CLAMAV_SOCKET n'est pas configuré")
    fichier.seek(0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(socket_path))
            sock.sendall(b"zINSTREAM\0")
            while morceau := fichier.read(TAILLE_MORCEAU):
                sock.sendall(struct.pack("!L", len(morceau)) + morceau)
            sock.sendall(struct.pack("!L", 0))
            reponse = _lire_reponse(sock)
    except OSError as exc:
        raise AntivirusIndisponible(str(exc)) from exc
    finally:
        fichier.seek(0)
    # « stream: OK », « stream: Eicar-Test-Signature FOUND », « INSTREAM size limit exceeded. ERROR »
    if reponse.endswith(" FOUND"):
        raise FichierInfecte(reponse.removeprefix("stream: ").removesuffix(" FOUND"))
    if reponse != "stream: OK":
        raise AntivirusIndisponible(reponse)


def _lire_reponse(sock):
    morceaux = []
    while True:
        morceau = sock.recv(4096)
        if not morceau:
            break
        morceaux.append(morceau)
        if morceau.endswith(b"\0"):
            break
    return b"".join(morceaux).rstrip(b"\0").decode("utf-8", "replace").strip()
