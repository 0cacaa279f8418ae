"""The référents pages of the back-office: the organisation's « à attribuer » queue, its team (rule, loads,
transfer of a portfolio) and the person's référent. Read → check access (404) → act → answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.referents import acces, actions, file, queries
from francetravail.referents.forms import (
    ChangementForm,
    CommuneForm,
    ConseillerForm,
    FiltreFileForm,
    RegleForm,
    TransfertForm,
)
from francetravail.referents.models import RegleAttribution
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from francetravail.reseau.models import Commune, Organisation

ROLES = ROLES_ACCOMPAGNEMENT | {Role.RESPONSABLE_EQUIPE}
PAR_PAGE = 50
CLE_RAPPORT = "referents:rapport"


def _organisation(request, pk, controle):
    if not controle(request.user, pk):
        raise Http404
    return get_object_or_404(Organisation, pk=pk)


def _garder_rapport(request, titre, rapport):
    """The report of an action in bulk, kept for the page shown after the redirect: how many and who."""
    request.session[CLE_RAPPORT] = {
        "titre": titre,
        "designees": [(f"{p.prenoms} {p.nom_naissance}", r.nom_affiche) for p, r in rapport.designees],
        "non_placees": rapport.non_placees,
        "restantes": rapport.restantes,
    }


def _rapport(request):
    return request.session.pop(CLE_RAPPORT, None)


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def a_attribuer(request, pk):
    organisation = _organisation(request, pk, acces.peut_designer)
    queue = queries.file_a_attribuer([organisation.pk])
    communes = list(Commune.objects.filter(pk__in=queue.order_by().values("commune_id")).order_by("nom", "pk"))
    filtre = FiltreFileForm(request.GET or None, communes=communes)
    qs = queue.select_related("commune")
    if filtre.is_valid():
        donnees = filtre.cleaned_data
        qs = queries.filtrer(
            qs,
            commune=donnees["commune"] or None,
            oriente_du=donnees["oriente_du"],
            oriente_au=donnees["oriente_au"],
            origine=donnees.get("origine"),
        )
    membres = queries.equipe(organisation.pk)
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {"conseiller": request.user.pk} if any(m.pk == request.user.pk for m in membres) else {}
    lot = ConseillerForm(request.POST if action == "designer" else None, membres=membres, initial=initial)
    erreur_regle = None
    if action == "designer" and lot.is_valid():
        ids = [int(x) for x in request.POST.getlist("personnes") if x.isdigit()]
        try:
            rapport = actions.designer_en_masse(
                organisation, ids, lot.membres.get(lot.cleaned_data["conseiller"]), acting_user=request.user
            )
        except ValidationError as exc:
            reporter(lot, exc)
        else:
            _garder_rapport(request, "Désignation", rapport)
            return redirect(request.get_full_path())
    elif action == "appliquer_regle":
        if not acces.peut_diriger(request.user, organisation.pk):
            raise Http404
        try:
            rapport = actions.appliquer_regle(organisation, acting_user=request.user)
        except ValidationError as exc:
            erreur_regle = " ".join(exc.messages)
        else:
            _garder_rapport(request, "Application de la règle", rapport)
            return redirect(request.path)
    page = Paginator(queries.ordonner(qs), PAR_PAGE).get_page(request.GET.get("page"))
    origines = dict(file.choix_origine())
    for personne in page.object_list:
        personne.origine_libelle = origines.get(getattr(personne, "origine", None), "")
    regle = RegleAttribution.objects.filter(organisation=organisation).first()
    return render(
        request,
        "referents/conseiller/a_attribuer.html",
        {
            "organisation": organisation,
            "filtre": filtre,
            "page": page,
            "lot": lot,
            "regle": regle,
            "dirige": acces.peut_diriger(request.user, organisation.pk),
            "erreur_regle": erreur_regle,
            "rapport": _rapport(request),
            "max_lot": actions.MAX_LOT,
        },
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.RESPONSABLE_EQUIPE})
def equipe(request, pk):
    organisation = _organisation(request, pk, acces.peut_diriger)
    membres = queries.equipe(organisation.pk)
    titulaires = queries.portefeuilles(organisation.pk)
    regle = RegleAttribution.objects.filter(organisation=organisation).first()
    communes = list(
        Commune.objects.filter(
            pk__in=queries.file_a_attribuer([organisation.pk]).order_by().values("commune_id")
        ).order_by("nom", "pk")
    )
    action = request.POST.get("action") if request.method == "POST" else None
    regle_form = RegleForm(
        request.POST if action == "regle" else None,
        initial={"critere": regle.critere, "repli_moins_charge": regle.repli_moins_charge} if regle else {},
    )
    commune_form = CommuneForm(request.POST if action == "commune" else None, communes=communes, membres=membres)
    transfert = TransfertForm(request.POST if action == "transferer" else None, titulaires=titulaires, membres=membres)
    par_id = {m.pk: m for m in [*membres, *titulaires]}
    try:
        if action == "regle" and regle_form.is_valid():
            actions.enregistrer_regle(organisation, acting_user=request.user, **regle_form.cleaned_data)
            messages.success(request, "La règle d'attribution est enregistrée.")
            return redirect(request.path)
        if action == "commune" and commune_form.is_valid():
            commune = get_object_or_404(Commune, pk=commune_form.cleaned_data["commune"])
            conseiller = par_id[commune_form.cleaned_data["conseiller"]]
            actions.affecter_commune(organisation, commune, conseiller, acting_user=request.user)
            messages.success(request, f"Les personnes de {commune.nom} iront à {conseiller.nom_affiche}.")
            return redirect(request.path)
        if action == "retirer_commune":
            affectation = request.POST.get("affectation", "")
            # A tampered id is nothing to remove (beyond bigint PostgreSQL would raise an error, a 500).
            if affectation.isdigit() and int(affectation) < 2**63:
                actions.retirer_commune(organisation, int(affectation), acting_user=request.user)
            return redirect(request.path)
        if action == "transferer" and transfert.is_valid():
            donnees = transfert.cleaned_data
            rapport = actions.transferer_portefeuille(
                organisation,
                par_id[donnees["titulaire"]],
                [par_id[d] for d in donnees["destinataires"]],
                acting_user=request.user,
                motif=donnees["motif"],
                repartition=donnees["repartition"],
            )
            _garder_rapport(request, "Transfert de portefeuille", rapport)
            return redirect(request.path)
    except ValidationError as exc:
        reporter({"regle": regle_form, "commune": commune_form}.get(action, transfert), exc)
    affectations = (
        list(regle.communes.select_related("commune", "conseiller").order_by("commune__nom")) if regle else []
    )
    return render(
        request,
        "referents/conseiller/equipe.html",
        {
            "organisation": organisation,
            "membres": membres,
            "regle": regle,
            "regle_form": regle_form,
            "commune_form": commune_form,
            "affectations": affectations,
            "transfert": transfert,
            "rapport": _rapport(request),
        },
    )


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def referent_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.PARCOURS)
    if not acces.peut_designer(request.user, personne.organisme_referent_id):
        raise Http404
    membres = queries.equipe(personne.organisme_referent_id)
    initial = {"conseiller": request.user.pk} if any(m.pk == request.user.pk for m in membres) else {}
    form = ChangementForm(request.POST or None, membres=membres, initial=initial)
    if request.method == "POST" and form.is_valid():
        nouveau = form.membres.get(form.cleaned_data["conseiller"])
        try:
            if personne.referent_unique_id is None:
                actions.designer(personne, nouveau, acting_user=request.user)
            else:
                actions.changer_referent(personne, nouveau, acting_user=request.user, motif=form.cleaned_data["motif"])
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(
                request,
                f"{nouveau.nom_affiche} est le référent unique de {personne.prenoms} {personne.nom_naissance} ; "
                "la personne en est informée.",
            )
            return redirect(request.path)
    return render(
        request,
        "referents/conseiller/referent_personne.html",
        {"personne": personne, "form": form, "historique": queries.historique(personne)},
    )
