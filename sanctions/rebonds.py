"""A letter's announcing e-mail that bounced (``francetravail.notifications.rebonds``): who sent the letter
is told, in their space, with the procedure's page, where the letter's PDF is printed and posted."""

from django.urls import reverse

from francetravail.notifications import rebonds
from sanctions.models import CourrierProcedure, HistoriqueProcedure
from sanctions.notifications import COURRIER, COURRIER_REPRESENTANT


def signalement(notification):
    courrier = (
        CourrierProcedure.objects.select_related("procedure__personne").filter(notification=notification).first()
    )
    if courrier is None:
        return None
    procedure = courrier.procedure
    # Who issued the letter: the user of the step that issued it; else those who run the procedure's steps.
    emetteurs = [
        h.user for h in HistoriqueProcedure.objects.filter(courrier=courrier).select_related("user") if h.user
    ]
    if not emetteurs:
        emetteurs = [
            h.user
            for h in HistoriqueProcedure.objects.filter(procedure=procedure, user__isnull=False)
            .select_related("user")
            .order_by("-pk")[:1]
        ]
    return rebonds.Signalement(
        destinataires=emetteurs,
        avis=f"Le courrier « {courrier.get_type_courrier_display()} »",
        personne=procedure.personne.nom_complet,
        chemin=reverse("backoffice:sanction", kwargs={"pk": procedure.pk}),
    )


def connecter():
    rebonds.enregistrer(COURRIER.cle, signalement)
    rebonds.enregistrer(COURRIER_REPRESENTANT.cle, signalement)
