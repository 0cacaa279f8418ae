"""A département's CAF/MSA flows, run by its staff (``acces.peut_gerer_flux``): upload, preview, import,
report, and the column mappings of its exports. Every refusal is a 404 (another département's
imports and mappings are not revealed)."""

import itertools

from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from francetravail.base import csv_sur
from francetravail.base.televersement import refus_televersement, televersement_limite
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.models import Departement
from inscription import apercus
from inscription.acces import (
    ROLES_FLUX,
    InscriptionRefusee,
    departements_flux,
    peut_gerer_flux,
    peut_modifier_correspondance,
)
from inscription.actions import (
    associer_colonnes,
    copier_correspondance,
    creer_correspondance,
    lancer_import_flux_caf,
    modifier_correspondance,
)
from inscription.enums import FormatFlux, ResultatLigne, StatutImport
from inscription.flux import cnaf_xml, tableur
from inscription.flux.detection import format_du_fichier
from inscription.flux.modele import FormatInvalide, FoyerLu
from inscription.forms import (
    AssociationColonnesForm,
    CorrespondanceForm,
    TeleversementFluxForm,
    correspondances_proposees,
)
from inscription.models import CorrespondanceColonnes, ImportFluxCAF

PRO = TypeCompte.PROFESSIONNEL
NB_LIGNES_APERCU = 20


def _departement_ou_404(request, code):
    if not peut_gerer_flux(request.user, code):
        raise Http404
    return get_object_or_404(Departement, code=code)


@require_GET
@acces_reserve(PRO, roles=ROLES_FLUX)
def accueil(request):
    """The menu's entry: the only département's page, or the list of them."""
    codes = departements_flux(request.user)
    if not codes:
        raise Http404
    if len(codes) == 1:
        return redirect("backoffice:flux_caf", departement=codes[0])
    return render(
        request, "inscription/flux/accueil.html", {"departements": Departement.objects.filter(code__in=codes)}
    )


@require_GET
@acces_reserve(PRO, roles=ROLES_FLUX)
def imports(request, departement):
    dep = _departement_ou_404(request, departement)
    qs = ImportFluxCAF.objects.filter(departement=dep).select_related("correspondance").order_by("-cree_le")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "inscription/flux/imports.html", {"departement": dep, "page": page})


# --- Upload and preview ----------------------------------------------------------------------------


def _depot_ou_404(dep, jeton):
    depot = apercus.lire(jeton)
    if depot is None or depot["departement"] != dep.code:
        raise Http404
    return depot


@televersement_limite(lambda: settings.FLUX_CAF_TAILLE_MAX)
@require_http_methods(["GET", "POST"])
@acces_reserve(PRO, roles=ROLES_FLUX)
def televerser(request, departement):
    dep = _departement_ou_404(request, departement)
    envoi = request.method == "POST"
    form = TeleversementFluxForm(
        request.POST if envoi else None,
        request.FILES if envoi else None,
        departement=dep,
        refus=refus_televersement(request, "fichier"),
    )
    if envoi and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        correspondance = form.cleaned_data["correspondance"]
        try:
            format_flux = format_du_fichier(fichier)
        except FormatInvalide as exc:
            form.add_error("fichier", f"Ce fichier XML n'est pas un flux « bénéficiaires RSA » lisible : {exc}")
        else:
            if format_flux == FormatFlux.TABLEUR and correspondance is None:
                form.add_error("correspondance", "Choisissez la correspondance de colonnes de ce fichier CSV ou XLSX.")
            else:
                jeton = apercus.deposer(
                    fichier,
                    nom_fichier=fichier.name,
                    departement=dep,
                    format=format_flux,
                    correspondance=correspondance,
                    acting_user=request.user,
                )
                return redirect("backoffice:flux_caf_apercu", departement=dep.code, jeton=jeton)
    return render(request, "inscription/flux/televerser.html", {"departement": dep, "form": form})


