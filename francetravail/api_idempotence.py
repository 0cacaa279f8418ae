"""``Idempotency-Key`` on the API's POSTs: a retried request does its work once.

The first request with a key inserts its row (``RequeteIdempotente``) in the request's own
transaction (ATOMIC_REQUESTS) and stores its answer there when it succeeds. A retry with the
same key and body within 24 hours gets the stored answer again, with ``Idempotency-Replayed: true``; the same key
with another body is refused (422). Two requests at the same moment: the second waits on the
unique index until the first commits, then replays its answer; if the first failed, its row was
rolled back and the second runs. A failed request (4xx, 5xx) is not stored: it may be retried.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from francetravail.partenaires.models import DUREE_IDEMPOTENCE, RequeteIdempotente

ENTETE = "Idempotency-Key"
LONGUEUR_MAX = 255


class CleReutilisee(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        "Cette clé Idempotency-Key a déjà servi pour une autre requête (autre chemin ou autre contenu) : "
        "utilisez une nouvelle clé pour une nouvelle opération."
    )


class _Rejeu(Exception):
    def __init__(self, precedente):
        super().__init__(precedente.cle)
        self.precedente = precedente


class IdempotenceMixin:
    """For API views whose POSTs create something. The mixin runs after authentication."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._requete_idempotente = None
        cle = request.headers.get(ENTETE)
        if request.method != "POST" or cle is None:
            return
        if not cle or len(cle) > LONGUEUR_MAX:
            raise ValidationError({ENTETE: [f"La clé doit faire de 1 à {LONGUEUR_MAX} caractères."]})
        empreinte = self.empreinte_requete(request)
        precedente = self._enregistrer(request, cle, empreinte)
        if precedente is not None and precedente.cree_le < timezone.now() - DUREE_IDEMPOTENCE:
            # Past its 24 hours a key is free again, whether or not the nightly purge has run yet.
            RequeteIdempotente.objects.filter(pk=precedente.pk).delete()
            precedente = self._enregistrer(request, cle, empreinte)
        if precedente is None:
            return
        if precedente.chemin != request.path or precedente.empreinte != empreinte:
            raise CleReutilisee()
        raise _Rejeu(precedente)

    def _enregistrer(self, request, cle, empreinte):
        """Inserts this request's row and returns None, or returns the row that already holds the key."""
        try:
            with transaction.atomic():
                self._requete_idempotente = RequeteIdempotente.objects.create(
                    compte=request.user, cle=cle, methode=request.method, chemin=request.path, empreinte=empreinte
                )
            return None
        except IntegrityError:
            return RequeteIdempotente.objects.get(compte=request.user, cle=cle)

    def empreinte_requete(self, request):
        """What « the same body » means: its SHA-256. A view that receives files larger than Django keeps in
        memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``) hashes its parsed data instead (the CAF/MSA flux push)."""
        return hashlib.sha256(request.body).hexdigest()

    def handle_exception(self, exc):
        if isinstance(exc, _Rejeu):
            reponse = Response(exc.precedente.reponse, status=exc.precedente.statut_http)
            reponse["Idempotency-Replayed"] = "true"
            return reponse
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        requete = getattr(self, "_requete_idempotente", None)
        if requete is not None:
            if 200 <= response.status_code < 300 and isinstance(response, Response):
                RequeteIdempotente.objects.filter(pk=requete.pk).update(
                    statut_http=response.status_code, reponse=response.data
                )
            else:  # not kept: the same key may be tried again
                RequeteIdempotente.objects.filter(pk=requete.pk).delete()
        return super().finalize_response(request, response, *args, **kwargs)
