"""The immersions pages of the person's space (/mon-espace/emploi/).

Immersions (PMSMP): the three parties' pages.

- Network (/conseiller/): the référent's immersions (those of their accompaniment organisations,
  for people whose file they read), one immersion through the person's file gate, the request
  form from the person's file, the prescriber's agreement, the assessment, the cancellation.
- Employer (/entreprise/): the immersions hosted by their companies; their agreement, a cancellation.
  Reading one shows the person's identity: the read is logged in the person's access log.
- Person (/mon-espace/emploi/): their immersions; their agreement, a cancellation.
Each party reads the convention's PDF once the three have agreed. Refusals and unknown ids are 404."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises import acces, immersions
from entreprises.models import Immersion
from entreprises.views.commun.immersions import RELATIONS, traiter_etape
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte


def _mes_immersions(request):
    personne = acces.personne_du_compte(request.user)
    if personne is None:
        return Immersion.objects.none()
    return Immersion.objects.filter(personne=personne)


def _mon_immersion_ou_404(request, pk):
    immersion = _mes_immersions(request).select_related(*RELATIONS).filter(pk=acces.pk_ou_404(pk)).first()
    if immersion is None:
        raise Http404
    return immersion


@acces_reserve(TypeCompte.PERSONNE)
def liste_personne(request):
    lignes = list(_mes_immersions(request).select_related(*RELATIONS).order_by("-date_debut", "-pk"))
    return render(request, "entreprises/espace/immersions.html", {"immersions": lignes})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def immersion_personne(request, pk):
    immersion = _mon_immersion_ou_404(request, pk)
    return traiter_etape(
        request,
        immersion,
        acces.PARTIE_PERSONNE,
        "entreprises/espace/immersions_detail.html",
        {},
        redirect("emploi:immersion", pk=immersion.pk).url,
    )


@acces_reserve(TypeCompte.PERSONNE)
def convention_personne(request, pk):
    return immersions.reponse_convention(_mon_immersion_ou_404(request, pk))
