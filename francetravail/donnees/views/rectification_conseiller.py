"""The queue « Demandes de rectification » of the back-office (/conseiller/rectifications/) and the page
where a professional of the organisation in charge reads a request and answers it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.donnees import rectification, rectification_acces, rectification_file
from francetravail.donnees.enums import StatutRectification
from francetravail.donnees.forms_rectification import ProlongationRectificationForm, ReponseRectificationForm
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT

PAR_PAGE = 50


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def file(request):
    """The open requests (nearest deadline first), or with ``?traitees=1`` the ones answered."""
    traitees = request.GET.get("traitees") == "1"
    if traitees:
        qs = (
            rectification_file.demandes_de_l_organisation(request.user)
            .exclude(statut=StatutRectification.OUVERTE)
            .order_by("-repondue_le", "-pk")
        )
    else:
        qs = rectification_file.a_traiter(request.user)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    aujourd_hui = timezone.localdate()
    lignes = [(d, rectification.en_retard(d, aujourd_hui)) for d in page.object_list]
    return render(
        request,
        "donnees/backoffice/rectifications.html",
        {
            "page": page,
            "lignes": lignes,
            "traitees": traitees,
            "en_retard": rectification_file.nombre_en_retard(request.user, aujourd_hui) if not traitees else 0,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def demande(request, pk):
    demande = rectification_acces.acces_demande(request, pk)
    form = None
    if demande.statut == StatutRectification.OUVERTE:
        form = ReponseRectificationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                rectification.repondre(
                    demande,
                    acting_user=request.user,
                    statut=form.cleaned_data["statut"],
                    reponse=form.cleaned_data["reponse"],
                )
            except ValidationError as exc:
                reporter(form, exc)
            else:
                messages.success(request, "Votre réponse est enregistrée ; la personne en est prévenue.")
                return redirect("backoffice:rectifications")
    return _page(request, demande, form=form)


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def prolonger(request, pk):
    """Extends the deadline once, with the reason the person reads (RGPD art. 12 §3)."""
    demande = rectification_acces.acces_demande(request, pk)
    form_prolongation = ProlongationRectificationForm(request.POST)
    if form_prolongation.is_valid():
        try:
            demande = rectification.prolonger(
                demande, acting_user=request.user, motif=form_prolongation.cleaned_data["motif_prolongation"]
            )
        except ValidationError as exc:
            reporter(form_prolongation, exc)
        else:
            messages.success(
                request,
                f"Le délai est prolongé jusqu’au {demande.echeance:%d/%m/%Y} ; la personne en est prévenue.",
            )
            return redirect("backoffice:rectification", pk=demande.pk)
    formulaire = ReponseRectificationForm() if demande.statut == StatutRectification.OUVERTE else None
    return _page(request, demande, form=formulaire, form_prolongation=form_prolongation)


def _page(request, demande, *, form, form_prolongation=None):
    if form_prolongation is None and rectification.prolongeable(demande):
        form_prolongation = ProlongationRectificationForm()
    return render(
        request,
        "donnees/backoffice/rectification.html",
        {
            "demande": demande,
            "form": form,
            "form_prolongation": form_prolongation,
            "en_retard": rectification.en_retard(demande),
        },
    )
