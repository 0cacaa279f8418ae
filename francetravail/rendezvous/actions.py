"""Every change to slots and appointments. Views, admin and tasks call these; each checks who acts
(``rendezvous.acces``: the agenda's professionals, the person for their own appointment).

Slots are locked (``SELECT … FOR UPDATE``) before any seat is taken or given back,
always in id order when two are involved (a move), so two bookings of the last seat
are serialised and never deadlock; ``Creneau.nb_reservations <= capacite`` is also a
database constraint.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base import transitions
from francetravail.documents.depot import deposer
from francetravail.documents.enums import NatureDocument
from francetravail.documents.selecteurs import documents_de
from francetravail.rendezvous import empechements, notifications, regles, suivi, webhooks
from francetravail.rendezvous.acces import (
    exiger_ouverture_creneau,
    exiger_personne_ou_professionnel,
    exiger_professionnel,
)
from francetravail.rendezvous.enums import (
    STATUTS_ACTIFS,
    Modalite,
    StatutManquement,
    StatutRendezVous,
    StatutSuivi,
)
from francetravail.rendezvous.models import Creneau, HistoriqueRendezVous, ManquementAExaminer, RendezVous

# Appointments' steps are read in their history (``HistoriqueRendezVous``) by the person and the
# professionals, and by an auditor as audit events: an attendance can become a manquement.
JOURNAL = transitions.Journal(
    historique=HistoriqueRendezVous,
    champ="rendez_vous",
    evenement=TypeEvenement.RDV_TRANSITION,
    personne=lambda rdv: rdv.personne,
    organisation=lambda rdv: rdv.creneau.agenda.organisation,
    cle="rendez_vous_id",
)


def _quand(creneau):
    return date_format(timezone.localtime(creneau.debut), "l j F Y à H\\hi")


def _verrouiller_creneaux(*pks):
    creneaux = Creneau.objects.select_for_update(of=("self",), no_key=True).select_related("agenda__organisation")
    par_pk = {c.pk: c for c in creneaux.filter(pk__in=pks).order_by("pk")}
    return [par_pk[pk] for pk in pks]


def _verrouiller_rdv(rdv):
    return (
        RendezVous.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne__user", "creneau__agenda__organisation")
        .get(pk=rdv.pk)
    )


def _verifier_ouvert(creneau, maintenant):
    if not creneau.actif or not creneau.agenda.actif:
        raise ValidationError(f"Le créneau du {_quand(creneau)} n'est plus ouvert à la réservation.")
    if creneau.debut <= maintenant:
        raise ValidationError(f"Le créneau du {_quand(creneau)} est déjà passé.")


class CreneauComplet(ValidationError):
    """No seat left on the slot: a refusal of the slot's current state, not of what was asked (the API
    answers it 409, and a partner's software offers another slot)."""


def _verifier_place(creneau):
    if creneau.complet:
        raise CreneauComplet(f"Le créneau du {_quand(creneau)} est complet : choisissez-en un autre.")


def _occuper(creneau, places):
    creneau.nb_reservations += places
    creneau.save(update_fields=["nb_reservations"])


def _enregistrer(rdv, *, acting_user, avant, motif="", creneau_avant=None):
    """The step's history row and audit event, through the core (``transitions.enregistrer``)."""
    historique = {"creneau_avant": creneau_avant} if creneau_avant is not None else None
    return transitions.enregistrer(
        rdv, journal=JOURNAL, acting_user=acting_user, avant=avant, motif=motif, historique=historique
    )


def _planifier_rappels(rdv, maintenant):
    delais = notifications.delais_rappel(departement=rdv.personne.departement_id)
    rdv.prochain_rappel = notifications.prochain_rappel(rdv.creneau.debut, delais, maintenant)


