"""A département's CAF/MSA flows, for its staff (``acces.peut_gerer_flux``, the rule of the flows' pages
``views/flux.py``): the rights its last monthly stock no longer lists (to close or keep), and its flow
settings. Anyone else: 404, nothing changed."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from dsfr.forms import DsfrBaseForm

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.models import Departement
from inscription import droits_absents as file_absents
from inscription.acces import ROLES_FLUX, InscriptionRefusee, peut_gerer_flux
from inscription.enums import AbsentsDuStock


class ExamenForm(DsfrBaseForm):
    decision = forms.ChoiceField(label="Décision", choices=file_absents.DECISIONS, widget=forms.RadioSelect)
    motif = forms.CharField(
        label="Motif",
        help_text="Par exemple : la CAF confirme la fin du droit, ou le dossier figure dans le flux quotidien.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReglagesForm(DsfrBaseForm):
    absents_du_stock = forms.ChoiceField(
        label="Droits qu’un stock mensuel ne cite plus",
        choices=AbsentsDuStock.choices,
        widget=forms.RadioSelect,
    )


def _page(request, departement, *, erreur=None, status=200):
    """The queue with one form per household (prefixed: each has its own field ids); ``erreur``: the bound
    form of the household whose decision was refused, shown with its errors."""
    foyers = list(file_absents.absents(departement.pk))
    for foyer in foyers:
        foyer.form = (
            erreur
            if erreur is not None and erreur.prefix == f"foyer{foyer.pk}"
            else ExamenForm(prefix=f"foyer{foyer.pk}")
        )
    contexte = {"departement": departement, "foyers": foyers, "reglage": file_absents.reglages(departement.pk)}
    return render(request, "inscription/conseiller/droits_absents.html", contexte, status=status)


def _departement(request, code):
    if not peut_gerer_flux(request.user, code):
        raise Http404
    return get_object_or_404(Departement, pk=code)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_FLUX)
@require_http_methods(["GET"])
def droits_absents(request, departement):
    return _page(request, _departement(request, departement))


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_FLUX)
@require_POST
def examiner(request, departement, pk):
    code = departement
    departement = _departement(request, code)
    form = ExamenForm(request.POST, prefix=f"foyer{pk}")
    if form.is_valid():
        try:
            file_absents.examiner(
                code,
                pk,
                decision=form.cleaned_data["decision"],
                motif=form.cleaned_data["motif"],
                acting_user=request.user,
            )
        except InscriptionRefusee:
            raise Http404 from None
        except ValidationError as exc:
            reporter(form, exc)
        else:
            if form.cleaned_data["decision"] == file_absents.CLORE:
                messages.success(request, "Droit clos : les référents sont prévenus.")
            else:
                messages.success(request, "Droit gardé ouvert.")
            return redirect("backoffice:droits_absents", departement=code)
    return _page(request, departement, erreur=form)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_FLUX)
@require_http_methods(["GET", "POST"])
def reglages(request, departement):
    code = departement
    departement = _departement(request, code)
    actuel = file_absents.reglages(code)
    form = ReglagesForm(request.POST or None, initial={"absents_du_stock": actuel.absents_du_stock})
    if request.method == "POST" and form.is_valid():
        try:
            file_absents.regler(code, absents_du_stock=form.cleaned_data["absents_du_stock"], acting_user=request.user)
        except InscriptionRefusee:
            raise Http404 from None
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Réglages enregistrés.")
            return redirect("backoffice:reglages_flux", departement=code)
    return render(
        request,
        "inscription/conseiller/reglages_flux.html",
        {"departement": departement, "form": form, "reglage": actuel},
    )
