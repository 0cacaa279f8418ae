"""What a document's content is: read from its bytes (``filetype``), never from its name or from
what the browser says. Only PDF, JPEG and PNG are accepted; each nature may narrow that
(``TYPES_PAR_NATURE``). Raises a ValidationError in French.
"""

import filetype
from django.core.exceptions import ValidationError

from francetravail.documents.enums import NatureDocument, TypeFichier

TYPES_ACCEPTES = frozenset(TypeFichier.values)
# A CV may also be... a PDF or an image: the employer reads it in the browser. Every nature accepts the three.
TYPES_PAR_NATURE = dict.fromkeys(NatureDocument.values, TYPES_ACCEPTES)
OCTETS_LUS = 8192

REFUS_TYPE = "Ce fichier n'est pas un PDF, une image JPEG ou une image PNG : il n'a pas été enregistré."
REFUS_VIDE = "Ce fichier est vide : il n'a pas été enregistré."


def type_du_contenu(fichier, nature=None):
    """The ``TypeFichier`` of ``fichier`` (a file object), read from its first bytes. Leaves it at its start."""
    fichier.seek(0)
    debut = fichier.read(OCTETS_LUS)
    fichier.seek(0)
    if not debut:
        raise ValidationError(REFUS_VIDE, code="vide")
    trouve = filetype.guess(debut)
    mime = trouve.mime if trouve else None
    acceptes = TYPES_PAR_NATURE.get(nature, TYPES_ACCEPTES)
    if mime not in acceptes:
        raise ValidationError(REFUS_TYPE, code="type")
    return TypeFichier(mime)
