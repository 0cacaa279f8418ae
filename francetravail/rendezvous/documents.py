"""Who reads the documents of appointments (``francetravail.documents.lecteurs``).

The justificatif of an excused absence: the person who gave it, and whoever reads the file through
the gate (the référent's side who records attendance, and who examines a missed appointment).
"""

from francetravail.documents.enums import NatureDocument
from francetravail.documents.lecteurs import par_la_porte

LECTEURS = {NatureDocument.ABSENCE_EXCUSEE: par_la_porte}
