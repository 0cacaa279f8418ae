"""What the pages of several audiences share for offres (see ``entreprises.views.<audience>.offres``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from entreprises import conformite, offres
from entreprises.enums import StatutOffre
from entreprises.forms.offres import (
    ConseillerForm,
    MotifForm,
    OffreForm,
)
from francetravail.base.formulaires import reporter

SO = StatutOffre


PAR_PAGE = 25


RELATIONS = ("entreprise", "fiche_rome", "commune__departement")


ETAPES = {
    "soumettre": (None, offres.soumettre, None),
    "publier": (MotifForm, offres.publier, "Offre publiée : elle est visible de tout le réseau."),
    "renvoyer": (MotifForm, offres.renvoyer, "Offre renvoyée en brouillon : l'employeur est prévenu."),
    "retirer": (None, offres.retirer, "Offre retirée : elle n'est plus visible."),
    "pourvoir": (None, offres.pourvoir, "Offre marquée comme pourvue."),
    "conseiller": (ConseillerForm, offres.changer_conseiller, "Conseiller recrutement désigné."),
}


def message_soumission(offre):
    if offre.statut == SO.PUBLIEE:
        return f"Offre publiée : elle est visible de tout le réseau jusqu'au {offre.expire_le:%d/%m/%Y} inclus."
    n = len(offre.conformite)
    return f"{n} point{'s' if n > 1 else ''} à examiner : un conseiller du réseau relit l'offre avant sa publication."


def executer_etape(request, offre, etape, form):
    """Runs the step's action; returns the ValidationError on refusal."""
    action = ETAPES[etape][1]
    donnees = dict(form.cleaned_data) if form is not None else {}
    try:
        if etape == "pourvoir":
            return action(offre, request.user), None
        return action(offre, acting_user=request.user, **donnees), None
    except ValidationError as e:
        return None, e


def constats_et_apercu(offre):
    """Findings to show: those stored at submission, or a preview of the check for a draft."""
    if offre.statut == SO.BROUILLON:
        return conformite.verifier(offre), True
    return offre.conformite, False


def page_formulaire(request, gabarit, form, contexte):
    if "rechercher" in request.POST:
        form.sans_erreurs()
    return render(request, gabarit, {"form": form, "en_erreur": form.is_bound and bool(form.errors), **contexte})


def modifier_offre(request, offre, gabarit, retour):
    recherche = request.POST.get("recherche_metier", "") if "rechercher" in request.POST else None
    if request.method == "POST":
        form = OffreForm(request.POST, recherche=recherche)
    else:
        form = OffreForm(initial=OffreForm.initial_depuis(offre))
    if request.method == "POST" and "rechercher" not in request.POST and form.is_valid():
        try:
            offres.modifier(offre, acting_user=request.user, **form.valeurs())
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Offre enregistrée.")
            return redirect(retour, pk=offre.pk)
    return page_formulaire(request, gabarit, form, {"offre": offre})
