"""The appariement pages of the person's space (/mon-espace/emploi/).

Job-search profile and matching pages.

Person's space (/mon-espace/emploi/): their profile (``profil``: jobs, place, availability,
contract wishes, the opt-out), the published offers that fit them (``offres``) and one published
offer (``offre``; any other status is a 404).

Back-office (/conseiller/): the ranked candidates of an offer for whoever manages it
(``offre_candidats``, ``acces.gere_offre``; network-wide, see ``entreprises.appariement``), and,
through the person-file gate, a person's profile (``profil_recherche``) and the offers that fit
them (``offres_pour_personne``), both logged as a read of the parcours."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from entreprises import acces, appariement, profils
from entreprises.enums import StatutOffre
from entreprises.forms.profil import ProfilForm
from entreprises.models import Candidature, Offre
from entreprises.views.commun.appariement import resume_du_profil
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def profil(request):
    personne = acces.personne_du_compte(request.user)
    if personne is None:
        return render(request, "entreprises/espace/profil.html", {"personne": None})
    profil_ = profils.profil_de(personne)
    # « Rechercher » is the form's first button, so Enter in any field sends it: with an empty
    # search box that Enter means « save », not « search nothing ».
    recherche = request.POST.get("recherche_metier", "").strip() if "rechercher" in request.POST else ""
    recherche = recherche or None
    if request.method == "POST":
        form = ProfilForm(request.POST, codes_connus=profil_.codes_rome, recherche=recherche)
        if recherche is None and form.is_valid():
            donnees = form.cleaned_data
            profils.enregistrer(
                personne,
                codes_rome=donnees["metiers"],
                commune=donnees["commune"],
                disponible_le=donnees["disponible_le"],
                types_contrat=donnees["types_contrat"],
                temps_travail=donnees["temps_travail"],
                salaire_attendu=donnees["salaire_attendu"],
                visible=not donnees["masquer"],
            )
            messages.success(request, "Votre recherche d'emploi est enregistrée.")
            return redirect("emploi:profil")
    else:
        form = ProfilForm(initial=ProfilForm.initial_depuis(profil_), codes_connus=profil_.codes_rome)
    return render(
        request,
        "entreprises/espace/profil.html",
        {
            "personne": personne,
            "profil": profil_,
            "resume": resume_du_profil(profil_),
            "form": form,
            "recherche_faite": recherche is not None,
        },
    )


@acces_reserve(TypeCompte.PERSONNE)
def offres(request):
    personne = acces.personne_du_compte(request.user)
    profil_ = appariement.charger_profil(personne) if personne is not None else None
    resultats = appariement.offres_pour_personne(personne, profil=profil_) if profil_ is not None else []
    return render(
        request,
        "entreprises/espace/offres.html",
        {"personne": personne, "profil": profil_, "offres": resultats},
    )


@require_POST
@acces_reserve(TypeCompte.PERSONNE)
def reprendre_recherche(request):
    personne = acces.personne_du_compte(request.user)
    if personne is None:
        raise Http404
    profils.reprendre_recherche(personne, acting_user=request.user)
    messages.success(request, "Votre recherche d'emploi reprend : les conseillers peuvent de nouveau vous proposer.")
    return redirect("emploi:profil")


@acces_reserve(TypeCompte.PERSONNE)
def offre(request, pk):
    # Only a published offer: a draft, an offer waiting for validation or a closed one is a 404.
    offre_ = (
        Offre.objects.select_related("entreprise", "fiche_rome", "commune__departement")
        .filter(pk=acces.pk_ou_404(pk), statut=StatutOffre.PUBLIEE)
        .first()
    )
    if offre_ is None:
        raise Http404
    personne = acces.personne_du_compte(request.user)
    profil_ = appariement.charger_profil(personne) if personne is not None else None
    # An application already sent is shown instead of the form (entreprises.candidatures).
    deja = Candidature.objects.filter(personne=personne, offre=offre_).first() if personne is not None else None
    return render(
        request,
        "entreprises/espace/offre.html",
        {
            "personne": personne,
            "offre": offre_,
            "explication": appariement.explication_offre(profil_, offre_.pk),
            "candidature_id": deja.pk if deja else None,
            "candidature_statut": deja.statut if deja else "",
        },
    )