def _noter_hors_delai(rdv, controle, *, acting_user, maintenant, quoi):
    """Records (or clears) the exception to the first appointment's delay on ``rdv``'s current slot.

    Returns the text to keep in the appointment's history ("" when on time)."""
    if not controle.est_hors_delai(rdv.creneau):
        rdv.hors_delai_motif, rdv.hors_delai_par, rdv.hors_delai_le = "", None, None
        return ""
    if rdv.hors_delai_motif != controle.motif or rdv.hors_delai_par_id is None:
        # A new exception (a professional's), or the person booking the slot their conseiller
        # offered late: the conseiller's reason, name and date are kept as they were.
        rdv.hors_delai_motif, rdv.hors_delai_par, rdv.hors_delai_le = controle.motif, acting_user, maintenant
    delai = controle.delai
    enregistrer_evenement(
        TypeEvenement.RDV_PREMIER_HORS_DELAI,
        acting_user=acting_user,
        personne=rdv.personne,
        organisation=rdv.creneau.agenda.organisation,
        motif=rdv.hors_delai_motif,
        quoi=quoi,
        rendez_vous_id=rdv.pk,
        creneau_id=rdv.creneau_id,
        date_rendez_vous=timezone.localdate(rdv.creneau.debut).isoformat(),
        limite=delai.limite.isoformat(),
        orientation_notifiee_le=delai.jour_notification.isoformat(),
    )
    return f"Premier rendez-vous hors délai (limite le {date_format(delai.limite, 'j F Y')}) : {rdv.hors_delai_motif}"


# The person's follow-up status (``rendezvous.suivi``) for the slot's motif, moved with the appointment.
# An offer (``proposer_creneaux``) moves nothing: only a booking is « rendez-vous pris ».
_SUIVI_PRESENCE = {
    StatutRendezVous.HONORE: StatutSuivi.HONORE,
    StatutRendezVous.EXCUSE: StatutSuivi.EXCUSE,
    StatutRendezVous.ABSENT: StatutSuivi.ABSENT,
}


def _suivre(rdv, statut, *, acting_user, commentaire="", motif=None):
    return suivi.noter(
        rdv.personne_id,
        motif or rdv.creneau.motif,
        statut,
        organisation_id=rdv.creneau.agenda.organisation_id,
        rendez_vous_id=rdv.pk,
        acting_user=acting_user,
        commentaire=commentaire,
    )


def _motif_requis(motif, message):
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": message})
    return motif


@transaction.atomic
def creer_creneau(agenda, *, acting_user, debut, fin, motif, modalite, lieu="", capacite=1):
    exiger_ouverture_creneau(acting_user, agenda)
    if fin <= debut:
        raise ValidationError({"fin": "L'heure de fin doit être après l'heure de début."})
    if debut <= timezone.now():
        raise ValidationError({"debut": "Le créneau doit commencer dans le futur."})
    if modalite == Modalite.SUR_PLACE and not lieu.strip():
        raise ValidationError({"lieu": "Indiquez le lieu du rendez-vous sur place."})
    if capacite < 1:
        raise ValidationError({"capacite": "Un créneau compte au moins une place."})
    return Creneau.objects.create(
        agenda=agenda,
        debut=debut,
        fin=fin,
        motif=motif,
        modalite=modalite,
        lieu=lieu.strip(),
        capacite=capacite,
        created_by=acting_user,
    )


