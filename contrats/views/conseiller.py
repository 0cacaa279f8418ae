"""Back-office: the contrat d'engagement of one person, as the référent drafts and follows it.

Everyone who may read the person's file through the gate (accompaniment and
departmental roles) reads the contract; only the référent (``acces.est_referent``)
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

from contrats import acces, actions, points_etape, queries, regles, suivi
from contrats import dispense as dispense_parent_isole
from contrats.document import reponse_pdf
from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, StatutContrat, TypeAction
from contrats.forms.conseiller import (
    ActionPlanForm,
    AmenagementDureeForm,
    OreForm,
    RevisionForm,
    RythmeForm,
    SignaturePapierForm,
)
from contrats.models import ActionPlan, SocleDroitsDevoirs, VersionContrat
from contrats.revisions import diff_engagements
from contrats.scan import TAILLE_MAX_SCAN
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.base.televersement import refus_televersement, televersement_limite
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.parametres.lookup import valeur
from francetravail.personnes.acces import acces_personne
from francetravail.rendezvous.enums import Motif
from francetravail.rendezvous.forms import PropositionForm
from francetravail.rendezvous.queries import creneaux_disponibles
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DEPARTEMENTAUX, Role
from francetravail.reseau.models import Commune
from orientation.enums import STATUTS_DECIDES, Parcours

# Who reads a contract: those who work files, not the mediators (the contract is not theirs to read); the
# responsable d'équipe reads the contracts of the people their organisation is référent for (the gate says which).
ROLES_LECTEURS = ROLES_ACCOMPAGNEMENT | ROLES_DEPARTEMENTAUX | {Role.RESPONSABLE_EQUIPE}
# Who may change one: the accompaniment roles; est_referent then checks the organisation.
ROLES_REFERENTS = ROLES_ACCOMPAGNEMENT

HORIZON_POINTS_ETAPE = datetime.timedelta(days=90)
SEMAINES_SUIVI = 8

LIBELLES = {
    "type": dict(TypeAction.choices),
    "porteur": dict(PorteurAction.choices),
    "statut": dict(StatutAction.choices),
    "amenagement": dict(AmenagementDuree.choices),
    "motif_dispense": dict(MotifDispense.choices),
    "parcours": dict(Parcours.choices),
}


# --- Loading --------------------------------------------------------------------------------------


def _contrat_courant(personne):
    """The person's latest contract (a re-orientation opens a new one) with its plan and versions, or None."""
    contrat = queries.contrat_courant(personne)
    if contrat is not None:
        contrat.personne = personne  # the gate's instance, with what it loaded
    return contrat


def _contrat_ou_404(personne):
    contrat = _contrat_courant(personne)
    if contrat is None:
        raise Http404
    return contrat


def _referent_ou_404(request, pk, partie=PartieDossier.CONTRAT):
    """The gate, then the person's current contract, then: is this user its référent? 404 otherwise."""
    personne = acces_personne(request, pk, partie=partie)
    contrat = _contrat_ou_404(personne)
    if not acces.est_referent(request.user, contrat.organisme_id, personne):
        raise Http404
    return personne, contrat


def _donnees(request):
    # Not ``request.POST or None``: a POST with nothing ticked must still bind the form and show its errors.
    return request.POST if request.method == "POST" else None


def _retour(personne, ancre=""):
    return redirect(reverse("backoffice:contrat", kwargs={"pk": personne.pk}) + ancre)


# --- The contract page -----------------------------------------------------------------------------


def _socle(contrat, derniere):
    """The common base the person reads: frozen in the last version once submitted, the published one in a draft."""
    if contrat.statut == StatutContrat.SIGNE and contrat.version_en_vigueur is not None:
        return contrat.version_en_vigueur.contenu["socle"]  # joined with its content
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


def _entree_plan(action):
    """A live action as a version's plan entry (the fields ``diff_engagements`` compares)."""
    return {
        "id": action.pk,
        "type": action.type_action,
        "type_libelle": action.get_type_action_display(),
        "porteur": action.porteur,
        "porteur_libelle": action.get_porteur_display(),
        "description": action.description,
        "debut": action.debut.isoformat(),
        "fin": action.fin.isoformat() if action.fin else None,
        "heures_hebdo": format(action.heures_hebdo.normalize(), "f"),
        "statut": action.statut,
        "lien": action.lien,
    }


