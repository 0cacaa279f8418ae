"""The offres pages of the network's back-office (/conseiller/).

Offers' pages: the employer's (/entreprise/offres/) and the network's (/conseiller/offres/), and the
conseillers' follow-up tasks (/conseiller/taches-entreprises/).

Every view declares its account kinds and roles (``acces_reserve``), then finds the object through
the access rules (``entreprises.acces``, ``entreprises.offres``): an offer the user may not see is a
404, like an unknown one. Each step posts to one URL and calls one action of ``entreprises.offres``;
a refusal is shown at the field, with the input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from entreprises import acces, offres, taches
from entreprises.forms.offres import (
    ConseillerForm,
    FiltreOffresReseauForm,
    MotifForm,
    OffreForm,
    TacheFaiteForm,
)
from entreprises.views.commun.offres import (
    ETAPES,
    PAR_PAGE,
    RELATIONS,
    constats_et_apercu,
    executer_etape,
    message_soumission,
    modifier_offre,
    page_formulaire,
)
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT

MOTIFS = {
    "publier": {
        "libelle": "Motif de la publication",
        "aide": "Pourquoi les points relevés ne font pas obstacle (ou ce qui a été corrigé) : l'employeur le lit.",
    },
    "renvoyer": {
        "libelle": "Ce que l’employeur doit corriger",
        "aide": "Lu par l'employeur dans son espace ; le courriel qu'il reçoit ne le reprend pas.",
    },
}


def _formulaire_etape(nom, offre, data=None):
    classe = ETAPES[nom][0]
    if classe is None:
        return None
    if classe is MotifForm:
        return MotifForm(data, prefix=nom, **MOTIFS[nom])
    if classe is ConseillerForm:
        memberships = offres.conseillers_possibles(offre)
        return ConseillerForm(
            data, prefix=nom, memberships=memberships, initial={"conseiller": offre.conseiller_recrutement_id}
        )
    return classe(data, prefix=nom)


def _offre_reseau_ou_404(request, pk):
    offre = (
        acces.offres_visibles(request.user)
        .select_related(
            *RELATIONS,
            "entreprise__referent",
            "entreprise__organisation_referente",
            "conseiller_recrutement",
            "validee_par",
        )
        .filter(pk=acces.pk_ou_404(pk))
        .first()
    )
    if offre is None:
        raise Http404
    return offre


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def liste_reseau(request):
    filtres = FiltreOffresReseauForm(request.GET or None)
    qs = acces.offres_du_reseau(request.user).select_related(*RELATIONS).order_by("-publiee_le", "-pk")
    criteres = {}
    if filtres.is_bound and not filtres.is_valid():
        # A filter that could not be read (an ambiguous commune…) lists nothing rather than everything.
        qs = qs.none()
    elif filtres.is_bound:
        criteres = filtres.cleaned_data
    for mot in criteres.get("mots", []):
        qs = qs.filter(
            Q(titre__unaccent__icontains=mot)
            | Q(fiche_rome__libelle__unaccent__icontains=mot)
            | Q(entreprise__nom__unaccent__icontains=mot)
            | Q(commune__nom__unaccent__icontains=mot)
        )
    rome = criteres.get("rome")
    if rome:
        qs = qs.filter(fiche_rome_id=rome) if len(rome) == 5 else qs.filter(domaine=rome)
    if criteres.get("commune"):
        qs = qs.filter(commune=criteres["commune"])
    if criteres.get("departement"):
        qs = qs.filter(departement=criteres["departement"])
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "entreprises/conseiller/offres/liste.html",
        {
            "page": page,
            "filtres": filtres,
            "nb_a_valider": acces.a_valider(request.user).count(),
            "entreprises": list(acces.entreprises_gerees(request.user).order_by("nom", "pk")[:20]),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def a_valider_reseau(request):
    qs = acces.a_valider(request.user).select_related(*RELATIONS).order_by("updated_at", "pk")
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "entreprises/conseiller/offres/a_valider.html", {"page": page})


def _detail_reseau(request, offre, formulaires=None):
    constats, apercu = constats_et_apercu(offre)
    etapes = acces.etapes_possibles(request.user, offre)
    formulaires = dict(formulaires or {})
    for nom in etapes & {"publier", "renvoyer", "conseiller"}:
        formulaires.setdefault(nom, _formulaire_etape(nom, offre))
    return render(
        request,
        "entreprises/conseiller/offres/detail.html",
        {
            "offre": offre,
            "constats": constats,
            "apercu": apercu,
            "etapes": etapes,
            "formulaires": formulaires,
            "gere_offre": acces.gere_offre(request.user, offre),
            "gere_entreprise": acces.gere_entreprise(request.user, offre.entreprise),
            "en_erreur": any(f is not None and f.is_bound and f.errors for f in formulaires.values()),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def detail_reseau(request, pk):
    return _detail_reseau(request, _offre_reseau_ou_404(request, pk))


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def modifier_reseau(request, pk):
    offre = _offre_reseau_ou_404(request, pk)
    if "modifier" not in acces.etapes_possibles(request.user, offre):
        raise Http404
    return modifier_offre(request, offre, "entreprises/conseiller/offres/formulaire.html", "backoffice:offre")


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def etape_reseau(request, pk, etape):
    offre = _offre_reseau_ou_404(request, pk)
    if etape not in ETAPES or etape not in acces.etapes_possibles(request.user, offre):
        raise Http404
    form = _formulaire_etape(etape, offre, request.POST)
    if form is not None and not form.is_valid():
        return _detail_reseau(request, offre, {etape: form})
    resultat, erreur = executer_etape(request, offre, etape, form)
    if erreur is not None:
        if form is None:
            messages.error(request, " ".join(erreur.messages))
            return redirect("backoffice:offre", pk=offre.pk)
        reporter(form, erreur)
        return _detail_reseau(request, offre, {etape: form})
    messages.success(request, message_soumission(resultat) if etape == "soumettre" else ETAPES[etape][2])
    return redirect("backoffice:offre", pk=offre.pk)


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def nouvelle_reseau(request, pk):
    entreprise = (
        acces.entreprises_gerees(request.user).select_related("commune").filter(pk=acces.pk_ou_404(pk)).first()
    )
    if entreprise is None:
        raise Http404
    recherche = request.POST.get("recherche_metier", "") if "rechercher" in request.POST else None
    form = OffreForm(request.POST or None, recherche=recherche)
    if request.method == "POST" and "rechercher" not in request.POST and form.is_valid():
        try:
            offre = offres.creer(entreprise, acting_user=request.user, **form.valeurs())
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Brouillon enregistré : relisez-le avec l'employeur puis soumettez-le.")
            return redirect("backoffice:offre", pk=offre.pk)
    return page_formulaire(
        request, "entreprises/conseiller/offres/formulaire.html", form, {"offre": None, "entreprise": entreprise}
    )


def _page_taches(request, form_en_erreur=None, tache_en_erreur=None):
    maintenant = timezone.now()
    lignes = []
    for tache in taches.taches_de(request.user):
        form = form_en_erreur if tache.pk == tache_en_erreur else TacheFaiteForm(prefix=f"tache-{tache.pk}")
        lignes.append({"tache": tache, "en_retard": tache.en_retard(maintenant), "form": form})
    return render(
        request,
        "entreprises/conseiller/offres/taches.html",
        {
            "lignes": lignes,
            "nb_en_retard": sum(1 for ligne in lignes if ligne["en_retard"]),
            "en_erreur": form_en_erreur is not None,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def taches_reseau(request):
    return _page_taches(request)


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def tache_faite(request, pk):
    # Only a task of the user's list: another's task, one done already and an unknown id are the same 404.
    tache = taches.taches_de(request.user).filter(pk=acces.pk_ou_404(pk)).first()
    if tache is None:
        raise Http404
    form = TacheFaiteForm(request.POST, prefix=f"tache-{tache.pk}")
    if not form.is_valid():
        return _page_taches(request, form, tache.pk)
    try:
        taches.marquer_faite(tache, acting_user=request.user, compte_rendu=form.cleaned_data["compte_rendu"])
    except ValidationError as e:
        reporter(form, e)
        return _page_taches(request, form, tache.pk)
    messages.success(request, f"Tâche « {tache.get_type_tache_display()} » faite pour {tache.entreprise.nom}.")
    return redirect("backoffice:taches_entreprises")