@transaction.atomic
def proposer_creneaux(personne, creneaux, *, acting_user, derogation=""):
    """Offers ``creneaux`` to ``personne``, who then books one of them (SPEC §2.4).

    For a first appointment every slot must fall within the delay counted from the notified
    orientation (``rendezvous.regles``); a slot past it needs ``derogation``, the reason,
    kept on the offer. Offering takes no seat; the first to book gets it.
    Returns the offered appointments (existing offers are kept, not duplicated).
    """
    if not creneaux:
        raise ValidationError({"creneaux": "Choisissez au moins un créneau à proposer."})
    empechements.verifier(personne)
    maintenant = timezone.now()
    verrouilles = _verrouiller_creneaux(*sorted({c.pk for c in creneaux}))
    for creneau in verrouilles:
        exiger_professionnel(acting_user, creneau.agenda.organisation_id, personne)
        _verifier_ouvert(creneau, maintenant)
        _verifier_place(creneau)
    controle = regles.controler_premier_rendez_vous(
        personne, verrouilles, par_un_professionnel=True, derogation=derogation, champ="creneaux"
    )
    proposes = []
    for creneau in verrouilles:
        rdv = personne.rendez_vous.filter(creneau=creneau, statut__in=STATUTS_ACTIFS).first()
        proposes.append(rdv)
        if rdv is None:
            rdv = proposes[-1] = RendezVous.objects.create(
                personne=personne, creneau=creneau, premier_rendez_vous=controle.premier, propose_par=acting_user
            )
            avant = None
        elif (
            rdv.statut == StatutRendezVous.PROPOSE
            and controle.est_hors_delai(creneau)
            and rdv.hors_delai_motif != controle.motif
        ):
            # Offered again, now late, with a reason (e.g. offered before the orientation was
            # notified): the reason lets the person choose it.
            avant = rdv.statut
            rdv.premier_rendez_vous = True
        else:
            continue
        hors_delai = _noter_hors_delai(
            rdv, controle, acting_user=acting_user, maintenant=maintenant, quoi="proposition"
        )
        if hors_delai:
            rdv.save(
                update_fields=[
                    "premier_rendez_vous",
                    "hors_delai_motif",
                    "hors_delai_par",
                    "hors_delai_le",
                    "updated_at",
                ]
            )
        _enregistrer(rdv, acting_user=acting_user, avant=avant, motif=hors_delai)
    empreinte = hashlib.sha1(",".join(str(r.pk) for r in proposes).encode(), usedforsecurity=False).hexdigest()
    notifications.informer(proposes[0], notifications.PROPOSITIONS, f"propositions:{empreinte[:16]}")
    return proposes


@transaction.atomic
def reserver(personne, creneau, *, acting_user, derogation=""):
    """Books ``creneau`` for ``personne``: by the person among the slots offered to them,
    or by a professional (a convocation). A first appointment meets the delay counted from
    the notified orientation (``rendezvous.regles``): past it, a professional gives
    ``derogation``, the reason; the person books only an offer their conseiller made late
    with a reason, and is otherwise told to contact them."""
    maintenant = timezone.now()
    (creneau,) = _verrouiller_creneaux(creneau.pk)
    exiger_personne_ou_professionnel(acting_user, creneau.agenda.organisation_id, personne)
    empechements.verifier(personne)
    rdv = (
        personne.rendez_vous.select_for_update(of=("self",), no_key=True)
        .filter(creneau=creneau, statut__in=STATUTS_ACTIFS)
        .first()
    )
    if rdv is not None and rdv.statut == StatutRendezVous.RESERVE:
        raise ValidationError("Ce rendez-vous est déjà réservé.")
    if rdv is None and acting_user.est_personne:
        raise ValidationError("Ce créneau ne vous a pas été proposé.")
    _verifier_ouvert(creneau, maintenant)
    _verifier_place(creneau)
    par_la_personne = acting_user.est_personne
    if par_la_personne:
        # The person brings no reason of their own: only the one their conseiller gave on this offer.
        derogation = rdv.hors_delai_motif if rdv else ""
    elif rdv is not None and not (derogation or "").strip():
        # A professional booking an offer made late keeps its reason unless giving another.
        derogation = rdv.hors_delai_motif
    controle = regles.controler_premier_rendez_vous(
        personne, [creneau], par_un_professionnel=not par_la_personne, derogation=derogation
    )
    avant = rdv.statut if rdv else None
    if rdv is None:
        rdv = RendezVous(
            personne=personne,
            creneau=creneau,
            premier_rendez_vous=controle.premier,
            statut=StatutRendezVous.RESERVE,
            propose_par=acting_user,
        )
    else:
        rdv.vers_reserve()
        rdv.premier_rendez_vous = controle.premier
    rdv.reserve_par = acting_user
    rdv.reserve_le = maintenant
    _planifier_rappels(rdv, maintenant)
    if rdv.pk is None:
        rdv.save()
    hors_delai = _noter_hors_delai(rdv, controle, acting_user=acting_user, maintenant=maintenant, quoi="reservation")
    rdv.save(
        update_fields=[
            "statut",
            "premier_rendez_vous",
            "reserve_par",
            "reserve_le",
            "prochain_rappel",
            "hors_delai_motif",
            "hors_delai_par",
            "hors_delai_le",
            "updated_at",
        ]
    )
    _occuper(creneau, 1)
    _enregistrer(rdv, acting_user=acting_user, avant=avant, motif=hors_delai)
    _retirer_autres_propositions(rdv, acting_user=acting_user)
    _suivre(rdv, StatutSuivi.RDV_PRIS, acting_user=acting_user, commentaire=hors_delai)
    webhooks.emettre_rendezvous(rdv)
    notifications.informer(rdv, notifications.CONFIRMATION, f"confirmation:{creneau.pk}")
    return rdv


