"""Back-office: the contrat d'engagement of one person, as the référent drafts and follows it.

Everyone who may read the person's file through the gate (accompaniment and
departmental roles) reads the contract; only the référent (``actions.est_referent``)
changes it, and every change is an action of ``contrats.actions``. A page that
changes something answers 404 to anyone else, as the gate does.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from contrats import actions, regles
from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, StatutContrat, TypeAction
from contrats.forms import (
    ActionPlanForm,
    AmenagementDureeForm,
    OreForm,
    SignaturePapierForm,
    reporter,
)
from contrats.models import ActionPlan, ContratEngagement, SocleDroitsDevoirs, VersionContrat
from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.parametres.lookup import valeur
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DEPARTEMENTAUX
from francetravail.rome.models import FicheRome
from orientation.enums import Parcours

# Who reads a contract: those who work files, not the mediators (the contract is not theirs to read).
ROLES_LECTEURS = ROLES_ACCOMPAGNEMENT | ROLES_DEPARTEMENTAUX
# Who may change one: the accompaniment roles; est_referent then checks the organisation.
ROLES_REFERENTS = ROLES_ACCOMPAGNEMENT

LIBELLES = {
    "type": dict(TypeAction.choices),
    "porteur": dict(PorteurAction.choices),
    "statut": dict(StatutAction.choices),
    "amenagement": dict(AmenagementDuree.choices),
    "motif_dispense": dict(MotifDispense.choices),
    "parcours": dict(Parcours.choices),
}


# --- Loading --------------------------------------------------------------------------------------


def _contrats(personne):
    return (
        ContratEngagement.objects.filter(personne=personne)
        .select_related("organisme", "referent", "contresigne_par", "version_en_vigueur")
        .order_by("-created_at", "-pk")
    )


def _contrat_courant(personne):
    """The person's latest contract (a re-orientation opens a new one), or None."""
    return _contrats(personne).first()


def _contrat_ou_404(personne):
    contrat = _contrat_courant(personne)
    if contrat is None:
        raise Http404
    contrat.personne = personne  # already loaded by the gate
    return contrat


def _referent_ou_404(request, pk):
    """The gate, then the person's current contract, then: is this user its référent? 404 otherwise."""
    personne = acces_personne(request, pk, partie=PartieDossier.CONTRAT)
    contrat = _contrat_ou_404(personne)
    if not actions.est_referent(request.user, contrat.organisme_id, personne):
        raise Http404
    return personne, contrat


def _retour(personne, ancre=""):
    return redirect(reverse("backoffice:contrat", kwargs={"pk": personne.pk}) + ancre)


# --- The contract page -----------------------------------------------------------------------------


def _socle(contrat, derniere):
    """The common base the person reads: frozen in the last version once submitted, the published one in a draft."""
    if contrat.statut != StatutContrat.BROUILLON and derniere is not None:
        return derniere.contenu["socle"]
    socle = SocleDroitsDevoirs.objects.en_vigueur(contrat.parcours)
    if socle is None:
        return None
    return {
        "version": socle.version,
        "publie_le": socle.publie_le.isoformat(),
        "droits_devoirs": socle.texte,
        "obligations_parcours": socle.obligations_parcours,
        "voies_recours": socle.voies_recours,
    }


def _metiers(codes):
    libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle")) if codes else {}
    return [{"code": code, "libelle": libelles.get(code, "")} for code in codes]


