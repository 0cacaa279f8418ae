"""Calling the real WSGI application in-process, as a partner's HTTP client does, inside a test.

The WSGI handler closes the database connection at the end of each request (``close_old_connections``):
that would end the test's transaction. Django's test client disconnects it the same way.
"""

import contextlib

import httpx
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

HOTE = "http://testserver"


@contextlib.contextmanager
def connexion_gardee():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def transport():
    """An httpx transport that hands each request to the project's WSGI application (no socket)."""
    return httpx.WSGITransport(app=get_wsgi_application())