def _entier(valeur):
    return int(valeur) if valeur and str(valeur).isdigit() else 0


def _correspondance_de(apercu, dep):
    if apercu["format"] != FormatFlux.TABLEUR:
        return None
    return correspondances_proposees(dep).filter(pk=apercu["correspondance"]).first()


@require_http_methods(["GET", "POST"])
@acces_reserve(PRO, roles=ROLES_FLUX)
def apercu(request, departement, jeton):
    """What the platform understands of the file, before anything is written."""
    dep = _departement_ou_404(request, departement)
    depot = _depot_ou_404(dep, jeton)
    if request.method == "POST":  # another mapping for the same file
        choisie = correspondances_proposees(dep).filter(pk=_entier(request.POST.get("correspondance"))).first()
        if choisie is None or depot["format"] != FormatFlux.TABLEUR:
            raise Http404
        apercus.changer_correspondance(jeton, choisie)
        return redirect("backoffice:flux_caf_apercu", departement=dep.code, jeton=jeton)
    correspondance = _correspondance_de(depot, dep)
    contexte = {
        "departement": dep,
        "jeton": jeton,
        "depot": depot,
        "correspondance": correspondance,
        "correspondances": correspondances_proposees(dep),
        "modifiable": correspondance is not None and peut_modifier_correspondance(request.user, correspondance),
    }
    with apercus.ouvrir(depot) as fichier:
        if depot["format"] == FormatFlux.TABLEUR:
            contexte |= _apercu_tableur(fichier, depot, correspondance)
        else:
            contexte |= _apercu_xml(fichier)
    return render(request, "inscription/flux/apercu.html", contexte)


def _apercu_tableur(fichier, depot, correspondance):
    lu = tableur.apercu(
        fichier,
        depot["nom_fichier"],
        correspondance,
        n=NB_LIGNES_APERCU,
        aujourd_hui=timezone.localdate(),
        longueur_max=settings.FLUX_CAF_LONGUEUR_MAX_LIGNE,
    )
    champs = lu.champs_lus
    lignes = [
        {
            "numero": ligne.numero,
            "motif": ligne.motif,
            "ignoree": ligne.ignoree,
            "cellules": [
                (
                    c.libelle,
                    tableur.afficher(c.nom, ligne.valeurs.get(c.nom)),
                    ligne.erreurs.get(c.nom, ""),
                )
                for c in champs
            ],
        }
        for ligne in lu.lignes
    ]
    non_reconnues = [c for c in lu.colonnes if not c.champ and c.entete]
    return {
        "lu": lu,
        "champs": champs,
        "lignes": lignes,
        "nb_erreurs": sum(1 for ligne in lu.lignes if ligne.erreurs or ligne.motif),
        "non_reconnues": non_reconnues,
        "form_colonnes": AssociationColonnesForm(colonnes=non_reconnues) if non_reconnues else None,
        "importable": lu.importable,
    }


def _apercu_xml(fichier):
    try:
        entete, foyers = cnaf_xml.lire(fichier, verifier_d_abord=False)
        premiers = list(itertools.islice(foyers, NB_LIGNES_APERCU))
    except FormatInvalide as exc:
        return {"erreur_xml": str(exc), "importable": False}
    return {
        "entete_xml": entete,
        "foyers": [
            {
                "foyer": f,
                "lu": isinstance(f, FoyerLu),
                "membres": ", ".join(f"{m.prenoms} {m.nom_naissance} ({m.role})" for m in f.membres)
                if isinstance(f, FoyerLu)
                else "",
            }
            for f in premiers
        ],
        "importable": True,
    }


