"""A request body that is never built: ``CorpsGeant`` announces its size and counts what is read."""

from django.test.client import encode_multipart


class CorpsGeant:
    """A ``wsgi.input`` of ``taille`` bytes (zeros after ``debut``), produced only if read; ``lus`` counts."""

    def __init__(self, taille, debut=b""):
        self.taille, self.debut, self.lus = taille, debut, 0

    def read(self, n=-1):
        reste = self.taille - self.lus
        n = reste if n is None or n < 0 else min(n, reste)
        debut = self.debut[self.lus : self.lus + n]
        morceau = debut + b"\0" * (n - len(debut))
        self.lus += n
        return morceau

    def readline(self, *args):
        return self.read(*args)


def poster_geant(client, adresse, champs, taille):
    """POSTs a multipart form announced at ``taille`` bytes: ``champs`` first, then zeros."""
    limite = "LimiteDuCorpsGeant"
    debut = encode_multipart(limite, champs)
    corps = CorpsGeant(taille, debut)
    reponse = client.generic(
        "POST",
        adresse,
        b"",
        content_type=f"multipart/form-data; boundary={limite}",
        CONTENT_LENGTH=str(taille),
        **{"wsgi.input": corps},
    )
    return reponse, corps
