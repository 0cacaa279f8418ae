"""Access to agendas: a professional works the agendas of the organisations where they
hold an accompaniment role. Unknown and refused look the same (404).

The actions (``rendezvous.actions``) check the same rule themselves, so that a call from
outside a page (a shell, a task, another app) changes nothing it should not: a slot or an
appointment of an agenda is changed by a professional who works that agenda (and, for an
appointment, reads the person's file), or, for their own appointment, by the person.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from francetravail.personnes.acces import est_la_personne, personnes_visibles
from francetravail.rendezvous.enums import TypeAgenda
from francetravail.rendezvous.models import Agenda
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from francetravail.reseau.roles import contexte_professionnel

REFUS_PROFESSIONNEL = "Seuls les professionnels qui travaillent cet agenda peuvent faire cela."
REFUS = "Seuls la personne et les professionnels qui travaillent cet agenda peuvent faire cela."


def organisations_agendas(user):
    """Ids of the organisations whose agendas ``user`` may use (book, offer, record attendance)."""
    return contexte_professionnel(user).organisations_accompagnement


def agendas_accessibles(user):
    """The open agendas ``user`` reads: those of the organisations where they book (accompaniment roles) or
    run the agendas (``ROLES_GESTION_AGENDAS``)."""
    organisations = organisations_agendas(user) | organisations_gestion_agendas(user)
    return Agenda.objects.filter(organisation_id__in=organisations, actif=True)


def acces_agenda(user, agenda_id):
    try:
        return agendas_accessibles(user).select_related("organisation", "conseiller").get(pk=agenda_id)
    except (Agenda.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Running agendas: who creates an agenda, sets its patterns, absences and collective sessions ------------

# The organisation's managers create every kind of agenda and run any agenda of their organisation.
ROLES_GESTION_AGENDAS = frozenset({Role.RESPONSABLE_EQUIPE, Role.ADMIN_ORGANISATION})
# Roles that open the agendas' pages (the booking side, and the managers).
ROLES_AGENDAS = ROLES_ACCOMPAGNEMENT | ROLES_GESTION_AGENDAS
REFUS_GESTION = (
    "Seuls le conseiller de cet agenda individuel et les responsables de son organisation peuvent le gérer."
)
REFUS_CREATION = (
    "Un conseiller ou un travailleur social crée son propre agenda individuel ; les autres agendas sont créés "
    "par un responsable d'équipe ou l'administrateur de l'organisation."
)


def organisations_gestion_agendas(user):
    """Ids of the organisations where ``user`` runs every agenda (responsable d'équipe, admin)."""
    return contexte_professionnel(user).organisations_avec(ROLES_GESTION_AGENDAS)


def organisations_creation_agenda(user):
    """Ids of the organisations where ``user`` may create an agenda (their own, at least)."""
    return organisations_agendas(user) | organisations_gestion_agendas(user)


def peut_gerer_agenda(user, agenda):
    """``user`` runs ``agenda``: a manager of its organisation, or the conseiller of their own individual
    agenda (in an organisation where they still hold an accompaniment role)."""
    if agenda.organisation_id in organisations_gestion_agendas(user):
        return True
    return (
        agenda.type_agenda == TypeAgenda.INDIVIDUEL
        and agenda.conseiller_id is not None
        and agenda.conseiller_id == user.pk
        and agenda.organisation_id in organisations_agendas(user)
    )


def exiger_gestion_agenda(user, agenda):
    if not peut_gerer_agenda(user, agenda):
        raise ValidationError(REFUS_GESTION)


def peut_creer_agenda(user, organisation_id, type_agenda, conseiller_id):
    """A manager creates any agenda of their organisation; an accompaniment professional, their own
    individual agenda only."""
    if organisation_id in organisations_gestion_agendas(user):
        return True
    return (
        organisation_id in organisations_agendas(user)
        and type_agenda == TypeAgenda.INDIVIDUEL
        and conseiller_id == user.pk
    )


def exiger_creation_agenda(user, organisation_id, type_agenda, conseiller_id):
    if not peut_creer_agenda(user, organisation_id, type_agenda, conseiller_id):
        raise ValidationError(REFUS_CREATION)


def peut_fermer_organisation(user, organisation_id):
    """A closure of the whole organisation (a bridge day): its managers only."""
    return organisation_id in organisations_gestion_agendas(user)


def exiger_fermeture_organisation(user, organisation_id):
    if not peut_fermer_organisation(user, organisation_id):
        raise ValidationError("Seuls les responsables de l'organisation peuvent fermer tous ses agendas.")


def acces_agenda_gere(user, agenda_id):
    """An agenda ``user`` runs, or a 404 (unknown, another organisation's, or not theirs to run)."""
    agenda = acces_agenda(user, agenda_id)
    if not peut_gerer_agenda(user, agenda):
        raise Http404
    return agenda


def peut_ouvrir_creneau(user, agenda):
    """A one-off slot: any professional who books in the agenda's organisation (as before patterns
    existed), or whoever runs the agenda."""
    return travaille_l_agenda(user, agenda.organisation_id) or peut_gerer_agenda(user, agenda)


def exiger_ouverture_creneau(user, agenda):
    if not peut_ouvrir_creneau(user, agenda):
        raise ValidationError(REFUS_PROFESSIONNEL)


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


def agendas_geres(user):
    """The open agendas ``user`` runs (``peut_gerer_agenda``, as a queryset)."""
    return agendas_accessibles(user).filter(
        Q(organisation_id__in=organisations_gestion_agendas(user))
        | Q(
            type_agenda=TypeAgenda.INDIVIDUEL,
            conseiller_id=user.pk,
            organisation_id__in=organisations_agendas(user),
        )
    )
