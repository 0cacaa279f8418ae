"""An organisation's admin manages its API clients: list, create, renew the secret, change scopes, revoke.

The secret is shown once, in the answer of the POST that made it (creation or renewal), never on a
page one can open again, never in a message, a log or the audit trail; the answer is not cached.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.partenaires import actions
from francetravail.partenaires.acces import client_gere, organisation_geree
from francetravail.partenaires.forms import NouveauClientForm, PorteesForm
from francetravail.partenaires.models import ClientAPI
from francetravail.partenaires.portees import PORTEES
from francetravail.reseau.enums import Role


def afficher_secret(request, *, client, secret, retour, titre):
    """The page that shows the client id and the secret, once (not cached, not logged)."""
    reponse = render(
        request,
        "partenaires/conseiller/secret.html",
        {
            "client": client,
            "client_id": client.application.client_id,
            "secret": secret,
            "retour": retour,
            "titre": titre,
            "url_jeton": request.build_absolute_uri(reverse("api-jeton")),
            "url_personnes": request.build_absolute_uri(reverse("v1:personne-list")),
        },
    )
    add_never_cache_headers(reponse)
    return reponse


def libelles_portees(codes):
    return [PORTEES.get(code, code) for code in codes]


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def clients(request, pk):
    organisation = organisation_geree(request.user, pk)
    form = NouveauClientForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = actions.creer_client(organisation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            reporter(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            return afficher_secret(
                request,
                client=client,
                secret=secret,
                retour=reverse("backoffice:clients_api", kwargs={"pk": organisation.pk}),
                titre=f"Le logiciel « {client.nom} » est enregistré",
            )
    liste = (
        ClientAPI.objects.filter(organisation=organisation)
        .select_related("cree_par", "revoque_par")
        .order_by("revoque_le", "-cree_le", "-pk")
    )
    return render(
        request,
        "partenaires/conseiller/clients.html",
        {
            "organisation": organisation,
            "form": form,
            "clients": [(c, libelles_portees(c.portees)) for c in liste],
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def client(request, pk, client_pk):
    organisation = organisation_geree(request.user, pk)
    client_api = client_gere(request.user, organisation, client_pk)
    form = PorteesForm(request.POST or None, initial={"portees": client_api.portees})
    if request.method == "POST" and client_api.actif and form.is_valid():
        try:
            actions.modifier_portees(client_api, portees=form.cleaned_data["portees"], acting_user=request.user)
        except ValidationError as exc:
            reporter(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, f"Les portées du logiciel « {client_api.nom} » ont été modifiées.")
            return redirect("backoffice:client_api", pk=organisation.pk, client_pk=client_api.pk)
    return render(
        request,
        "partenaires/conseiller/client.html",
        {
            "organisation": organisation,
            "client": client_api,
            "libelles": libelles_portees(client_api.portees),
            "form": form,
        },
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def renouveler(request, pk, client_pk):
    organisation = organisation_geree(request.user, pk)
    client_api = client_gere(request.user, organisation, client_pk)
    try:
        client_api, secret = actions.renouveler_secret(client_api, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("backoffice:client_api", pk=organisation.pk, client_pk=client_api.pk)
    except PermissionDenied:
        raise Http404 from None
    return afficher_secret(
        request,
        client=client_api,
        secret=secret,
        retour=reverse("backoffice:client_api", kwargs={"pk": organisation.pk, "client_pk": client_api.pk}),
        titre=f"Nouveau secret du logiciel « {client_api.nom} »",
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.ADMIN_ORGANISATION})
def revoquer(request, pk, client_pk):
    organisation = organisation_geree(request.user, pk)
    client_api = client_gere(request.user, organisation, client_pk)
    try:
        actions.revoquer_client(client_api, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request, f"Le logiciel « {client_api.nom} » est révoqué : ses jetons et son secret ne valent plus rien."
        )
    return redirect("backoffice:clients_api", pk=organisation.pk)
