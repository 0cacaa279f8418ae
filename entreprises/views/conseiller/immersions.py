"""The immersions pages of the network's back-office (/conseiller/).

Immersions (PMSMP): the three parties' pages.

- Network (/conseiller/): the référent's immersions (those of their accompaniment organisations,
  for people whose file they read), one immersion through the person's file gate, the request
  form from the person's file, the prescriber's agreement, the assessment, the cancellation.
- Employer (/entreprise/): the immersions hosted by their companies; their agreement, a cancellation.
  Reading one shows the person's identity: the read is logged in the person's access log.
- Person (/mon-espace/emploi/): their immersions; their agreement, a cancellation.
Each party reads the convention's PDF once the three have agreed. Refusals and unknown ids are 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from entreprises import acces, immersions
from entreprises.enums import StatutOffre
from entreprises.forms.candidatures import ImmersionForm
from entreprises.models import Immersion
from entreprises.views.commun.immersions import PAR_PAGE, RELATIONS, traiter_etape
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel


def immersion_du_reseau_ou_404(request, pk):
    immersion = Immersion.objects.select_related(*RELATIONS).filter(pk=acces.pk_ou_404(pk)).first()
    if (
        immersion is None
        or immersion.organisation_id not in contexte_professionnel(request.user).organisations_accompagnement
    ):
        raise Http404
    immersion.personne = acces_personne(request, immersion.personne_id, partie=PartieDossier.IMMERSION)
    return immersion


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def liste_reseau(request):
    qs = acces.immersions_du_conseiller(request.user).select_related(*RELATIONS).order_by("-date_debut", "-pk")
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "entreprises/conseiller/immersions/liste.html", {"page": page})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def immersion_reseau(request, pk):
    immersion = immersion_du_reseau_ou_404(request, pk)
    return traiter_etape(
        request,
        immersion,
        acces.PARTIE_REFERENT,
        "entreprises/conseiller/immersions/detail.html",
        {"personne": immersion.personne, "est_referent": acces.est_referent_de_l_immersion(request.user, immersion)},
        redirect("backoffice:immersion", pk=immersion.pk).url,
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def convention_reseau(request, pk):
    return immersions.reponse_convention(immersion_du_reseau_ou_404(request, pk))


def _offre_initiale(request, form_initial):
    """``?offre=<pk>``: an offer of the network pre-fills the company and the job."""
    valeur = request.GET.get("offre") or request.POST.get("offre")
    if not valeur:
        return None
    offre = (
        acces.offres_du_reseau(request.user)
        .select_related("entreprise", "fiche_rome")
        .filter(pk=acces.pk_ou_404(valeur), statut=StatutOffre.PUBLIEE)
        .first()
    )
    if offre is None:
        raise Http404
    # The job as the field reads it back: its label, with its code.
    metier = f"{offre.fiche_rome.libelle} ({offre.fiche_rome_id})"
    form_initial.update(siret=offre.entreprise.siret, fiche_rome=metier, objectif="recrutement")
    return offre


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def nouvelle(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.IDENTITE)
    if not acces.peut_prescrire_immersion(request.user, personne):
        # Only the organisme référent prescribes: an involved organisation reads the file, but does not.
        raise Http404
    initial = {}
    offre = _offre_initiale(request, initial)
    form = ImmersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        donnees.pop("siret")
        entreprise = form.entreprise
        if offre is not None and offre.entreprise_id != entreprise.pk:
            offre = None  # the SIRET was changed: the immersion is no longer tied to that offer
        try:
            immersion = immersions.demander(
                personne, acting_user=request.user, entreprise=entreprise, offre=offre, **donnees
            )
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(
                request, "Immersion demandée : la personne et l'entreprise sont invitées à donner leur accord."
            )
            return redirect("backoffice:immersion", pk=immersion.pk)
    return render(
        request,
        "entreprises/conseiller/immersions/nouvelle.html",
        {
            "personne": personne,
            "form": form,
            "offre": offre,
            "duree_max": immersions.duree_maximale(timezone.localdate(), personne.departement_id),
        },
    )
