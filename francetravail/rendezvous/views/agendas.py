"""Back-office: the agendas (list, creation, one agenda's patterns, absences and sessions) and the week view.

Who reads an agenda is ``acces.agendas_accessibles`` (the organisation's accompaniment professionals and
managers); who runs it is ``acces.peut_gerer_agenda``; the actions check it again.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import organisations_donnant_acces, personnes_visibles
from francetravail.rendezvous import actions, actions_agendas
from francetravail.rendezvous.acces import (
    ROLES_AGENDAS,
    acces_agenda,
    agendas_accessibles,
    agendas_geres,
    organisations_creation_agenda,
    organisations_gestion_agendas,
    peut_gerer_agenda,
    peut_ouvrir_creneau,
)
from francetravail.rendezvous.enums import STATUTS_ACTIFS, STATUTS_PRESENCE, Motif
from francetravail.rendezvous.forms import (
    JOURS_SEMAINE,
    AgendaForm,
    CreneauForm,
    FermetureForm,
    IndisponibiliteForm,
    PlageForm,
    SessionCollectiveForm,
)
from francetravail.rendezvous.models import Creneau, Indisponibilite, RendezVous
from francetravail.rendezvous.plages import HORIZON_SEMAINES
from francetravail.rendezvous.queries import rendez_vous_a_deplacer
from francetravail.reseau.models import Organisation

ANNEES_AFFICHABLES = (2000, 2100)
# Bookings shown in the week view: the people expected (or seen) on the slot.
STATUTS_AFFICHES = (*STATUTS_ACTIFS, *STATUTS_PRESENCE)


def _noms_visibles(user, rdvs):
    """{person id: name} for the people of ``rdvs`` whose file ``user`` reads; each name shown is logged as a
    read of the file's summary, as lists log it (one INSERT per organisation giving access)."""
    personnes = {rdv.personne_id: rdv.personne for rdv in rdvs}
    if not personnes:
        return {}
    visibles = set(personnes_visibles(user).filter(pk__in=personnes).values_list("pk", flat=True))
    par_organisation = defaultdict(list)
    for personne_id, organisation in organisations_donnant_acces(user, [personnes[pk] for pk in visibles]).items():
        par_organisation[organisation or None].append(personne_id)
    for organisation_id, ids in par_organisation.items():
        journaliser_acces_liste(
            personne_ids=ids, user_id=user.pk, organisation_id=organisation_id, partie=PartieDossier.SYNTHESE
        )
    return {pk: personnes[pk].nom_complet for pk in visibles}


