"""Upload size limits enforced while the body arrives, before any byte over the limit is stored.

Django hands each chunk of an uploaded file to its upload handlers in order; the last ones store
it (in memory, then in a temporary file). ``LimiteTaille`` stands first: it counts the bytes of each
file and, past the limit, skips the file (``SkipFile``): the storing handlers never see the byte
over the limit, the partial temporary file is closed (hence deleted), the rest of the file is read
and discarded, and the other fields (the CSRF token among them) are still parsed, so the view can
answer with its form and a clear message. When the announced length of the request
(``CONTENT_LENGTH``) already exceeds the limit by more than a multipart envelope, the file is
skipped before its first byte.

- Every upload of the project goes through ``LimiteTaille`` with ``settings.TELEVERSEMENT_TAILLE_MAX``
  (``FILE_UPLOAD_HANDLERS``).
- A view with its own limit uses ``@televersement_limite(...)``; its form shows
  ``refus_televersement(request)``. The upload handlers must be in place before the body is read,
  and the CSRF check reads it: the decorator installs the limit, then checks CSRF itself.
"""

import functools

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.views.decorators.csrf import csrf_protect

# What a multipart request carries besides the file: boundaries, part headers, the CSRF token and
# a few short fields. A request announced longer than the limit plus this cannot hold a file
# within the limit.
MARGE_ENVELOPPE = 64 * 1024


def taille_lisible(octets):
    with translation.override("fr"):
        return filesizeformat(octets)


class LimiteTaille(FileUploadHandler):
    """Skips each uploaded file at ``taille_max`` bytes, before the handlers that store it see more."""

    def __init__(self, request=None, taille_max=None):
        super().__init__(request)
        self.taille_max = settings.TELEVERSEMENT_TAILLE_MAX if taille_max is None else taille_max
        self.taille_annoncee = None
        self.refus = {}  # field name -> French message, for each file refused

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.taille_annoncee = content_length
        return None

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if (content_length or 0) > self.taille_max or (self.taille_annoncee or 0) > self.taille_max + MARGE_ENVELOPPE:
            self._refuser()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.taille_max:
            self._refuser()
        return raw_data

    def file_complete(self, file_size):
        return None  # the storing handlers make the file

    def _refuser(self):
        self.refus[self.field_name] = (
            f"Le fichier « {self.file_name} » dépasse la taille maximale autorisée "
            f"({taille_lisible(self.taille_max)}) : il n'a pas été enregistré."
        )
        raise SkipFile


def limiter_televersement(request, taille_max):
    """Puts a ``LimiteTaille`` of ``taille_max`` bytes first in ``request``'s upload handlers
    (replacing the project-wide one). Must run before anything reads ``request.POST``/``FILES``."""
    if hasattr(request, "_files"):
        raise RuntimeError("Le corps de la requête a déjà été lu : la limite de taille arrive trop tard.")
    autres = [h for h in request.upload_handlers if not isinstance(h, LimiteTaille)]
    request.upload_handlers = [LimiteTaille(request, taille_max), *autres]


def refus_televersement(request, champ=None):
    """The French message for a file of ``request`` refused for its size (of ``champ``, or any), or None."""
    for handler in getattr(request, "_upload_handlers", ()):
        if isinstance(handler, LimiteTaille) and handler.refus:
            if champ is None:
                return next(iter(handler.refus.values()))
            return handler.refus.get(champ)
    return None


def televersement_limite(taille_max):
    """View decorator: the uploads of the view are limited to ``taille_max`` bytes (or ``taille_max()``,
    read at each request, for a limit from the settings). Works on functions and on methods.

    The CSRF middleware would read the body before the view (with the default handlers): the wrapper
    is marked exempt from it, installs the limit, then runs the same CSRF check itself.
    """

    def decorateur(vue):
        @functools.wraps(vue)
        def enveloppe(*args, **kwargs):
            request = next(a for a in args if isinstance(a, HttpRequest))
            limiter_televersement(request, taille_max() if callable(taille_max) else taille_max)
            return csrf_protect(lambda _request: vue(*args, **kwargs))(request)

        enveloppe.csrf_exempt = True  # checked inside, once the limit is in place
        return enveloppe

    return decorateur
