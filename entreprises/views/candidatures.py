"""Applications: the employer's list and page, the person's applications, the network's pages.

- Employer (/entreprise/): the applications to one of their offers (``acces.offre_de_l_employeur_ou_404``)
  and one application (``acces.candidature_pour_employeur_ou_404``, which logs the read). They see
  identity, contact, target jobs and commune, the message and the steps: never a diagnostic, a
  contract or anything social. Opening an application marks it seen.
- Person (/mon-espace/emploi/): their applications with their steps, applying to a published offer,
  withdrawing.
- Network (/conseiller/): putting a person forward for an offer, one application (the conseiller
  who put the person forward, or whoever reads the person's file through the gate), and the
  person's applications.
Every refusal and unknown id is a 404; an action's refusal is shown at the field, input kept.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises import acces, candidatures
from entreprises.enums import STATUTS_CANDIDATURE_CLOS, StatutOffre, TypeContrat
from entreprises.forms.candidatures import (
    AcceptationForm,
    CandidatureForm,
    DesistementForm,
    EmbaucheForm,
    EntretienForm,
    MiseEnRelationForm,
    RefusForm,
)
from entreprises.models import Candidature, HistoriqueCandidature, Offre
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel
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


def _avec_historique():
    return Prefetch("historique", queryset=HistoriqueCandidature.objects.select_related("user").order_by("at", "pk"))


# --- Employer ---------------------------------------------------------------------------------

# The employer's steps: form, action, what they read after.
ETAPES_EMPLOYEUR = {
    "entretien": (EntretienForm, "proposer_entretien", "Entretien proposé : la personne est prévenue."),
    "accepter": (AcceptationForm, "accepter", "Candidature acceptée : la personne est prévenue."),
    "refuser": (RefusForm, "refuser", "Candidature refusée : la personne lit le motif dans son espace."),
    "embaucher": (EmbaucheForm, "embaucher", "Embauche enregistrée."),
}


@acces_reserve(TypeCompte.EMPLOYEUR)
def offre_candidatures(request, pk):
    offre = acces.offre_de_l_employeur_ou_404(request.user, pk)
    qs = offre.candidatures.select_related("personne__commune", "personne__profil_recherche").order_by(
        "-created_at", "-pk"
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


# --- Person -----------------------------------------------------------------------------------


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
    for candidature in lignes:
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


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def candidater(request, pk):
    personne = acces.personne_du_compte(request.user)
    if personne is None:
        raise Http404
    offre = _offre_publiee_ou_404(pk)
    existante = candidatures.candidature_de(personne, offre)
    form = CandidatureForm(request.POST or None) if existante is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            candidatures.candidater(offre, personne, request.user, form.cleaned_data["message"])
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


# --- Network ------------------------------------------------------------------------------------


def _offre_du_reseau_ou_404(user, pk):
    offre = (
        acces.offres_du_reseau(user)
        .select_related("entreprise", "commune", "fiche_rome")
        .filter(pk=acces.pk_ou_404(pk))
        .first()
    )
    if offre is None:
        raise Http404
    return offre


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def mettre_en_relation(request, pk, personne_pk):
    offre = _offre_du_reseau_ou_404(request.user, pk)
    personne = acces_personne(request, personne_pk, partie=PartieDossier.IDENTITE)
    existante = candidatures.candidature_de(personne, offre)
    form = MiseEnRelationForm(request.POST or None) if existante is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            candidature = candidatures.mettre_en_relation(offre, personne, request.user, form.cleaned_data["message"])
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Mise en relation transmise à l'employeur ; la personne est prévenue.")
            return redirect("backoffice:candidature", pk=candidature.pk)
    return render(
        request,
        "entreprises/conseiller/candidatures/mise_en_relation.html",
        {"offre": offre, "personne": personne, "form": form, "candidature": existante},
    )


def candidature_du_reseau_ou_404(request, pk):
    """One application, for whoever reads the person's file through the gate, or for the conseiller
    who put the person forward (their mission on this application); the read is logged."""
    candidature = (
        Candidature.objects.select_related("offre__entreprise", "offre__commune", "mise_en_relation_par")
        .filter(pk=acces.pk_ou_404(pk))
        .first()
    )
    if candidature is None:
        raise Http404

    def par_mise_en_relation(user, personne):
        if candidature.mise_en_relation_par_id != user.pk:
            return None
        organisations = sorted(contexte_professionnel(user).organisations_accompagnement)
        return organisations[0] if organisations else None

    candidature.personne = acces_personne(
        request, candidature.personne_id, partie=PartieDossier.CANDIDATURE, par_mission=par_mise_en_relation
    )
    return candidature


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def candidature_reseau(request, pk):
    candidature = candidature_du_reseau_ou_404(request, pk)
    return render(
        request,
        "entreprises/conseiller/candidatures/detail.html",
        {
            "candidature": candidature,
            "offre": candidature.offre,
            "personne": candidature.personne,
            "historique": candidatures.historique(candidature),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def candidatures_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CANDIDATURE)
    lignes = list(
        Candidature.objects.filter(personne=personne)
        .select_related("offre__entreprise", "offre__commune", "mise_en_relation_par")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "entreprises/conseiller/candidatures/personne.html",
        {
            "personne": personne,
            "candidatures": lignes,
            "peut_prescrire": acces.peut_prescrire_immersion(request.user, personne),
        },
    )
