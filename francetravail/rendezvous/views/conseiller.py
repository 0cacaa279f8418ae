"""Back-office: a person's appointments (offer, book, attendance) and the agendas' slots."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.selecteurs import documents_de, documents_par_objet
from francetravail.personnes.acces import acces_personne
from francetravail.rendezvous import actions, ics, regles
from francetravail.rendezvous.acces import organisations_agendas
from francetravail.rendezvous.enums import STATUTS_PRESENCE, StatutRendezVous
from francetravail.rendezvous.forms import (
    CorrectionPresenceForm,
    DeplacementForm,
    MotifForm,
    PresenceForm,
    PropositionForm,
    ReservationForm,
    ajouter_derogation,
)
from francetravail.rendezvous.queries import creneaux_disponibles
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DOSSIERS

HORIZON = timedelta(days=60)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def rendez_vous_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    organisations = organisations_agendas(request.user)
    creneaux = creneaux_disponibles(organisations).filter(debut__lt=timezone.now() + HORIZON)
    action = request.POST.get("action") if request.method == "POST" else None
    delai = regles.delai_applicable(personne) if organisations else None
    reservation = ReservationForm(request.POST if action == "reserver" else None, creneaux=creneaux, prefix="reserver")
    proposition = PropositionForm(request.POST if action == "proposer" else None, creneaux=creneaux, prefix="proposer")
    ajouter_derogation(reservation, delai)
    ajouter_derogation(proposition, delai)
    if action == "reserver" and reservation.is_valid():
        try:
            actions.reserver(
                personne,
                reservation.cleaned_data["creneau"],
                acting_user=request.user,
                derogation=reservation.cleaned_data.get("derogation", ""),
            )
        except ValidationError as exc:
            reporter(reservation, exc)
        else:
            messages.success(request, "Le rendez-vous est réservé ; la personne est prévenue par courriel.")
            return redirect("backoffice:rendez_vous_personne", pk=personne.pk)
    elif action == "proposer" and proposition.is_valid():
        try:
            actions.proposer_creneaux(
                personne,
                list(proposition.cleaned_data["creneaux"]),
                acting_user=request.user,
                derogation=proposition.cleaned_data.get("derogation", ""),
            )
        except ValidationError as exc:
            reporter(proposition, exc)
        else:
            messages.success(request, "Les créneaux sont proposés ; la personne choisit dans son espace.")
            return redirect("backoffice:rendez_vous_personne", pk=personne.pk)

    rdvs = personne.rendez_vous.select_related("creneau__agenda__organisation", "hors_delai_par").order_by(
        "-creneau__debut", "-pk"
    )
    page = Paginator(rdvs, 25).get_page(request.GET.get("page"))
    maintenant = timezone.now()
    justificatifs = documents_par_objet(list(page))
    for rdv in page:
        rdv.justificatifs = justificatifs.get(rdv.pk, [])
        rdv.presence_a_noter = (
            rdv.statut == StatutRendezVous.RESERVE
            and rdv.creneau.debut <= maintenant
            and rdv.creneau.agenda.organisation_id in organisations
        )
        rdv.modifiable = (
            rdv.statut in (StatutRendezVous.PROPOSE, StatutRendezVous.RESERVE)
            and rdv.creneau.debut > maintenant
            and rdv.creneau.agenda.organisation_id in organisations
        )
    return render(
        request,
        "rendezvous/backoffice/personne.html",
        {
            "personne": personne,
            "page": page,
            "peut_agir": bool(organisations),
            "delai": delai,
            "reservation": reservation,
            "proposition": proposition,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def modifier(request, pk, rdv_pk):
    """The conseiller moves or cancels an upcoming appointment of their organisations, with a motif."""
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    organisations = organisations_agendas(request.user)
    rdv = get_object_or_404(
        personne.rendez_vous.select_related("creneau__agenda__organisation"),
        pk=rdv_pk,
        creneau__agenda__organisation_id__in=organisations,
    )
    modifiable = (
        rdv.statut in (StatutRendezVous.PROPOSE, StatutRendezVous.RESERVE) and rdv.creneau.debut > timezone.now()
    )
    action = request.POST.get("action") if request.method == "POST" else None
    creneaux = creneaux_disponibles(organisations, motif=rdv.creneau.motif, exclure=[rdv.creneau_id]).filter(
        debut__lt=timezone.now() + HORIZON
    )
    deplacement = DeplacementForm(request.POST if action == "deplacer" else None, creneaux=creneaux, prefix="deplacer")
    if modifiable and rdv.statut == StatutRendezVous.RESERVE:
        ajouter_derogation(deplacement, regles.delai_applicable(personne, sauf=rdv))
    annulation = MotifForm(request.POST if action == "annuler" else None, prefix="annuler")
    annulation.fields["motif"].label = "Motif de l'annulation (communiqué à la personne)"
    deplacement.fields["motif"].label = "Motif du changement (communiqué à la personne)"
    formulaire = {"deplacer": deplacement, "annuler": annulation}.get(action)
    if modifiable and formulaire is not None and formulaire.is_valid():
        try:
            if action == "deplacer":
                actions.deplacer(
                    rdv,
                    formulaire.cleaned_data["creneau"],
                    acting_user=request.user,
                    motif=formulaire.cleaned_data["motif"],
                    derogation=formulaire.cleaned_data.get("derogation", ""),
                )
            else:
                actions.annuler(rdv, acting_user=request.user, motif=formulaire.cleaned_data["motif"])
        except ValidationError as exc:
            reporter(formulaire, exc)
        else:
            messages.success(request, "Le rendez-vous est modifié ; la personne est prévenue.")
            return redirect("backoffice:rendez_vous_personne", pk=personne.pk)
    return render(
        request,
        "rendezvous/backoffice/modifier.html",
        {
            "personne": personne,
            "rdv": rdv,
            "modifiable": modifiable,
            "deplacement": deplacement,
            "annulation": annulation,
            "aucun_creneau": not creneaux.exists(),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def presence(request, pk, rdv_pk):
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    rdv = get_object_or_404(
        personne.rendez_vous.select_related("creneau__agenda__organisation"),
        pk=rdv_pk,
        creneau__agenda__organisation_id__in=organisations_agendas(request.user),
    )
    a_noter = rdv.statut == StatutRendezVous.RESERVE and rdv.creneau.debut <= timezone.now()
    a_corriger = rdv.statut in STATUTS_PRESENCE
    if a_corriger:
        form = CorrectionPresenceForm(request.POST or None, initial={"statut": rdv.statut, "motif": rdv.motif})
    else:
        form = PresenceForm(request.POST or None)
    if request.method == "POST" and (a_noter or a_corriger) and form.is_valid():
        donnees = form.cleaned_data
        try:
            if a_corriger:
                actions.corriger_presence(
                    rdv,
                    donnees["statut"],
                    acting_user=request.user,
                    motif=donnees["motif"],
                    correction=donnees["correction"],
                )
            else:
                actions.enregistrer_presence(rdv, donnees["statut"], acting_user=request.user, motif=donnees["motif"])
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "La présence est corrigée." if a_corriger else "La présence est enregistrée.")
            return redirect("backoffice:rendez_vous_personne", pk=personne.pk)
    return render(
        request,
        "rendezvous/backoffice/presence.html",
        {
            "personne": personne,
            "rdv": rdv,
            "form": form,
            "a_noter": a_noter,
            "a_corriger": a_corriger,
            "justificatifs": documents_de(rdv),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def calendrier(request, pk, rdv_pk):
    """The conseiller's ``.ics`` of one of the person's appointments (it names the person: the file's gate)."""
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE)
    rdv = get_object_or_404(
        personne.rendez_vous.select_related(
            "personne", "creneau__agenda__organisation", "creneau__agenda__conseiller"
        ),
        pk=rdv_pk,
    )
    reponse = HttpResponse(ics.calendrier_rendez_vous(rdv, pour="conseiller"), content_type=ics.TYPE_MIME)
    reponse["Content-Disposition"] = f'attachment; filename="{ics.nom_fichier(rdv)}"'
    return reponse
