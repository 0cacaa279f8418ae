"""Access to agendas: a professional works the agendas of the organisations where they
hold an accompaniment role. Unknown and refused look the same (404).

The actions (``rendezvous.actions``) check the same rule themselves, so that a call from
outside a page (a shell, a task, another app) changes nothing it should not: a slot or an
appointment of an agenda is changed by a professional who works that agenda (and, for an
appointment, reads the person's file), or, for their own appointment, by the person.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from francetravail.personnes.acces import est_la_personne, personnes_visibles
from francetravail.rendezvous.models import Agenda
from francetravail.reseau.roles import contexte_professionnel

REFUS_PROFESSIONNEL = "Seuls les professionnels qui travaillent cet agenda peuvent faire cela."
REFUS = "Seuls la personne et les professionnels qui travaillent cet agenda peuvent faire cela."


def organisations_agendas(user):
    """Ids of the organisations whose agendas ``user`` may use (book, offer, record attendance)."""
    return contexte_professionnel(user).organisations_accompagnement


def agendas_accessibles(user):
    return Agenda.objects.filter(organisation_id__in=organisations_agendas(user), actif=True)


def acces_agenda(user, agenda_id):
    try:
        return agendas_accessibles(user).select_related("organisation", "conseiller").get(pk=agenda_id)
    except (Agenda.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def travaille_l_agenda(user, organisation_id, personne=None):
    """``user`` works the agendas of ``organisation_id`` (and reads ``personne``'s file, when given)."""
    if organisation_id not in organisations_agendas(user):
        return False
    return personne is None or personnes_visibles(user).filter(pk=personne.pk).exists()


def exiger_professionnel(user, organisation_id, personne=None):
    if not travaille_l_agenda(user, organisation_id, personne):
        raise ValidationError(REFUS_PROFESSIONNEL)


def exiger_personne_ou_professionnel(user, organisation_id, personne):
    """The person for their own appointment, or a professional who works the agenda."""
    if not (est_la_personne(user, personne) or travaille_l_agenda(user, organisation_id, personne)):
        raise ValidationError(REFUS)