@transaction.atomic
def reserver_sur_invitation(personne, creneau, *, invitation_id, organisation_id, motif, jusqu_au):
    """Books ``creneau`` for ``personne`` through the link of an invitation, without an account: the same
    locks, openness, seat and delay checks as ``reserver`` booked by the person (no reason of their own:
    a slot past the first appointment's limit is refused). The caller (``invitations.actions_lien``) has
    checked the person's identity and holds the invitation's lock; here the slot must belong to the
    invitation's ``organisation_id`` and ``motif`` and fall on or before ``jusqu_au`` (a date), under the
    slot's lock. Nobody acts (no account): the history and audit rows name no user, the audit row names
    the invitation. The caller tells the person (the link's own confirmation)."""
    maintenant = timezone.now()
    (creneau,) = _verrouiller_creneaux(creneau.pk)
    if creneau.agenda.organisation_id != organisation_id or creneau.motif != motif:
        raise ValidationError({"creneau": "Ce créneau ne fait pas partie de ceux proposés par votre invitation."})
    if timezone.localdate(creneau.debut) > jusqu_au:
        raise ValidationError(
            {"creneau": f"Ce créneau est après le {date_format(jusqu_au, 'j F Y')}, date limite de votre invitation."}
        )
    empechements.verifier(personne)
    rdv = (
        personne.rendez_vous.select_for_update(of=("self",), no_key=True)
        .filter(creneau=creneau, statut__in=STATUTS_ACTIFS)
        .first()
    )
    if rdv is not None and rdv.statut == StatutRendezVous.RESERVE:
        raise ValidationError({"creneau": "Ce créneau vous est déjà réservé."})
    _verifier_ouvert(creneau, maintenant)
    _verifier_place(creneau)
    # As ``reserver`` by the person: only the reason a conseiller gave on an offer of this very slot.
    controle = regles.controler_premier_rendez_vous(
        personne, [creneau], par_un_professionnel=False, derogation=rdv.hors_delai_motif if rdv else ""
    )
    avant = rdv.statut if rdv else None
    if rdv is None:
        rdv = RendezVous(personne=personne, creneau=creneau, statut=StatutRendezVous.RESERVE)
    else:
        rdv.vers_reserve()
    rdv.premier_rendez_vous = controle.premier
    rdv.reserve_le = maintenant
    _planifier_rappels(rdv, maintenant)
    rdv.save()
    hors_delai = _noter_hors_delai(rdv, controle, acting_user=None, maintenant=maintenant, quoi="reservation")
    rdv.save(update_fields=["hors_delai_motif", "hors_delai_par", "hors_delai_le", "updated_at"])
    _occuper(creneau, 1)
    transitions.enregistrer(
        rdv,
        journal=JOURNAL,
        acting_user=None,
        avant=avant,
        motif=hors_delai,
        audit={"invitation_id": invitation_id, "par": "lien"},
    )
    _retirer_autres_propositions(rdv, acting_user=None)
    webhooks.emettre_rendezvous(rdv)
    return rdv


