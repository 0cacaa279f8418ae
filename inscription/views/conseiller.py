"""Desk registration, by a conseiller for a person, with the same steps."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from dsfr.forms import DsfrBaseForm

from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from inscription import etapes
from inscription.acces import InscriptionRefusee, est_referent_accompagnement
from inscription.actions import commencer_inscription_guichet, rouvrir_accompagnement, terminer_accompagnement
from inscription.forms import FinAccompagnementForm, IdentiteForm, ReouvertureAccompagnementForm
from inscription.models import DossierInscription
from inscription.queries import guichet_a_reprendre
from inscription.views.commun import contexte_etape, page_etape


class OrganisationGuichetForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(label="Organisation qui inscrit", queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def nouvelle(request):
    """First step of a desk registration: identity, and which of the conseiller's organisations registers."""
    ids = contexte_professionnel(request.user).organisations_accompagnement
    organisations = Organisation.objects.filter(pk__in=ids).order_by("nom")
    form = IdentiteForm(request.POST or None, initial=IdentiteForm.initial_depuis(None, None))
    # The choice is asked only of a conseiller who works for several organisations.
    plusieurs = len(ids) > 1
    choix = OrganisationGuichetForm(
        request.POST if plusieurs and request.method == "POST" else None,
        organisations=organisations,
        initial={"organisation": organisations.first()},
    )
    if request.method == "POST" and form.is_valid() and (not plusieurs or choix.is_valid()):
        organisation = choix.cleaned_data["organisation"] if plusieurs else organisations.first()
        try:
            personne, _ = commencer_inscription_guichet(request.user, organisation, form.cleaned_data)
        except InscriptionRefusee as exc:
            form.add_error(exc.champ or "nir", str(exc))
        else:
            messages.success(request, "Dossier créé : poursuivez l'inscription avec la personne.")
            return redirect("backoffice:inscription_etape", personne.pk, "coordonnees")
    return render(
        request,
        "inscription/commun/etape.html",
        {
            **contexte_etape("identite", lambda slug: reverse("backoffice:inscription_nouvelle")),
            "form": form,
            "formulaire_organisation": choix if plusieurs else None,
            "guichet": True,
            "a_reprendre": guichet_a_reprendre(request.user, ids),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def etape(request, pk, slug):
    if slug not in etapes.PAR_SLUG:
        raise Http404
    personne = acces_personne(request, pk, partie=PartieDossier.IDENTITE)
    dossier = DossierInscription.objects.filter(personne=personne).first()
    if dossier is None:
        raise Http404

    def url_etape(s):
        return reverse("backoffice:inscription_etape", args=[personne.pk, s])

    return page_etape(
        request,
        personne=personne,
        dossier=dossier,
        slug=slug,
        url_etape=url_etape,
        url_fin=reverse("backoffice:fiche_personne", args=[personne.pk]),
        gabarit_extra={"guichet": True},
    )


def _referent_ou_404(request, pk):
    """The person and their registration, for the référent's side only (anyone else: the same 404)."""
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    dossier = DossierInscription.objects.filter(personne=personne).first()
    if dossier is None or not est_referent_accompagnement(request.user, personne):
        raise Http404
    return personne, dossier


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def terminer(request, pk):
    personne, dossier = _referent_ou_404(request, pk)
    if dossier.accompagnement_termine:
        return redirect("backoffice:fiche_personne", personne.pk)
    form = FinAccompagnementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            terminer_accompagnement(personne, acting_user=request.user, **form.cleaned_data)
        except InscriptionRefusee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, str(exc))
        else:
            messages.success(request, "L'accompagnement est terminé.")
            return redirect("backoffice:fiche_personne", personne.pk)
    return render(
        request,
        "inscription/conseiller/accompagnement.html",
        {"personne": personne, "dossier": dossier, "form": form, "terminer": True},
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def rouvrir(request, pk):
    personne, dossier = _referent_ou_404(request, pk)
    if not dossier.accompagnement_termine:
        return redirect("backoffice:fiche_personne", personne.pk)
    form = ReouvertureAccompagnementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rouvrir_accompagnement(personne, acting_user=request.user, **form.cleaned_data)
        except InscriptionRefusee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, str(exc))
        else:
            messages.success(request, "L'accompagnement est rouvert.")
            return redirect("backoffice:fiche_personne", personne.pk)
    return render(
        request,
        "inscription/conseiller/accompagnement.html",
        {"personne": personne, "dossier": dossier, "form": form, "terminer": False},
    )
