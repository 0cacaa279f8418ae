"""The person's space: « Pourquoi cette orientation », and asking for a new one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve, public
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.models import Personne
from orientation import accuse, actions
from orientation.courrier import courrier_pdf
from orientation.enums import STATUTS_DECIDES
from orientation.forms import ReorientationForm
from orientation.models import DecisionOrientation


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PERSONNE)
def pourquoi(request):
    personne = Personne.objects.filter(user=request.user).first()
    decision = en_attente = None
    if personne is not None:
        orientations = personne.orientations.select_related("organisme").order_by("-created_at", "-pk")
        decision = orientations.filter(statut__in=STATUTS_DECIDES, notifiee_le__isnull=False).first()
        en_attente = orientations.exclude(statut__in=STATUTS_DECIDES).first()
    if decision is not None:
        actions.marquer_recue(decision)
    form = None
    if decision is not None and en_attente is None:
        form = ReorientationForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                actions.demander_reorientation(personne, acting_user=request.user, motif=form.cleaned_data["motif"])
            except ValidationError as exc:
                reporter(form, exc)
            else:
                messages.success(request, "Votre demande est enregistrée : une nouvelle orientation va être étudiée.")
                return redirect("orientation:pourquoi")
    return render(
        request,
        "orientation/espace/pourquoi.html",
        {"personne": personne, "decision": decision, "en_attente": en_attente, "form": form},
    )


@acces_reserve(TypeCompte.PERSONNE)
def courrier(request):
    """The letter of the person's latest notified decision (PDF); reading it counts as receipt."""
    personne = Personne.objects.filter(user=request.user).first()
    decision = None
    if personne is not None:
        decision = (
            personne.orientations.select_related("organisme", "personne__commune")
            .filter(statut__in=STATUTS_DECIDES, notifiee_le__isnull=False)
            .order_by("-created_at", "-pk")
            .first()
        )
    if decision is None:
        raise Http404
    try:
        reponse = courrier_pdf(decision, request=request)
    except ValidationError as refus:
        # Never a letter without its address: the person learns what to complete.
        messages.error(request, f"Votre courrier ne peut pas être établi : {' '.join(refus.messages)}")
        return redirect("orientation:pourquoi")
    actions.marquer_recue(decision)
    return reponse


@public
@require_http_methods(["GET", "POST"])
def accuser_reception(request, jeton):
    """The link of the notification e-mail: receipt is recorded by a button (a POST), so that
    a mail scanner opening the link does not acknowledge anything. The page shows no personal data."""
    decision_id = accuse.decision_du_jeton(jeton)
    decision = DecisionOrientation.objects.filter(pk=decision_id, notifiee_le__isnull=False).first()
    if decision is None:
        raise Http404
    if request.method == "POST":
        actions.marquer_recue(decision)
        decision.refresh_from_db(fields=["recue_le"])
    return render(request, "orientation/espace/accuse.html", {"decision": decision})
