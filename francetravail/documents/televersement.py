"""The early size limit of every view that receives a document: ``@televersement_document``.

Two bounds, both ``settings.DOCUMENTS_TAILLE_MAX`` (read at each request):

- a request announced far over the limit (``CONTENT_LENGTH`` above it plus a multipart envelope,
  ``MARGE_ENVELOPPE``) is answered at once with a 413 page in French, before one byte of its body is
  read: a 200 Mo body costs the server nothing but the connection (nothing is changed, so there is no
  CSRF token to check; the page links back to the form);
- a request within that margin goes through ``base.televersement.televersement_limite``: the file is
  dropped while it arrives past the limit, the other fields are parsed and the form says why at the
  field (``forms.signaler_refus``).

Put it outermost (above ``@acces_reserve``): an anonymous 200 Mo body is refused before anything.
"""

import functools

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render

from francetravail.base.televersement import MARGE_ENVELOPPE, taille_lisible, televersement_limite


def taille_max():
    return settings.DOCUMENTS_TAILLE_MAX


def annonce_trop_grande(request):
    try:
        annoncee = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return annoncee > taille_max() + MARGE_ENVELOPPE


def televersement_document(vue):
    limitee = televersement_limite(taille_max)(vue)

    @functools.wraps(vue)
    def enveloppe(*args, **kwargs):
        request = next(a for a in args if isinstance(a, HttpRequest))
        if request.method == "POST" and annonce_trop_grande(request):
            return render(
                request,
                "documents/trop_grand.html",
                {"maximum": taille_lisible(taille_max()), "retour": request.path},
                status=413,
            )
        return limitee(*args, **kwargs)

    enveloppe.csrf_exempt = True  # checked by ``televersement_limite`` once its limit is in place
    return enveloppe
