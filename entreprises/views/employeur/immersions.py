"""The immersions pages of the employer's space (/entreprise/).

Immersions (PMSMP): the three parties' pages.

- Network (/conseiller/): the référent's immersions (those of their accompaniment organisations,
  for people whose file they read), one immersion through the person's file gate, the request
  form from the person's file, the prescriber's agreement, the assessment, the cancellation.
- Employer (/entreprise/): the immersions hosted by their companies; their agreement, a cancellation.
  Reading one shows the person's identity: the read is logged in the person's access log.
- Person (/mon-espace/emploi/): their immersions; their agreement, a cancellation.
Each party reads the convention's PDF once the three have agreed. Refusals and unknown ids are 404."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises import acces, immersions
from entreprises.views.commun.immersions import PAR_PAGE, RELATIONS, traiter_etape
from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte


def _immersion_employeur_ou_404(user, pk):
    immersion = acces.immersions_de_l_employeur(user).select_related(*RELATIONS).filter(pk=acces.pk_ou_404(pk)).first()
    if immersion is None:
        raise Http404
    journaliser_acces(
        personne_id=immersion.personne_id,
        user_id=user.pk,
        organisation_id=None,
        partie=PartieDossier.IMMERSION,
        canal=Canal.WEB,
    )
    return immersion


@acces_reserve(TypeCompte.EMPLOYEUR)
def liste_employeur(request):
    qs = acces.immersions_de_l_employeur(request.user).select_related(*RELATIONS).order_by("-date_debut", "-pk")
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "entreprises/employeur/immersions/liste.html", {"page": page})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.EMPLOYEUR)
def immersion_employeur(request, pk):
    immersion = _immersion_employeur_ou_404(request.user, pk)
    return traiter_etape(
        request,
        immersion,
        acces.PARTIE_ENTREPRISE,
        "entreprises/employeur/immersions/detail.html",
        {},
        redirect("entreprises:immersion", pk=immersion.pk).url,
    )


@acces_reserve(TypeCompte.EMPLOYEUR)
def convention_employeur(request, pk):
    return immersions.reponse_convention(_immersion_employeur_ou_404(request.user, pk))
