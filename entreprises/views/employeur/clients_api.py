"""A company's admin manages its recruitment software's API clients (/entreprise/entreprises/<pk>/logiciels/).

Only an active admin of the company: any other member, another company's admin, an unknown id get
the same 404. The secret is shown once, in the answer of the POST that made it (not cached, not logged).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from entreprises import clients_api
from entreprises.acces import entreprise_ou_404, est_admin
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.partenaires.forms import NouveauClientEmployeurForm, PorteesEmployeurForm
from francetravail.partenaires.views.conseiller import afficher_secret, libelles_portees


def _entreprise_administree(user, pk):
    entreprise = entreprise_ou_404(user, pk)
    if not est_admin(user, entreprise) or hasattr(user, "client_api"):
        raise Http404
    return entreprise


@acces_reserve(TypeCompte.EMPLOYEUR)
def clients(request, pk):
    entreprise = _entreprise_administree(request.user, pk)
    form = NouveauClientEmployeurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = clients_api.creer_client_entreprise(
                entreprise, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            reporter(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            return afficher_secret(
                request,
                client=client,
                secret=secret,
                retour=reverse("entreprises:clients_api", kwargs={"pk": entreprise.pk}),
                titre=f"Le logiciel « {client.nom} » est enregistré",
            )
    liens = clients_api.clients_de(entreprise)
    return render(
        request,
        "entreprises/employeur/clients_api/clients.html",
        {
            "entreprise": entreprise,
            "form": form,
            "clients": [(lien.client, libelles_portees(lien.client.portees)) for lien in liens],
        },
    )


@acces_reserve(TypeCompte.EMPLOYEUR)
def client(request, pk, client_pk):
    entreprise = _entreprise_administree(request.user, pk)
    client_api = clients_api.client_de(entreprise, client_pk)
    form = PorteesEmployeurForm(request.POST or None, initial={"portees": client_api.portees})
    if request.method == "POST" and client_api.actif and form.is_valid():
        try:
            clients_api.modifier_portees_entreprise(
                entreprise, client_api, portees=form.cleaned_data["portees"], acting_user=request.user
            )
        except ValidationError as exc:
            reporter(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, f"Les portées du logiciel « {client_api.nom} » ont été modifiées.")
            return redirect("entreprises:client_api", pk=entreprise.pk, client_pk=client_api.pk)
    return render(
        request,
        "entreprises/employeur/clients_api/client.html",
        {
            "entreprise": entreprise,
            "client": client_api,
            "libelles": libelles_portees(client_api.portees),
            "form": form,
        },
    )


@require_POST
@acces_reserve(TypeCompte.EMPLOYEUR)
def renouveler(request, pk, client_pk):
    entreprise = _entreprise_administree(request.user, pk)
    client_api = clients_api.client_de(entreprise, client_pk)
    try:
        client_api, secret = clients_api.renouveler_secret_entreprise(entreprise, client_api, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("entreprises:client_api", pk=entreprise.pk, client_pk=client_api.pk)
    except PermissionDenied:
        raise Http404 from None
    return afficher_secret(
        request,
        client=client_api,
        secret=secret,
        retour=reverse("entreprises:client_api", kwargs={"pk": entreprise.pk, "client_pk": client_api.pk}),
        titre=f"Nouveau secret du logiciel « {client_api.nom} »",
    )


@require_POST
@acces_reserve(TypeCompte.EMPLOYEUR)
def revoquer(request, pk, client_pk):
    entreprise = _entreprise_administree(request.user, pk)
    client_api = clients_api.client_de(entreprise, client_pk)
    try:
        clients_api.revoquer_client_entreprise(entreprise, client_api, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, f"Le logiciel « {client_api.nom} » est révoqué.")
    return redirect("entreprises:clients_api", pk=entreprise.pk)
