"""Who reads the scans of contracts signed on paper (``francetravail.documents.lecteurs``).

A scan (nature « signature_papier ») is attached to the contract's version it signed
(``Document.objet`` is a ``VersionContrat``). It is read as the contract itself is:

- the person, whose signature it bears;
- a professional who opens the contract's page: the gate, and a role that reads contracts
  (``ROLES_LECTEURS``: the accompaniment roles, the département's roles, the team leader).

Anyone else, a pilote or an employer among them, is refused (404).
"""

from django.contrib.contenttypes.models import ContentType

from contrats.models import VersionContrat
from francetravail.documents.enums import NatureDocument
from francetravail.documents.lecteurs import la_personne_seule, par_la_porte
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DEPARTEMENTAUX, Role
from francetravail.reseau.roles import roles_actifs

# Those who open the contract's page (``contrats.views.conseiller.ROLES_LECTEURS``).
ROLES_LECTEURS = ROLES_ACCOMPAGNEMENT | ROLES_DEPARTEMENTAUX | {Role.RESPONSABLE_EQUIPE}


def lecteur_scan(user, document):
    if document.objet_type_id != ContentType.objects.get_for_model(VersionContrat).pk:
        return None
    if user.est_personne:
        return la_personne_seule(user, document)
    if not (user.est_professionnel and roles_actifs(user) & ROLES_LECTEURS):
        return None
    return par_la_porte(user, document)


LECTEURS = {NatureDocument.SIGNATURE_PAPIER: lecteur_scan}