def _a_deplacer(user, agendas):
    rdvs = list(rendez_vous_a_deplacer(agendas)[:100])
    noms = _noms_visibles(user, rdvs)
    for rdv in rdvs:
        rdv.nom_visible = noms.get(rdv.personne_id)
    return rdvs


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_AGENDAS)
def agendas(request):
    maintenant = timezone.now()
    gerees = organisations_gestion_agendas(request.user)
    fermeture = None
    if gerees:
        organisations = Organisation.objects.filter(pk__in=gerees).order_by("nom")
        fermeture = FermetureForm(
            request.POST if request.method == "POST" else None, organisations=organisations, prefix="fermeture"
        )
    elif request.method == "POST":
        raise Http404
    if request.method == "POST" and fermeture.is_valid():
        d = fermeture.cleaned_data
        try:
            actions_agendas.fermer_organisation(
                d["organisation"], acting_user=request.user, debut=d["debut"], fin=d["fin"], motif=d["motif"]
            )
        except ValidationError as exc:
            reporter(fermeture, exc)
        else:
            messages.success(
                request, "La fermeture est enregistrée ; les créneaux libres de cette période sont fermés."
            )
            return redirect("backoffice:agendas")
    liste = (
        agendas_accessibles(request.user)
        .select_related("organisation", "conseiller")
        .annotate(nb_a_venir=Count("creneaux", filter=Q(creneaux__debut__gt=maintenant, creneaux__actif=True)))
        .order_by("organisation__nom", "libelle")
    )
    geres = set(agendas_geres(request.user).values_list("pk", flat=True))
    for agenda in liste:
        agenda.gere = agenda.pk in geres
    return render(
        request,
        "rendezvous/backoffice/agendas.html",
        {
            "agendas": liste,
            "peut_creer": bool(organisations_creation_agenda(request.user)),
            "fermeture": fermeture,
            "fermetures": Indisponibilite.objects.filter(
                organisation_id__in=gerees, agenda__isnull=True, fin__gt=maintenant
            ).select_related("organisation"),
            # Whoever books in these agendas may move an appointment (actions.deplacer), not only their managers.
            "a_deplacer": _a_deplacer(request.user, agendas_accessibles(request.user)),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_AGENDAS)
def nouvel_agenda(request):
    organisations_ids = organisations_creation_agenda(request.user)
    if not organisations_ids:
        raise Http404
    gestionnaire = bool(organisations_gestion_agendas(request.user))
    organisations = Organisation.objects.filter(pk__in=organisations_ids).order_by("nom")
    membres = actions_agendas.membres_agenda(*organisations_ids)
    form = AgendaForm(
        request.POST or None,
        organisations=organisations,
        membres=membres,
        gestionnaire=gestionnaire,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            agenda = actions_agendas.creer_agenda(
                d["organisation"],
                acting_user=request.user,
                type_agenda=d["type_agenda"],
                libelle=d["libelle"],
                lieu=d["lieu"],
                conseiller=d["conseiller"],
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, f"L'agenda « {agenda.libelle} » est créé : ajoutez-lui ses plages d'ouverture.")
            return redirect("backoffice:agenda", pk=agenda.pk)
    return render(request, "rendezvous/backoffice/agenda_nouveau.html", {"form": form})


def _agir(request, agenda, action, formulaires):
    """Runs the POSTed ``action`` on ``agenda``; returns the success message, or None (errors on the forms)."""
    user = request.user
    if action == "fermer_plage":
        plage = get_object_or_404(agenda.plages.filter(active=True), pk=request.POST.get("plage"))
        bilan = actions_agendas.fermer_plage(plage, acting_user=user)
        return f"La plage est fermée : {bilan.fermes} créneau(x) retiré(s) ; les rendez-vous pris restent, à déplacer."
    if action == "fermer_agenda":
        actions_agendas.fermer_agenda(agenda, acting_user=user)
        return "L'agenda est fermé ; les rendez-vous pris restent, à déplacer."
    form = formulaires.get(action)
    if form is None or not form.is_valid():
        return None
    d = form.cleaned_data
    if action == "plage":
        plage = actions_agendas.creer_plage(agenda, acting_user=user, **d)
        nombre = plage.creneaux.count()
        return f"La plage d'ouverture est créée : {nombre} créneau(x) ouvert(s) sur les semaines à venir."
    if action == "indisponibilite":
        actions_agendas.creer_indisponibilite(agenda, acting_user=user, **d)
        return "L'absence est enregistrée ; les créneaux libres de cette période sont fermés."
    if action == "session":
        session = actions_agendas.creer_session_collective(agenda, acting_user=user, **form.donnees_session())
        return f"La session collective est ouverte ({session.capacite} places)."
    creneau = actions.creer_creneau(agenda, acting_user=user, **form.donnees_creneau())
    return f"Le créneau est créé ({creneau})."


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_AGENDAS)
def agenda(request, pk):
    agenda = acces_agenda(request.user, pk)
    gere = peut_gerer_agenda(request.user, agenda)
    ouvre = peut_ouvrir_creneau(request.user, agenda)
    action = request.POST.get("action", "creneau") if request.method == "POST" else None
    donnees = request.POST if request.method == "POST" else None
    formulaires = {
        "creneau": CreneauForm(donnees if action == "creneau" else None),
        "plage": PlageForm(donnees if action == "plage" else None, prefix="plage"),
        "indisponibilite": IndisponibiliteForm(donnees if action == "indisponibilite" else None, prefix="absence"),
        "session": SessionCollectiveForm(donnees if action == "session" else None, prefix="session"),
    }
    if action is not None and (gere or (action == "creneau" and ouvre)):
        try:
            message = _agir(request, agenda, action, formulaires)
        except ValidationError as exc:
            if action in formulaires:
                reporter(formulaires[action], exc)
            else:
                for erreur in exc.messages:
                    messages.error(request, erreur)
                return redirect("backoffice:agenda", pk=agenda.pk)
        else:
            if message is not None:
                messages.success(request, message)
                if action == "fermer_agenda":
                    return redirect("backoffice:agendas")
                return redirect("backoffice:agenda", pk=agenda.pk)
    elif action is not None:
        raise Http404
    creneaux = agenda.creneaux.filter(debut__gt=timezone.now()).order_by("debut", "pk")
    page = Paginator(creneaux, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "rendezvous/backoffice/agenda.html",
        {
            "agenda": agenda,
            "gere": gere,
            "ouvre": ouvre,
            "form": formulaires["creneau"],
            "form_plage": formulaires["plage"],
            "form_absence": formulaires["indisponibilite"],
            "form_session": formulaires["session"],
            "plages": _plages(agenda),
            "horizon_semaines": HORIZON_SEMAINES,
            "absences": agenda.indisponibilites.filter(fin__gt=timezone.now()).order_by("debut"),
            "a_deplacer": _a_deplacer(request.user, [agenda]),
            "page": page,
        },
    )


def _plages(agenda):
    noms = dict(JOURS_SEMAINE)
    plages = list(agenda.plages.filter(active=True).order_by("valide_du", "heure_debut", "pk"))
    for plage in plages:
        plage.libelle_jours = ", ".join(noms[j] for j in plage.jours)
    return plages


def _lundi(valeur):
    try:
        jour = date.fromisoformat(valeur) if valeur else timezone.localdate()
    except ValueError:
        jour = timezone.localdate()
    if not ANNEES_AFFICHABLES[0] <= jour.year <= ANNEES_AFFICHABLES[1]:
        jour = timezone.localdate()  # a forged ?du= (year 1 or 9999) would overflow the week's bounds
    return jour - timedelta(days=jour.weekday())


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_AGENDAS)
@require_GET
def semaine(request):
    """A week of slots (Monday to Sunday, Europe/Paris): the user's own agendas, the team's (every agenda of
    their organisations), or one agenda; each slot with its motif, seats and the people booked, named for
    whoever reads their file."""
    user = request.user
    lundi = _lundi(request.GET.get("du"))
    accessibles = agendas_accessibles(user).select_related("organisation")
    agenda_seul = acces_agenda(user, request.GET["agenda"]) if request.GET.get("agenda") else None
    vue = request.GET.get("vue")
    if agenda_seul is not None:
        liste, vue = [agenda_seul], "agenda"
    else:
        miens = [a for a in accessibles if a.conseiller_id == user.pk]
        if vue != "equipe" and (miens or vue == "mes"):
            liste, vue = miens, "mes"
        else:
            liste, vue = list(accessibles), "equipe"
    zone = timezone.get_current_timezone()
    debut = timezone.make_aware(datetime.combine(lundi, datetime.min.time()), zone)
    fin = timezone.make_aware(datetime.combine(lundi + timedelta(days=7), datetime.min.time()), zone)
    creneaux = list(
        Creneau.objects.filter(agenda__in=liste, debut__gte=debut, debut__lt=fin)
        .filter(Q(actif=True) | Q(nb_reservations__gt=0))
        .select_related("agenda")
        .order_by("debut", "agenda__libelle", "pk")
    )
    rdvs = list(
        RendezVous.objects.filter(creneau__in=creneaux, statut__in=STATUTS_AFFICHES)
        .select_related("personne")
        .order_by("pk")
    )
    noms = _noms_visibles(user, rdvs)
    par_creneau = defaultdict(list)
    for rdv in rdvs:
        par_creneau[rdv.creneau_id].append(rdv)
    jours = [{"date": lundi + timedelta(days=i), "creneaux": []} for i in range(7)]
    for creneau in creneaux:
        creneau.reservations = [
            {"nom": noms.get(rdv.personne_id), "statut": rdv.get_statut_display(), "rdv": rdv}
            for rdv in par_creneau[creneau.pk]
        ]
        jours[timezone.localtime(creneau.debut, zone).weekday()]["creneaux"].append(creneau)
    # The weekend's columns only when something is open then.
    jours = jours[:5] + [j for j in jours[5:] if j["creneaux"]]
    parametres = {"vue": vue} if agenda_seul is None else {"agenda": agenda_seul.pk}

    def lien(jour):
        return f"{reverse('backoffice:agendas_semaine')}?{urlencode(parametres | {'du': jour.isoformat()})}"

    return render(
        request,
        "rendezvous/backoffice/semaine.html",
        {
            "lundi": lundi,
            "dimanche": lundi + timedelta(days=6),
            "jours": jours,
            "vue": vue,
            "agenda_seul": agenda_seul,
            "agendas": liste,
            "plusieurs": len(liste) > 1,
            "a_moi": any(a.conseiller_id == user.pk for a in accessibles),
            "precedente": lien(lundi - timedelta(days=7)),
            "suivante": lien(lundi + timedelta(days=7)),
            "cette_semaine": lien(timezone.localdate()),
            "motifs": Motif.choices,
        },
    )