@require_POST
@acces_reserve(PRO, roles=ROLES_FLUX)
def associer(request, departement, jeton):
    """The preview's columns not recognised, given a field: added to the mapping's headers."""
    dep = _departement_ou_404(request, departement)
    depot = _depot_ou_404(dep, jeton)
    correspondance = _correspondance_de(depot, dep)
    if correspondance is None or not peut_modifier_correspondance(request.user, correspondance):
        raise Http404
    with apercus.ouvrir(depot) as fichier:
        lu = tableur.apercu(fichier, depot["nom_fichier"], correspondance, n=0)
    form = AssociationColonnesForm(request.POST, colonnes=[c for c in lu.colonnes if not c.champ and c.entete])
    if form.is_valid() and form.associations():
        try:
            associer_colonnes(correspondance, form.associations(), acting_user=request.user)
        except InscriptionRefusee as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"La correspondance « {correspondance.nom} » est enregistrée.")
    return redirect("backoffice:flux_caf_apercu", departement=dep.code, jeton=jeton)


@require_POST
@acces_reserve(PRO, roles=ROLES_FLUX)
def importer(request, departement, jeton):
    dep = _departement_ou_404(request, departement)
    depot = _depot_ou_404(dep, jeton)
    correspondance = _correspondance_de(depot, dep)
    if depot["format"] == FormatFlux.TABLEUR and correspondance is None:
        raise Http404
    with apercus.ouvrir(depot) as fichier:
        try:
            imp = lancer_import_flux_caf(
                File(fichier, name=depot["nom_fichier"]),
                nom_fichier=depot["nom_fichier"],
                acting_user=request.user,
                format=depot["format"],
                departement=dep,
                correspondance=correspondance,
            )
        except InscriptionRefusee:
            raise Http404 from None
    apercus.oublier(jeton)
    messages.success(request, f"Import n° {imp.pk} lancé : suivez son avancement sur cette page.")
    return redirect("backoffice:flux_caf_import", departement=dep.code, pk=imp.pk)


@require_POST
@acces_reserve(PRO, roles=ROLES_FLUX)
def abandonner(request, departement, jeton):
    dep = _departement_ou_404(request, departement)
    _depot_ou_404(dep, jeton)
    apercus.oublier(jeton)
    messages.info(request, "Le fichier est abandonné : rien n'a été importé.")
    return redirect("backoffice:flux_caf", departement=dep.code)


# --- An import: progress, counts, report -----------------------------------------------------------


def _import_ou_404(request, departement, pk):
    dep = _departement_ou_404(request, departement)
    return dep, get_object_or_404(ImportFluxCAF.objects.select_related("correspondance"), pk=pk, departement=dep)


@require_GET
@acces_reserve(PRO, roles=ROLES_FLUX)
def import_flux(request, departement, pk):
    dep, imp = _import_ou_404(request, departement, pk)
    en_cours = imp.statut in (StatutImport.EN_ATTENTE, StatutImport.EN_COURS)
    return render(
        request,
        "inscription/flux/import.html",
        {
            "departement": dep,
            "imp": imp,
            "en_cours": en_cours,
            "nb_lignes_rapport": imp.lignes.count(),
            "rejets": imp.rejets[:20],
        },
    )