def _retirer_autres_propositions(rdv, *, acting_user):
    """Once one slot is booked, the other slots offered for the same purpose are withdrawn."""
    autres = (
        rdv.personne.rendez_vous.select_for_update(of=("self",), no_key=True)
        .filter(statut=StatutRendezVous.PROPOSE, creneau__motif=rdv.creneau.motif)
        .exclude(pk=rdv.pk)
    )
    for autre in autres:
        autre.motif = "Un autre créneau a été retenu."
        transitions.transition(
            autre,
            autre.vers_annule,
            journal=JOURNAL,
            acting_user=acting_user,
            refus="Ce rendez-vous ne peut plus être annulé.",
            sauver=False,
            motif=autre.motif,
        )
        autre.save(update_fields=["statut", "motif", "updated_at"])


@transaction.atomic
def deplacer(rdv, nouveau_creneau, *, acting_user, motif, derogation=""):
    """Moves a booked appointment to another slot; its pending reminders are dropped and
    the new slot gets its own. A first appointment stays within its delay
    (``rendezvous.regles``): past it, only a professional moves it, with ``derogation``."""
    motif = _motif_requis(motif, "Indiquez pourquoi le rendez-vous change de créneau.")
    maintenant = timezone.now()
    rdv = _verrouiller_rdv(rdv)
    exiger_personne_ou_professionnel(acting_user, rdv.creneau.agenda.organisation_id, rdv.personne)
    if rdv.statut != StatutRendezVous.RESERVE:
        raise ValidationError("Seul un rendez-vous réservé peut changer de créneau.")
    if rdv.creneau.debut <= maintenant:
        raise ValidationError("Ce rendez-vous a déjà commencé : il ne peut plus changer de créneau.")
    if nouveau_creneau.pk == rdv.creneau_id:
        raise ValidationError({"creneau": "Choisissez un autre créneau que celui du rendez-vous actuel."})
    pks = sorted({rdv.creneau_id, nouveau_creneau.pk})
    verrouilles = dict(zip(pks, _verrouiller_creneaux(*pks), strict=True))
    ancien, nouveau = verrouilles[rdv.creneau_id], verrouilles[nouveau_creneau.pk]
    exiger_personne_ou_professionnel(acting_user, nouveau.agenda.organisation_id, rdv.personne)
    _verifier_ouvert(nouveau, maintenant)
    _verifier_place(nouveau)
    if rdv.personne.rendez_vous.filter(creneau=nouveau, statut__in=STATUTS_ACTIFS).exists():
        raise ValidationError({"creneau": "Ce créneau vous est déjà proposé ou réservé."})
    par_la_personne = acting_user.est_personne
    # A late first appointment's reason was given for its slot: another late slot needs a new one.
    controle = regles.controler_premier_rendez_vous(
        rdv.personne,
        [nouveau],
        par_un_professionnel=not par_la_personne,
        derogation="" if par_la_personne else derogation,
        sauf=rdv,
    )
    notifications.annuler_rappels_en_attente(rdv, "rendez-vous déplacé")
    _occuper(ancien, -1)
    _occuper(nouveau, 1)
    rdv.creneau = nouveau
    rdv.motif = motif
    rdv.premier_rendez_vous = controle.premier
    _planifier_rappels(rdv, maintenant)
    hors_delai = _noter_hors_delai(rdv, controle, acting_user=acting_user, maintenant=maintenant, quoi="deplacement")
    rdv.save(
        update_fields=[
            "creneau",
            "motif",
            "premier_rendez_vous",
            "prochain_rappel",
            "hors_delai_motif",
            "hors_delai_par",
            "hors_delai_le",
            "updated_at",
        ]
    )
    historique = f"{motif} — {hors_delai}" if hors_delai else motif
    changement = _enregistrer(rdv, acting_user=acting_user, avant=rdv.statut, motif=historique, creneau_avant=ancien)
    if ancien.motif != nouveau.motif:
        # Moved to a slot of another motif: the old motif's booking is gone, the new one's is there.
        _suivre(rdv, StatutSuivi.ANNULE, acting_user=acting_user, commentaire=motif, motif=ancien.motif)
    _suivre(rdv, StatutSuivi.RDV_PRIS, acting_user=acting_user, commentaire=historique)
    webhooks.emettre_rendezvous(rdv, deplace=True)
    notifications.informer(rdv, notifications.DEPLACEMENT, f"deplacement:{changement.pk}")
    return rdv


