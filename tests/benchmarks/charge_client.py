"""The load benchmark's client: a minimal asyncio HTTP/1.1 client, standard library only.

Why not httpx or aiohttp: neither is installed (adding one means changing the shared
environment), and client and server share this machine's two cores, so the cheapest
client leaves the most to the server. gunicorn's sync workers close the connection
after every response (no keep-alive), so each request is one connection: write the
request with ``Connection: close``, read to the end.

Each ``Navigateur`` is one user's browser with its own cookies. They are kept by hand:
the production cookies are ``Secure`` (session, CSRF), which a cookie jar would rightly
not send over the benchmark's plain http on 127.0.0.1.
"""

import asyncio
import re
import time
import urllib.parse
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

# A request unanswered after this long counts as an error (the run stays bounded in time).
DELAI = 30
_JETON_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reponse:
    statut: int
    entetes: list
    corps: bytes

    def entete(self, nom):
        return next((v for k, v in self.entetes if k == nom), None)

    def jeton_csrf(self):
        trouve = _JETON_CSRF.search(self.corps)
        if trouve is None:
            raise AssertionError(f"pas de jeton CSRF dans la réponse {self.statut}")
        return trouve.group(1).decode()


def _dechunker(corps):
    morceaux = []
    while corps:
        taille, _, corps = corps.partition(b"\r\n")
        n = int(taille.split(b";")[0], 16)
        if n == 0:
            break
        morceaux.append(corps[:n])
        corps = corps[n + 2 :]
    return b"".join(morceaux)


class Navigateur:
    def __init__(self, hote, port):
        self.hote, self.port = hote, port
        self.cookies = {}

    async def get(self, chemin):
        return await self.requete("GET", chemin)

    async def post(self, chemin, donnees):
        return await self.requete("POST", chemin, urllib.parse.urlencode(donnees).encode())

    async def requete(self, methode, chemin, corps=b""):
        lignes = [
            f"{methode} {chemin} HTTP/1.1",
            f"Host: {self.hote}:{self.port}",
            "Connection: close",
            "Accept: text/html",
            "User-Agent: francetravail-bench-charge",
        ]
        if self.cookies:
            lignes.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if methode == "POST":
            # Same-origin form post, as a browser sends it (CSRF checks the origin).
            lignes += [
                f"Origin: http://{self.hote}:{self.port}",
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(corps)}",
            ]
        brut = await asyncio.wait_for(
            self._echanger(("\r\n".join(lignes) + "\r\n\r\n").encode("latin-1") + corps), DELAI
        )
        tete, _, corps = brut.partition(b"\r\n\r\n")
        premiere, *autres = tete.decode("latin-1").split("\r\n")
        entetes = [(k.strip().lower(), v.strip()) for k, _, v in (ligne.partition(":") for ligne in autres)]
        reponse = Reponse(int(premiere.split()[1]), entetes, corps)
        if (reponse.entete("transfer-encoding") or "").lower() == "chunked":
            reponse.corps = _dechunker(corps)
        for nom, valeur in entetes:
            if nom == "set-cookie":
                cle, _, reste = valeur.partition("=")
                val = reste.split(";")[0]
                if "max-age=0" in valeur.lower() or not val:
                    self.cookies.pop(cle, None)
                else:
                    self.cookies[cle] = val
        return reponse

    async def _echanger(self, requete):
        reader, writer = await asyncio.open_connection(self.hote, self.port)
        try:
            writer.write(requete)
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()


def _code_totp(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


async def connecter(navigateur, email, mot_de_passe, secret_totp):
    """The real login: allauth's form, then for professionals the TOTP step. Returns where it lands."""
    page = await navigateur.get("/comptes/login/")
    reponse = await navigateur.post(
        "/comptes/login/", {"csrfmiddlewaretoken": page.jeton_csrf(), "login": email, "password": mot_de_passe}
    )
    if reponse.statut != 302:
        raise AssertionError(f"connexion de {email} : {reponse.statut} au lieu d'une redirection")
    suite = reponse.entete("location")
    if "/2fa/authenticate/" in suite:
        page = await navigateur.get(suite)
        # A code is valid in its own 30-second window only: never submit one about to expire.
        if 30 - time.time() % 30 < 3:
            await asyncio.sleep(30 - time.time() % 30 + 0.1)
        reponse = await navigateur.post(
            suite, {"csrfmiddlewaretoken": page.jeton_csrf(), "code": _code_totp(secret_totp)}
        )
        if reponse.statut != 302:
            raise AssertionError(f"second facteur de {email} : {reponse.statut} au lieu d'une redirection")
        suite = reponse.entete("location")
    return suite


@dataclass
class Mesure:
    page: str
    duree: float
    ok: bool


async def utilisateur(navigateur, page, chemins, *, fin, attente, decalage, mesures):
    """One user until ``fin`` (monotonic): request, wait ``attente`` seconds, request the next path…"""
    await asyncio.sleep(decalage)
    i = 0
    while time.monotonic() < fin:
        chemin = chemins[i % len(chemins)]
        i += 1
        debut = time.perf_counter()
        try:
            reponse = await navigateur.get(chemin)
            ok = reponse.statut == 200
        except (OSError, ValueError, IndexError, TimeoutError):
            ok = False
        mesures.append(Mesure(page, time.perf_counter() - debut, ok))
        if attente:
            await asyncio.sleep(attente)


async def charge(utilisateurs, *, secondes, attente):
    """Runs every ``(navigateur, page, chemins)`` at once for ``secondes``; returns the measures and the time taken.

    Users start spread over the first ``attente`` seconds (or at once without waiting),
    as people do not all click on the same tick.
    """
    mesures = []
    debut = time.monotonic()
    fin = debut + secondes
    n = len(utilisateurs)
    await asyncio.gather(
        *(
            utilisateur(nav, page, chemins, fin=fin, attente=attente, decalage=attente * k / n, mesures=mesures)
            for k, (nav, page, chemins) in enumerate(utilisateurs)
        )
    )
    return mesures, time.monotonic() - debut
