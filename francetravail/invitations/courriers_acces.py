"""Who prints an organisation's invitation letters (« Courriers à imprimer »).

The professionals who work files in that organisation — its conseillers and social workers, who send the
invitations — and its responsables d'équipe, who run the agency's day. Not its administrators (accounts and
roles), nor any other organisation's staff: a batch prints the names and addresses of the people invited.
"""

from django.http import Http404

from francetravail.comptes.acces import est_professionnel_actif
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from francetravail.reseau.roles import contexte_professionnel

ROLES_COURRIERS = ROLES_ACCOMPAGNEMENT | {Role.RESPONSABLE_EQUIPE}


def organisations_courriers(user):
    """The organisations whose letters ``user`` prints."""
    if not est_professionnel_actif(user):
        return frozenset()
    return contexte_professionnel(user).organisations_avec(ROLES_COURRIERS)


def peut_imprimer(user, lot):
    return lot.organisation_id in organisations_courriers(user)


def exiger_impression(user, lot):
    """A batch of another organisation is not found (404: its existence is not revealed)."""
    if not peut_imprimer(user, lot):
        raise Http404
