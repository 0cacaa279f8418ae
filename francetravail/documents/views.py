"""The one way a stored document leaves the platform: ``telecharger``.

Who may read it is the nature's rule (``francetravail.documents.lecteurs``, filled by the domain apps'
``<app>/documents.py``); a refusal and an unknown id are the same 404. Each read writes the access log
(``JournalAcces``, partie DOCUMENT) before the first byte is sent. The file is always an attachment,
never rendered by the browser in the platform's origin: ``Content-Disposition: attachment``,
``X-Content-Type-Options: nosniff`` and a CSP that forbids everything (``default-src 'none'; sandbox``)
in case a browser shows it anyway (a PDF is kept as uploaded: its scripts must never run here).
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_http_methods

from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.lecteurs import lecture_autorisee
from francetravail.documents.models import Document

CSP_DOCUMENT = "default-src 'none'; sandbox"
_PK_MAX = 2**63 - 1


def document_ou_404(user, pk):
    """The document ``user`` may read, with its ``Lecture``; 404 otherwise (unknown or refused alike)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= _PK_MAX:
        raise Http404
    document = Document.objects.select_related("personne").filter(pk=pk).first()
    if document is None:
        raise Http404
    lecture = lecture_autorisee(user, document)
    if lecture is None:
        raise Http404
    return document, lecture


@require_http_methods(["GET"])
@acces_reserve(TypeCompte.PERSONNE, TypeCompte.PROFESSIONNEL, TypeCompte.EMPLOYEUR)
def telecharger(request, pk):
    document, lecture = document_ou_404(request.user, pk)
    try:
        contenu = document.fichier.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if lecture.journaliser:
        journaliser_acces(
            personne_id=document.personne_id,
            user_id=request.user.pk,
            organisation_id=lecture.organisation_id,
            partie=PartieDossier.DOCUMENT,
            canal=Canal.WEB,
        )
    response = FileResponse(contenu, as_attachment=True, filename=document.nom, content_type=document.type_fichier)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP_DOCUMENT
    response["Cache-Control"] = "private, no-store"
    return response
