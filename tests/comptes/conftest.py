import ipaddress
import socket

import pytest
import requests

from tests.comptes.oidc import CLIENT_ID, CLIENT_SECRET, callback_url
from tests.oidc_provider import OIDCProvider


@pytest.fixture(autouse=True)
def _pas_de_reseau_exterieur(monkeypatch):
    """Only loopback (and Unix sockets) may be reached: the provider, PostgreSQL, Redis."""
    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise OSError(f"outside network forbidden in tests: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    # A proxy from the environment must not capture the calls to 127.0.0.1.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def oidc_provider():
    provider = OIDCProvider(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uris={callback_url("franceconnect"), callback_url("proconnect")},
    )
    with provider:
        yield provider


@pytest.fixture
def navigateur():
    """The browser's side of the provider (its /authorize page): no environment proxy."""
    with requests.Session() as session:
        session.trust_env = False
        yield session
