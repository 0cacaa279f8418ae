"""The copy of one's file: the person asks, follows the worker's progress, downloads it (7 days, their login
only); a référent asks on the person's request from the back-office."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.donnees import copie_actions
from francetravail.donnees.copie_acces import CopieRefusee, duree_disponibilite, peut_demander_pour, peut_telecharger
from francetravail.donnees.models import CopieDossier
from francetravail.personnes.acces import acces_personne
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT

MESSAGE_DEMANDEE = (
    "Votre demande est enregistrée : la copie de votre dossier est en préparation. Elle restera disponible "
    "{jours} jours sur cette page."
)


def _ancre():
    return reverse("donnees:mes_donnees") + "#copie"


def _sa_copie(request, pk):
    """The person's own copy, or 404 (another person's copy is not revealed)."""
    return get_object_or_404(CopieDossier.objects.select_related("personne"), pk=pk, personne__user=request.user)


@acces_reserve(TypeCompte.PERSONNE)
@require_POST
def demander(request):
    personne = Personne.objects.filter(user=request.user).first()
    if personne is None:
        raise Http404
    try:
        copie_actions.demander_copie(personne, par=request.user)
    except CopieRefusee as refus:
        messages.error(request, str(refus))
    else:
        messages.success(request, MESSAGE_DEMANDEE.format(jours=duree_disponibilite().days))
    return redirect(_ancre())


@acces_reserve(TypeCompte.PERSONNE)
@require_GET
def etat(request, pk):
    """Where the worker is, for the page's progress bar (static/js/copie_dossier.js)."""
    copie = _sa_copie(request, pk)
    return JsonResponse(
        {
            "statut": copie.statut,
            "statut_libelle": copie.get_statut_display(),
            "progression": copie.progression,
            "etape": copie.etape,
        }
    )


@acces_reserve(TypeCompte.PERSONNE)
@require_GET
def telecharger(request, pk):
    copie = _sa_copie(request, pk)
    if not peut_telecharger(request.user, copie):
        raise Http404
    copie_actions.enregistrer_telechargement(copie, par=request.user)
    reponse = FileResponse(
        copie.fichier.open("rb"),
        as_attachment=True,
        filename=f"copie-dossier-{copie.prete_le:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def demander_pour_la_personne(request, pk):
    """The référent asks for a copy on the person's request; the copy goes to the person's space."""
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    if not peut_demander_pour(request.user, personne):
        raise Http404
    erreur = ""
    if request.method == "POST":
        if request.POST.get("demande_de_la_personne") != "oui":
            erreur = "Cochez la case pour confirmer que la personne vous a demandé une copie de son dossier."
        else:
            try:
                copie_actions.demander_copie(personne, par=request.user)
            except CopieRefusee as refus:
                erreur = str(refus)
            else:
                messages.success(
                    request,
                    "La copie est en préparation. La personne la téléchargera dans son espace, "
                    "rubrique « Mes données ».",
                )
                return redirect("backoffice:copie_dossier", pk=personne.pk)
    copies = (
        CopieDossier.objects.filter(personne=personne).select_related("demandee_par").order_by("-demandee_le")[:10]
    )
    return render(
        request,
        "donnees/conseiller/copie.html",
        {
            "personne": personne,
            "copies": copies,
            "erreur": erreur,
            "a_un_compte": bool(personne.user_id),
            "duree_jours": duree_disponibilite().days,
        },
    )
