"""Desk registration, by a conseiller for a person, with the same steps."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from inscription import etapes
from inscription.acces import InscriptionRefusee
from inscription.actions import commencer_inscription_guichet
from inscription.forms import IdentiteForm
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
