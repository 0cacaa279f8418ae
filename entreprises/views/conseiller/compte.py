"""The compte pages of the network's back-office (/conseiller/).

The employer's home, attaching to a company, the company page and its members; the network's
list of companies and company page (back-office).

Employers reach a company only as its active members (``entreprises.acces.entreprise_ou_404``):
a pending or refused request, another company's id and an unknown id are the same 404. Admins'
actions are refused with a 404 to other members. The network's side goes through
``acces.entreprises_visibles``. Every change calls one function of ``entreprises.comptes``;
a refusal is shown at the field, with the input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from entreprises import acces, comptes
from entreprises import siret as siret_
from entreprises.enums import StatutMembre, StatutOffre
from entreprises.forms.compte import (
    FiltreEntreprisesForm,
    ReferentForm,
)
from entreprises.models import MembreEntreprise, Offre
from entreprises.views.commun.compte import compte_lie
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT

PAR_PAGE = 25


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def backoffice_entreprises(request):
    filtres = FiltreEntreprisesForm(request.GET or None)
    criteres = filtres.criteres()
    qs = acces.entreprises_visibles(request.user)
    if criteres["q"]:
        chiffres = siret_.normaliser(criteres["q"])
        if chiffres.isdigit():
            qs = qs.filter(siret__startswith=chiffres)
        else:
            qs = qs.filter(nom__unaccent__icontains=criteres["q"])
    if criteres["sans_referent"]:
        qs = qs.filter(referent__isnull=True)
    qs = (
        qs.select_related("commune", "referent", "organisation_referente")
        .annotate(
            nb_membres=compte_lie(MembreEntreprise.objects.filter(statut=StatutMembre.ACTIF), "entreprise"),
            nb_offres=compte_lie(Offre.objects.filter(statut=StatutOffre.PUBLIEE), "entreprise"),
        )
        .order_by("nom", "pk")
    )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "entreprises/conseiller/entreprises/liste.html", {"page": page, "filtres": filtres})


def _page_backoffice(request, entreprise, *, form=None, status=200):
    peut_designer = acces.peut_designer_referent(request.user, entreprise)
    if peut_designer and form is None:
        form = ReferentForm(eligibles=comptes.conseillers_eligibles(entreprise))
    membres = entreprise.membres.select_related("user").order_by("statut", "role", "user__last_name", "pk")
    offres = (
        entreprise.offres.select_related("conseiller_recrutement", "commune")
        .annotate(nb_candidatures=Count("candidatures"))
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "entreprises/conseiller/entreprises/entreprise.html",
        {
            "entreprise": entreprise,
            "siret_formate": siret_.formater(entreprise.siret),
            "membres": membres,
            "offres": offres,
            "form": form if peut_designer else None,
        },
        status=status,
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def backoffice_entreprise(request, pk):
    return _page_backoffice(request, acces.entreprise_visible_ou_404(request.user, pk))


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def backoffice_referent(request, pk):
    entreprise = acces.entreprise_visible_ou_404(request.user, pk)
    if not acces.peut_designer_referent(request.user, entreprise):
        raise Http404
    form = ReferentForm(request.POST, eligibles=comptes.conseillers_eligibles(entreprise))
    if form.is_valid():
        try:
            entreprise = comptes.changer_referent(
                entreprise, acting_user=request.user, membership=form.cleaned_data["referent"]
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            choisi = form.cleaned_data["referent"]
            messages.success(
                request,
                f"{choisi.user.get_full_name() or choisi.user.email} ({choisi.organisation.nom}) "
                "est désormais le référent de l'entreprise.",
            )
            return redirect("backoffice:entreprise", pk=entreprise.pk)
    return _page_backoffice(request, entreprise, form=form)
