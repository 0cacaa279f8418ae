"""Running agendas: create or close an agenda, its recurring openings (``PlageOuverture``), its absences,
and collective sessions. Who may is ``rendezvous.acces`` (``exiger_creation_agenda``,
``exiger_gestion_agenda``); each change writes an audit event; slots follow at once
(``rendezvous.plages.synchroniser_plage``, the same code as the nightly sweep).

Booking stays in ``rendezvous.actions``: a collective session's last seat is taken under the slot's
row lock there, like any slot's.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.rendezvous import plages
from francetravail.rendezvous.acces import (
    exiger_creation_agenda,
    exiger_fermeture_organisation,
    exiger_gestion_agenda,
)
from francetravail.rendezvous.enums import Modalite, Motif, TypeAgenda, TypeIndisponibilite
from francetravail.rendezvous.models import Agenda, Creneau, Indisponibilite, PlageOuverture
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Membership

DUREE_MIN, DUREE_MAX = 5, 480  # minutes of one slot
CAPACITE_MAX = 200
RECURRENCE_MAX = 8  # every 1 … 8 weeks
LONGUEUR_LIBELLE = 150


def membres_agenda(*organisation_ids):
    """The professionals of ``organisation_ids`` who may hold an agenda (an accompaniment role there), by name."""
    ids = (
        Membership.objects.actives()
        .sans_comptes_techniques()
        .filter(organisation_id__in=organisation_ids, role__in=ROLES_ACCOMPAGNEMENT)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=ids.values("user_id"), is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


def _verrouiller_agenda(agenda):
    return (
        Agenda.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisation", "conseiller")
        .get(pk=agenda.pk)
    )


@transaction.atomic
def creer_agenda(organisation, *, acting_user, type_agenda, libelle, lieu="", conseiller=None):
    """A new agenda of ``organisation``. An individual agenda is a conseiller's (chosen among the
    organisation's accompaniment professionals); the others may name one, or none."""
    conseiller_id = conseiller.pk if conseiller is not None else None
    exiger_creation_agenda(acting_user, organisation.pk, type_agenda, conseiller_id)
    libelle = (libelle or "").strip()
    erreurs = {}
    if type_agenda not in TypeAgenda.values:
        erreurs["type_agenda"] = "Choisissez le type d'agenda."
    if not libelle:
        erreurs["libelle"] = "Donnez un nom à l'agenda."
    elif len(libelle) > LONGUEUR_LIBELLE:
        erreurs["libelle"] = f"Le nom de l'agenda tient en {LONGUEUR_LIBELLE} caractères au plus."
    if type_agenda == TypeAgenda.INDIVIDUEL and conseiller is None:
        erreurs["conseiller"] = "Un agenda individuel est celui d'un conseiller : choisissez-le."
    elif conseiller is not None and not membres_agenda(organisation.pk).filter(pk=conseiller_id).exists():
        erreurs["conseiller"] = "Ce professionnel n'accompagne pas de personnes dans cette organisation."
    if erreurs:
        raise ValidationError(erreurs)
    agenda = Agenda.objects.create(
        organisation=organisation,
        conseiller=conseiller,
        libelle=libelle,
        type_agenda=type_agenda,
        lieu=(lieu or "").strip(),
        created_by=acting_user,
    )
    enregistrer_evenement(
        TypeEvenement.AGENDA_CREE,
        acting_user=acting_user,
        organisation=organisation,
        agenda_id=agenda.pk,
        type_agenda=type_agenda,
        conseiller_id=conseiller_id,
    )
    return agenda


@transaction.atomic
def fermer_agenda(agenda, *, acting_user, motif=""):
    """Closes ``agenda``: its patterns stop, its future slots close; booked appointments stay, to move."""
    agenda = _verrouiller_agenda(agenda)
    exiger_gestion_agenda(acting_user, agenda)
    if not agenda.actif:
        raise ValidationError("Cet agenda est déjà fermé.")
    agenda.actif = False
    agenda.save(update_fields=["actif"])
    agenda.plages.filter(active=True).update(active=False)
    fermes = Creneau.objects.filter(agenda=agenda, debut__gt=timezone.now(), actif=True).update(actif=False)
    enregistrer_evenement(
        TypeEvenement.AGENDA_FERME,
        acting_user=acting_user,
        organisation=agenda.organisation,
        motif=(motif or "").strip(),
        agenda_id=agenda.pk,
        creneaux_fermes=fermes,
    )
    return agenda


