"""The conseillers' follow-up tasks with employers (``TacheConseiller``).

Two service commitments of the préfiguration report (seed-entreprises-gouvernance.md §3), neither
a legal figure (hence constants here, not ``ParametreLegal`` rows):

- a new employer is called back within 48 hours: the company's first offer ever submitted creates a
  ``RAPPEL_48H`` task for its référent entreprise, due 48 hours after the submission — when the
  employer submits it; a conseiller who drafts and submits it with them has had that contact;
- an offer still unfilled 30 days after its publication gets a ``RELANCE_30J`` task for its
  conseiller recrutement (the report's « corde de rappel »; it mentions a longer delay for
  managerial offers without a figure, and offers carry no such flag yet).

The unique constraints of ``TacheConseiller`` (one task per kind and offer, one per kind and company)
make both idempotent: the daily sweep and a resubmission never create a second task. A task
without a conseiller (a company without a référent yet) is shared by its organisation's conseillers.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from entreprises import acces
from entreprises.enums import StatutOffre, TypeTache
from entreprises.models import Offre, TacheConseiller
from entreprises.notifications import OFFRE_RAPPEL_48H
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.notifications.actions import notifier
from francetravail.reseau.roles import contexte_professionnel

DELAI_RAPPEL = datetime.timedelta(hours=48)
JOURS_RELANCE = 30
# The follow-up itself is due a week after the 30th day: enough for a call and a new search of candidates.
DELAI_TRAITEMENT_RELANCE = datetime.timedelta(days=7)
COMPTE_RENDU_MAX = 2000
TAILLE_LOT = 500

REFUS_TACHE = "Cette tâche est suivie par un autre conseiller."


# --- Creation -------------------------------------------------------------------------------------


def _creer(**valeurs):
    """Creates the task unless it exists (the unique constraints), inside a savepoint."""
    try:
        with transaction.atomic():
            return TacheConseiller.objects.create(**valeurs)
    except IntegrityError:
        return None


def premiere_soumission(offre):
    """No other offer of the company ever left the draft state (published, reviewed, closed)."""
    autres = Offre.objects.filter(entreprise_id=offre.entreprise_id).exclude(pk=offre.pk)
    return not autres.filter(
        ~Q(statut=StatutOffre.BROUILLON) | Q(publiee_le__isnull=False) | ~Q(motif_validation="")
    ).exists()


def rappeler_nouvel_employeur(offre, *, maintenant=None):
    """The 48-hour callback of a new employer, at the submission of the company's first offer."""
    maintenant = maintenant or timezone.now()
    entreprise = offre.entreprise
    if TacheConseiller.objects.filter(
        type_tache=TypeTache.RAPPEL_48H, entreprise=entreprise, offre__isnull=True
    ).exists():
        return None
    if not premiere_soumission(offre):
        return None
    tache = _creer(
        type_tache=TypeTache.RAPPEL_48H,
        entreprise=entreprise,
        offre=None,
        conseiller_id=entreprise.referent_id,
        organisation_id=entreprise.organisation_referente_id,
        echeance=maintenant + DELAI_RAPPEL,
        created_at=maintenant,
    )
    if tache is not None:
        _prevenir_du_rappel(tache)
    return tache


def relance_due(offre, aujourdhui):
    """Day 30 after the day of publication (Europe/Paris) and after: the offer is followed up."""
    return (
        offre.statut == StatutOffre.PUBLIEE
        and offre.publiee_le is not None
        and timezone.localdate(offre.publiee_le) + datetime.timedelta(days=JOURS_RELANCE) <= aujourdhui
    )


