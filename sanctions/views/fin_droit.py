"""The end of the RSA right (``sanctions.fin_droit``, CASF R262-68; R262-40 3°) in the back-office:
the decider's queue and the decision page (the person's appeal is ``espace.recours_fin_droit``).

- ``file`` (/conseiller/sanctions/fins-de-droit/): the cases where the département's decider may end
  the right today, with their count on the dashboard (``templatetags/fins_droit.py``);
- ``decision`` (/conseiller/sanctions/<pk>/fin-de-droit/): the procedure's total suppression, why the
  decision is or is not possible today, the decision form for the decider, then the decision, its
  letter and its appeals; the team or the département records a RAPO received by post. Reached by
  whoever reaches the procedure (``conseiller.procedure_ou_404``: the access gate, logged); the
  forms only for who may use them now, a crafted POST otherwise is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import Role
from inscription.models import DroitRSA
from sanctions import acces, fin_droit, forms, queries
from sanctions.views import documents
from sanctions.views.conseiller import procedure_ou_404

PAR_PAGE = 25


# --- The queue ------------------------------------------------------------------------------


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.DECIDEUR_DEPARTEMENTAL})
def file(request):
    aujourdhui = timezone.localdate()
    qs = (
        fin_droit.a_decider(request.user, aujourdhui)
        .select_related("personne", "manquement", "organisation")
        .order_by("fin", "pk")
    )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    for procedure in page.object_list:
        procedure.atteinte_le = fin_droit.atteinte_le(procedure)
    return render(request, "sanctions/backoffice/fins_droit.html", {"page": page})


# --- The decision page ----------------------------------------------------------------------


def _page(request, procedure, *, form=None, recours_form=None):
    aujourdhui = timezone.localdate()
    decision = fin_droit.decision(procedure)
    peut_decider = (
        decision is None
        and acces.peut_mettre_fin_au_droit(request.user, procedure)
        and not fin_droit.motifs_refus(procedure, aujourdhui)
    )
    refus_recours = fin_droit.motif_refus_recours(decision) if decision is not None else None
    peut_recours = (
        decision is not None
        and refus_recours is None
        and acces.peut_enregistrer_recours_fin_droit(request.user, procedure)
    )
    suppression_totale = fin_droit.suppression_totale(procedure)
    return render(
        request,
        "sanctions/backoffice/fin_droit.html",
        {
            "procedure": procedure,
            "personne": procedure.personne,
            "suppression_totale": suppression_totale,
            "atteinte_le": fin_droit.atteinte_le(procedure) if suppression_totale else None,
            "decision": decision,
            "motifs_refus": fin_droit.motifs_refus(procedure, aujourdhui) if decision is None else [],
            "form": form if form is not None else (forms.FinDroitForm(prefix="fin_droit") if peut_decider else None),
            "recours": fin_droit.recours_de(decision) if decision is not None else [],
            "echeance_recours": fin_droit.echeance_recours(decision) if decision is not None else None,
            "recours_form": recours_form
            if recours_form is not None
            else (forms.RecoursGuichetForm(prefix="recours") if peut_recours else None),
            "droits": DroitRSA.objects.filter(personne=procedure.personne).order_by("pk"),
            "documents": documents.documents(procedure),
            "erreur": form is not None or recours_form is not None,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_FILE)
def decision(request, pk):
    procedure = procedure_ou_404(request, pk)
    if not procedure.concerne_le_rsa:
        raise Http404
    if request.method != "POST":
        return _page(request, procedure)
    if "recours" in request.POST:
        fin = fin_droit.decision(procedure)
        if (
            fin is None
            or fin_droit.motif_refus_recours(fin)
            or not acces.peut_enregistrer_recours_fin_droit(request.user, procedure)
        ):
            raise Http404  # no such form for this user now
        form = forms.RecoursGuichetForm(request.POST, prefix="recours")
        if form.is_valid():
            try:
                fin_droit.former_recours(
                    fin,
                    acting_user=request.user,
                    motifs=form.cleaned_data["motifs"],
                    forme_le=form.cleaned_data.get("forme_le"),
                )
            except ValidationError as e:
                reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
            else:
                messages.success(request, "Recours enregistré : il est transmis au décideur départemental.")
                return redirect("backoffice:sanction_fin_droit", pk=procedure.pk)
        return _page(request, procedure, recours_form=form)
    if (
        fin_droit.decision(procedure) is not None
        or not acces.peut_mettre_fin_au_droit(request.user, procedure)
        or fin_droit.motifs_refus(procedure, timezone.localdate())
    ):
        raise Http404
    form = forms.FinDroitForm(request.POST, prefix="fin_droit")
    if form.is_valid():
        try:
            fin_droit.mettre_fin_au_droit(
                procedure,
                acting_user=request.user,
                motivation=form.cleaned_data["motivation"],
                effet_le=form.cleaned_data.get("effet_le"),
                note_interne=form.cleaned_data.get("note_interne", ""),
            )
        except ValidationError as e:
            reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
        else:
            messages.success(request, "Fin du droit au RSA décidée : la lettre de décision est envoyée à la personne.")
            return redirect("backoffice:sanction_fin_droit", pk=procedure.pk)
    return _page(request, procedure, form=form)
