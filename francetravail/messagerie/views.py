"""The conversation pages: the person's (/mon-espace/messages/) and the référent's (/conseiller/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.messagerie import actions, queries
from francetravail.messagerie.acces import acces_conversation
from francetravail.messagerie.forms import MessageForm
from francetravail.personnes.models import Personne
from francetravail.rendezvous.views.erreurs import reporter_erreurs
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT

PAR_PAGE = 30


def _page(personne, request):
    """One page of the thread, newest first in the query, shown oldest first (reading order).

    Read before marking as read, so that what was new is shown as new this once.
    """
    page = Paginator(queries.fil(personne), PAR_PAGE).get_page(request.GET.get("page"))
    fil_messages = list(reversed(page.object_list))
    if request.method == "GET":
        actions.marquer_lus(personne, lecteur=request.user)
    return page, fil_messages


def _conversation(request, personne, *, redirection):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.envoyer_message(personne, acting_user=request.user, corps=form.cleaned_data["corps"])
        except ValidationError as exc:
            reporter_erreurs(form, exc)
        else:
            messages.success(request, "Votre message est envoyé.")
            return None, redirect(redirection)
    return form, None


@acces_reserve(TypeCompte.PERSONNE)
def fil(request):
    personne = Personne.objects.select_related("organisme_referent").filter(user=request.user).first()
    if personne is None or personne.organisme_referent_id is None:
        return render(request, "messagerie/espace/fil.html", {"personne": personne})
    form, reponse = _conversation(request, personne, redirection="messagerie:fil")
    if reponse is not None:
        return reponse
    page, fil_messages = _page(personne, request)
    return render(
        request,
        "messagerie/espace/fil.html",
        {"personne": personne, "form": form, "page": page, "fil": fil_messages},
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def messages_personne(request, pk):
    personne = acces_conversation(request, pk)
    form, reponse = _conversation(request, personne, redirection=request.path)
    if reponse is not None:
        return reponse
    page, fil_messages = _page(personne, request)
    return render(
        request,
        "messagerie/backoffice/fil.html",
        {
            "personne": personne,
            "form": form,
            "page": page,
            "fil": fil_messages,
            "sans_compte": personne.user_id is None,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def non_lus(request):
    """The conversations waiting for an answer in the organisations where I accompany."""
    page = Paginator(queries.conversations_non_lues(request.user), PAR_PAGE).get_page(request.GET.get("page"))
    lignes = list(page.object_list)
    personnes = Personne.objects.in_bulk([ligne["personne_id"] for ligne in lignes])
    for ligne in lignes:
        ligne["personne"] = personnes[ligne["personne_id"]]
    return render(request, "messagerie/backoffice/non_lus.html", {"page": page, "lignes": lignes})