def offres_a_relancer(aujourdhui, limit=TAILLE_LOT):
    """Published offers on or past their 30th day without a follow-up task: one indexed query
    (``offre_statut_publiee_idx``)."""
    # Published before the start of the day that is 29 days before today, Paris time: day 30 and after.
    limite = timezone.make_aware(
        datetime.datetime.combine(aujourdhui - datetime.timedelta(days=JOURS_RELANCE - 1), datetime.time.min)
    )
    return list(
        Offre.objects.filter(statut=StatutOffre.PUBLIEE, publiee_le__lt=limite)
        .exclude(taches__type_tache=TypeTache.RELANCE_30J)
        .order_by("publiee_le", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def creer_relances(*, maintenant=None, limit=TAILLE_LOT):
    """The sweep: one RELANCE_30J task per published offer on or past its 30th day. Returns how many."""
    maintenant = maintenant or timezone.now()
    aujourdhui = timezone.localdate(maintenant)
    creees = 0
    for offre_id in offres_a_relancer(aujourdhui, limit=limit):
        with transaction.atomic():
            offre = (
                Offre.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
                .select_related("entreprise")
                .filter(pk=offre_id)
                .first()
            )
            if offre is None or not relance_due(offre, aujourdhui):
                continue  # another worker has it, or it was filled or withdrawn meanwhile
            debut = timezone.make_aware(
                datetime.datetime.combine(
                    timezone.localdate(offre.publiee_le) + datetime.timedelta(days=JOURS_RELANCE), datetime.time.min
                )
            )
            tache = _creer(
                type_tache=TypeTache.RELANCE_30J,
                entreprise=offre.entreprise,
                offre=offre,
                conseiller_id=offre.conseiller_recrutement_id,
                organisation_id=offre.entreprise.organisation_referente_id,
                echeance=debut + DELAI_TRAITEMENT_RELANCE,
                created_at=maintenant,
            )
            if tache is not None:
                creees += 1
    return creees


def _prevenir_du_rappel(tache):
    conseiller = tache.conseiller
    if conseiller is None or not conseiller.email or not conseiller.is_active:
        return
    notifier(
        conseiller,
        OFFRE_RAPPEL_48H,
        contexte={
            "entreprise": tache.entreprise.nom,
            "echeance": f"{timezone.localtime(tache.echeance):%d/%m/%Y à %H:%M}",
        },
        cle_idempotence=f"tache:{tache.pk}:offre_rappel_48h",
    )


# --- Changes with the offer -----------------------------------------------------------------------


def clore_taches_offre(offre, compte_rendu, *, maintenant=None):
    """An offer filled, withdrawn or expired: its open follow-up has no object any more."""
    TacheConseiller.objects.filter(offre=offre, faite_le__isnull=True).update(
        faite_le=maintenant or timezone.now(), compte_rendu=compte_rendu
    )


def reassigner_taches_offre(offre, conseiller_id):
    TacheConseiller.objects.filter(offre=offre, faite_le__isnull=True).update(conseiller_id=conseiller_id)


# --- The to-do list -------------------------------------------------------------------------------


def taches_de(user):
    """``user``'s open tasks, and the unassigned ones of their organisations, earliest due first."""
    if not acces.est_conseiller_reseau(user):
        return TacheConseiller.objects.none()
    organisations = contexte_professionnel(user).organisations_accompagnement
    return (
        TacheConseiller.objects.filter(faite_le__isnull=True)
        .filter(Q(conseiller=user) | Q(conseiller__isnull=True, organisation__in=organisations))
        .select_related("entreprise__commune", "offre", "conseiller")
        .order_by("echeance", "pk")
    )


@transaction.atomic
def marquer_faite(tache, *, acting_user, compte_rendu, maintenant=None):
    """The conseiller records the call or the follow-up, with a short report."""
    tache = (
        TacheConseiller.objects.select_for_update(of=("self",), no_key=True)
        .select_related("entreprise__organisation_referente")
        .get(pk=tache.pk)
    )
    if not acces.peut_faire_la_tache(acting_user, tache):
        raise ValidationError(REFUS_TACHE)
    if tache.faite_le is not None:
        raise ValidationError(f"Cette tâche a déjà été faite le {timezone.localtime(tache.faite_le):%d/%m/%Y}.")
    compte_rendu = (compte_rendu or "").strip()
    if not compte_rendu:
        raise ValidationError({"compte_rendu": "Résumez l'échange en quelques mots : il reste dans le suivi."})
    if len(compte_rendu) > COMPTE_RENDU_MAX:
        raise ValidationError(
            {"compte_rendu": f"Le compte rendu tient en {COMPTE_RENDU_MAX} caractères au plus ({len(compte_rendu)})."}
        )
    maintenant = maintenant or timezone.now()
    tache.faite_le = maintenant
    tache.faite_par = acting_user
    tache.compte_rendu = compte_rendu
    tache.save(update_fields=["faite_le", "faite_par", "compte_rendu"])
    enregistrer_evenement(
        TypeEvenement.TACHE_ENTREPRISE_FAITE,
        acting_user=acting_user,
        organisation=tache.entreprise.organisation_referente,
        tache=tache.pk,
        type_tache=tache.type_tache,
        entreprise=tache.entreprise_id,
        offre=tache.offre_id,
        en_retard=maintenant > tache.echeance,
    )
    return tache
