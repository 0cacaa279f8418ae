"""Job-search profile and matching pages.

Person's space (/mon-espace/emploi/): their profile (``profil``: jobs, place, availability,
contract wishes, the opt-out), the published offers that fit them (``offres``) and one published
offer (``offre``; any other status is a 404).

Back-office (/conseiller/): the ranked candidates of an offer for whoever manages it
(``offre_candidats``, ``acces.gere_offre``; network-wide, see ``entreprises.appariement``), and,
through the person-file gate, a person's profile (``profil_recherche``) and the offers that fit
them (``offres_pour_personne``), both logged as a read of the parcours.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from entreprises import acces, appariement, profils
from entreprises.enums import StatutOffre, TempsTravail, TypeContrat
from entreprises.forms.profil import ProfilForm, libelle_commune
from entreprises.models import Candidature, Offre
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DOSSIERS
from francetravail.reseau.roles import contexte_professionnel
from francetravail.rome.models import FicheRome


def _metiers(codes):
    libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle")) if codes else {}
    return [{"code": code, "libelle": libelles.get(code, "")} for code in codes]


def _resume(profil):
    """What the profile pages print (both sides): labels, not codes."""
    return {
        "metiers": _metiers(list(profil.codes_rome)),
        "ore_metiers": _metiers(list(profil.ore_codes_rome)),
        "commune": libelle_commune(profil.commune) if profil.commune_id else "",
        "contrats": [TypeContrat(t).label for t in profil.types_contrat if t in TypeContrat.values],
        "temps": TempsTravail(profil.temps_travail).label if profil.temps_travail else "",
    }


# --- The person's space -----------------------------------------------------------------------


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
            "resume": _resume(profil_),
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


# --- Back-office ------------------------------------------------------------------------------


def _organisation_du_lecteur(user, offre):
    """The organisation on whose behalf ``user`` reads the candidates: the company's organisation
    référente when they belong to it, else one of their accompaniment organisations."""
    organisations = contexte_professionnel(user).organisations_accompagnement
    if offre.entreprise.organisation_referente_id in organisations:
        return offre.entreprise.organisation_referente_id
    return min(organisations, default=None)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def offre_candidats(request, pk):
    offre_ = appariement.charger_offre(acces.pk_ou_404(pk))
    if offre_ is None or not acces.gere_offre(request.user, offre_):
        raise Http404
    candidats = []
    if offre_.statut == StatutOffre.PUBLIEE:
        candidats = appariement.candidats_pour_offre(offre_)
        # The list spans the network; the file opens only where the person-file gate would open it.
        ids = [c.personne_id for c in candidats]
        visibles = set(personnes_visibles(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        codes = {code for c in candidats for code in c.codes_rome}
        libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle"))
        for candidat in candidats:
            candidat.dossier_accessible = candidat.personne_id in visibles
            candidat.metiers = [f"{libelles.get(code, code)} ({code})" for code in candidat.codes_rome]
        # Each row shows identity, contact and career profile: a read the person can see in their log.
        journaliser_acces_liste(
            personne_ids=ids,
            user_id=request.user.pk,
            organisation_id=_organisation_du_lecteur(request.user, offre_),
            partie=PartieDossier.PARCOURS,
        )
    return render(
        request,
        "entreprises/conseiller/appariement/candidats.html",
        {"offre": offre_, "candidats": candidats, "publiee": offre_.statut == StatutOffre.PUBLIEE},
    )


def _personne_du_dossier(request, pk):
    return acces_personne(
        request,
        pk,
        partie=PartieDossier.PARCOURS,
        queryset=Personne.objects.select_related("commune", "organisme_referent"),
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def profil_recherche(request, pk):
    personne = _personne_du_dossier(request, pk)
    profil_ = appariement.charger_profil(personne)
    return render(
        request,
        "entreprises/conseiller/appariement/profil_recherche.html",
        {"personne": personne, "profil": profil_, "resume": _resume(profil_) if profil_ else None},
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def reprendre_recherche_reseau(request, pk):
    personne = _personne_du_dossier(request, pk)
    try:
        profils.reprendre_recherche(personne, acting_user=request.user)
    except ValidationError:
        raise Http404 from None  # not this person's référent: no such button for them
    messages.success(request, "La recherche d'emploi reprend : la personne est de nouveau proposée aux employeurs.")
    return redirect("backoffice:profil_recherche", pk=personne.pk)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def offres_pour_personne(request, pk):
    personne = _personne_du_dossier(request, pk)
    profil_ = appariement.charger_profil(personne)
    resultats = appariement.offres_pour_personne(personne, profil=profil_) if profil_ is not None else []
    return render(
        request,
        "entreprises/conseiller/appariement/offres_personne.html",
        {
            "personne": personne,
            "profil": profil_,
            "offres": resultats,
            # The offer's page is the network conseillers' (a departmental decider reads the list only).
            "lien_offres": acces.est_conseiller_reseau(request.user),
        },
    )
