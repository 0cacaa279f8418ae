"""Online registration, by the person in their space."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.models import Personne
from inscription import etapes
from inscription.acces import InscriptionRefusee
from inscription.actions import commencer_inscription_en_ligne
from inscription.forms import IdentiteForm
from inscription.models import DossierInscription
from inscription.queries import identite_connue_du_compte
from inscription.views.commun import contexte_etape, page_etape


def _url(slug):
    return reverse("inscription:etape", args=[slug])


def _mon_dossier(user):
    personne = Personne.objects.select_related("commune").filter(user=user).first()
    dossier = DossierInscription.objects.filter(personne=personne).first() if personne else None
    return personne, dossier


@acces_reserve(TypeCompte.PERSONNE)
def reprendre(request):
    """Back where the person left off."""
    _, dossier = _mon_dossier(request.user)
    return redirect(_url(etapes.prochaine_a_remplir(dossier).slug))


@acces_reserve(TypeCompte.PERSONNE)
def etape(request, slug):
    if slug not in etapes.PAR_SLUG:
        raise Http404
    personne, dossier = _mon_dossier(request.user)
    if dossier is None:
        if slug != "identite":
            return redirect(_url("identite"))
        return _premiere_etape(request)
    if etapes.rang(slug) > etapes.rang(etapes.prochaine_a_remplir(dossier).slug):
        return redirect(_url(etapes.prochaine_a_remplir(dossier).slug))
    return page_etape(
        request, personne=personne, dossier=dossier, slug=slug, url_etape=_url, url_fin=reverse("personnes:espace")
    )


def _premiere_etape(request):
    initial = IdentiteForm.initial_depuis(None, None, connue=identite_connue_du_compte(request.user))
    form = IdentiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            commencer_inscription_en_ligne(request.user, form.cleaned_data)
        except InscriptionRefusee as exc:
            form.add_error(exc.champ or "nir", str(exc))
        else:
            return redirect(_url("coordonnees"))
    return render(request, "inscription/commun/etape.html", {**contexte_etape("identite", _url), "form": form})