@transaction.atomic
def annuler(rdv, *, acting_user, motif):
    """Cancels an offered or booked appointment (its seat is given back)."""
    motif = _motif_requis(motif, "Indiquez le motif de l'annulation.")
    maintenant = timezone.now()
    rdv = _verrouiller_rdv(rdv)
    exiger_personne_ou_professionnel(acting_user, rdv.creneau.agenda.organisation_id, rdv.personne)
    return _annuler(rdv, acting_user=acting_user, motif=motif, maintenant=maintenant)


@transaction.atomic
def annuler_sur_invitation(rdv, *, motif):
    """Cancels ``rdv`` for its person through the link of the invitation it was booked with, without an
    account: the caller (``invitations.actions_lien``) checked the person's identity and that ``rdv`` is
    that invitation's booking. As ``annuler`` by the person: a reason, the seat given back, no notice to
    themself; nobody acts (the history and audit rows name no user)."""
    motif = _motif_requis(motif, "Indiquez le motif de l'annulation.")
    rdv = _verrouiller_rdv(rdv)
    return _annuler(rdv, acting_user=None, motif=motif, maintenant=timezone.now(), informer=False)


def _annuler(rdv, *, acting_user, motif, maintenant, informer=True):
    """Cancels a locked appointment, whoever the caller checked may do so."""
    if rdv.statut not in STATUTS_ACTIFS:
        raise ValidationError("Ce rendez-vous ne peut plus être annulé.")
    avant = rdv.statut
    if avant == StatutRendezVous.RESERVE:
        if rdv.creneau.debut <= maintenant:
            raise ValidationError(
                "Ce rendez-vous a déjà commencé : il ne peut plus être annulé, sa présence doit être enregistrée."
            )
        (creneau,) = _verrouiller_creneaux(rdv.creneau_id)
        _occuper(creneau, -1)
        notifications.annuler_rappels_en_attente(rdv, "rendez-vous annulé")
    rdv.motif = motif
    rdv.prochain_rappel = None
    transitions.transition(
        rdv,
        rdv.vers_annule,
        journal=JOURNAL,
        acting_user=acting_user,
        refus="Ce rendez-vous ne peut plus être annulé.",
        sauver=False,
        motif=motif,
    )
    rdv.save(update_fields=["statut", "motif", "prochain_rappel", "updated_at"])
    if avant == StatutRendezVous.RESERVE:
        _suivre(rdv, StatutSuivi.ANNULE, acting_user=acting_user, commentaire=motif)
        webhooks.emettre_rendezvous(rdv)
    if informer and avant == StatutRendezVous.RESERVE and rdv.personne.user_id != acting_user.pk:
        notifications.informer(rdv, notifications.ANNULATION, "annulation")
    return rdv


@transaction.atomic
def annuler_a_venir(personne, *, acting_user, motif, informer=True):
    """Cancels every appointment offered to or booked by ``personne`` that has not started: the end of their
    accompaniment (``inscription.actions.terminer_accompagnement``, which checked that ``acting_user`` is the
    référent, whatever organisation holds the agenda). ``informer=False``: nobody to tell (a death).
    Returns how many were cancelled."""
    maintenant = timezone.now()
    a_venir = RendezVous.objects.filter(personne=personne, statut__in=STATUTS_ACTIFS, creneau__debut__gt=maintenant)
    annules = 0
    for pk in a_venir.order_by("pk").values_list("pk", flat=True):
        rdv = _verrouiller_rdv(RendezVous(pk=pk))
        if rdv.statut in STATUTS_ACTIFS and rdv.creneau.debut > maintenant:
            _annuler(rdv, acting_user=acting_user, motif=motif, maintenant=maintenant, informer=informer)
            annules += 1
    return annules


