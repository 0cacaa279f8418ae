"""A registration ceases for the length of a radiation, and reopens at its end or on appeal.

C. trav. R5412-5: a radiation from the list of job seekers bars re-registration for its whole
duration (legal-rules.md §4.5). The registration (``DossierInscription``) is « cessée » from the
radiation's first day to its last day inclusive (``cessee_le``, ``cessee_jusqu_au``, with the
reason), and reopens the day after that last day (``rouvrir_inscriptions_echues``, a beat sweep),
or at once when an appeal annuls the radiation or the sanction is lifted (the sanctions app calls
``cesser`` / ``rouvrir`` with the period of the radiations still in force: ``sanctions.radiations``).

While ceased, the person is taken out of the lists of people to invite: no appointment may be
offered or booked (``empechement_rendez_vous``, registered with ``francetravail.rendezvous``),
the portfolio never shows them « en retard » (``inscription.portefeuille``), the orientation
proposals only take registered people (``orientation.masse``), and the registration cannot be
confirmed again (``actions.terminer_inscription``).

The référent may also end an accompaniment (``inscription.actions.terminer_accompagnement``): the same
« cessée » status from ``cessee_le``, but with no last day and its reason from a list
(``motif_fin_accompagnement``). It is not a radiation: the reopening sweep, an appeal and a later radiation
leave it alone (``accompagnement_termine``); only the référent reopens it (``rouvrir_accompagnement``). The
lists above skip it as they skip a radiation, and so does the contracts' daily sweep (``contrats.tasks``).

These actions are consequences of a decision already checked by the sanctions app (who decides,
within the law): they take ``acting_user`` for the log only. Dates are calendar dates
(``timezone.localdate``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from inscription.enums import StatutInscription
from inscription.models import DossierInscription

TAILLE_LOT = 500
CHAMPS_CESSATION = (
    "statut",
    "cessee_le",
    "cessee_jusqu_au",
    "motif_cessation",
    "motif_fin_accompagnement",
    "rouverte_le",
    "motif_reouverture",
)


def _verrouiller(personne_id):
    qs = DossierInscription.objects.select_for_update(of=("self",), no_key=True)
    return qs.select_related("personne").filter(personne_id=personne_id).first()


def verrouiller(personne):
    """Locks the person's registration for the caller's transaction (None without one): who computes a
    period from other rows (``sanctions.radiations``) reads them after this lock, so two decisions on
    the same person take turns and the second one sees the first."""
    return _verrouiller(personne.pk)


def statut_rouvert(dossier):
    """What a reopened registration goes back to: registered if it ever was (a confirmed registration has
    its date and category; the CAF/MSA flow sets both), else still in progress."""
    return StatutInscription.INSCRIT if dossier.inscrit_le or dossier.categorie else StatutInscription.EN_COURS


@transaction.atomic
def cesser(personne, *, du, au, motif, acting_user=None):
    """The registration is « cessée » from ``du`` to ``au`` inclusive, for ``motif``.

    Sets exactly this period (the caller gives the union of the radiations in force): running it
    again changes nothing; a shorter or longer period (an appeal reformed the radiation) replaces
    the previous one. A person without a registration record has nothing to cease: returns None.
    An accompaniment the référent ended (``accompagnement_termine``) stays ended: it has no last day for
    the radiation to set, and only the référent reopens it.
    """
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez le motif de la cessation de l'inscription.")
    if au < du:
        raise ValidationError("La cessation de l'inscription finit après son premier jour.")
    dossier = _verrouiller(personne.pk)
    if dossier is None:
        return None
    if dossier.accompagnement_termine:
        return dossier
    periode = (du, au, motif)
    if (
        dossier.statut == StatutInscription.CESSEE
        and (
            dossier.cessee_le,
            dossier.cessee_jusqu_au,
            dossier.motif_cessation,
        )
        == periode
    ):
        return dossier
    avant = dossier.statut
    dossier.statut = StatutInscription.CESSEE
    dossier.cessee_le, dossier.cessee_jusqu_au, dossier.motif_cessation = periode
    dossier.rouverte_le, dossier.motif_reouverture = None, ""
    dossier.motif_fin_accompagnement = ""
    dossier.save(update_fields=[*CHAMPS_CESSATION, "updated_at"])
    enregistrer_evenement(
        TypeEvenement.INSCRIPTION_CESSEE,
        acting_user=acting_user,
        personne=dossier.personne,
        motif=motif,
        avant=avant,
        du=du.isoformat(),
        au=au.isoformat(),
    )
    return dossier


def _rouvrir(dossier, *, motif, acting_user, le):
    """Reopens a locked, ceased registration."""
    dossier.statut = statut_rouvert(dossier)
    dossier.rouverte_le = le
    dossier.motif_reouverture = motif
    dossier.save(update_fields=[*CHAMPS_CESSATION, "updated_at"])
    enregistrer_evenement(
        TypeEvenement.INSCRIPTION_ROUVERTE,
        acting_user=acting_user,
        personne=dossier.personne,
        motif=motif,
        apres=dossier.statut,
        cessee_jusqu_au=dossier.cessee_jusqu_au.isoformat(),
    )
    return dossier


@transaction.atomic
def rouvrir(personne, *, motif, acting_user=None, le=None):
    """Reopens the registration at once (an appeal annulled the radiation, the sanction was lifted).

    A registration that is not ceased, or whose accompaniment the référent ended (the appeal is about the
    radiation, not the closure), is left as it is (returned, or None without a record)."""
    dossier = _verrouiller(personne.pk)
    if dossier is None or dossier.statut != StatutInscription.CESSEE or dossier.accompagnement_termine:
        return dossier
    motif = (motif or "").strip() or "Réouverture de l'inscription."
    return _rouvrir(dossier, motif=motif, acting_user=acting_user, le=le or timezone.localdate())


def motif_fin(dossier):
    return f"Fin de la radiation (dernier jour : {dossier.cessee_jusqu_au:%d/%m/%Y})."


def radiation_terminee(dossier, aujourdhui):
    """The radiation ends with its last day: the registration reopens the day after (last day no,
    the day after yes). An ended accompaniment has no last day: it never reopens by itself."""
    return dossier.cessee_jusqu_au is not None and dossier.cessee_jusqu_au < aujourdhui


def q_a_rouvrir(aujourdhui):
    """``radiation_terminee`` in queryset form."""
    return Q(statut=StatutInscription.CESSEE, cessee_jusqu_au__lt=aujourdhui)


@transaction.atomic
def rouvrir_a_echeance(personne, *, aujourdhui=None, acting_user=None):
    """Reopens the registration the day after the radiation's last day; refused before."""
    aujourdhui = aujourdhui or timezone.localdate()
    dossier = _verrouiller(personne.pk)
    if dossier is None or dossier.statut != StatutInscription.CESSEE:
        raise ValidationError("L'inscription de cette personne n'est pas cessée.")
    if dossier.accompagnement_termine:
        raise ValidationError("L'accompagnement a été terminé par le référent : lui seul peut le rouvrir.")
    if not radiation_terminee(dossier, aujourdhui):
        raise ValidationError(
            f"L'inscription reste cessée jusqu'au {dossier.cessee_jusqu_au:%d/%m/%Y} inclus : "
            f"elle rouvre le {dossier.cessee_jusqu_au + datetime.timedelta(days=1):%d/%m/%Y}."
        )
    return _rouvrir(dossier, motif=motif_fin(dossier), acting_user=acting_user, le=aujourdhui)


