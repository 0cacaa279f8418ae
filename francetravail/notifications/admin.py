from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from francetravail.audit.admin import LectureSeuleAdmin
from francetravail.base.admin import ReserveSuperutilisateur
from francetravail.notifications.enums import Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.tasks import planifier_envoi


@admin.register(Notification)
class NotificationAdmin(ReserveSuperutilisateur, LectureSeuleAdmin):
    """The outbox, read-only: rows are written by actions and sent by Celery.

    Superusers only: it holds the addresses and messages of people of every département,
    with no département to filter by (national operations).

    The one thing staff may do is « Renvoyer » a notification in definitive failure
    (after fixing the address or the mail server). A notification already sent is
    never sent again from here.
    """

    list_display = ["statut", "canal", "modele", "adresse", "tentatives", "created_at", "sent_at"]
    list_filter = ["statut", "canal", "modele"]
    search_fields = ["adresse", "cle_idempotence", "modele"]
    raw_id_fields = ["destinataire"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    show_full_result_count = False
    actions = ["renvoyer"]

    def has_renvoyer_permission(self, request):
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description="Renvoyer les notifications en échec", permissions=["renvoyer"])
    def renvoyer(self, request, queryset):
        ids = list(queryset.filter(statut=Statut.ECHEC).values_list("pk", flat=True))
        # A fresh series of attempts; ``derniere_erreur`` keeps the reason of the failure.
        remises = Notification.objects.filter(pk__in=ids, statut=Statut.ECHEC).update(
            statut=Statut.EN_ATTENTE, tentatives=0, prochaine_tentative=timezone.now()
        )
        for notification_id in ids:
            transaction.on_commit(lambda pk=notification_id: planifier_envoi(pk), robust=True)
        ignorees = queryset.count() - len(ids)
        self.message_user(request, f"{remises} notification(s) remise(s) en file d'envoi.", messages.SUCCESS)
        if ignorees:
            self.message_user(
                request,
                f"{ignorees} notification(s) ignorée(s) : seules celles en échec sont renvoyées.",
                messages.WARNING,
            )
