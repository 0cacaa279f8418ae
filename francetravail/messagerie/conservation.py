"""Retention hooks of the messages (francetravail/donnees/registre.py): at the end of the archive, their bodies
are erased; the rows (dates, direction, organisation) stay for the indicators (answers within 72 hours)."""

from francetravail.donnees.registre import anonymisation, effacer_textes
from francetravail.messagerie.models import Message


@anonymisation
def effacer_messages(personne_ids):
    effacer_textes(Message.objects.filter(personne_id__in=personne_ids), "corps")
