"""An organisation's administrator subscribes its software to the webhooks, reads the delivery log and replays.

Only an active ``admin_organisation`` of that organisation (``webhooks_acces``): anyone else gets a 404.
A secret is shown once, on the page answering its creation or regeneration (never cached, never in a URL).
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.partenaires import actions_webhooks
from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison
from francetravail.partenaires.forms_webhooks import AbonnementForm, FiltreLivraisonsForm
from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.partenaires.webhooks_acces import acces_abonnement, acces_livraison, acces_organisation_webhooks
from francetravail.reseau.enums import Role

LIVRAISONS_PAR_PAGE = 50

admin_organisation = acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})


@admin_organisation
def abonnements(request, pk):
    organisation = acces_organisation_webhooks(request.user, pk)
    liste = list(
        AbonnementWebhook.objects.filter(organisation=organisation)
        .annotate(echecs=Count("livraisons", filter=Q(livraisons__statut=StatutLivraison.ECHEC)))
        .order_by("-actif", "-cree_le", "-pk")
    )
    for abonnement in liste:
        abonnement.libelles = [EvenementWebhook(code).label for code in abonnement.evenements]
    return render(
        request,
        "partenaires/webhooks/abonnements.html",
        {"organisation": organisation, "abonnements": liste},
    )


def _page_secret(request, organisation, abonnement, secret, *, nouveau):
    return render(
        request,
        "partenaires/webhooks/secret.html",
        {"organisation": organisation, "abonnement": abonnement, "secret": secret, "nouveau": nouveau},
    )


@never_cache
@admin_organisation
def nouvel_abonnement(request, pk):
    organisation = acces_organisation_webhooks(request.user, pk)
    form = AbonnementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            abonnement, secret = actions_webhooks.creer_abonnement(
                organisation,
                url=form.cleaned_data["url"],
                evenements=form.cleaned_data["evenements"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            return _page_secret(request, organisation, abonnement, secret, nouveau=True)
    return render(request, "partenaires/webhooks/nouveau.html", {"organisation": organisation, "form": form})


@never_cache
@require_POST
@admin_organisation
def regenerer_secret(request, pk, abonnement_pk):
    organisation, abonnement = acces_abonnement(request.user, pk, abonnement_pk)
    abonnement, secret = actions_webhooks.regenerer_secret(abonnement, acting_user=request.user)
    return _page_secret(request, organisation, abonnement, secret, nouveau=False)


@require_POST
@admin_organisation
def desactiver(request, pk, abonnement_pk):
    organisation, abonnement = acces_abonnement(request.user, pk, abonnement_pk)
    try:
        actions_webhooks.desactiver_abonnement(abonnement, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"L'abonnement de {abonnement.url} est désactivé : il ne recevra plus rien.")
    return redirect("backoffice:webhooks", pk=organisation.pk)


@admin_organisation
def livraisons(request, pk):
    organisation = acces_organisation_webhooks(request.user, pk)
    filtre = FiltreLivraisonsForm(request.GET or None)
    qs = LivraisonWebhook.objects.filter(abonnement__organisation=organisation).select_related("abonnement")
    if filtre.is_valid():
        if filtre.cleaned_data["statut"]:
            qs = qs.filter(statut=filtre.cleaned_data["statut"])
        if filtre.cleaned_data["evenement"]:
            qs = qs.filter(evenement=filtre.cleaned_data["evenement"])
    page = Paginator(qs.order_by("-cree_le", "-pk"), LIVRAISONS_PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partenaires/webhooks/livraisons.html",
        {"organisation": organisation, "filtre": filtre, "page": page},
    )


@admin_organisation
def livraison(request, pk, livraison_pk):
    organisation, une = acces_livraison(request.user, pk, livraison_pk)
    return render(
        request,
        "partenaires/webhooks/livraison.html",
        {
            "organisation": organisation,
            "livraison": une,
            "contenu": json.dumps(une.charge, indent=2, ensure_ascii=False, sort_keys=True),
        },
    )


@require_POST
@admin_organisation
def rejouer(request, pk, livraison_pk):
    organisation, une = acces_livraison(request.user, pk, livraison_pk)
    try:
        actions_webhooks.rejouer_livraison(une, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            "La livraison est rejouée : elle part dans la minute, avec le même identifiant "
            "(X-Webhook-Id) et un nouvel horodatage.",
        )
    return redirect("backoffice:webhook_livraison", pk=organisation.pk, livraison_pk=une.pk)
