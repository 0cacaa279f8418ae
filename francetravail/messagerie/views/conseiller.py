"""The référent's side of the conversations (/conseiller/)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.messagerie import queries
from francetravail.messagerie.acces import acces_conversation
from francetravail.messagerie.views.conversation import PAR_PAGE, page_du_fil, repondre
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def messages_personne(request, pk):
    personne = acces_conversation(request, pk)
    form, reponse = repondre(request, personne, redirection=request.path)
    if reponse is not None:
        return reponse
    page, fil_messages = page_du_fil(personne, request)
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
    """The conversations waiting for an answer in the organisations where I accompany; with
    ``?sans_reponse=1`` (the dashboard's « À faire »), those waiting beyond the answer promised."""
    sans_reponse = request.GET.get("sans_reponse") == "1"
    if sans_reponse:
        qs = queries.conversations_sans_reponse(request.user)
    else:
        qs = queries.conversations_non_lues(request.user)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    lignes = list(page.object_list)
    personnes = Personne.objects.in_bulk([ligne["personne_id"] for ligne in lignes])
    for ligne in lignes:
        ligne["personne"] = personnes[ligne["personne_id"]]
    return render(
        request, "messagerie/backoffice/non_lus.html", {"page": page, "lignes": lignes, "sans_reponse": sans_reponse}
    )
