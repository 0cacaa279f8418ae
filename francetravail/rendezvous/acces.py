"""Access to agendas: a professional works the agendas of the organisations where they
hold an accompaniment role. Unknown and refused look the same (404)."""

from django.http import Http404

from francetravail.rendezvous.models import Agenda
from francetravail.reseau.roles import contexte_professionnel


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