def rouvrir_inscriptions_echues(aujourdhui=None, *, limite=TAILLE_LOT):
    """The sweep: reopens, one transaction each, the registrations whose radiation ended before today.

    A bounded batch of due ids, then per case: lock it with SKIP LOCKED (a case another worker holds
    is that worker's), re-check the rule on the locked row (a case reopened or extended meanwhile
    drops out), reopen, log. Safe to run twice and on two workers at once. Returns how many reopened.
    """
    aujourdhui = aujourdhui or timezone.localdate()
    echues = DossierInscription.objects.filter(q_a_rouvrir(aujourdhui))
    ids = list(echues.order_by("cessee_jusqu_au", "pk").values_list("pk", flat=True)[:limite])
    rouvertes = 0
    for pk in ids:
        with transaction.atomic():
            dossier = (
                echues.select_for_update(of=("self",), no_key=True, skip_locked=True)
                .select_related("personne")
                .filter(pk=pk)
                .first()
            )
            if dossier is None:
                continue
            _rouvrir(dossier, motif=motif_fin(dossier), acting_user=None, le=aujourdhui)
            rouvertes += 1
    return rouvertes


def empechement_rendez_vous(personne):
    """Why no appointment may be offered or booked for ``personne`` now, or None (rendezvous hook)."""
    cessation = (
        DossierInscription.objects.filter(personne=personne, statut=StatutInscription.CESSEE)
        .values_list("cessee_le", "cessee_jusqu_au")
        .first()
    )
    if cessation is None:
        return None
    depuis, jusqu_au = cessation
    if jusqu_au is None:
        return (
            f"L'accompagnement est terminé depuis le {depuis:%d/%m/%Y} : aucun rendez-vous ne peut être proposé "
            "ni réservé avant que le référent le rouvre."
        )
    return (
        f"L'inscription est cessée jusqu'au {jusqu_au:%d/%m/%Y} inclus (radiation de la liste des demandeurs "
        "d'emploi) : aucun rendez-vous ne peut être proposé ni réservé avant sa réouverture."
    )
