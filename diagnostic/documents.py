"""Who reads the supporting documents of the diagnostic (``francetravail.documents.lecteurs``).

A document of nature « diagnostic » supports one section (``PieceDiagnostic.section``): it is read
by whoever reads that section, and by no one else. So:

- the person reads every supporting document of their own diagnostic;
- a professional reads one when they open the diagnostic (the gate, and a role that opens the
  diagnostic page: ``ROLES_DOSSIERS``) and that section is among those their relation to the person
  lets them read (``confidentialite.LECTEURS_SENSIBLES``): a health certificate is read by the
  referent and the involved social worker, never by a décideur départemental.

A document of this nature with no ``PieceDiagnostic`` row is read by nobody.
"""

from diagnostic import acces, confidentialite
from diagnostic.models import PieceDiagnostic
from francetravail.documents.enums import NatureDocument
from francetravail.documents.lecteurs import la_personne_seule, par_la_porte
from francetravail.reseau.enums import ROLES_DOSSIERS
from francetravail.reseau.roles import roles_actifs


def lecteur_piece(user, document):
    section = PieceDiagnostic.objects.filter(document_id=document.pk).values_list("section", flat=True).first()
    if section is None:
        return None
    if user.est_personne:
        return la_personne_seule(user, document)
    if not (user.est_professionnel and roles_actifs(user) & ROLES_DOSSIERS):
        return None
    lecture = par_la_porte(user, document)
    if lecture is None:
        return None
    if section not in acces.sections_lisibles(confidentialite.qualites(user, document.personne)):
        return None
    return lecture


LECTEURS = {NatureDocument.DIAGNOSTIC: lecteur_piece}
