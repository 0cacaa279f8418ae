"""Immersions (PMSMP): the three parties' pages.

- Network (/conseiller/): the référent's immersions (those of their accompaniment organisations,
  for people whose file they read), one immersion through the person's file gate, the request
  form from the person's file, the prescriber's agreement, the assessment, the cancellation.
- Employer (/entreprise/): the immersions hosted by their companies; their agreement, a cancellation.
  Reading one shows the person's identity: the read is logged in the person's access log.
- Person (/mon-espace/emploi/): their immersions; their agreement, a cancellation.
Each party reads the convention's PDF once the three have agreed. Refusals and unknown ids are 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from entreprises import acces, immersions
from entreprises.enums import StatutImmersion, StatutOffre
from entreprises.forms.candidatures import AccordForm, AnnulationForm, BilanForm, ImmersionForm
from entreprises.models import Immersion
from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel

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


# The steps of each party: form, action, what they read after.
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


def _etapes(immersion, partie):
    """What ``partie`` may do on ``immersion`` now (the actions re-check everything)."""
    etapes = []
    if immersion.statut == SI.DEMANDEE and getattr(immersion, f"accord_{partie}_le") is None:
        etapes.append("accord")
    if partie == acces.PARTIE_REFERENT and immersion.statut == SI.VALIDEE:
        etapes.append("bilan")
    if immersion.statut in (SI.DEMANDEE, SI.VALIDEE):
        etapes.append("annuler")
    return etapes


def _traiter(request, immersion, partie, gabarit, contexte, redirection):
    """GET shows the page; POST runs the step named ``etape`` and shows its errors at the field."""
    etapes = _etapes(immersion, partie)
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


# --- Network ------------------------------------------------------------------------------------


def immersions_du_conseiller(user):
    """Immersions prescribed by ``user``'s accompaniment organisations, for people whose file they read."""
    organisations = contexte_professionnel(user).organisations_accompagnement
    if not organisations:
        return Immersion.objects.none()
    return Immersion.objects.filter(organisation_id__in=organisations, personne__in=personnes_visibles(user))


def immersion_du_reseau_ou_404(request, pk):
    immersion = Immersion.objects.select_related(*RELATIONS).filter(pk=acces.pk_ou_404(pk)).first()
    if (
        immersion is None
        or immersion.organisation_id not in contexte_professionnel(request.user).organisations_accompagnement
    ):
        raise Http404
    immersion.personne = acces_personne(request, immersion.personne_id, partie=PartieDossier.IMMERSION)
    return immersion


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def liste_reseau(request):
    qs = immersions_du_conseiller(request.user).select_related(*RELATIONS).order_by("-date_debut", "-pk")
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "entreprises/conseiller/immersions/liste.html", {"page": page})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def immersion_reseau(request, pk):
    immersion = immersion_du_reseau_ou_404(request, pk)
    return _traiter(
        request,
        immersion,
        acces.PARTIE_REFERENT,
        "entreprises/conseiller/immersions/detail.html",
        {"personne": immersion.personne, "est_referent": acces.est_referent_de_l_immersion(request.user, immersion)},
        redirect("backoffice:immersion", pk=immersion.pk).url,
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def convention_reseau(request, pk):
    return immersions.reponse_convention(immersion_du_reseau_ou_404(request, pk))


def _offre_initiale(request, form_initial):
    """``?offre=<pk>``: an offer of the network pre-fills the company and the job."""
    valeur = request.GET.get("offre") or request.POST.get("offre")
    if not valeur:
        return None
    offre = (
        acces.offres_du_reseau(request.user)
        .select_related("entreprise")
        .filter(pk=acces.pk_ou_404(valeur), statut=StatutOffre.PUBLIEE)
        .first()
    )
    if offre is None:
        raise Http404
    form_initial.update(siret=offre.entreprise.siret, fiche_rome=offre.fiche_rome_id, objectif="recrutement")
    return offre


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def nouvelle(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.IDENTITE)
    if not acces.peut_prescrire_immersion(request.user, personne):
        # Only the organisme référent prescribes: an involved organisation reads the file, but does not.
        raise Http404
    initial = {}
    offre = _offre_initiale(request, initial)
    form = ImmersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        donnees.pop("siret")
        entreprise = form.entreprise
        if offre is not None and offre.entreprise_id != entreprise.pk:
            offre = None  # the SIRET was changed: the immersion is no longer tied to that offer
        try:
            immersion = immersions.demander(
                personne, acting_user=request.user, entreprise=entreprise, offre=offre, **donnees
            )
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(
                request, "Immersion demandée : la personne et l'entreprise sont invitées à donner leur accord."
            )
            return redirect("backoffice:immersion", pk=immersion.pk)
    return render(
        request,
        "entreprises/conseiller/immersions/nouvelle.html",
        {
            "personne": personne,
            "form": form,
            "offre": offre,
            "duree_max": immersions.duree_maximale(timezone.localdate(), personne.departement_id),
        },
    )


# --- Employer ---------------------------------------------------------------------------------


def _immersions_de_l_employeur(user):
    return Immersion.objects.filter(entreprise__in=acces.entreprises_de(user))


def _immersion_employeur_ou_404(user, pk):
    immersion = _immersions_de_l_employeur(user).select_related(*RELATIONS).filter(pk=acces.pk_ou_404(pk)).first()
    if immersion is None:
        raise Http404
    journaliser_acces(
        personne_id=immersion.personne_id,
        user_id=user.pk,
        organisation_id=None,
        partie=PartieDossier.IMMERSION,
        canal=Canal.WEB,
    )
    return immersion


@acces_reserve(TypeCompte.EMPLOYEUR)
def liste_employeur(request):
    qs = _immersions_de_l_employeur(request.user).select_related(*RELATIONS).order_by("-date_debut", "-pk")
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "entreprises/employeur/immersions/liste.html", {"page": page})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.EMPLOYEUR)
def immersion_employeur(request, pk):
    immersion = _immersion_employeur_ou_404(request.user, pk)
    return _traiter(
        request,
        immersion,
        acces.PARTIE_ENTREPRISE,
        "entreprises/employeur/immersions/detail.html",
        {},
        redirect("entreprises:immersion", pk=immersion.pk).url,
    )


@acces_reserve(TypeCompte.EMPLOYEUR)
def convention_employeur(request, pk):
    return immersions.reponse_convention(_immersion_employeur_ou_404(request.user, pk))


# --- Person -----------------------------------------------------------------------------------


def _mes_immersions(request):
    personne = acces.personne_du_compte(request.user)
    if personne is None:
        return Immersion.objects.none()
    return Immersion.objects.filter(personne=personne)


def _mon_immersion_ou_404(request, pk):
    immersion = _mes_immersions(request).select_related(*RELATIONS).filter(pk=acces.pk_ou_404(pk)).first()
    if immersion is None:
        raise Http404
    return immersion


@acces_reserve(TypeCompte.PERSONNE)
def liste_personne(request):
    lignes = list(_mes_immersions(request).select_related(*RELATIONS).order_by("-date_debut", "-pk"))
    return render(request, "entreprises/espace/immersions.html", {"immersions": lignes})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def immersion_personne(request, pk):
    immersion = _mon_immersion_ou_404(request, pk)
    return _traiter(
        request,
        immersion,
        acces.PARTIE_PERSONNE,
        "entreprises/espace/immersions_detail.html",
        {},
        redirect("emploi:immersion", pk=immersion.pk).url,
    )


@acces_reserve(TypeCompte.PERSONNE)
def convention_personne(request, pk):
    return immersions.reponse_convention(_mon_immersion_ou_404(request, pk))
