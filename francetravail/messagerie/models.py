"""Messages between a person and their organisme référent.

One conversation per (person, organisme référent): when the person changes organisme
référent, the new organisation starts a new conversation and does not read the old one
(what was said to an accompaniment stays with it). No separate conversation row: the
thread is the messages of that pair, and the unread ones are those the other side has
not opened yet (``lu_le`` empty).
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

LONGUEUR_MAX = 5000


@pghistory.track()
class Message(models.Model):
    personne = models.ForeignKey(
        "personnes.Personne",
        verbose_name="personne",
        on_delete=models.PROTECT,
        related_name="messages",
        db_index=False,  # messagerie_fil_idx (personne, organisme, envoye_le) serves it
    )
    organisme = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisme référent",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the organisation's inbox uses messagerie_non_lus_idx
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    # Direction, fixed at writing: the author's account kind may change later, the direction must not.
    de_la_personne = models.BooleanField("écrit par la personne")
    corps = models.TextField("message", max_length=LONGUEUR_MAX)
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now, editable=False)
    lu_le = models.DateTimeField("lu par le destinataire le", null=True, blank=True)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["personne", "organisme", "envoye_le", "pk"]
        indexes = [
            models.Index(fields=["personne", "organisme", "envoye_le"], name="messagerie_fil_idx"),
            # The organisation's unread messages from people (its inbox): small, only what is unread.
            models.Index(
                fields=["organisme", "envoye_le"],
                name="messagerie_non_lus_idx",
                condition=Q(lu_le__isnull=True, de_la_personne=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(corps=""), name="messagerie_message_non_vide"),
        ]

    def __str__(self):
        sens = "de la personne" if self.de_la_personne else "du référent"
        return f"Message {sens} du {timezone.localtime(self.envoye_le):%d/%m/%Y %H:%M}"