@require_GET
@acces_reserve(PRO, roles=ROLES_FLUX)
def rapport(request, departement, pk):
    """Every line of the report (all but « sans changement »), with its result and reason, in French."""
    _dep, imp = _import_ou_404(request, departement, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapport-import-{imp.pk}.csv"'
    response.write("\ufeff")  # spreadsheet software reads UTF-8 with a BOM
    writer = csv_sur.writer(response, delimiter=";")
    writer.writerow(["ligne", "résultat", "numéro d'allocataire", "motif", "contenu"])
    libelles = dict(ResultatLigne.choices)
    for ligne in imp.lignes.order_by("numero_ligne").iterator(chunk_size=2000):
        writer.writerow(
            [
                ligne.numero_ligne,
                libelles.get(ligne.resultat, ligne.resultat),
                ligne.numero_allocataire,
                ligne.motif,
                ligne.contenu,
            ]
        )
    return response


# --- Column mappings ---------------------------------------------------------------------------------


def _correspondance_ou_404(request, dep, pk):
    return get_object_or_404(correspondances_proposees(dep), pk=pk)


@require_GET
@acces_reserve(PRO, roles=ROLES_FLUX)
def correspondances(request, departement):
    dep = _departement_ou_404(request, departement)
    return render(
        request,
        "inscription/flux/correspondances.html",
        {"departement": dep, "correspondances": correspondances_proposees(dep).select_related("modifie_par")},
    )


def _retour_apercu(request, dep):
    """Back to the preview the user came from (``?apercu=<jeton>``, one of their own), or None."""
    jeton = request.GET.get("apercu") or request.POST.get("apercu")
    depot = apercus.lire(jeton)
    if depot is not None and depot["departement"] == dep.code:
        return reverse("backoffice:flux_caf_apercu", kwargs={"departement": dep.code, "jeton": jeton})
    return None


@require_http_methods(["GET", "POST"])
@acces_reserve(PRO, roles=ROLES_FLUX)
def nouvelle_correspondance(request, departement):
    dep = _departement_ou_404(request, departement)
    form = CorrespondanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if CorrespondanceColonnes.objects.filter(departement=dep, nom=form.cleaned_data["nom"]).exists():
            form.add_error("nom", "Une correspondance de ce département porte déjà ce nom.")
        else:
            correspondance = creer_correspondance(dep, acting_user=request.user, **form.changements())
            messages.success(request, f"La correspondance « {correspondance.nom} » est créée.")
            return redirect("backoffice:flux_caf_correspondance", departement=dep.code, pk=correspondance.pk)
    return render(
        request,
        "inscription/flux/correspondance.html",
        {"departement": dep, "form": form, "correspondance": None, "modifiable": True},
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(PRO, roles=ROLES_FLUX)
def correspondance(request, departement, pk):
    """A mapping: editable when it is the département's, read-only (copied to be changed) when national."""
    dep = _departement_ou_404(request, departement)
    objet = _correspondance_ou_404(request, dep, pk)
    modifiable = peut_modifier_correspondance(request.user, objet)
    if request.method == "POST" and not modifiable:
        raise Http404
    form = CorrespondanceForm(request.POST or None, correspondance=objet, lecture_seule=not modifiable)
    retour = _retour_apercu(request, dep)
    if request.method == "POST" and form.is_valid():
        nom = form.cleaned_data["nom"]
        if CorrespondanceColonnes.objects.filter(departement=dep, nom=nom).exclude(pk=objet.pk).exists():
            form.add_error("nom", "Une correspondance de ce département porte déjà ce nom.")
        else:
            modifier_correspondance(objet, acting_user=request.user, **form.changements())
            messages.success(request, f"La correspondance « {nom} » est enregistrée.")
            return redirect(retour or reverse("backoffice:flux_caf_correspondance", args=[dep.code, objet.pk]))
    historique = objet.pgh_event_model.objects.filter(pgh_obj=objet).select_related("modifie_par")
    return render(
        request,
        "inscription/flux/correspondance.html",
        {
            "departement": dep,
            "form": form,
            "correspondance": objet,
            "modifiable": modifiable,
            "retour": retour,
            "jeton": (request.GET.get("apercu") or request.POST.get("apercu") or "") if retour else "",
            "historique": historique.order_by("-pgh_created_at")[:50],
        },
    )


@require_POST
@acces_reserve(PRO, roles=ROLES_FLUX)
def copier(request, departement, pk):
    dep = _departement_ou_404(request, departement)
    source = _correspondance_ou_404(request, dep, pk)
    copie = copier_correspondance(source, dep, acting_user=request.user)
    messages.success(request, f"« {copie.nom} » est créée : adaptez-la à vos exports.")
    return redirect("backoffice:flux_caf_correspondance", departement=dep.code, pk=copie.pk)
