"""A minimal but real OpenID Connect provider for the test suite.

It stands in for FranceConnect and ProConnect: an HTTP server on 127.0.0.1 (a free
port, a background thread) implementing the authorization code flow with PKCE,
RS256-signed id_tokens, userinfo and a JWKS, so that allauth's ``openid_connect``
provider runs for real (discovery, token call, id_token checks, userinfo) with no
outside network.

The user "consents" at once: ``/authorize`` redirects straight back to the client
with a code for ``provider.identity``, which each test sets to whom it needs.

    with OIDCProvider(client_id="fc", client_secret="s3cret") as provider:
        provider.identity = {"sub": "abc", "email": "jeanne@exemple.fr", ...}
        app = provider.app("franceconnect", "FranceConnect")
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}}

Deliberately strict, like the real providers: an unknown client or redirect_uri
gets a 400 page (never a redirect), a wrong client secret ``invalid_client``, a
wrong/missing PKCE verifier or a reused code ``invalid_grant``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

SCOPES_SUPPORTED = ["openid", "email", "profile", "given_name", "family_name", "usual_name", "birthdate", "siret"]
# Claims never taken from ``identity`` for the id_token: the provider sets them.
_PROTOCOL_CLAIMS = {"iss", "aud", "iat", "exp", "nbf", "nonce", "auth_time", "azp"}


def _b64url_sha256(value: str) -> str:
    digest = hashlib.sha256(value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OIDCProvider:
    """An OpenID Connect provider served from a background thread (a context manager)."""

    def __init__(
        self,
        *,
        client_id: str = "client-test",
        client_secret: str = "secret-test",
        redirect_uris: set[str] | None = None,
        identity: dict | None = None,
        require_pkce: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        # None: any redirect_uri on the Django test server is accepted; a set: exact match.
        self.redirect_uris = redirect_uris
        self.require_pkce = require_pkce
        self.identity = dict(identity or {"sub": secrets.token_hex(8), "email": "personne@exemple.fr"})
        # Set to an OAuth2 error code ("access_denied"...) to refuse at /authorize.
        self.authorize_error: str | None = None
        # Claims forced into the next id_tokens (e.g. a wrong "aud" or "iss").
        self.id_token_overrides: dict = {}
        self.kid = secrets.token_hex(8)
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._host = host
        self._lock = threading.Lock()
        self._codes: dict[str, dict] = {}
        self._access_tokens: dict[str, dict] = {}
        # What the client sent, for assertions: one dict per request.
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.userinfo_requests: list[dict] = []
        self.issued_id_tokens: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> OIDCProvider:
        server = ThreadingHTTPServer((self._host, 0), _Handler)
        server.daemon_threads = True
        server.provider = self  # type: ignore[attr-defined]
        self._server = server
        # A short poll interval: shutdown() waits for it (0.5 s by default, per test).
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="oidc-provider", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- addresses and client configuration ------------------------------------------

    @property
    def url(self) -> str:
        """The issuer: allauth's ``server_url`` (it appends /.well-known/openid-configuration)."""
        if self._server is None:
            raise RuntimeError("OIDCProvider is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def issuer(self) -> str:
        return self.url

    def app(self, provider_id: str, name: str, *, secret: str | None = None, **settings) -> dict:
        """An entry for ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]`` pointing here."""
        return {
            "provider_id": provider_id,
            "name": name,
            "client_id": self.client_id,
            "secret": self.client_secret if secret is None else secret,
            "settings": {"server_url": self.url, "token_auth_method": "client_secret_post", **settings},
        }

    def configuration(self) -> dict:
        base = self.url
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/logout",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": SCOPES_SUPPORTED,
            "claims_supported": ["sub", "email", "given_name", "family_name", "usual_name", "birthdate", "siret"],
        }

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self._private_key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    # --- tokens ----------------------------------------------------------------------

    def _claims(self) -> dict:
        identity = dict(self.identity)
        identity.setdefault("sub", secrets.token_hex(8))
        return identity

    def make_id_token(self, *, nonce: str | None = None, claims: dict | None = None) -> str:
        now = int(time.time())
        payload = {
            k: v for k, v in (claims if claims is not None else self._claims()).items() if k not in _PROTOCOL_CLAIMS
        }
        payload.update({"iss": self.issuer, "aud": self.client_id, "iat": now, "auth_time": now, "exp": now + 60})
        if nonce:
            payload["nonce"] = nonce
        payload.update(self.id_token_overrides)
        token = jwt.encode(payload, self._private_key, algorithm="RS256", headers={"kid": self.kid})
        self.issued_id_tokens.append(token)
        return token

    def _redirect_uri_ok(self, redirect_uri: str) -> bool:
        if not redirect_uri:
            return False
        if self.redirect_uris is not None:
            return redirect_uri in self.redirect_uris
        parts = urlsplit(redirect_uri)
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    def _authorize(self, params: dict[str, str]) -> tuple[int, dict, bytes]:
        self.authorize_requests.append(params)
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        # Never redirect to an unverified client/redirect_uri (RFC 6749 §4.1.2.1).
        if not hmac.compare_digest(client_id, self.client_id) or not self._redirect_uri_ok(redirect_uri):
            return _text(HTTPStatus.BAD_REQUEST, "invalid client_id or redirect_uri")
        state = params.get("state")

        def back(**query) -> tuple[int, dict, bytes]:
            if state is not None:
                query["state"] = state
            sep = "&" if urlsplit(redirect_uri).query else "?"
            return HTTPStatus.FOUND, {"Location": f"{redirect_uri}{sep}{urlencode(query)}"}, b""

        if params.get("response_type") != "code":
            return back(error="unsupported_response_type")
        if "openid" not in params.get("scope", "").split():
            return back(error="invalid_scope", error_description="openid scope required")
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method")
        if challenge and method != "S256":
            return back(error="invalid_request", error_description="code_challenge_method must be S256")
        if self.require_pkce and not challenge:
            return back(error="invalid_request", error_description="PKCE required")
        if self.authorize_error:
            return back(error=self.authorize_error)
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "code_challenge": challenge,
                "nonce": params.get("nonce"),
                "claims": self._claims(),
                "expires": time.time() + 60,
            }
        return back(code=code)

    def _token(self, headers, form: dict[str, str]) -> tuple[int, dict, bytes]:
        self.token_requests.append(form)
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        authorization = headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            try:
                decoded = base64.b64decode(authorization[6:]).decode("utf-8")
                basic_id, _, basic_secret = decoded.partition(":")
                client_id, client_secret = unquote(basic_id), unquote(basic_secret)
            except ValueError:
                client_id = client_secret = None
        if not (
            client_id
            and client_secret
            and hmac.compare_digest(client_id, self.client_id)
            and hmac.compare_digest(client_secret, self.client_secret)
        ):
            return _json(HTTPStatus.UNAUTHORIZED, {"error": "invalid_client"}, {"WWW-Authenticate": "Basic"})
        if form.get("grant_type") != "authorization_code":
            return _json(HTTPStatus.BAD_REQUEST, {"error": "unsupported_grant_type"})
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant["expires"] < time.time() or grant["client_id"] != client_id:
            return _json(HTTPStatus.BAD_REQUEST, {"error": "invalid_grant", "error_description": "unknown code"})
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return _json(
                HTTPStatus.BAD_REQUEST, {"error": "invalid_grant", "error_description": "redirect_uri mismatch"}
            )
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            if not verifier or not hmac.compare_digest(_b64url_sha256(verifier), grant["code_challenge"]):
                return _json(HTTPStatus.BAD_REQUEST, {"error": "invalid_grant", "error_description": "PKCE failed"})
        access_token = secrets.token_urlsafe(32)
        with self._lock:
            self._access_tokens[access_token] = grant["claims"]
        body = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 60,
            "scope": "openid",
            "id_token": self.make_id_token(nonce=grant["nonce"], claims=grant["claims"]),
        }
        return _json(HTTPStatus.OK, body, {"Cache-Control": "no-store"})

    def _userinfo(self, headers) -> tuple[int, dict, bytes]:
        authorization = headers.get("Authorization", "")
        self.userinfo_requests.append({"authorization": authorization})
        token = authorization[7:] if authorization.startswith("Bearer ") else ""
        with self._lock:
            claims = self._access_tokens.get(token)
        if claims is None:
            return _json(
                HTTPStatus.UNAUTHORIZED,
                {"error": "invalid_token"},
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return _json(HTTPStatus.OK, {k: v for k, v in claims.items() if k not in _PROTOCOL_CLAIMS})


def _json(status, body, extra_headers=None) -> tuple[int, dict, bytes]:
    headers = {"Content-Type": "application/json", **(extra_headers or {})}
    return status, headers, json.dumps(body).encode("utf-8")


def _text(status, text) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, text.encode("utf-8")


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in values.items()}


