"""What the person's page and the référent's page of a conversation share: a page of the thread, the reply."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect

from francetravail.base.formulaires import reporter
from francetravail.messagerie import actions, queries
from francetravail.messagerie.forms import MessageForm

PAR_PAGE = 30


def page_du_fil(personne, request):
    """One page of the thread, newest first in the query, shown oldest first (reading order).

    Read before marking as read, so that what was new is shown as new this once.
    """
    page = Paginator(queries.fil(personne), PAR_PAGE).get_page(request.GET.get("page"))
    fil_messages = list(reversed(page.object_list))
    if request.method == "GET":
        actions.marquer_lus(personne, lecteur=request.user)
    return page, fil_messages


def repondre(request, personne, *, redirection):
    """The reply form, and the redirection once the message is sent (None otherwise)."""
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.envoyer_message(personne, acting_user=request.user, corps=form.cleaned_data["corps"])
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Votre message est envoyé.")
            return None, redirect(redirection)
    return form, None
