"""Organisation admins manage their professionals (no public sign-up for them)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.acces import acces_organisation_admin
from francetravail.reseau.actions import creer_professionnel, retirer_rattachement
from francetravail.reseau.enums import Role
from francetravail.reseau.forms import NouveauProfessionnelForm


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def membres(request, pk):
    organisation = acces_organisation_admin(request.user, pk)
    form = NouveauProfessionnelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            creer_professionnel(organisation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request, f"L'accès de {form.cleaned_data['email']} a été ouvert ; une invitation lui a été envoyée."
            )
            return redirect("backoffice:membres", pk=organisation.pk)
    liste = organisation.memberships.select_related("user").order_by("-actif", "user__last_name", "user__first_name")
    return render(
        request, "backoffice/organisation/membres.html", {"organisation": organisation, "form": form, "membres": liste}
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def retirer(request, pk, membership_pk):
    organisation = acces_organisation_admin(request.user, pk)
    membership = get_object_or_404(organisation.memberships, pk=membership_pk)
    if membership.user_id == request.user.pk and membership.role == Role.ADMIN_ORGANISATION:
        messages.error(request, "Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
    else:
        retirer_rattachement(membership, acting_user=request.user)
        messages.success(request, f"Le rôle « {membership.get_role_display()} » de {membership.user} a été retiré.")
    return redirect("backoffice:membres", pk=organisation.pk)
