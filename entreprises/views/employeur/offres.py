"""The offres pages of the employer's space (/entreprise/).

Offers' pages: the employer's (/entreprise/offres/) and the network's (/conseiller/offres/), and the
conseillers' follow-up tasks (/conseiller/taches-entreprises/).

Every view declares its account kinds and roles (``acces_reserve``), then finds the object through
the access rules (``entreprises.acces``, ``entreprises.offres``): an offer the user may not see is a
404, like an unknown one. Each step posts to one URL and calls one action of ``entreprises.offres``;
a refusal is shown at the field, with the input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from entreprises import acces, offres
from entreprises.forms.offres import (
    FiltreOffresEmployeurForm,
    OffreForm,
)
from entreprises.views.commun.offres import (
    ETAPES,
    PAR_PAGE,
    RELATIONS,
    constats_et_apercu,
    executer_etape,
    message_soumission,
    modifier_offre,
    page_formulaire,
)
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte

EMPLOYEUR = (TypeCompte.EMPLOYEUR,)


ETAPES_EMPLOYEUR = {"soumettre", "retirer", "pourvoir"}


def _offre_employeur_ou_404(request, pk):
    return acces.offre_de_l_employeur_ou_404(request.user, pk)


@acces_reserve(*EMPLOYEUR)
def liste_employeur(request):
    filtres = FiltreOffresEmployeurForm(request.GET or None)
    statut = filtres.cleaned_data.get("statut") if filtres.is_valid() else ""
    qs = (
        acces.offres_de_l_employeur(request.user)
        .select_related(*RELATIONS)
        .annotate(nb_candidatures=Count("candidatures"))
        .order_by("-created_at", "-pk")
    )
    if statut:
        qs = qs.filter(statut=statut)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "entreprises/employeur/offres/liste.html",
        {
            "page": page,
            "filtres": filtres,
            "a_une_entreprise": acces.entreprises_de(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(*EMPLOYEUR)
def nouvelle_employeur(request):
    entreprises = list(acces.entreprises_de(request.user).order_by("nom", "pk"))
    if not entreprises:
        return render(request, "entreprises/employeur/offres/sans_entreprise.html")
    recherche = request.POST.get("recherche_metier", "") if "rechercher" in request.POST else None
    form = OffreForm(request.POST or None, entreprises=entreprises, recherche=recherche)
    if request.method == "POST" and "rechercher" not in request.POST and form.is_valid():
        entreprise = entreprises[0]
        if len(entreprises) > 1:
            entreprise = next(e for e in entreprises if e.pk == form.cleaned_data["entreprise"])
        try:
            offre = offres.creer(entreprise, acting_user=request.user, **form.valeurs())
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Brouillon enregistré : relisez-le puis soumettez-le pour publication.")
            return redirect("entreprises:offre", pk=offre.pk)
    return page_formulaire(request, "entreprises/employeur/offres/formulaire.html", form, {"offre": None})


@acces_reserve(*EMPLOYEUR)
def detail_employeur(request, pk):
    offre = _offre_employeur_ou_404(request, pk)
    return _detail_employeur(request, offre)


def _detail_employeur(request, offre):
    constats, apercu = constats_et_apercu(offre)
    etapes = acces.etapes_possibles(request.user, offre) & (ETAPES_EMPLOYEUR | {"modifier"})
    return render(
        request,
        "entreprises/employeur/offres/detail.html",
        {
            "offre": offre,
            "constats": constats,
            "apercu": apercu,
            "etapes": etapes,
            "nb_candidatures": offre.candidatures.filter(personne__archivee_le__isnull=True).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(*EMPLOYEUR)
def modifier_employeur(request, pk):
    offre = _offre_employeur_ou_404(request, pk)
    if "modifier" not in acces.etapes_possibles(request.user, offre):
        raise Http404
    return modifier_offre(request, offre, "entreprises/employeur/offres/formulaire.html", "entreprises:offre")


@require_POST
@acces_reserve(*EMPLOYEUR)
def etape_employeur(request, pk, etape):
    offre = _offre_employeur_ou_404(request, pk)
    if etape not in ETAPES_EMPLOYEUR or etape not in acces.etapes_possibles(request.user, offre):
        raise Http404  # no such button for this user now: a crafted POST learns nothing more
    resultat, erreur = executer_etape(request, offre, etape, None)
    if erreur is not None:
        messages.error(request, " ".join(erreur.messages))
        return redirect("entreprises:offre", pk=offre.pk)
    messages.success(request, message_soumission(resultat) if etape == "soumettre" else ETAPES[etape][2])
    return redirect("entreprises:offre", pk=offre.pk)
