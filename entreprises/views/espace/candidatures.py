"""The candidatures pages of the person's space (/mon-espace/emploi/).

Applications: the employer's list and page, the person's applications, the network's pages.

- Employer (/entreprise/): the applications to one of their offers (``acces.offre_de_l_employeur_ou_404``)
  and one application (``acces.candidature_pour_employeur_ou_404``, which logs the read). They see
  identity, contact, target jobs and commune, the message and the steps: never a diagnostic, a
  contract or anything social. Opening an application marks it seen.
- Person (/mon-espace/emploi/): their applications with their steps, applying to a published offer,
  withdrawing.
- Network (/conseiller/): putting a person forward for an offer, one application (the conseiller
  who put the person forward, or whoever reads the person's file through the gate), and the
  person's applications.
Every refusal and unknown id is a 404; an action's refusal is shown at the field, input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises import acces, candidatures
from entreprises.enums import STATUTS_CANDIDATURE_CLOS, StatutOffre
from entreprises.forms.candidatures import (
    CandidatureForm,
    DesistementForm,
)
from entreprises.models import Candidature, HistoriqueCandidature, Offre
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.forms import signaler_refus
from francetravail.documents.televersement import televersement_document


def _avec_historique():
    return Prefetch("historique", queryset=HistoriqueCandidature.objects.select_related("user").order_by("at", "pk"))


@acces_reserve(TypeCompte.PERSONNE)
def mes_candidatures(request):
    personne = acces.personne_du_compte(request.user)
    lignes = []
    if personne is not None:
        lignes = list(
            Candidature.objects.filter(personne=personne)
            .select_related("offre__entreprise", "offre__commune")
            .prefetch_related(_avec_historique())
            .order_by("-created_at", "-pk")
        )
    libelles = dict(candidatures.SC.choices)
    cvs = candidatures.cvs_de(lignes)
    for candidature in lignes:
        candidature.cv = cvs.get(candidature.pk)
        for ligne in candidature.historique.all():
            ligne.libelle_apres = libelles.get(ligne.statut_apres, ligne.statut_apres)
        candidature.ouverte = candidature.statut not in STATUTS_CANDIDATURE_CLOS
    return render(request, "entreprises/espace/candidatures.html", {"personne": personne, "candidatures": lignes})


def _offre_publiee_ou_404(pk):
    offre = (
        Offre.objects.select_related("entreprise", "commune", "fiche_rome")
        .filter(pk=acces.pk_ou_404(pk), statut=StatutOffre.PUBLIEE)
        .first()
    )
    if offre is None:
        raise Http404
    return offre


# The CV is refused while it arrives past DOCUMENTS_TAILLE_MAX (a body announced far over it: before
# one byte is read), and the application is not sent without the CV the person chose.
@televersement_document
@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def candidater(request, pk):
    personne = acces.personne_du_compte(request.user)
    if personne is None:
        raise Http404
    offre = _offre_publiee_ou_404(pk)
    existante = candidatures.candidature_de(personne, offre)
    form = None
    if existante is None:
        form = signaler_refus(CandidatureForm(request.POST or None, request.FILES or None), request)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            candidatures.candidater(
                offre, personne, request.user, form.cleaned_data["message"], cv=form.cleaned_data["cv"]
            )
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Votre candidature a été transmise à l'employeur.")
            return redirect("emploi:candidatures")
    return render(
        request,
        "entreprises/espace/candidatures_postuler.html",
        {"offre": offre, "form": form, "candidature": existante, "personne": personne},
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def retirer(request, pk):
    personne = acces.personne_du_compte(request.user)
    candidature = (
        Candidature.objects.select_related("offre__entreprise")
        .filter(pk=acces.pk_ou_404(pk), personne=personne)
        .first()
        if personne is not None
        else None
    )
    if candidature is None:
        raise Http404
    if candidature.statut in STATUTS_CANDIDATURE_CLOS:
        messages.info(request, "Cette candidature est déjà close.")
        return redirect("emploi:candidatures")
    form = DesistementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidatures.desister(candidature, acting_user=request.user, precision=form.cleaned_data["precision"])
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Votre candidature est retirée. L'employeur en est informé.")
            return redirect("emploi:candidatures")
    return render(request, "entreprises/espace/candidatures_retirer.html", {"candidature": candidature, "form": form})