def _contexte_contrat(request, personne, contrat):
    aujourdhui = timezone.localdate()
    versions = list(contrat.versions.defer("contenu").select_related("soumise_par").order_by("-numero"))
    derniere = versions[0] if versions else None
    if derniere is not None and contrat.statut != StatutContrat.BROUILLON:
        derniere = contrat.versions.get(pk=derniere.pk)  # with its frozen content
    plan = list(contrat.actions.order_by("debut", "pk"))
    comptees = [a for a in plan if a.statut != StatutAction.ABANDONNEE]
    total = regles.total_heures(a.heures_hebdo for a in comptees)
    minimum = valeur("contrat.heures_hebdo_minimum", le=aujourdhui, departement=personne.departement_id)
    erreurs_duree = regles.erreurs_duree(
        total,
        minimum=minimum,
        amenagement=contrat.amenagement_duree,
        motif_minoration=contrat.motif_minoration,
        motif_dispense=contrat.motif_dispense,
        demandee_par_personne=contrat.dispense_demandee_par_personne,
    )
    for action in plan:
        action.en_retard = (
            action.fin is not None
            and action.fin < aujourdhui
            and action.statut not in (StatutAction.REALISEE, StatutAction.ABANDONNEE)
        )
    return {
        "personne": personne,
        "contrat": contrat,
        "versions": versions,
        "demandes": [v for v in versions if v.commentaire_modification],
        "socle": _socle(contrat, derniere),
        "plan": plan,
        "total_heures": total,
        "minimum_heures": minimum,
        "duree_suffisante": total >= minimum,
        "erreurs_duree": erreurs_duree,
        "ore_possible": regles.ore_possible(contrat.parcours),
        "metiers": _metiers(contrat.ore_metiers),
        "mention_jeunes": contrat.mention_jeunes(),
        "signature_en_retard": contrat.signature_en_retard(aujourdhui),
        "alerte_ore": contrat.alerte_ore(aujourdhui),
        "peut_modifier": actions.est_referent(request.user, contrat.organisme_id, personne),
    }


def _page_contrat(request, personne, contrat, *, erreurs=None, status=200):
    contexte = _contexte_contrat(request, personne, contrat)
    contexte["erreurs"] = erreurs or []
    return render(request, "contrats/backoffice/contrat.html", contexte, status=status)


