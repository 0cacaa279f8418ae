"""Who takes part in a person's conversation with their organisme référent.

The conversation is part of the accompaniment: the person and the accompaniment
professionals (conseiller, travailleur social) of the person's organisme référent read
and write it. Nobody else reads it, not even those who see the rest of the file
(an involved partner, the département's décideur or équipe pluridisciplinaire, a
médiateur): the person writes to their référent, and the messages often say more than
the file needs to hold (data minimisation, RGPD art. 5.1.c). A reader who is not a
participant gets the same 404 as for an unknown person.
"""

from django.core.exceptions import ValidationError

from francetravail.audit.enums import PartieDossier
from francetravail.personnes.acces import acces_personne, est_la_personne
from francetravail.personnes.models import Personne
from francetravail.reseau.roles import contexte_professionnel

REFUS = "Seuls la personne et les professionnels de son organisme référent peuvent écrire dans cette conversation."


def est_participant_professionnel(user, personne):
    """An accompaniment professional of the person's organisme référent (who therefore sees the file)."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return False
    if personne.organisme_referent_id is None:
        return False
    return personne.organisme_referent_id in contexte_professionnel(user).organisations_accompagnement


def exiger_participant(user, personne):
    """True for the person, False for a professional taking part; raises ValidationError otherwise."""
    if est_la_personne(user, personne):
        return True
    if est_participant_professionnel(user, personne):
        return False
    raise ValidationError(REFUS)


def acces_conversation(request, personne_id):
    """The person whose conversation ``request.user`` may read and answer, or 404; logs the read."""

    def charger(pk):
        personne = Personne.objects.select_related("organisme_referent", "referent_unique").filter(pk=pk).first()
        if personne is None or not est_participant_professionnel(request.user, personne):
            return None  # refused before the read is logged: nothing was read
        return personne

    return acces_personne(request, personne_id, partie=PartieDossier.MESSAGES, charger=charger)
