"""Organisation admins manage their professionals (no public sign-up for them)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau import queries
from francetravail.reseau.acces import acces_organisation_admin
from francetravail.reseau.actions import (
    confirmer_rattachement,
    creer_professionnel,
    refuser_rattachement,
    retirer_rattachement,
)
from francetravail.reseau.enums import Role, StatutRattachement
from francetravail.reseau.forms import NouveauProfessionnelForm


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def membres(request, pk):
    organisation = acces_organisation_admin(request.user, pk)
    form = NouveauProfessionnelForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            membership = creer_professionnel(organisation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            reporter(form, exc)
        else:
            email = form.cleaned_data["email"]
            if membership.statut == StatutRattachement.EN_ATTENTE:
                messages.info(
                    request,
                    f"{email} appartient déjà à une autre organisation : la demande de rattachement lui a été "
                    "transmise. L'accès sera ouvert quand un de ses administrateurs l'aura confirmée.",
                )
            else:
                messages.success(request, f"L'accès de {email} a été ouvert ; un courriel l'en informe.")
            return redirect("backoffice:membres", pk=organisation.pk)
    return render(
        request,
        "reseau/backoffice/membres.html",
        {
            "organisation": organisation,
            "form": form,
            "membres": queries.rattachements_de(organisation),
            "demandes": queries.demandes_a_confirmer(organisation),
        },
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


def _trancher(request, pk, membership_pk, action, succes):
    """Confirms or refuses, for organisation ``pk``, a pending attachment of one of its professionals."""
    organisation = acces_organisation_admin(request.user, pk)
    # Only the attachments this organisation is asked about: any other id is the same 404.
    membership = get_object_or_404(queries.demandes_a_confirmer(organisation), pk=membership_pk)
    try:
        action(membership, organisation=organisation, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            succes.format(
                professionnel=membership.user.get_full_name() or membership.user.email,
                organisation=membership.organisation.nom,
                role=membership.get_role_display(),
            ),
        )
    return redirect("backoffice:membres", pk=organisation.pk)


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def confirmer(request, pk, membership_pk):
    return _trancher(
        request,
        pk,
        membership_pk,
        confirmer_rattachement,
        "Le rattachement de {professionnel} à {organisation} (rôle « {role} ») est confirmé.",
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def refuser(request, pk, membership_pk):
    return _trancher(
        request,
        pk,
        membership_pk,
        refuser_rattachement,
        "Le rattachement de {professionnel} à {organisation} (rôle « {role} ») est refusé.",
    )