def _verifier_plage(
    *, jours, heure_debut, heure_fin, duree_minutes, capacite, toutes_les_semaines, valide_du, valide_au
):
    erreurs = {}
    if not jours:
        erreurs["jours"] = "Cochez au moins un jour de la semaine."
    elif any(j not in range(1, 8) for j in jours):
        erreurs["jours"] = "Jour de la semaine inconnu."
    if heure_fin <= heure_debut:
        erreurs["heure_fin"] = "L'heure de fin doit être après l'heure de début."
    if not DUREE_MIN <= duree_minutes <= DUREE_MAX:
        erreurs["duree_minutes"] = f"Un créneau dure de {DUREE_MIN} à {DUREE_MAX} minutes."
    elif heure_fin > heure_debut:
        amplitude = datetime.combine(valide_du, heure_fin) - datetime.combine(valide_du, heure_debut)
        if timedelta(minutes=duree_minutes) > amplitude:
            erreurs["duree_minutes"] = (
                "La plage est plus courte qu'un créneau : allongez-la ou raccourcissez le créneau."
            )
    if not 1 <= capacite <= CAPACITE_MAX:
        erreurs["capacite"] = f"Un créneau compte de 1 à {CAPACITE_MAX} places."
    if not 1 <= toutes_les_semaines <= RECURRENCE_MAX:
        erreurs["toutes_les_semaines"] = (
            f"La plage revient toutes les semaines, ou au plus toutes les {RECURRENCE_MAX} semaines."
        )
    if valide_du < timezone.localdate():
        erreurs["valide_du"] = "La plage commence aujourd'hui ou plus tard."
    if valide_au is not None and valide_au < valide_du:
        erreurs["valide_au"] = "La fin de validité doit être le jour de début ou après."
    return erreurs


@transaction.atomic
def creer_plage(
    agenda,
    *,
    acting_user,
    jours,
    heure_debut,
    heure_fin,
    duree_minutes,
    motif,
    modalite=Modalite.SUR_PLACE,
    capacite=1,
    toutes_les_semaines=1,
    valide_du,
    valide_au=None,
    lieu="",
    intitule="",
):
    """A recurring opening of ``agenda``; its slots for the weeks ahead are generated at once."""
    agenda = _verrouiller_agenda(agenda)
    exiger_gestion_agenda(acting_user, agenda)
    if not agenda.actif:
        raise ValidationError("Cet agenda est fermé : rouvrez-en un autre.")
    jours = sorted({int(j) for j in jours})
    lieu, intitule = (lieu or "").strip(), (intitule or "").strip()
    erreurs = _verifier_plage(
        jours=jours,
        heure_debut=heure_debut,
        heure_fin=heure_fin,
        duree_minutes=duree_minutes,
        capacite=capacite,
        toutes_les_semaines=toutes_les_semaines,
        valide_du=valide_du,
        valide_au=valide_au,
    )
    if motif not in Motif.values:
        erreurs["motif"] = "Choisissez le motif des rendez-vous."
    elif motif == Motif.SESSION_COLLECTIVE and not intitule:
        erreurs["intitule"] = "Donnez l'intitulé de la session collective (il est montré aux personnes invitées)."
    if modalite not in Modalite.values:
        erreurs["modalite"] = "Choisissez la modalité."
    elif modalite == Modalite.SUR_PLACE and not (lieu or agenda.lieu):
        erreurs["lieu"] = "Indiquez le lieu des rendez-vous sur place (ou le lieu habituel de l'agenda)."
    if erreurs:
        raise ValidationError(erreurs)
    plage = PlageOuverture.objects.create(
        agenda=agenda,
        motif=motif,
        modalite=modalite,
        lieu=lieu,
        intitule=intitule,
        jours=jours,
        heure_debut=heure_debut,
        heure_fin=heure_fin,
        duree_minutes=duree_minutes,
        capacite=capacite,
        toutes_les_semaines=toutes_les_semaines,
        valide_du=valide_du,
        valide_au=valide_au,
        created_by=acting_user,
    )
    bilan = plages.synchroniser_plage(plage)
    enregistrer_evenement(
        TypeEvenement.PLAGE_CREEE,
        acting_user=acting_user,
        organisation=agenda.organisation,
        agenda_id=agenda.pk,
        plage_id=plage.pk,
        jours=jours,
        heures=f"{heure_debut:%H:%M}-{heure_fin:%H:%M}",
        motif_rdv=motif,
        creneaux_crees=bilan.crees,
    )
    return plage


@transaction.atomic
def fermer_plage(plage, *, acting_user, motif=""):
    """Stops ``plage``: its free future slots close; booked ones stay, listed « à déplacer »."""
    plage = (
        PlageOuverture.objects.select_for_update(of=("self",), no_key=True)
        .select_related("agenda__organisation")
        .get(pk=plage.pk)
    )
    exiger_gestion_agenda(acting_user, plage.agenda)
    if not plage.active:
        raise ValidationError("Cette plage d'ouverture est déjà fermée.")
    plage.active = False
    plage.save(update_fields=["active"])
    bilan = plages.synchroniser_plage(plage)
    enregistrer_evenement(
        TypeEvenement.PLAGE_FERMEE,
        acting_user=acting_user,
        organisation=plage.agenda.organisation,
        motif=(motif or "").strip(),
        agenda_id=plage.agenda_id,
        plage_id=plage.pk,
        creneaux_fermes=bilan.fermes,
    )
    return bilan


