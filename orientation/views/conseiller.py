"""Back-office: the deciders' queue and the decision page of one person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DOSSIERS
from inscription.models import DossierInscription
from orientation import acces, actions, rebonds
from orientation.courrier import courrier_pdf
from orientation.enums import STATUTS_DECIDES, StatutDecision
from orientation.filters import FileOrientationFilter
from orientation.forms import (
    ConfirmationForm,
    DemenagementForm,
    ModificationForm,
    ReorientationForm,
    organismes_possibles,
)
from orientation.queries import organismes_d_accueil

PAR_PAGE = 50
MAX_LOT = 200


def _organisme_par_defaut(decision):
    """For a bulk confirmation: the current organisme référent when it has the proposed type, else none."""
    referent = decision.personne.organisme_referent
    if referent is not None and referent.type_organisation == decision.type_organisme_propose and referent.actif:
        return referent
    return None


def _confirmer_lot(request, ids):
    a_confirmer = (
        acces.decisions_a_traiter(request.user)
        .filter(pk__in=ids[:MAX_LOT], statut=StatutDecision.PROPOSEE)
        .select_related("personne__organisme_referent")
    )
    confirmees, erreurs = 0, []
    for decision in a_confirmer:
        organisme = _organisme_par_defaut(decision)
        if organisme is None:
            erreurs.append(
                f"{decision.personne} : l'organisme référent n'est pas du type proposé, décidez sur sa fiche."
            )
            continue
        try:
            actions.confirmer(decision, acting_user=request.user, organisme=organisme)
        except ValidationError as exc:
            erreurs.append(f"{decision.personne} : {' '.join(exc.messages)}")
        else:
            confirmees += 1
    if confirmees:
        pluriel = "s" if confirmees > 1 else ""
        messages.success(request, f"{confirmees} orientation{pluriel} confirmée{pluriel} et notifiée{pluriel}.")
    for erreur in erreurs:
        messages.error(request, erreur)
    if not confirmees and not erreurs:
        messages.warning(request, "Aucune proposition sélectionnée : cochez les orientations à confirmer.")


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=acces.ROLES_DECIDEURS)
def file(request):
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("decisions") if i.isdigit()]
        _confirmer_lot(request, ids)
        return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    qs = (
        acces.decisions_a_traiter(request.user)
        .select_related("personne__organisme_referent")
        .order_by("created_at", "pk")
    )
    filtre = FileOrientationFilter(request.GET or None, queryset=qs)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    aujourdhui = timezone.localdate()
    for decision in page:
        decision.age_jours = (aujourdhui - timezone.localtime(decision.created_at).date()).days
    return render(request, "orientation/backoffice/file.html", {"filtre": filtre, "page": page})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def orientation_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.PARCOURS)
    historique = list(
        personne.orientations.select_related("organisme", "decideur", "version__referentiel").order_by(
            "-created_at", "-pk"
        )
    )
    ouverte = next((d for d in historique if d.ouverte), None)
    peut_decider = ouverte is not None and acces.peut_decider(request.user, ouverte)
    action = request.POST.get("action") if request.method == "POST" else None
    confirmation = modification = None
    if peut_decider:
        if ouverte.statut == StatutDecision.PROPOSEE:
            confirmation = ConfirmationForm(
                request.POST if action == "confirmer" else None, decision=ouverte, prefix="confirmer"
            )
        modification = ModificationForm(
            request.POST if action == "modifier" else None, decision=ouverte, prefix="modifier"
        )
    reorientation = None
    if ouverte is None and historique:
        reorientation = ReorientationForm(request.POST if action == "reorienter" else None, prefix="reorienter")

    if action == "confirmer" and confirmation is not None and confirmation.is_valid():
        try:
            actions.confirmer(ouverte, acting_user=request.user, organisme=confirmation.cleaned_data["organisme"])
        except ValidationError as exc:
            reporter(confirmation, exc)
        else:
            messages.success(request, "L'orientation est confirmée ; la personne en est informée.")
            return redirect("backoffice:orientation_personne", pk=personne.pk)
    elif action == "modifier" and modification is not None and modification.is_valid():
        donnees = modification.cleaned_data
        try:
            actions.modifier(
                ouverte,
                acting_user=request.user,
                parcours=donnees["parcours"],
                organisme=donnees["organisme"],
                motif=donnees["motif"],
            )
        except ValidationError as exc:
            reporter(modification, exc)
        else:
            messages.success(request, "L'orientation est décidée ; la personne en est informée.")
            return redirect("backoffice:orientation_personne", pk=personne.pk)
    elif action == "reorienter" and reorientation is not None and reorientation.is_valid():
        try:
            actions.demander_reorientation(
                personne, acting_user=request.user, motif=reorientation.cleaned_data["motif"]
            )
        except ValidationError as exc:
            reporter(reorientation, exc)
        else:
            messages.success(
                request, "La demande de réorientation est enregistrée : une nouvelle proposition est faite."
            )
            return redirect("backoffice:orientation_personne", pk=personne.pk)
    elif action and request.method == "POST" and not peut_decider and action != "reorienter":
        messages.error(request, acces.REFUS_DECIDEUR)

    return render(
        request,
        "orientation/backoffice/personne.html",
        {
            "personne": personne,
            "ouverte": ouverte,
            "historique": historique,
            "peut_decider": peut_decider,
            "confirmation": confirmation,
            "modification": modification,
            "reorientation": reorientation,
            "sans_organisme": confirmation is not None
            and not organismes_possibles(personne, ouverte.type_organisme_propose).exists(),
            # Decisions whose e-mail bounced or was refused: to send by letter (orientation/rebonds.py).
            "non_remises": rebonds.non_remises(historique),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def courrier(request, pk):
    """The letter of the person's latest notified decision (PDF), to print and post — e.g. when its e-mail
    bounced. The professional's reading is logged by the file gate; it is not the person's receipt."""
    personne = acces_personne(request, pk, partie=PartieDossier.PARCOURS)
    decision = (
        personne.orientations.select_related("organisme", "personne__commune")
        .filter(statut__in=STATUTS_DECIDES, notifiee_le__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is None:
        raise Http404
    try:
        return courrier_pdf(decision, request=request)
    except ValidationError as refus:
        messages.error(request, f"Le courrier ne peut pas être établi : {' '.join(refus.messages)}")
        return redirect("backoffice:orientation_personne", pk=personne.pk)


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def demenagement(request, pk):
    """The référent records a move (``actions.demenager``): same département, the address; another one, the
    file goes to its network. Anyone else: the same 404 as an unknown person."""
    personne = acces_personne(request, pk, partie=PartieDossier.IDENTITE)
    if not acces.peut_declarer_demenagement(request.user, personne):
        raise Http404
    donnees = request.POST if request.method == "POST" else None
    form = DemenagementForm(donnees)
    commune = form.cleaned_data.get("commune_obj") if donnees is not None and form.is_valid() else None
    ailleurs = commune is not None and commune.departement_id != personne.departement_id
    rsa = ailleurs and actions.est_beneficiaire_rsa(
        personne, DossierInscription.objects.filter(personne=personne).first()
    )
    if ailleurs and not rsa:
        form = DemenagementForm(
            donnees,
            organismes=organismes_d_accueil(personne.organisme_referent.type_organisation, commune.departement_id),
        )
    if donnees is not None and form.is_valid():
        try:
            actions.demenager(
                personne,
                acting_user=request.user,
                adresse=form.cleaned_data["adresse"],
                commune=commune,
                code_postal=form.cleaned_data["code_postal"],
                organisme=form.cleaned_data.get("organisme"),
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            if not ailleurs:
                messages.success(request, "La nouvelle adresse est enregistrée.")
                return redirect("backoffice:fiche_personne", personne.pk)
            organisme = form.cleaned_data.get("organisme")
            messages.success(
                request,
                f"Le dossier de {personne.nom_complet} est transféré "
                + (
                    f"à {organisme.nom}."
                    if organisme
                    else f"au département {commune.departement_id}, qui l'orientera."
                ),
            )
            return redirect("backoffice:personnes")
    return render(
        request,
        "orientation/backoffice/demenagement.html",
        {"personne": personne, "form": form, "ailleurs": ailleurs, "rsa": rsa, "commune": commune},
    )
