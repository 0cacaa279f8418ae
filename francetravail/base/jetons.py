"""Signed tokens of links sent by e-mail (``django.core.signing``), read defensively.

A valid signature proves the token was made with our key and salt, not that its content is
what the code expects: a key that leaked, or a bug in an older version, can sign anything. So a
token is read to a plain value or to None, never to an exception (which would be a 500), and the
identifiers it carries are checked like any identifier from a URL.
"""

import zlib

from django.core import signing

# Beyond PostgreSQL's bigint, a lookup is an error (or, by Django, an empty result): refused here.
PK_MAX = 2**63 - 1


def lire(valeur, *, salt, max_age):
    """The content of the token ``valeur``, or None if unsigned, expired or malformed."""
    try:
        return signing.loads(valeur, salt=salt, max_age=max_age)
    # BadSignature (tampered, expired); ValueError (base64, UTF-8, JSON); zlib.error (a "." token
    # whose bytes do not inflate); RecursionError (JSON nested too deep).
    except (signing.BadSignature, ValueError, zlib.error, RecursionError):
        return None


def identifiant(contenu, cle):
    """``contenu[cle]`` if ``contenu`` is a dict and that value a positive bigint, else None."""
    if not isinstance(contenu, dict):
        return None
    valeur = contenu.get(cle)
    # type() and not isinstance(): True is an int for Python, and would read as the row with id 1.
    if type(valeur) is not int or not 0 < valeur <= PK_MAX:
        return None
    return valeur
