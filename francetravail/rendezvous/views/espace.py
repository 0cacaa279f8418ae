"""The person's appointments in their own space: choose an offered slot, cancel, move."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.forms import signaler_refus
from francetravail.documents.selecteurs import documents_par_objet
from francetravail.documents.televersement import televersement_document
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions, ics, regles
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.forms import DeplacementForm, JustificatifAbsenceForm, MotifForm
from francetravail.rendezvous.models import RendezVous
from francetravail.rendezvous.queries import creneaux_disponibles

# Slots offered when moving: the next weeks, not the whole future of the agenda.
HORIZON_DEPLACEMENT = timedelta(days=60)
MAX_AFFICHES = 200


def _mon_rdv(request, pk):
    """One of my own appointments (someone else's is a 404, like an unknown id)."""
    qs = RendezVous.objects.select_related("personne", "creneau__agenda__organisation")
    return get_object_or_404(qs, pk=pk, personne__user=request.user)


@acces_reserve(TypeCompte.PERSONNE)
def liste(request):
    personne = Personne.objects.filter(user=request.user).first()
    propositions, a_venir, passes, delai = [], [], [], None
    if personne is not None:
        maintenant = timezone.now()
        rdvs = (
            RendezVous.objects.filter(personne=personne)
            .select_related("creneau__agenda__organisation")
            .order_by("creneau__debut", "pk")[:MAX_AFFICHES]
        )
        delai = regles.delai_applicable(personne)
        for rdv in rdvs:
            futur = rdv.creneau.debut > maintenant
            if futur and rdv.statut == StatutRendezVous.PROPOSE:
                # Past the first appointment's limit, only an offer the conseiller made late with a
                # reason can be chosen here (the action checks it again): the person is told why.
                rdv.trop_tard = regles.trop_tard_pour_la_personne(delai, rdv.creneau, rdv.hors_delai_motif)
                propositions.append(rdv)
            elif futur and rdv.statut == StatutRendezVous.RESERVE:
                a_venir.append(rdv)
            elif rdv.statut != StatutRendezVous.PROPOSE:
                passes.append(rdv)
        passes.reverse()
        justificatifs = documents_par_objet([*a_venir, *passes])
        for rdv in (*a_venir, *passes):
            rdv.justificatifs = justificatifs.get(rdv.pk, [])
            rdv.justifiable = rdv.statut in actions.STATUTS_JUSTIFIABLES
    return render(
        request,
        "rendezvous/espace/liste.html",
        {
            "personne": personne,
            "propositions": propositions,
            "a_venir": a_venir,
            "passes": passes,
            "delai": delai,
        },
    )


@require_POST
@acces_reserve(TypeCompte.PERSONNE)
def choisir(request, pk):
    rdv = _mon_rdv(request, pk)
    try:
        actions.reserver(rdv.personne, rdv.creneau, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Votre rendez-vous est réservé. Une confirmation vous est envoyée par courriel.")
    return redirect("rendezvous:liste")


def _modifiable(request, rdv):
    if rdv.statut == StatutRendezVous.RESERVE and rdv.creneau.debut > timezone.now():
        return True
    messages.error(request, "Ce rendez-vous ne peut plus être modifié.")
    return False


@acces_reserve(TypeCompte.PERSONNE)
def annuler(request, pk):
    rdv = _mon_rdv(request, pk)
    if not _modifiable(request, rdv):
        return redirect("rendezvous:liste")
    form = MotifForm(request.POST or None)
    form.fields["motif"].label = "Motif de l'annulation"
    if request.method == "POST" and form.is_valid():
        try:
            actions.annuler(rdv, acting_user=request.user, motif=form.cleaned_data["motif"])
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Votre rendez-vous est annulé.")
            return redirect("rendezvous:liste")
    return render(request, "rendezvous/espace/annuler.html", {"rdv": rdv, "form": form})


# The justificatif is a document: refused before its body is read when announced far over the limit.
@televersement_document
@acces_reserve(TypeCompte.PERSONNE)
def justificatif(request, pk):
    """Joins a justificatif of absence to one of my appointments (booked, missed or excused)."""
    rdv = _mon_rdv(request, pk)
    if rdv.statut not in actions.STATUTS_JUSTIFIABLES:
        messages.error(request, "Un justificatif d'absence se joint à un rendez-vous réservé, manqué ou excusé.")
        return redirect("rendezvous:liste")
    form = JustificatifAbsenceForm(request.POST or None, request.FILES or None)
    signaler_refus(form, request)
    if request.method == "POST" and form.is_valid():
        try:
            actions.joindre_justificatif_absence(
                rdv, acting_user=request.user, fichier=form.cleaned_data["justificatif"]
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Votre justificatif est envoyé : votre conseiller le verra avec ce rendez-vous.")
            return redirect("rendezvous:liste")
    return render(request, "rendezvous/espace/justificatif.html", {"rdv": rdv, "form": form})


@acces_reserve(TypeCompte.PERSONNE)
def deplacer(request, pk):
    rdv = _mon_rdv(request, pk)
    if not _modifiable(request, rdv):
        return redirect("rendezvous:liste")
    creneaux = creneaux_disponibles(
        [rdv.creneau.agenda.organisation_id], motif=rdv.creneau.motif, exclure=[rdv.creneau_id]
    ).filter(debut__lt=timezone.now() + HORIZON_DEPLACEMENT)
    form = DeplacementForm(request.POST or None, creneaux=creneaux)
    form.fields["motif"].label = "Pourquoi changez-vous de créneau ?"
    delai = regles.delai_applicable(rdv.personne, sauf=rdv)
    if request.method == "POST" and form.is_valid():
        try:
            actions.deplacer(
                rdv, form.cleaned_data["creneau"], acting_user=request.user, motif=form.cleaned_data["motif"]
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Votre rendez-vous a changé de créneau. Une confirmation vous est envoyée.")
            return redirect("rendezvous:liste")
    return render(
        request,
        "rendezvous/espace/deplacer.html",
        {"rdv": rdv, "form": form, "aucun_creneau": not creneaux.exists(), "delai": delai},
    )


@acces_reserve(TypeCompte.PERSONNE)
def calendrier(request, pk):
    """The person's ``.ics`` of one of their own appointments (someone else's is a 404)."""
    rdv = get_object_or_404(
        RendezVous.objects.select_related("personne", "creneau__agenda__organisation", "creneau__agenda__conseiller"),
        pk=pk,
        personne__user=request.user,
    )
    reponse = HttpResponse(ics.calendrier_rendez_vous(rdv, pour="personne"), content_type=ics.TYPE_MIME)
    reponse["Content-Disposition"] = f'attachment; filename="{ics.nom_fichier(rdv)}"'
    return reponse
