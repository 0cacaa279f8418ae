"""What the pages of several audiences share for immersions (see ``entreprises.views.<audience>.immersions``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from entreprises import acces, immersions
from entreprises.enums import StatutImmersion
from entreprises.forms.candidatures import AccordForm, AnnulationForm, BilanForm
from francetravail.base.formulaires import reporter

SI = StatutImmersion


PAR_PAGE = 25


RELATIONS = (
    "personne",
    "entreprise__commune",
    "organisation",
    "referent",
    "fiche_rome",
    "offre",
    "accord_entreprise_par",
    "accord_referent_par",
)


ETAPES = {
    "accord": (AccordForm, None, "Votre accord est enregistré."),
    "bilan": (BilanForm, immersions.faire_bilan, "Bilan enregistré : l'immersion est terminée."),
    "annuler": (AnnulationForm, immersions.annuler, "Immersion annulée : les autres parties sont prévenues."),
}


ACCORDS = {
    acces.PARTIE_PERSONNE: immersions.accord_personne,
    acces.PARTIE_ENTREPRISE: immersions.accord_entreprise,
    acces.PARTIE_REFERENT: immersions.accord_referent,
}


def etapes_de_la_partie(immersion, partie):
    """What ``partie`` may do on ``immersion`` now (the actions re-check everything)."""
    etapes = []
    if immersion.statut == SI.DEMANDEE and getattr(immersion, f"accord_{partie}_le") is None:
        etapes.append("accord")
    if partie == acces.PARTIE_REFERENT and immersion.statut == SI.VALIDEE:
        etapes.append("bilan")
    if immersion.statut in (SI.DEMANDEE, SI.VALIDEE):
        etapes.append("annuler")
    return etapes


def traiter_etape(request, immersion, partie, gabarit, contexte, redirection):
    """GET shows the page; POST runs the step named ``etape`` and shows its errors at the field."""
    etapes = etapes_de_la_partie(immersion, partie)
    etape_en_erreur, form_en_erreur = None, None
    if request.method == "POST":
        etape = request.POST.get("etape", "")
        if etape not in etapes:
            messages.error(request, "Cette étape n'est pas possible pour cette immersion.")
            return redirect(redirection)
        classe, action, succes = ETAPES[etape]
        form = classe(request.POST, prefix=etape)
        if form.is_valid():
            donnees = {k: v for k, v in form.cleaned_data.items() if k != "confirme"}
            try:
                if etape == "accord":
                    ACCORDS[partie](immersion, acting_user=request.user)
                else:
                    action(immersion, acting_user=request.user, **donnees)
            except ValidationError as e:
                reporter(form, e)
            else:
                messages.success(request, succes)
                return redirect(redirection)
        etape_en_erreur, form_en_erreur = etape, form
    formulaires = {nom: form_en_erreur if nom == etape_en_erreur else ETAPES[nom][0](prefix=nom) for nom in etapes}
    return render(
        request,
        gabarit,
        {
            **contexte,
            "immersion": immersion,
            "formulaires": formulaires,
            "erreur": form_en_erreur is not None,
            "duree_jours": immersions.duree_jours(immersion.date_debut, immersion.date_fin),
            "aujourdhui": timezone.localdate(),
        },
    )