def _diff_revision(contrat, plan, derniere):
    """Under revision: what changes in the engagements from the version in force to the new one (or the draft)."""
    en_vigueur = contrat.version_en_vigueur
    if en_vigueur is None or contrat.statut == StatutContrat.SIGNE:
        return None
    if contrat.statut == StatutContrat.BROUILLON:
        # Not frozen yet: the draft as it would be (abandoned actions are not submitted).
        apres = VersionContrat(
            contenu={"plan": [_entree_plan(a) for a in plan if a.statut != StatutAction.ABANDONNEE]}
        )
    elif derniere is not None and derniere.numero > en_vigueur.numero:
        apres = derniere
    else:
        return None
    lignes = diff_engagements(en_vigueur, apres)
    for ligne in lignes:
        ligne["action"] = _libeller_entree(ligne["apres"] or ligne["avant"])
        ligne["changements"] = [
            {
                "champ": LIBELLES_CHAMPS.get(champ, champ),
                "avant": _valeur_lisible(champ, ligne["avant"].get(champ)),
                "apres": _valeur_lisible(champ, ligne["apres"].get(champ)),
            }
            for champ in ligne["champs"]
        ]
    return lignes


def _contexte_contrat(request, personne, contrat):
    aujourdhui = timezone.localdate()
    versions = list(contrat.versions.all())  # prefetched, newest first, without their content
    derniere = versions[0] if versions else None
    plan = list(contrat.actions.all())  # prefetched
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
    ) or dispense_parent_isole.erreurs_contrat(contrat, aujourdhui)
    for action in plan:
        action.en_retard = (
            action.fin is not None
            and action.fin < aujourdhui
            and action.statut not in (StatutAction.REALISEE, StatutAction.ABANDONNEE)
        )
    signe = contrat.version_en_vigueur_id is not None
    # A re-orientation decided and notified since: a new contract follows it (D5411-14-2), drafted from here.
    derniere_orientation = (
        personne.orientations.filter(statut__in=STATUTS_DECIDES, notifiee_le__isnull=False)
        .order_by("-decidee_le", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "nouvelle_orientation": derniere_orientation is not None and derniere_orientation != contrat.orientation_id,
        "scan_papier": queries.scan_papier(contrat.version_en_vigueur) if signe else None,
        "personne": personne,
        "contrat": contrat,
        "versions": versions,
        "demandes": [v for v in versions if v.commentaire_modification],
        "socle": _socle(contrat, derniere),
        "diff": _diff_revision(contrat, plan, derniere),
        "chronologie": suivi.chronologie(contrat),
        "prochain_point_etape": points_etape.prochain_point_etape(contrat) if signe else None,
        "plan": plan,
        "total_heures": total,
        "minimum_heures": minimum,
        "duree_suffisante": total >= minimum,
        "erreurs_duree": erreurs_duree,
        "ore_possible": regles.ore_possible(contrat.parcours),
        "metiers": queries.metiers_nommes(contrat.ore_metiers),
        "communes_ore": queries.communes_nommees(contrat.ore_communes),
        "mention_jeunes": contrat.mention_jeunes(),
        "signature_en_retard": contrat.signature_en_retard(aujourdhui),
        "alerte_ore": contrat.alerte_ore(aujourdhui),
        "peut_modifier": acces.est_referent(request.user, contrat.organisme_id, personne),
        "aujourdhui": aujourdhui,
    }


def _page_contrat(request, personne, contrat, *, erreurs=None, titre_erreur="", status=200):
    contexte = _contexte_contrat(request, personne, contrat)
    contexte["erreurs"] = erreurs or []
    contexte["titre_erreur"] = titre_erreur
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
                "peut_rediger": acces.est_referent(request.user, personne.organisme_referent_id, personne),
            },
        )
    contrat.personne = personne
    return _page_contrat(request, personne, contrat)


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def rediger(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CONTRAT)
    if not acces.est_referent(request.user, personne.organisme_referent_id, personne):
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
    form = ActionPlanForm(_donnees(request), initial={"debut": timezone.localdate()})
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
    form = ActionPlanForm(_donnees(request), initial=initial)
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
        "enfant_naissance": contrat.dispense_enfant_naissance,
        "justificatif_enfant": contrat.dispense_enfant_justificatif,
    }
    form = AmenagementDureeForm(_donnees(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.amenager_duree(contrat, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.reporter(exc)
        else:
            messages.success(request, "La durée hebdomadaire du contrat est enregistrée.")
            return _retour(personne, "#duree")
    enfant_au_dossier, source = dispense_parent_isole.enfant_moins_12_ans_au_dossier(personne)
    return render(
        request,
        "contrats/backoffice/duree.html",
        {
            "personne": personne,
            "contrat": contrat,
            "form": form,
            "enfant_au_dossier": enfant_au_dossier,
            "enfant_source": source,
        },
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def ore(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    if not regles.ore_possible(contrat.parcours):
        raise Http404
    form = OreForm(_donnees(request), initial=OreForm.initial_depuis(contrat))
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
        {
            "personne": personne,
            "contrat": contrat,
            "form": form,
            "metiers": queries.metiers_nommes(contrat.ore_metiers),
            "communes": Commune.objects.filter(code_insee__in=contrat.ore_communes).order_by("nom"),
        },
    )


# --- Submission and signature ----------------------------------------------------------------------


def _transition_depuis_la_page(request, pk, action, *, titre_erreur, succes):
    personne, contrat = _referent_ou_404(request, pk)
    try:
        action(contrat, acting_user=request.user)
    except ValidationError as exc:
        # The rule errors (15 hours, dispense…) on the page itself, next to the plan they are about.
        return _page_contrat(
            request, personne, _contrat_ou_404(personne), erreurs=exc.messages, titre_erreur=titre_erreur
        )
    messages.success(request, succes)
    return _retour(personne)


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def soumettre(request, pk):
    return _transition_depuis_la_page(
        request,
        pk,
        actions.soumettre,
        titre_erreur="Le contrat n'a pas pu être soumis",
        succes="Le contrat est soumis à la personne : elle le lit et l'accepte dans son espace.",
    )


@require_http_methods(["POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def contresigner(request, pk):
    return _transition_depuis_la_page(
        request,
        pk,
        actions.contresigner,
        titre_erreur="Le contrat n'a pas pu être contresigné",
        succes="Le contrat est contresigné : il est en vigueur.",
    )


# The scan is refused while it arrives past its 10 Mo (and a little for the form's other fields), before
# any byte over the limit is stored.
@televersement_limite(TAILLE_MAX_SCAN)
@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def signature_papier(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    form = SignaturePapierForm(
        _donnees(request), request.FILES or None, refus=refus_televersement(request, "signature_papier")
    )
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


LIBELLES_CHAMPS = {
    "type": "type",
    "porteur": "porteur",
    "description": "description",
    "debut": "début",
    "fin": "fin",
    "heures_hebdo": "heures par semaine",
    "statut": "statut",
    "lien": "lien",
}


def _valeur_lisible(champ, valeur):
    if valeur in (None, ""):
        return "—"
    if champ in ("type", "porteur", "statut"):
        return LIBELLES[champ].get(valeur, valeur)
    if champ in ("debut", "fin"):
        return _date(valeur).strftime("%d/%m/%Y")
    if champ == "heures_hebdo":
        return f"{valeur.replace('.', ',')} h"
    return valeur


def _libeller_entree(ligne):
    return {
        **ligne,
        "type_libelle": LIBELLES["type"].get(ligne["type"], ligne["type"]),
        "porteur_libelle": LIBELLES["porteur"].get(ligne["porteur"], ligne["porteur"]),
        "statut_libelle": LIBELLES["statut"].get(ligne["statut"], ligne["statut"]),
        "debut_date": _date(ligne["debut"]),
        "fin_date": _date(ligne.get("fin")),
    }


def _date(iso):
    return datetime.date.fromisoformat(iso) if iso else None


def _libeller(contenu):
    """The frozen content with the labels of its codes, for reading (the codes stay what was signed)."""
    plan = [_libeller_entree(ligne) for ligne in contenu.get("plan", [])]
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
        "metiers": queries.metiers_nommes(ore["metiers"]) if ore else [],
        "communes_ore": queries.communes_nommees(ore.get("communes") or []) if ore else [],
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


@require_http_methods(["GET"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_LECTEURS)
def version_pdf(request, pk, version_pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CONTRAT_DOCUMENT)
    version = get_object_or_404(VersionContrat, pk=version_pk, contrat__personne=personne)
    return reponse_pdf(version, telechargement=True)


# --- Revision and points d'étape ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def revision(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    if contrat.statut != StatutContrat.SIGNE:
        raise Http404
    form = RevisionForm(_donnees(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.ouvrir_revision(contrat, acting_user=request.user, motif=form.cleaned_data["motif"])
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(
                request,
                "La révision est ouverte : modifiez le plan puis soumettez la nouvelle version. "
                "La version signée reste en vigueur d'ici là.",
            )
            return _retour(personne, "#plan")
    return render(
        request, "contrats/backoffice/revision.html", {"personne": personne, "contrat": contrat, "form": form}
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def rythme(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    form = RythmeForm(_donnees(request), initial={"rythme_points_etape": contrat.rythme_points_etape})
    if request.method == "POST" and form.is_valid():
        try:
            actions.fixer_rythme_points_etape(
                contrat, acting_user=request.user, semaines=form.cleaned_data["rythme_points_etape"]
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Le rythme des points d'étape est enregistré.")
            return _retour(personne, "#points-etape")
    return render(request, "contrats/backoffice/rythme.html", {"personne": personne, "contrat": contrat, "form": form})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_REFERENTS)
def point_etape(request, pk):
    personne, contrat = _referent_ou_404(request, pk)
    if contrat.version_en_vigueur_id is None:
        raise Http404  # a point d'étape follows the signature
    creneaux = creneaux_disponibles([contrat.organisme_id], motif=Motif.POINT_ETAPE).filter(
        debut__lt=timezone.now() + HORIZON_POINTS_ETAPE
    )
    form = PropositionForm(_donnees(request), creneaux=creneaux)
    if request.method == "POST" and form.is_valid():
        try:
            points_etape.proposer_point_etape(contrat, list(form.cleaned_data["creneaux"]), acting_user=request.user)
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(
                request, "Les créneaux du point d'étape sont proposés ; la personne choisit dans son espace."
            )
            return _retour(personne, "#points-etape")
    return render(
        request,
        "contrats/backoffice/point_etape.html",
        {
            "personne": personne,
            "contrat": contrat,
            "form": form,
            "aucun_creneau": not creneaux.exists(),
            "prochain": points_etape.prochain_point_etape(contrat),
        },
    )


# --- Follow-up -------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_LECTEURS)
def suivi_contrat(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.SUIVI)
    contrat = _contrat_ou_404(personne)
    aujourdhui = timezone.localdate()
    plan = list(contrat.actions.all())
    par_statut = dict.fromkeys(StatutAction.values, 0)
    for action in plan:
        par_statut[action.statut] += 1
    suivies = len(plan) - par_statut[StatutAction.ABANDONNEE]
    return render(
        request,
        "contrats/backoffice/suivi.html",
        {
            "personne": personne,
            "contrat": contrat,
            "etape": "Suivi du plan d'action",
            "avancement": [
                {"statut": statut, "libelle": libelle, "nombre": par_statut[statut]}
                for statut, libelle in StatutAction.choices
            ],
            "nombre_actions": len(plan),
            "pourcentage_realise": round(100 * par_statut[StatutAction.REALISEE] / suivies) if suivies else None,
            "semaines": suivi.tableau_hebdomadaire(contrat, semaines=SEMAINES_SUIVI, aujourdhui=aujourdhui),
            "en_retard": suivi.actions_en_retard(contrat, aujourdhui=aujourdhui),
            "prochain_point_etape": points_etape.prochain_point_etape(contrat, aujourdhui=aujourdhui),
            "aujourdhui": aujourdhui,
        },
    )