class _Handler(BaseHTTPRequestHandler):
    server_version = "TestOIDC/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def provider(self) -> OIDCProvider:
        return self.server.provider  # type: ignore[attr-defined]

    def log_message(self, format, *args) -> None:  # keep the test output clean
        pass

    def _send(self, response: tuple[int, dict, bytes]) -> None:
        status, headers, body = response
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = _single(parse_qs(parts.query))
        provider = self.provider
        if parts.path == "/.well-known/openid-configuration":
            self._send(_json(HTTPStatus.OK, provider.configuration()))
        elif parts.path == "/jwks":
            self._send(_json(HTTPStatus.OK, provider.jwks()))
        elif parts.path == "/authorize":
            self._send(provider._authorize(params))
        elif parts.path == "/userinfo":
            self._send(provider._userinfo(self.headers))
        elif parts.path == "/logout":
            target = params.get("post_logout_redirect_uri")
            if target:
                self._send((HTTPStatus.FOUND, {"Location": target}, b""))
            else:
                self._send(_text(HTTPStatus.OK, "logged out"))
        else:
            self._send(_text(HTTPStatus.NOT_FOUND, "not found"))

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        form = _single(parse_qs(raw))
        if parts.path == "/token":
            self._send(self.provider._token(self.headers, form))
        elif parts.path == "/userinfo":
            self._send(self.provider._userinfo(self.headers))
        else:
            self._send(_text(HTTPStatus.NOT_FOUND, "not found"))