_TRANSITIONS_PRESENCE = {
    StatutRendezVous.HONORE: RendezVous.vers_honore,
    StatutRendezVous.EXCUSE: RendezVous.vers_excuse,
    StatutRendezVous.ABSENT: RendezVous.vers_absent,
}


def _verifier_issue(statut, motif):
    if statut not in _TRANSITIONS_PRESENCE:
        raise ValidationError({"statut": "Choisissez : présent, excusé ou absent."})
    motif = (motif or "").strip()
    if statut == StatutRendezVous.EXCUSE:
        motif = _motif_requis(motif, "Indiquez le motif de l'excuse.")
    return motif


def _noter(rdv, statut, motif):
    _TRANSITIONS_PRESENCE[statut](rdv)
    rdv.motif = motif
    rdv.prochain_rappel = None
    rdv.save(update_fields=["statut", "motif", "prochain_rappel", "updated_at"])


@transaction.atomic
def enregistrer_presence(rdv, statut, *, acting_user, motif=""):
    """Records attendance once the appointment has started: held, excused (with a motif)
    or absent. An unexcused absence opens a ``ManquementAExaminer`` and nothing else:
    no sanction, no message to the person (SPEC §2.4)."""
    motif = _verifier_issue(statut, motif)
    rdv = _verrouiller_rdv(rdv)
    exiger_professionnel(acting_user, rdv.creneau.agenda.organisation_id, rdv.personne)
    if rdv.statut != StatutRendezVous.RESERVE:
        raise ValidationError(f"La présence de ce rendez-vous est déjà enregistrée ({rdv.get_statut_display()}).")
    if rdv.creneau.debut > timezone.now():
        raise ValidationError("La présence s'enregistre à partir de l'heure du rendez-vous.")
    _noter(rdv, statut, motif)
    _enregistrer(rdv, acting_user=acting_user, avant=StatutRendezVous.RESERVE, motif=motif)
    _suivre(rdv, _SUIVI_PRESENCE[statut], acting_user=acting_user, commentaire=motif)
    webhooks.emettre_rendezvous(rdv)
    if statut == StatutRendezVous.ABSENT:
        ManquementAExaminer.objects.create(personne_id=rdv.personne_id, rendez_vous=rdv)
    return rdv


@transaction.atomic
def corriger_presence(rdv, statut, *, acting_user, correction, motif=""):
    """Corrects a recorded attendance, with the reason of the correction (kept in the history).

    An absence corrected into presence or excuse closes its ``ManquementAExaminer`` as
    "présence corrigée"; a presence corrected into absence opens (or reopens) it. Once
    the sanctions app has taken the absence up (the row is no longer « à examiner »),
    the attendance is no longer corrected here: the procedure itself hears the person.
    """
    motif = _verifier_issue(statut, motif)
    correction = _motif_requis(correction, "Indiquez pourquoi la présence est corrigée.")
    rdv = _verrouiller_rdv(rdv)
    exiger_professionnel(acting_user, rdv.creneau.agenda.organisation_id, rdv.personne)
    avant = rdv.statut
    if avant not in _TRANSITIONS_PRESENCE:
        raise ValidationError("Aucune présence n'est encore enregistrée pour ce rendez-vous.")
    if avant == statut and (statut != StatutRendezVous.EXCUSE or motif == rdv.motif):
        raise ValidationError({"statut": f"La présence enregistrée est déjà « {rdv.get_statut_display()} »."})
    manquement = (
        ManquementAExaminer.objects.select_for_update(of=("self",), no_key=True).filter(rendez_vous=rdv).first()
    )
    if manquement is not None and manquement.statut not in (
        StatutManquement.A_EXAMINER,
        StatutManquement.PRESENCE_CORRIGEE,
    ):
        raise ValidationError(
            "Cette absence est déjà examinée au titre des manquements : la présence ne se corrige plus ici."
        )
    rdv.vers_reserve_pour_correction()
    _noter(rdv, statut, motif)
    _enregistrer(rdv, acting_user=acting_user, avant=avant, motif=f"Correction : {correction}")
    _suivre(rdv, _SUIVI_PRESENCE[statut], acting_user=acting_user, commentaire=f"Correction : {correction}")
    webhooks.emettre_rendezvous(rdv, correction=True)
    if statut == StatutRendezVous.ABSENT:
        if manquement is None:
            ManquementAExaminer.objects.create(personne_id=rdv.personne_id, rendez_vous=rdv)
        else:
            manquement.statut = StatutManquement.A_EXAMINER
            manquement.save(update_fields=["statut"])
    elif manquement is not None and manquement.statut == StatutManquement.A_EXAMINER:
        manquement.statut = StatutManquement.PRESENCE_CORRIGEE
        manquement.save(update_fields=["statut"])
    return rdv


