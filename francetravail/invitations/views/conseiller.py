"""Back-office: invite one person, invite a filtered list (choose → confirm → follow the lot), the recent
lots, and the organisation's callback requests."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.invitations import actions, canaux
from francetravail.invitations.acces import (
    acces_lot,
    demandes_rappel_visibles,
    exiger_demande_rappel,
    lots_visibles,
    organisations_invitantes,
)
from francetravail.invitations.enums import CanalInvitation, StatutDemandeRappel, StatutLot
from francetravail.invitations.forms import DemandeRappelForm, InvitationForm
from francetravail.invitations.models import EnvoiInvitation
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.views.conseiller import liste_filtree
from francetravail.rendezvous import regles
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Organisation

# Whoever may work agendas (an accompaniment role); the organisation and the file are then checked.
ROLES = ROLES_ACCOMPAGNEMENT
# Skipped people listed by name on the lot's page; beyond, their count.
IGNOREES_AFFICHEES = 200


def _organisations(user):
    return Organisation.objects.filter(pk__in=organisations_invitantes(user)).order_by("nom")


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def inviter_personne(request, pk):
    """« Inviter à prendre rendez-vous »: one person, from their page or their appointments' page."""
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    organisations = _organisations(request.user)
    initial = {"organisation": personne.organisme_referent_id} if personne.organisme_referent_id else {}
    form = InvitationForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            invitation = actions.inviter(
                personne,
                motif=donnees["motif"],
                organisation=donnees["organisation"],
                canaux=donnees["canaux"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(
                request,
                f"{personne.nom_complet} est invitée à prendre rendez-vous "
                f"({', '.join(CanalInvitation(c).label.lower() for c in invitation.canaux)}), "
                f"jusqu'au {timezone.localtime(invitation.expire_le):%d/%m/%Y}.",
            )
            return redirect("backoffice:rendez_vous_personne", pk=personne.pk)
    delai = regles.delai_applicable(personne)
    return render(
        request,
        "invitations/backoffice/inviter_personne.html",
        {
            "personne": personne,
            "form": form,
            "possibilites": canaux.possibilites(personne),
            "delai": delai,
            "invitations": personne.invitations.select_related("organisation")[:10],
        },
    )


def _liste(request, chaine):
    """The people of the back-office list described by the query string ``chaine`` (same filters, same
    visibility) and the list's form (its labels say what the list was)."""
    requete = copy.copy(request)
    requete.GET = QueryDict(chaine)
    form, qs = liste_filtree(requete)
    return form, qs


def _origine(form, chaine):
    """The list in words, kept on the lot: the filters chosen with their labels."""
    if not form.is_bound or not form.is_valid():
        return "Toutes les personnes suivies"
    parties = []
    for nom, valeur in form.cleaned_data.items():
        if not valeur or nom == "tri":
            continue
        champ = form.fields[nom]
        if hasattr(champ, "choices"):
            valeur = dict(champ.choices).get(valeur, valeur)
        elif valeur is True:
            valeur = "oui"
        parties.append(f"{champ.label} : {valeur}")
    if "portefeuille=1" in chaine:
        parties.insert(0, "Mon portefeuille")
    return " ; ".join(parties) or "Toutes les personnes suivies"


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def inviter_liste(request):
    """« Inviter les N personnes de cette liste »: choose (GET), then a confirmation (GET with the choice:
    how many, per channel, who is skipped and why), then POST records the lot and opens its page."""
    chaine = request.POST.get("liste") if request.method == "POST" else request.GET.get("liste", "")
    chaine = chaine or ""
    form_liste, qs = _liste(request, chaine)
    ids = list(qs.values_list("pk", flat=True)[: actions.MAX_PERSONNES_PAR_LOT + 1])
    donnees = request.POST if request.method == "POST" else (request.GET if "inv-motif" in request.GET else None)
    form = InvitationForm(donnees, organisations=_organisations(request.user), prefix="inv")
    origine = _origine(form_liste, chaine)
    apercu = None
    if donnees is not None and form.is_valid():
        choix = form.cleaned_data
        if request.method == "POST":
            try:
                lot = actions.inviter_en_masse(
                    ids,
                    motif=choix["motif"],
                    organisation=choix["organisation"],
                    canaux=choix["canaux"],
                    origine=origine,
                    acting_user=request.user,
                )
            except ValidationError as exc:
                reporter(form, exc)
            else:
                return redirect("backoffice:lot_invitations", pk=lot.pk)
        else:
            nombre, par_canal, ignorees = actions.apercu(
                ids[: actions.MAX_PERSONNES_PAR_LOT], user=request.user, motif=choix["motif"], canaux=choix["canaux"]
            )
            noms = {
                p.pk: p.nom_complet
                for p in personnes_visibles(request.user).filter(pk__in=list(ignorees)[:IGNOREES_AFFICHEES])
            }
            apercu = {
                "nombre": nombre,
                "par_canal": [(CanalInvitation(c).label, n) for c, n in par_canal.items()],
                "ignorees": [(pk, noms.get(pk, f"Dossier n° {pk}"), raison) for pk, raison in ignorees.items()][
                    :IGNOREES_AFFICHEES
                ],
                "nb_ignorees": len(ignorees),
            }
    return render(
        request,
        "invitations/backoffice/inviter_liste.html",
        {
            "form": form,
            "liste": chaine,
            "nb_personnes": len(ids),
            "trop": len(ids) > actions.MAX_PERSONNES_PAR_LOT,
            "max": actions.MAX_PERSONNES_PAR_LOT,
            "origine": origine,
            "apercu": apercu,
            "url_liste": reverse("backoffice:personnes") + (f"?{chaine}" if chaine else ""),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def lots(request):
    """The recent bulk invitations of the user's organisations."""
    page = Paginator(lots_visibles(request.user).select_related("organisation", "created_by"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "invitations/backoffice/lots.html", {"page": page})


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def lot(request, pk):
    """One bulk invitation: progress while the worker runs, then counts per channel and who was skipped."""
    lot_ = acces_lot(request.user, pk)
    par_canal = dict(
        EnvoiInvitation.objects.filter(invitation__lot=lot_, type_envoi="invitation")
        .values_list("canal")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ignorees = [(cle, raison) for cle, raison in lot_.ignorees.items() if cle.isdigit()]
    noms = {
        p.pk: p.nom_complet
        for p in personnes_visibles(request.user).filter(pk__in=[int(c) for c, _ in ignorees[:IGNOREES_AFFICHEES]])
    }
    total = len(lot_.personnes)
    fait = lot_.nb_invitations + lot_.nb_ignorees
    return render(
        request,
        "invitations/backoffice/lot.html",
        {
            "lot": lot_,
            "en_cours": lot_.statut == StatutLot.EN_COURS,
            "total": total,
            "fait": fait,
            "pourcentage": int(100 * fait / total) if total else 100,
            "par_canal": [(CanalInvitation(c).label, par_canal.get(c, 0)) for c in CanalInvitation.values],
            "ignorees": [
                (int(cle), noms.get(int(cle), f"Dossier n° {cle}"), int(cle) in noms, raison)
                for cle, raison in ignorees[:IGNOREES_AFFICHEES]
            ],
            "erreur": lot_.ignorees.get("erreur", ""),
            "canaux": [CanalInvitation(c).label.lower() for c in lot_.canaux],
            "fil": [(reverse("backoffice:lots_invitations"), "Invitations groupées")],
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def demandes_rappel(request):
    """« Demandes de rappel »: the people who found no slot and asked to be called back (oldest first),
    then the latest done."""
    visibles = demandes_rappel_visibles(request.user).select_related(
        "personne", "organisation", "invitation", "traitee_par"
    )
    a_traiter = visibles.filter(statut=StatutDemandeRappel.A_TRAITER).order_by("created_at", "pk")
    page = Paginator(a_traiter, 25).get_page(request.GET.get("page"))
    traitees = visibles.filter(statut=StatutDemandeRappel.TRAITEE).order_by("-traitee_le", "-pk")[:20]
    return render(
        request,
        "invitations/backoffice/demandes_rappel.html",
        {"page": page, "traitees": traitees, "form": DemandeRappelForm()},
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def traiter_demande_rappel(request, pk):
    exiger_demande_rappel(request.user, pk)  # another organisation's, or done already: 404
    form = DemandeRappelForm(request.POST)
    if form.is_valid():
        try:
            actions.traiter_demande_rappel(
                pk, compte_rendu=form.cleaned_data["compte_rendu"], acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "La demande de rappel est marquée traitée.")
    else:
        messages.error(request, "Indiquez ce qui a été convenu avec la personne (250 caractères au plus).")
    return redirect("backoffice:demandes_rappel")
