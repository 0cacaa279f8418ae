"""Who may read and write what in the diagnostic.

Reading the diagnostic at all goes through the file's access gate
(``francetravail/personnes/acces.py``). On top of it, the reader's relations to the person
(``diagnostic.confidentialite.qualites``) and the table of who reads which sensitive section
(``confidentialite.LECTEURS_SENSIBLES``, ``REDACTEURS``) give the rules below; actions and views
import them from here.
"""

from django.core.exceptions import ValidationError

from diagnostic.confidentialite import LECTEURS_SENSIBLES, REDACTEURS, Qualite, qualites
from diagnostic.enums import SECTIONS_COMMUNES
from francetravail.api_portees import jeton_a_la_portee

REFUS_REDACTEUR = "Seuls le référent et un travailleur social impliqué dans le dossier rédigent ce diagnostic."
REFUS_REFERENT = "Seul un professionnel de l'organisme référent de cette personne peut faire cela."
# Through the partners' API, the confidential sections also need this scope on the token (it narrows the role's
# rights, never widens them: the table above still decides).
PORTEE_CONFIDENTIELLE = "diagnostic.confidentiel:read"


def sections_lisibles(qualites_):
    """The sections shown to a reader whose relations are ``qualites_`` (the gate has let them in)."""
    sensibles = [s for s, lecteurs in LECTEURS_SENSIBLES.items() if qualites_ & lecteurs]
    return (*SECTIONS_COMMUNES, *sensibles)


def peut_rediger(qualites_):
    """The co-writers (the référent, an involved social worker) write the diagnostic."""
    return bool(qualites_ & REDACTEURS)


def sections_redigeables(qualites_):
    """A co-writer writes every section they read; anyone else none."""
    return sections_lisibles(qualites_) if peut_rediger(qualites_) else ()


def est_referent(qualites_):
    """Only the référent confirms the parcours or asks for a re-orientation."""
    return Qualite.REFERENT in qualites_


def exiger_redacteur(user, personne, section):
    """Refuses to save ``section`` for anyone who does not co-write it."""
    if section not in sections_redigeables(qualites(user, personne)):
        raise ValidationError(REFUS_REDACTEUR)


def exiger_referent(user, personne):
    """Refuses anyone but the person's référent."""
    if not est_referent(qualites(user, personne)):
        raise ValidationError(REFUS_REFERENT)


def peut_lire_les_sensibles_par_l_api(request):
    """A bearer token reads the confidential sections only with ``PORTEE_CONFIDENTIELLE``; a browser session
    has no scopes (its role alone decides, through ``sections_lisibles``)."""
    return jeton_a_la_portee(request, PORTEE_CONFIDENTIELLE)
