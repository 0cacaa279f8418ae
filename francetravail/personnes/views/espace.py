"""The person's own space ("mon espace")."""

from django.core.paginator import Paginator
from django.shortcuts import render

from francetravail.audit.models import JournalAcces
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.notifications.queries import CompteurNonLues
from francetravail.personnes.models import Personne
from francetravail.personnes.parcours import ou_en_est
from francetravail.personnes.queries import charger_espace, groupe_de_la_personne


def _ma_personne(request):
    return (
        Personne.objects.select_related("organisme_referent", "referent_unique", "commune", "inscription")
        .filter(user=request.user)
        .first()
    )


@acces_reserve(TypeCompte.PERSONNE)
def espace(request):
    # One query, compiled once per process, for the person and the names the page shows (the header's
    # unread notifications included); then one per app of the journey for « Où j'en suis »
    # (francetravail/personnes/parcours.py).
    personne = charger_espace(request.user.pk)
    contexte = {"personne": personne, "ou_j_en_suis": ou_en_est(personne)}
    if personne is not None:
        contexte["NOTIFICATIONS"] = CompteurNonLues(request.user, personne.notifications_non_lues)
    return render(request, "personnes/espace/accueil.html", contexte)


@acces_reserve(TypeCompte.PERSONNE)
def acces_a_mon_dossier(request):
    """Who accompanies me and who read my file: the people around my file in force (one query), then
    the access log of my own file, newest first."""
    personne = _ma_personne(request)
    page, groupe = None, []
    if personne is not None:
        groupe = groupe_de_la_personne(personne)
        journal = (
            JournalAcces.objects.filter(personne=personne)
            .select_related("user__client_api", "organisation", "professionnel")
            .order_by("-at")
        )
        page = Paginator(journal, 50).get_page(request.GET.get("page"))
    return render(request, "personnes/espace/acces.html", {"personne": personne, "page": page, "groupe": groupe})
