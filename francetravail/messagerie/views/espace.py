"""The person's conversation with their organisme référent (/mon-espace/messages/)."""

from django.shortcuts import render

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.messagerie.views.conversation import page_du_fil, repondre
from francetravail.personnes.models import Personne


@acces_reserve(TypeCompte.PERSONNE)
def fil(request):
    personne = Personne.objects.select_related("organisme_referent").filter(user=request.user).first()
    if personne is None or personne.organisme_referent_id is None:
        return render(request, "messagerie/espace/fil.html", {"personne": personne})
    form, reponse = repondre(request, personne, redirection="messagerie:fil")
    if reponse is not None:
        return reponse
    page, fil_messages = page_du_fil(personne, request)
    return render(
        request,
        "messagerie/espace/fil.html",
        {"personne": personne, "form": form, "page": page, "fil": fil_messages},
    )
