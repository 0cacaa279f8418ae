"""The purge register keeps the files it treated as empreintes, never as ids: HMAC-SHA256 of the file's id
under ``settings.CONSERVATION_CLE_EMPREINTE`` (a key of the platform, not the SECRET_KEY). Without the key
the register names nobody; with it, the data protection officer checks whether a given file was treated."""

import hashlib
import hmac

from django.conf import settings


def empreinte(personne_id):
    """The empreinte of a file's id (64 hex characters)."""
    cle = settings.CONSERVATION_CLE_EMPREINTE.encode()
    return hmac.new(cle, f"personne:{int(personne_id)}".encode(), hashlib.sha256).hexdigest()


def empreintes(personne_ids):
    return [empreinte(pk) for pk in personne_ids]
