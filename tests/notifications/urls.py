"""A minimal view calling notifier(), for the « Redis down during a web request » test."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from francetravail.notifications.actions import notifier
from tests.notifications.types import ESSAI


@require_POST
def notifier_vue(request):
    notification = notifier(
        None,
        ESSAI,
        adresse=request.POST["adresse"],
        contexte={"message": request.POST["message"]},
        cle_idempotence=request.POST["cle"],
    )
    return JsonResponse({"id": notification.pk}, status=201)


urlpatterns = [path("notifier/", notifier_vue)]