@require_http_methods(["GET"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_LECTEURS)
def contrat(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CONTRAT)
    contrat = _contrat_courant(personne)
    if contrat is None:
        return render(
            request,
            "contrats/backoffice/sans_contrat.html",
            {
                "personne": personne,
                "peut_rediger": actions.est_referent(request.user, personne.organisme_referent_id, personne),
            },
        )
    contrat.personne = personne
    return _page_contrat(request, personne, contrat)


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def rediger(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CONTRAT)
    if not actions.est_referent(request.user, personne.organisme_referent_id, personne):
        raise Http404
    try:
        actions.rediger(personne, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Le contrat d'engagement est ouvert en brouillon : composez le plan d'action.")
    return _retour(personne)


# --- The plan d'action -----------------------------------------------------------------------------


def _page_action(request, personne, contrat, form, action=None):
    return render(
        request,
        "contrats/backoffice/action.html",
        {"personne": personne, "contrat": contrat, "form": form, "action": action},
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def action_ajouter(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    form = ActionPlanForm(request.POST or None, initial={"debut": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.ajouter_action(contrat, acting_user=request.user, **form.champs_action())
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "L'action est ajoutée au plan.")
            return _retour(personne, "#plan")
    return _page_action(request, personne, contrat, form)


def _action_ou_404(contrat, action_pk):
    return get_object_or_404(ActionPlan, pk=action_pk, contrat=contrat)


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def action_modifier(request, pk, action_pk):
    personne, contrat = _referent_ou_404(request, pk)
    action = _action_ou_404(contrat, action_pk)
    initial = {nom: getattr(action, nom) for nom in actions.CHAMPS_ACTION}
    form = ActionPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.modifier_action(action, acting_user=request.user, **form.champs_action())
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "L'action est modifiée.")
            return _retour(personne, "#plan")
    return _page_action(request, personne, contrat, form, action)


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def action_supprimer(request, pk, action_pk):
    personne, contrat = _referent_ou_404(request, pk)
    action = _action_ou_404(contrat, action_pk)
    try:
        actions.supprimer_action(action, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "L'action est retirée du plan.")
    return _retour(personne, "#plan")


# --- Weekly hours and ORE --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def duree(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    initial = {
        "amenagement": contrat.amenagement_duree,
        "motif_minoration": contrat.motif_minoration,
        "motif_dispense": contrat.motif_dispense,
        "demandee_par_personne": contrat.dispense_demandee_par_personne,
        "demandee_le": contrat.dispense_demandee_le,
    }
    form = AmenagementDureeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.amenager_duree(contrat, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.reporter(exc)
        else:
            messages.success(request, "La durée hebdomadaire du contrat est enregistrée.")
            return _retour(personne, "#duree")
    return render(request, "contrats/backoffice/duree.html", {"personne": personne, "contrat": contrat, "form": form})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def ore(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    if not regles.ore_possible(contrat.parcours):
        raise Http404
    initial = {
        "metiers": ", ".join(contrat.ore_metiers),
        "zone": contrat.ore_zone,
        "communes": ", ".join(contrat.ore_communes),
        "salaire_attendu": contrat.ore_salaire_attendu,
    }
    form = OreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            actions.fixer_ore(
                contrat,
                acting_user=request.user,
                metiers=donnees["metiers"],
                zone=donnees["zone"],
                communes=donnees["communes"],
                salaire_attendu=donnees["salaire_attendu"],
            )
        except ValidationError as exc:
            form.reporter(exc)
        else:
            messages.success(request, "L'offre raisonnable d'emploi est enregistrée.")
            return _retour(personne, "#ore")
    return render(
        request,
        "contrats/backoffice/ore.html",
        {"personne": personne, "contrat": contrat, "form": form, "metiers": _metiers(contrat.ore_metiers)},
    )


# --- Submission and signature ----------------------------------------------------------------------


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def soumettre(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    try:
        actions.soumettre(contrat, acting_user=request.user)
    except ValidationError as exc:
        # The rule errors (15 hours, dispense…) on the page itself, next to the plan they are about.
        return _page_contrat(request, personne, _contrat_ou_404(personne), erreurs=exc.messages)
    messages.success(request, "Le contrat est soumis à la personne : elle le lit et l'accepte dans son espace.")
    return _retour(personne)


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def contresigner(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    try:
        actions.contresigner(contrat, acting_user=request.user)
    except ValidationError as exc:
        return _page_contrat(request, personne, _contrat_ou_404(personne), erreurs=exc.messages)
    messages.success(request, "Le contrat est contresigné : il est en vigueur.")
    return _retour(personne)


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def signature_papier(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    form = SignaturePapierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enregistrer_signature_papier(
                contrat, acting_user=request.user, scan=form.cleaned_data["signature_papier"]
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "La signature sur papier est enregistrée avec son scan : le contrat est signé.")
            return _retour(personne)
    return render(
        request,
        "contrats/backoffice/signature_papier.html",
        {"personne": personne, "contrat": contrat, "form": form},
    )


# --- Versions ------------------------------------------------------------------------------------


def _date(iso):
    return datetime.date.fromisoformat(iso) if iso else None


def _libeller(contenu):
    """The frozen content with the labels of its codes, for reading (the codes stay what was signed)."""
    plan = [
        {
            **ligne,
            "type_libelle": LIBELLES["type"].get(ligne["type"], ligne["type"]),
            "porteur_libelle": LIBELLES["porteur"].get(ligne["porteur"], ligne["porteur"]),
            "statut_libelle": LIBELLES["statut"].get(ligne["statut"], ligne["statut"]),
            "debut_date": _date(ligne["debut"]),
            "fin_date": _date(ligne.get("fin")),
        }
        for ligne in contenu.get("plan", [])
    ]
    duree = dict(contenu.get("duree_hebdo") or {})
    duree["amenagement_libelle"] = LIBELLES["amenagement"].get(duree.get("amenagement"), "")
    duree["motif_dispense_libelle"] = LIBELLES["motif_dispense"].get(duree.get("motif_dispense"), "")
    ore = contenu.get("ore")
    return {
        **contenu,
        "plan": plan,
        "duree_hebdo": duree,
        "parcours_libelle": LIBELLES["parcours"].get(contenu.get("parcours"), ""),
        "date_naissance": _date(contenu.get("personne", {}).get("date_naissance")),
        "metiers": _metiers(ore["metiers"]) if ore else [],
    }


@require_http_methods(["GET"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_LECTEURS)
def version(request, pk, version_pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CONTRAT)
    version = get_object_or_404(
        VersionContrat.objects.select_related("contrat", "soumise_par"), pk=version_pk, contrat__personne=personne
    )
    return render(
        request,
        "contrats/backoffice/version.html",
        {
            "personne": personne,
            "version": version,
            "contrat": version.contrat,
            "contenu": _libeller(version.contenu),
            "etape": f"Version {version.numero}",
        },
    )