def envoyer_rappel_du(rdv_id, maintenant=None):
    """Writes the reminder now due for one appointment, under its row lock; True if one was due.

    Safe to run twice or concurrently: a locked row is skipped, the state is re-read,
    and the notification keys are idempotent.
    """
    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        rdv = (
            RendezVous.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
            .select_related("personne__user", "creneau__agenda__organisation")
            .filter(pk=rdv_id, statut=StatutRendezVous.RESERVE, prochain_rappel__lte=maintenant)
            .first()
        )
        if rdv is None:
            return False
        delais = notifications.delais_rappel(departement=rdv.personne.departement_id)
        jours = notifications.delai_du(rdv.creneau.debut, delais, maintenant)
        if jours is not None:
            notifications.ecrire_rappels(rdv, jours)
        rdv.prochain_rappel = notifications.prochain_rappel(rdv.creneau.debut, delais, maintenant)
        rdv.save(update_fields=["prochain_rappel"])
        return jours is not None


# --- The justificatif of an absence --------------------------------------------------------------

# An appointment booked (before or after its hour), missed or excused: what an absence may be about.
STATUTS_JUSTIFIABLES = (StatutRendezVous.RESERVE, StatutRendezVous.ABSENT, StatutRendezVous.EXCUSE)
# Enough for a certificate and its continuation; a bound so that a page never lists hundreds.
JUSTIFICATIFS_MAX = 5


@transaction.atomic
def joindre_justificatif_absence(rdv, *, acting_user, fichier):
    """The person (or a professional who works the agenda, for a document brought to the desk) joins a
    justificatif of their absence to an appointment: stored as a document of the appointment, read by
    the person and whoever reads the file (``rendezvous/documents.py``), shown where attendance is
    recorded. It excuses nothing by itself: the professional records or corrects the attendance."""
    rdv = _verrouiller_rdv(rdv)
    exiger_personne_ou_professionnel(acting_user, rdv.creneau.agenda.organisation_id, rdv.personne)
    if rdv.statut not in STATUTS_JUSTIFIABLES:
        raise ValidationError(
            f"Ce rendez-vous est « {rdv.get_statut_display()} » : un justificatif d'absence se joint à un "
            "rendez-vous réservé, manqué ou excusé."
        )
    if len(documents_de(rdv, nature=NatureDocument.ABSENCE_EXCUSEE)) >= JUSTIFICATIFS_MAX:
        raise ValidationError(
            f"Ce rendez-vous a déjà {JUSTIFICATIFS_MAX} justificatifs : adressez-vous à votre conseiller."
        )
    if not fichier:
        raise ValidationError({"justificatif": "Joignez le justificatif."})
    document = deposer(
        fichier, personne=rdv.personne, nature=NatureDocument.ABSENCE_EXCUSEE, par=acting_user, objet=rdv
    )
    _enregistrer(rdv, acting_user=acting_user, avant=rdv.statut, motif="Justificatif d'absence joint.")
    return document
