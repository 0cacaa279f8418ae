"""The candidatures pages of the employer's space (/entreprise/).

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
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises import acces, candidatures
from entreprises.enums import TypeContrat
from entreprises.forms.candidatures import (
    AcceptationForm,
    EmbaucheForm,
    EntretienForm,
    RefusForm,
)
from entreprises.models import Candidature
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.models import Personne
from francetravail.rome.models import FicheRome

PAR_PAGE = 25


def _metiers(profils):
    """``{code: libellé}`` of the ROME codes the profiles target (one query)."""
    codes = {code for profil in profils if profil is not None for code in profil.codes_rome}
    return dict(FicheRome.objects.filter(pk__in=codes).values_list("code_rome", "libelle")) if codes else {}


def _profil(personne):
    try:
        return personne.profil_recherche
    except Personne.profil_recherche.RelatedObjectDoesNotExist:
        return None


ETAPES_EMPLOYEUR = {
    "entretien": (EntretienForm, "proposer_entretien", "Entretien proposé : la personne est prévenue."),
    "accepter": (AcceptationForm, "accepter", "Candidature acceptée : la personne est prévenue."),
    "refuser": (RefusForm, "refuser", "Candidature refusée : la personne lit le motif dans son espace."),
    "embaucher": (EmbaucheForm, "embaucher", "Embauche enregistrée."),
}


@acces_reserve(TypeCompte.EMPLOYEUR)
def offre_candidatures(request, pk):
    offre = acces.offre_de_l_employeur_ou_404(request.user, pk)
    # Through the employer's gate (``acces.candidatures_de_l_employeur``: no archived file).
    qs = (
        acces.candidatures_de_l_employeur(request.user)
        .filter(offre=offre)
        .select_related("personne__commune", "personne__profil_recherche")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    lignes = list(page.object_list)
    # The list shows identity and contact: each person listed is a read of their application.
    journaliser_acces_liste(
        personne_ids=[c.personne_id for c in lignes],
        user_id=request.user.pk,
        organisation_id=None,
        partie=PartieDossier.CANDIDATURE,
    )
    profils = [_profil(c.personne) for c in lignes]
    metiers = _metiers(profils)
    for candidature, profil in zip(lignes, profils, strict=True):
        candidature.metiers = [(code, metiers.get(code, "")) for code in (profil.codes_rome if profil else [])]
    return render(
        request,
        "entreprises/employeur/candidatures/offre.html",
        {"offre": offre, "page": page, "lignes": lignes},
    )


def _page_employeur(request, candidature, *, etape_en_erreur=None, form_en_erreur=None, status=200):
    etapes = candidatures.etapes_possibles(candidature)
    formulaires = {}
    for nom in etapes:
        if nom == etape_en_erreur:
            formulaires[nom] = form_en_erreur
        else:
            formulaires[nom] = ETAPES_EMPLOYEUR[nom][0](prefix=nom)
    profil = _profil(candidature.personne)
    metiers = _metiers([profil])
    return render(
        request,
        "entreprises/employeur/candidatures/detail.html",
        {
            "candidature": candidature,
            "offre": candidature.offre,
            "personne": candidature.personne,
            "profil": profil,
            "metiers": [(code, metiers.get(code, "")) for code in (profil.codes_rome if profil else [])],
            "types_contrat": [TypeContrat(t).label for t in (profil.types_contrat if profil else [])],
            "historique": candidatures.historique(candidature),
            "cv": candidatures.cv_de(candidature),
            "formulaires": formulaires,
            "erreur": form_en_erreur is not None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.EMPLOYEUR)
def candidature_employeur(request, pk):
    candidature = acces.candidature_pour_employeur_ou_404(request.user, pk)
    if request.method == "GET":
        if candidature.statut == candidatures.SC.ENVOYEE:
            try:
                candidature = candidatures.marquer_vue(candidature, acting_user=request.user)
            except ValidationError:
                # Another member (or tab) opened it between the read and the lock: it is seen already.
                candidature = Candidature.objects.select_related(
                    "offre__entreprise", "personne__commune", "personne__profil_recherche"
                ).get(pk=candidature.pk)
        return _page_employeur(request, candidature)
    etape = request.POST.get("etape", "")
    if etape not in ETAPES_EMPLOYEUR or etape not in candidatures.etapes_possibles(candidature):
        messages.error(request, "Cette étape n'est pas possible pour cette candidature.")
        return redirect("entreprises:candidature", pk=candidature.pk)
    classe, nom_action, succes = ETAPES_EMPLOYEUR[etape]
    form = classe(request.POST, prefix=etape)
    if form.is_valid():
        try:
            getattr(candidatures, nom_action)(candidature, acting_user=request.user, **form.cleaned_data)
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, succes)
            return redirect("entreprises:candidature", pk=candidature.pk)
    return _page_employeur(request, candidature, etape_en_erreur=etape, form_en_erreur=form)
