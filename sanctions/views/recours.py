"""Back-office: the appeals a professional instructs, the appeal page and its two steps, its letters.

Who instructs (``acces.est_instructeur``): the regional mediator of France Travail for a
médiation préalable obligatoire (a ``MEDIATEUR`` of an organisation in the decider's region), the
département's ``DECIDEUR_DEPARTEMENTAL`` for a RAPO (RSA). The list is
``queries.recours_a_instruire``, the set form of that rule. The appeal page reads the person's
file through the access gate: the mediator holds no role the gate's general rule knows, so
instructing this appeal is their mission on the file (``par_mission``), and the read is logged.
Everyone else gets a 404. Each step posts to one URL and calls one action; a refusal is shown
at the field, with the input kept, and only the step the user may take now is offered.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.selecteurs import documents_de
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from sanctions import acces, actions, forms, queries
from sanctions.enums import Mesure, StatutRecours, VoieRecours
from sanctions.views import documents
from sanctions.views.conseiller import historique, plage_lisible, sans_vide
from sanctions.views.montants import montants

PAR_PAGE = 25

# One entry per step: the form (None for a plain button), the action, what the user reads after.
ETAPES = {
    "instruire": (None, actions.instruire_recours, "Recours mis en instruction : vous pouvez maintenant statuer."),
    "statuer": (forms.StatuerRecoursForm, actions.statuer_recours, "Décision sur le recours enregistrée."),
}


# --- Access ---------------------------------------------------------------------------------


def organisation_instructrice(user, recours, procedure):
    """The organisation through which ``user`` instructs ``recours``, or None if they do not."""
    if not acces.est_instructeur(user, recours, procedure):
        return None
    if recours.voie == VoieRecours.RAPO:
        return procedure.organisation_decisionnaire_id
    region = acces.region_de(procedure.organisation_decisionnaire)
    mediations = (
        Organisation.objects.select_related("departement")
        .filter(pk__in=contexte_professionnel(user).organisations_mediation)
        .order_by("pk")
    )
    return next((o.pk for o in mediations if acces.region_de(o) == region), None)


def recours_ou_404(request, pk):
    """The appeal if ``request.user`` instructs it; the person's file is read through the gate and logged."""
    recours = queries.recours_de_l_instructeur(request.user, pk)
    if recours is None:
        raise Http404
    procedure = recours.procedure
    instructrice = organisation_instructrice(request.user, recours, procedure)
    if instructrice is None:
        raise Http404

    procedure.personne = acces_personne(
        request, procedure.personne_id, partie=PartieDossier.SANCTIONS, par_mission=lambda user, personne: instructrice
    )
    return recours


def etape_possible(recours):
    """The one step on ``recours`` now (its instructor is checked by ``recours_ou_404``), or None."""
    return {StatutRecours.DEMANDE: "instruire", StatutRecours.INSTRUCTION: "statuer"}.get(recours.statut)


# --- The list -------------------------------------------------------------------------------


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_RECOURS)
def liste(request):
    filtres = forms.FiltreRecoursForm(request.GET or None)
    qs = queries.recours_a_instruire(request.user, ouverts=filtres.ouverts())
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "sanctions/backoffice/recours_liste.html",
        {"page": page, "filtres": filtres},
    )


# --- The appeal page ------------------------------------------------------------------------


def _plage_de_la_reforme(procedure):
    """The range a reformed decision must stay in: the one ``actions.statuer_recours`` checks."""
    try:
        plage = actions.plage_de(procedure)  # RSA: within the household the decision relied on
    except ValidationError as e:
        return [], e.messages
    return [("", plage_lisible(plage))], []


def _courriers(recours):
    return documents.documents(
        recours.procedure,
        url=lambda c: reverse("backoffice:sanction_recours_courrier", kwargs={"pk": recours.pk, "courrier_pk": c.pk}),
    )


def _formulaire_statuer(**kwargs):
    form = forms.StatuerRecoursForm(prefix="statuer", **kwargs)
    # The issue first: the measure only counts for a reform.
    form.order_fields(["issue"])
    return form


def _initial_statuer(procedure):
    # A reform starts from the decision under appeal.
    return {
        "mesure": procedure.mesure,
        "taux": procedure.taux,
        "duree_mois": procedure.duree_mois,
        "radiation_mois": procedure.radiation_mois,
    }


def _libelle_mesure(mesure):
    return Mesure(mesure).label if mesure in Mesure.values else (mesure or "")


def _page(request, recours, *, form_en_erreur=None):
    procedure = recours.procedure
    etape = etape_possible(recours)
    form = None
    if etape == "statuer":
        form = (
            form_en_erreur if form_en_erreur is not None else _formulaire_statuer(initial=_initial_statuer(procedure))
        )
    plages, sans_bareme = _plage_de_la_reforme(procedure) if etape == "statuer" else ([], [])
    return render(
        request,
        "sanctions/backoffice/recours.html",
        {
            "recours": recours,
            "procedure": procedure,
            "personne": procedure.personne,
            "manquement": procedure.manquement,
            "erreur": form_en_erreur is not None,
            "etape": etape,
            "form": form,
            "plages": plages,
            "foyer": actions.foyer_rsa(procedure) if plages else None,
            "sans_bareme": sans_bareme,
            "historique": historique(procedure),
            "courriers": _courriers(recours),
            "montants": montants(procedure),
            "mesure_initiale": _libelle_mesure((recours.decision_initiale or {}).get("mesure")),
            "pieces": documents_de(recours),
            "justificatifs": documents_de(procedure),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_RECOURS)
def recours(request, pk):
    return _page(request, recours_ou_404(request, pk))


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_RECOURS)
def etape(request, pk, etape):
    if etape not in ETAPES:
        raise Http404
    objet = recours_ou_404(request, pk)
    if etape != etape_possible(objet):
        raise Http404  # no such button for this user now: a crafted POST learns nothing more
    classe, action, succes = ETAPES[etape]
    form = _formulaire_statuer(data=request.POST) if classe is not None else None
    if form is not None and not form.is_valid():
        return _page(request, objet, form_en_erreur=form)
    donnees = sans_vide(form.cleaned_data) if form is not None else {}
    try:
        action(objet, acting_user=request.user, **donnees)
    except ValidationError as e:
        if form is None:
            messages.error(request, " ".join(e.messages))
            return redirect("backoffice:sanction_recours", pk=objet.pk)
        reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
        return _page(request, objet, form_en_erreur=form)
    messages.success(request, succes)
    return redirect("backoffice:sanction_recours", pk=objet.pk)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_RECOURS)
def courrier(request, pk, courrier_pk):
    # The instructor opening a letter is no receipt: only the person's own opening, or a postal
    # acknowledgement recorded by the team, dates it.
    return documents.pdf(request, recours_ou_404(request, pk).procedure, courrier_pk)