@transaction.atomic
def creer_indisponibilite(
    agenda, *, acting_user, debut, fin, type_indisponibilite=TypeIndisponibilite.ABSENCE, motif=""
):
    """An absence of ``agenda`` from ``debut`` to ``fin``: no slot is generated during it and its open
    future slots there close (booked ones stay, listed « à déplacer »)."""
    agenda = _verrouiller_agenda(agenda)
    exiger_gestion_agenda(acting_user, agenda)
    erreurs = {}
    if fin <= debut:
        erreurs["fin"] = "La fin de l'absence doit être après son début."
    elif fin <= timezone.now():
        erreurs["fin"] = "Cette absence est déjà passée."
    if type_indisponibilite not in TypeIndisponibilite.values:
        erreurs["type_indisponibilite"] = "Choisissez le type d'absence."
    if erreurs:
        raise ValidationError(erreurs)
    indisponibilite = Indisponibilite.objects.create(
        organisation=agenda.organisation,
        agenda=agenda,
        type_indisponibilite=type_indisponibilite,
        debut=debut,
        fin=fin,
        motif=(motif or "").strip()[:200],
        created_by=acting_user,
    )
    fermes = Creneau.objects.filter(
        agenda=agenda, actif=True, debut__gt=timezone.now(), debut__lt=fin, fin__gt=debut
    ).update(actif=False)
    enregistrer_evenement(
        TypeEvenement.INDISPONIBILITE_SAISIE,
        acting_user=acting_user,
        organisation=agenda.organisation,
        agenda_id=agenda.pk,
        indisponibilite_id=indisponibilite.pk,
        du=debut.isoformat(),
        au=fin.isoformat(),
        creneaux_fermes=fermes,
    )
    return indisponibilite


@transaction.atomic
def fermer_organisation(organisation, *, acting_user, debut, fin, motif=""):
    """A closure of every agenda of ``organisation`` (a bridge day, a move of premises): no slot is generated
    then, open future slots there close; booked ones stay, listed « à déplacer »."""
    exiger_fermeture_organisation(acting_user, organisation.pk)
    motif = (motif or "").strip()
    erreurs = {}
    if fin <= debut:
        erreurs["fin"] = "La fin de la fermeture doit être après son début."
    elif fin <= timezone.now():
        erreurs["fin"] = "Cette fermeture est déjà passée."
    if not motif:
        erreurs["motif"] = "Indiquez le motif de la fermeture (il est montré aux équipes)."
    if erreurs:
        raise ValidationError(erreurs)
    fermeture = Indisponibilite.objects.create(
        organisation=organisation,
        agenda=None,
        type_indisponibilite=TypeIndisponibilite.FERIE,
        debut=debut,
        fin=fin,
        motif=motif[:200],
        created_by=acting_user,
    )
    fermes = Creneau.objects.filter(
        agenda__organisation=organisation, actif=True, debut__gt=timezone.now(), debut__lt=fin, fin__gt=debut
    ).update(actif=False)
    enregistrer_evenement(
        TypeEvenement.INDISPONIBILITE_SAISIE,
        acting_user=acting_user,
        organisation=organisation,
        indisponibilite_id=fermeture.pk,
        du=debut.isoformat(),
        au=fin.isoformat(),
        creneaux_fermes=fermes,
    )
    return fermeture


@transaction.atomic
def creer_session_collective(
    agenda, *, acting_user, debut, fin, intitule, capacite, modalite=Modalite.SUR_PLACE, lieu=""
):
    """A collective session (information collective): one slot of ``capacite`` seats (2 or more)."""
    agenda = _verrouiller_agenda(agenda)
    exiger_gestion_agenda(acting_user, agenda)
    intitule, lieu = (intitule or "").strip(), (lieu or "").strip() or agenda.lieu
    erreurs = {}
    if not intitule:
        erreurs["intitule"] = "Donnez l'intitulé de la session (il est montré aux personnes invitées)."
    if not 2 <= capacite <= CAPACITE_MAX:
        erreurs["capacite"] = f"Une session collective compte de 2 à {CAPACITE_MAX} places."
    if fin <= debut:
        erreurs["fin"] = "L'heure de fin doit être après l'heure de début."
    if debut <= timezone.now():
        erreurs["debut"] = "La session doit commencer dans le futur."
    if modalite == Modalite.SUR_PLACE and not lieu:
        erreurs["lieu"] = "Indiquez le lieu de la session."
    if erreurs:
        raise ValidationError(erreurs)
    session = Creneau.objects.create(
        agenda=agenda,
        debut=debut,
        fin=fin,
        motif=Motif.SESSION_COLLECTIVE,
        modalite=modalite,
        lieu=lieu,
        intitule=intitule,
        capacite=capacite,
        created_by=acting_user,
    )
    enregistrer_evenement(
        TypeEvenement.SESSION_COLLECTIVE_CREEE,
        acting_user=acting_user,
        organisation=agenda.organisation,
        agenda_id=agenda.pk,
        creneau_id=session.pk,
        le=date_format(timezone.localtime(debut), "j F Y H:i"),
        capacite=capacite,
    )
    return session
