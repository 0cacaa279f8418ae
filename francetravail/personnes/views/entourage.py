"""The network's pages on the people around a file (``Implication``): the file's list and the
invitation form, the invitations an organisation received, one invitation's page.

Every write is an action of ``francetravail.personnes.actions``, which checks who may (the same rules
of ``francetravail.personnes.acces`` decide which buttons show); a refusal is a 404 and changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes import actions
from francetravail.personnes.acces import (
    ROLES_ENTOURAGE,
    acces_personne,
    invitation_recue,
    organisation_donnant_acces,
    peut_inviter,
    peut_repondre,
    peut_terminer,
)
from francetravail.personnes.forms import InvitationForm, MotifForm, RechercheOrganisationForm
from francetravail.personnes.models import Implication
from francetravail.personnes.queries import (
    implications_du_dossier,
    liste_invitations_recues,
    organisations_a_inviter,
    organisations_invitables,
    professionnels_invitables,
)
from francetravail.reseau.enums import ROLES_DOSSIERS, Role

# Who opens these pages: the file's readers, among them the responsable d'équipe who invites on behalf
# of the organisme référent (the gate opens its files to them).
ROLES_ENTOURAGE_PAGES = ROLES_DOSSIERS | {Role.RESPONSABLE_EQUIPE}
# Who answers invitations (``francetravail.personnes.acces.ROLES_ENTOURAGE``): the dashboard's tile is theirs.
ROLES_INVITES = ROLES_ENTOURAGE


def _dossier(request, pk):
    return acces_personne(request, pk, partie=PartieDossier.ENTOURAGE)


def _organisation_choisie(personne, request):
    """The organisation picked from the search results (its id in the query string), or None."""
    choisie = request.GET.get("organisation", "")
    if not choisie.isdigit() or len(choisie) > 18:  # beyond a bigint, no organisation (and no SQL error)
        return None
    return organisations_invitables(personne).filter(pk=int(choisie)).first()


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ENTOURAGE_PAGES)
def entourage(request, pk):
    """« Les personnes autour du dossier »: who is invited, in which role, since when; and, for the
    référent's side, the invitation: an organisation found by its name, then the terms."""
    personne = _dossier(request, pk)
    invite = peut_inviter(request.user, personne)
    if request.method == "POST" and not invite:
        raise Http404
    recherche, resultats, organisation, form = None, None, None, None
    if invite:
        recherche = RechercheOrganisationForm(request.GET if "q" in request.GET else None)
        if recherche.is_valid():
            resultats = organisations_a_inviter(personne, recherche.cleaned_data["q"].strip())
        if request.method == "POST":
            # The organisation travels with the form; the action checks it again (département, active).
            organisations = organisations_invitables(personne)
            form = InvitationForm(
                request.POST, organisations=organisations, professionnels=professionnels_invitables(organisations)
            )
            if form.is_valid():
                organisation = form.cleaned_data["organisation"]
                try:
                    actions.inviter(personne, acting_user=request.user, **form.cleaned_data)
                except PermissionDenied:
                    raise Http404 from None
                except ValidationError as exc:
                    reporter(form, exc)
                else:
                    messages.success(request, f"{organisation.nom} est invitée : l'invitation attend sa réponse.")
                    return redirect("backoffice:entourage", pk=personne.pk)
            organisation = form.cleaned_data.get("organisation")
        else:
            organisation = _organisation_choisie(personne, request)
            if organisation is not None:
                form = InvitationForm(
                    initial={"organisation": organisation.pk},
                    organisations=organisations_invitables(personne),
                    professionnels=professionnels_invitables([organisation]),
                )
    lignes = [(i, peut_terminer(request.user, _avec_personne(i, personne))) for i in implications_du_dossier(personne)]
    return render(
        request,
        "backoffice/personnes/entourage.html",
        {
            "personne": personne,
            "lignes": lignes,
            "peut_inviter": invite,
            "recherche": recherche,
            "resultats": resultats,
            "organisation": organisation,
            "form": form,
        },
    )


def _avec_personne(implication, personne):
    # The rules read the person's organisme référent: the page already has the person.
    implication.personne = personne
    return implication


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ENTOURAGE_PAGES)
def terminer(request, pk, implication_pk):
    """Either side ends an implication (the référent's side withdraws an invitation too)."""
    personne = _dossier(request, pk)
    implication = Implication.objects.filter(pk=implication_pk, personne_id=personne.pk).first()
    if implication is None or not peut_terminer(request.user, _avec_personne(implication, personne)):
        raise Http404
    form = MotifForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif de la fin de l'implication.")
        return redirect("backoffice:entourage", pk=personne.pk)
    try:
        actions.terminer(implication, acting_user=request.user, motif=form.cleaned_data["motif"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("backoffice:entourage", pk=personne.pk)
    messages.success(request, f"L'implication de {implication.organisation.nom} est terminée.")
    if organisation_donnant_acces(request.user, personne) is None and not peut_inviter(request.user, personne):
        return redirect("backoffice:invitations")  # the file just closed to the one who ended it
    return redirect("backoffice:entourage", pk=personne.pk)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_INVITES)
def invitations(request):
    """« Invitations reçues »: the invitations waiting for the answer of the user's organisations."""
    return render(
        request, "backoffice/personnes/invitations.html", {"invitations": liste_invitations_recues(request.user)}
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_INVITES)
def invitation(request, pk):
    """One invitation: the person's name, who invites, the role and the reason; accept or refuse.
    Nothing else of the file shows until it is accepted."""
    implication = invitation_recue(request.user, pk)
    refus = MotifForm(request.POST if request.POST.get("reponse") == "refuser" else None)
    if request.method == "POST":
        reponse = request.POST.get("reponse")
        try:
            if reponse == "accepter":
                actions.accepter(implication, acting_user=request.user)
                messages.success(request, "Invitation acceptée : vous avez accès au dossier.")
                return redirect(_apres_acceptation(request.user, implication))
            if reponse == "refuser" and refus.is_valid():
                actions.refuser(implication, acting_user=request.user, motif=refus.cleaned_data["motif"])
                messages.success(request, "Invitation refusée.")
                return redirect("backoffice:invitations")
            if reponse not in ("accepter", "refuser"):
                raise Http404
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            reporter(refus, exc)
    return render(
        request,
        "backoffice/personnes/invitation.html",
        {"implication": implication, "refus": refus, "peut_repondre": peut_repondre(request.user, implication)},
    )


def _apres_acceptation(user, implication):
    """The file's page when the acceptance opened it to ``user``, else the list of the file's people."""
    if organisation_donnant_acces(user, implication.personne) is not None:
        return reverse("backoffice:fiche_personne", kwargs={"pk": implication.personne_id})
    return reverse("backoffice:invitations")
