"""A département's wording of its invitations, relances and letters, by its staff
(``acces.peut_rediger_formulations``): the six texts, one text with its preview and dated history, save,
back to the national text. Every refusal is a 404 (another département's wording is not revealed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.invitations import formulations, redaction
from francetravail.invitations.acces import ROLES_FORMULATIONS, departements_formulations, peut_rediger_formulations
from francetravail.invitations.enums import CleFormulation
from francetravail.invitations.forms import FormulationForm
from francetravail.reseau.models import Departement

PRO = TypeCompte.PROFESSIONNEL
_CLES = dict(CleFormulation.choices)


def _departement_ou_404(request, code):
    if not peut_rediger_formulations(request.user, code):
        raise Http404
    return get_object_or_404(Departement, code=code)


def _cle_ou_404(cle):
    if cle not in _CLES:
        raise Http404
    return cle


@require_GET
@acces_reserve(PRO, roles=ROLES_FORMULATIONS)
def accueil(request):
    """The dashboard's entry: the only département's texts, or the list of départements."""
    codes = departements_formulations(request.user)
    if not codes:
        raise Http404
    if len(codes) == 1:
        return redirect("backoffice:formulations", departement=codes[0])
    return render(
        request,
        "invitations/formulations/accueil.html",
        {"departements": Departement.objects.filter(code__in=codes)},
    )


@require_GET
@acces_reserve(PRO, roles=ROLES_FORMULATIONS)
def liste(request, departement):
    dep = _departement_ou_404(request, departement)
    dernieres = {}
    for f in redaction.historique(dep.pk):
        dernieres.setdefault(f.cle, f)
    textes = []
    for cle, libelle in CleFormulation.choices:
        f = dernieres.get(cle)
        textes.append({"cle": cle, "libelle": libelle, "formulation": f if f is not None and f.texte else None})
    return render(request, "invitations/formulations/liste.html", {"departement": dep, "textes": textes})


@require_http_methods(["GET", "POST"])
@acces_reserve(PRO, roles=ROLES_FORMULATIONS)
def formulation(request, departement, cle):
    """One text: the editor with its preview (« Prévisualiser » re-renders without saving; the page's script
    asks the same for a fragment while typing), save as a new dated row, and the history."""
    dep = _departement_ou_404(request, departement)
    cle = _cle_ou_404(cle)
    en_vigueur = formulations.en_vigueur(cle, dep.pk)
    form = FormulationForm(request.POST or None, initial={"texte": redaction.texte_courant(cle, dep.pk)})
    texte = request.POST.get("texte", "") if request.method == "POST" else form.initial["texte"]
    if request.method == "POST" and request.POST.get("action") == "enregistrer" and form.is_valid():
        try:
            redaction.rediger(dep, cle, form.cleaned_data["texte"], acting_user=request.user)
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(
                request, f"« {_CLES[cle]} » : votre texte s'applique aux invitations envoyées dès maintenant."
            )
            return redirect("backoffice:formulation", departement=dep.code, cle=cle)
    apercu = redaction.apercu(cle, texte, departement=dep)
    contexte = {
        "departement": dep,
        "cle": cle,
        "libelle": _CLES[cle],
        "form": form,
        "apercu": apercu,
        "en_vigueur": en_vigueur,
        "national": formulations.texte_national(cle),
        "variables": formulations.VARIABLES,
        "requise": redaction.variable_requise(cle),
        "historique": redaction.historique(dep.pk, cle)[:50],
    }
    if request.POST.get("fragment") == "1":
        return render(request, "invitations/formulations/_apercu.html", contexte)
    return render(request, "invitations/formulations/formulation.html", contexte)


@require_POST
@acces_reserve(PRO, roles=ROLES_FORMULATIONS)
def national(request, departement, cle):
    dep = _departement_ou_404(request, departement)
    cle = _cle_ou_404(cle)
    try:
        redaction.revenir_au_national(dep, cle, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"« {_CLES[cle]} » : le texte national s'applique de nouveau.")
    return redirect("backoffice:formulation", departement=dep.code, cle=cle)
