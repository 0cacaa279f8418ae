"""Inviting people to book an appointment, one or many at once; relances, expiry, callback requests done.

One writer (:func:`_ecrire`) for one person and for a batch of a thousand: the same rows, written set-based
(the invitations, the withdrawal of each person's previous open invitation for the motif, the sendings,
the e-mails and SMS into the outbox, the follow-up status, the audit events), so the queries of a bulk
invitation do not grow with its people (``make bench``: ``invitations_10k_s``).

A bulk invitation (:func:`inviter_en_masse`) only records the list (``LotInvitations``); the worker
(``tasks.traiter_lot_invitations`` → :func:`traiter_lot`) invites it batch by batch, one transaction per
batch, resuming where it stopped (the lot counts what is done), safe on two workers.

Who is not invited, with the reason kept on the lot: a file the professional does not read, a right closed
or a registration ceased (the portfolio's « hors suivi », ``personnes.portefeuille``; for one person the
appointments' own check, ``rendezvous.empechements``), an appointment already booked for the motif, no
channel left once the file and the professional's choice are crossed (``canaux.choisir``).
"""

import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.invitations import canaux as canaux_possibles
from francetravail.invitations import courriers, formulations, lien, limites
from francetravail.invitations import notifications as types
from francetravail.invitations.acces import exiger_demande_rappel, exiger_inviter
from francetravail.invitations.enums import (
    STATUTS_INVITATION_OUVERTE,
    CanalInvitation,
    CleFormulation,
    StatutDemandeRappel,
    StatutInvitation,
    StatutLot,
    TypeEnvoi,
)
from francetravail.invitations.models import EnvoiInvitation, Invitation, LotInvitations
from francetravail.notifications.actions import notifier_en_masse_externe
from francetravail.parametres.lookup import valeur
from francetravail.personnes import portefeuille
from francetravail.personnes.acces import personnes_visibles
from francetravail.personnes.models import Personne
from francetravail.rendezvous import empechements, suivi
from francetravail.rendezvous.enums import STATUTS_SUIVI_INVITATION_EN_COURS, Motif, StatutRendezVous, StatutSuivi
from francetravail.rendezvous.models import RendezVous, SuiviRendezVous
from francetravail.rendezvous.regles import MOTIFS_SANS_DELAI

logger = logging.getLogger(__name__)

# Letters and digits no one confuses when typing them from a letter (no 0/O, 1/I/L).
ALPHABET_CODE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LONGUEUR_CODE = 8
TAILLE_PAQUET = 1000
# One action invites at most this many people (``make bench``: invitations_10k_s); a longer list is filtered first.
MAX_PERSONNES_PAR_LOT = 10_000
# A worker run of a lot stops taking batches after this long and queues itself again (soft limit 60 s).
DUREE_MAX_LOT = 40
# The sweeps' bounded batches (beat runs them again).
TAILLE_BALAYAGE = 500

PARAMETRE_DUREE = "invitations.duree_validite"
PARAMETRE_RELANCE = "invitations.delai_relance"

RAISON_NON_VISIBLE = "Son dossier ne vous est pas ouvert (ou n'existe plus)."
RAISON_DEJA_RDV = "A déjà un rendez-vous réservé pour ce motif, le {quand}."
RAISONS_HORS_SUIVI = {
    "inscription_cessee": "Inscription cessée (radiation) ou accompagnement terminé : elle n'est plus à inviter.",
    "droit_rsa_clos": "Droit au RSA clos selon le flux CAF/MSA : elle n'est plus à inviter.",
}
RAISON_HORS_SUIVI = "N'est plus à inviter (hors suivi)."

FORMULATIONS = {
    (TypeEnvoi.INVITATION, CanalInvitation.EMAIL): CleFormulation.INVITATION_EMAIL,
    (TypeEnvoi.INVITATION, CanalInvitation.SMS): CleFormulation.INVITATION_SMS,
    (TypeEnvoi.RELANCE, CanalInvitation.EMAIL): CleFormulation.RELANCE_EMAIL,
    (TypeEnvoi.RELANCE, CanalInvitation.SMS): CleFormulation.RELANCE_SMS,
}
TYPES_NOTIFICATION = {TypeEnvoi.INVITATION: types.INVITATION, TypeEnvoi.RELANCE: types.RELANCE}


def nouveau_code():
    return "".join(secrets.choice(ALPHABET_CODE) for _ in range(LONGUEUR_CODE))


def nouveau_nonce():
    return secrets.token_urlsafe(16)  # 22 characters


def _valider(motif, canaux):
    if motif not in Motif.values:
        raise ValidationError({"motif": "Choisissez le motif du rendez-vous."})
    canaux = [c for c in CanalInvitation.values if c in set(canaux or ())]
    if not canaux:
        raise ValidationError({"canaux": "Choisissez au moins un canal : courriel, SMS ou courrier."})
    return canaux


# -- what a batch needs once, not once per person -------------------------------------------------------------


_JETON = "JETON"


class _Memo:
    """The dated parameters and the wordings in force, read once per département for a whole batch.

    The wording is ``formulations.rendre``'s (the département's latest in force, else the national text),
    its template compiled once: ``rendre`` reads the table on every call, which 10 000 people cannot pay.
    """

    def __init__(self, maintenant):
        self.maintenant = maintenant
        self.jour = timezone.localdate(maintenant)
        self._parametres = {}
        self._gabarits = {}
        self._modele_chemin = None
        self._chemins = {}

    def chemin(self, invitation):
        """``lien.chemin(invitation)``, the URL pattern reversed once for the batch (not 10 000 times), the
        token signed once per invitation (kept: the e-mail and the SMS carry the same link)."""
        if self._modele_chemin is None:
            self._modele_chemin = reverse("invitations:lien", kwargs={"jeton": _JETON})
        if invitation.pk not in self._chemins:
            self._chemins[invitation.pk] = self._modele_chemin.replace(_JETON, lien.jeton(invitation))
        return self._chemins[invitation.pk]

    def url(self, invitation):
        return f"{settings.SITE_URL}{self.chemin(invitation)}"

    def parametre(self, cle, departement_id):
        if (cle, departement_id) not in self._parametres:
            self._parametres[cle, departement_id] = int(valeur(cle, le=self.jour, departement=departement_id))
        return self._parametres[cle, departement_id]

    def rendre(self, cle, departement_id, contexte):
        if (cle, departement_id) not in self._gabarits:
            formulation = formulations.en_vigueur(cle, departement_id, le=self.maintenant)
            source = formulation.texte if formulation is not None else formulations.texte_national(cle)
            self._gabarits[cle, departement_id] = Template(source)
        return self._gabarits[cle, departement_id].render(Context(contexte, autoescape=False)).strip()


def _jour(valeur_date):
    return date_format(valeur_date, "j F Y") if valeur_date else ""


def contexte_formulation(invitation, personne, organisation, *, memo=None):
    """The variables a wording may use (``formulations.VARIABLES``)."""
    libelle = invitation.get_motif_display()
    return {
        "prenom": (personne.prenoms or "").split(" ")[0],
        "motif": libelle[:1].lower() + libelle[1:],
        "organisation": organisation.nom,
        "lien": memo.url(invitation) if memo is not None else lien.url(invitation),
        "code": invitation.code,
        # The 15-day limit, when one applies (else ``limite_rdv`` is the expiry's day: nothing more to say).
        "limite": _jour(invitation.limite_rdv)
        if invitation.limite_rdv and invitation.limite_rdv != timezone.localdate(invitation.expire_le)
        else "",
        "expire_le": _jour(timezone.localdate(invitation.expire_le)),
        "telephone_organisation": organisation.telephone,
    }


# -- who is invited, who is not and why -----------------------------------------------------------------------


def _trier(personne_ids, *, user, motif, canaux, maintenant):
    """``(a_inviter, ignorees)``: [(personne, canaux)] and {personne_id: raison} for ``personne_ids``.

    A fixed number of queries whatever the number of people: the visible files with the « hors suivi »
    annotations, then the appointments already booked for the motif."""
    qs = (
        personnes_visibles(user)
        .filter(pk__in=list(personne_ids))
        .select_related("commune", "commune__commune_parente")
        .order_by("pk")
    )
    personnes = list(portefeuille.annoter_hors_suivi(qs))
    trouvees = {p.pk for p in personnes}
    ignorees = {pk: RAISON_NON_VISIBLE for pk in personne_ids if pk not in trouvees}
    reserves = dict(
        RendezVous.objects.filter(
            personne_id__in=trouvees,
            statut=StatutRendezVous.RESERVE,
            creneau__motif=motif,
            creneau__debut__gte=maintenant,
        )
        .order_by("personne_id", "-creneau__debut")
        .values_list("personne_id", "creneau__debut")
    )
    a_inviter = []
    for personne in personnes:
        hors = [h for h in portefeuille.hors_suivi() if h.test(personne)]
        if hors:
            ignorees[personne.pk] = RAISONS_HORS_SUIVI.get(hors[0].cle, RAISON_HORS_SUIVI)
            continue
        if personne.pk in reserves:
            quand = date_format(timezone.localtime(reserves[personne.pk]), "j F Y à H\\hi")
            ignorees[personne.pk] = RAISON_DEJA_RDV.format(quand=quand)
            continue
        choisis, raison = canaux_possibles.choisir(personne, canaux)
        if not choisis:
            ignorees[personne.pk] = raison
            continue
        a_inviter.append((personne, choisis))
    return a_inviter, ignorees


# -- the one writer -------------------------------------------------------------------------------------------


def _envoyer(invitations_canaux, *, type_envoi, memo):
    """The sendings of ``type_envoi`` for [(invitation, personne, canaux)]: e-mails and SMS written into the
    outbox (their text rendered now, kept in their context), letters handed to the day's batch on commit.
    Returns the ``EnvoiInvitation`` rows."""
    type_notification = TYPES_NOTIFICATION[type_envoi]
    envois, notifications = [], []
    for invitation, personne, canaux in invitations_canaux:
        contexte = None
        for canal in canaux:
            envoi = EnvoiInvitation(
                invitation=invitation, type_envoi=type_envoi, canal=canal, created_at=memo.maintenant
            )
            envois.append(envoi)
            if canal == CanalInvitation.COURRIER:
                continue
            if contexte is None:
                contexte = contexte_formulation(invitation, personne, invitation.organisation, memo=memo)
            texte = memo.rendre(FORMULATIONS[type_envoi, canal], personne.departement_id, contexte)
            cle = f"invitation:{invitation.pk}:{type_envoi}:{canal}"
            envoi.cle_notification = cle
            notifications.append(
                (
                    personne.user_id,
                    canal,
                    canaux_possibles.adresse(personne, canal),
                    {"texte": texte, "organisation": invitation.organisation.nom, "lien": memo.chemin(invitation)},
                    cle,
                )
            )
    ids = notifier_en_masse_externe(type_notification, notifications)
    for envoi in envois:
        if envoi.canal != CanalInvitation.COURRIER:
            envoi.notification_id = ids.get(envoi.cle_notification)
    EnvoiInvitation.objects.bulk_create(envois, batch_size=2000, ignore_conflicts=False)
    lettres = [e.pk for e in envois if e.canal == CanalInvitation.COURRIER]
    if lettres:
        transaction.on_commit(lambda: courriers.inscrire_au_lot(lettres), robust=True)
    return envois


def _ecrire(a_inviter, *, motif, organisation, acting_user, lot, memo):
    """Invites [(personne, canaux)] (already checked) for ``motif``; returns the new invitations.

    The people's rows are locked first (``FOR NO KEY UPDATE``, in id order), as a single invitation does:
    two invitations of the same person at once wait for each other instead of breaking the « one open
    invitation per motif » constraint."""
    if not a_inviter:
        return []
    ids = sorted(p.pk for p, _ in a_inviter)
    list(Personne.objects.select_for_update(of=("self",), no_key=True).filter(pk__in=ids).order_by("pk").values("pk"))
    retirees = Invitation.objects.filter(
        personne_id__in=ids, motif=motif, statut__in=STATUTS_INVITATION_OUVERTE
    ).update(statut=StatutInvitation.RETIREE, prochaine_relance=None)
    jours_limites = limites.limites([p for p, _ in a_inviter]) if motif not in MOTIFS_SANS_DELAI else {}
    maintenant = memo.maintenant
    invitations = []
    for personne, canaux in a_inviter:
        duree = memo.parametre(PARAMETRE_DUREE, personne.departement_id)
        relance = memo.parametre(PARAMETRE_RELANCE, personne.departement_id)
        expire_le = maintenant + timedelta(days=duree)
        invitations.append(
            Invitation(
                personne=personne,
                organisation=organisation,
                motif=motif,
                canaux=canaux,
                lot=lot,
                nonce=nouveau_nonce(),
                code=nouveau_code(),
                limite_rdv=jours_limites.get(personne.pk) or timezone.localdate(expire_le),
                expire_le=expire_le,
                # A relance due after the expiry would never go: none then.
                prochaine_relance=maintenant + timedelta(days=relance) if 0 < relance < duree else None,
                created_by=acting_user,
                created_at=maintenant,
            )
        )
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    _envoyer(
        [(inv, p, c) for inv, (p, c) in zip(invitations, a_inviter, strict=True)],
        type_envoi=TypeEnvoi.INVITATION,
        memo=memo,
    )
    suivi.noter_en_masse(
        [(inv.personne_id, organisation.pk, inv.pk) for inv in invitations],
        motif,
        StatutSuivi.INVITE,
        acting_user=acting_user,
        le=maintenant,
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                event_type=TypeEvenement.INVITATION_ENVOYEE,
                acting_user=acting_user,
                personne_id=inv.personne_id,
                organisation=organisation,
                at=maintenant,
                data={
                    "invitation": inv.pk,
                    "motif": motif,
                    "canaux": inv.canaux,
                    "lot": lot.pk if lot else None,
                    "expire_le": inv.expire_le.isoformat(),
                },
            )
            for inv in invitations
        ],
        batch_size=2000,
    )
    if retirees:
        logger.info("%s invitation(s) précédente(s) retirée(s) pour le motif %s.", retirees, motif)
    return invitations


# -- one person -----------------------------------------------------------------------------------------------


@transaction.atomic
def inviter(personne, *, motif, organisation, canaux, acting_user):
    """Invites ``personne`` to book a slot of ``motif`` in ``organisation``'s agendas through ``canaux`` (those
    the file makes possible among them); withdraws their previous open invitation for the motif. Raises a
    ValidationError (French) saying why not: nothing is written then."""
    exiger_inviter(acting_user, organisation.pk, personne)
    canaux = _valider(motif, canaux)
    message = empechements.empechement(personne)
    if message:
        raise ValidationError(message)
    memo = _Memo(timezone.now())
    a_inviter, ignorees = _trier(
        [personne.pk], user=acting_user, motif=motif, canaux=canaux, maintenant=memo.maintenant
    )
    if ignorees:
        raise ValidationError(ignorees[personne.pk])
    (invitation,) = _ecrire(
        a_inviter, motif=motif, organisation=organisation, acting_user=acting_user, lot=None, memo=memo
    )
    return invitation


def apercu(personne_ids, *, user, motif, canaux):
    """What a bulk invitation would do, for its confirmation page: how many invited, per channel, and who is
    skipped with why (``{personne_id: raison}``). Reads only (same rules as the worker)."""
    a_inviter, ignorees = _trier(personne_ids, user=user, motif=motif, canaux=canaux, maintenant=timezone.now())
    par_canal = dict.fromkeys(CanalInvitation.values, 0)
    for _personne, choisis in a_inviter:
        for canal in choisis:
            par_canal[canal] += 1
    return len(a_inviter), par_canal, ignorees


# -- many people: the lot, then the worker --------------------------------------------------------------------


@transaction.atomic
def inviter_en_masse(personne_ids, *, motif, organisation, canaux, origine, acting_user):
    """Records a bulk invitation of ``personne_ids`` (a filtered list) and queues its work on commit;
    returns the ``LotInvitations`` (its page follows the worker's progress)."""
    exiger_inviter(acting_user, organisation.pk)
    canaux = _valider(motif, canaux)
    ids = list(dict.fromkeys(int(pk) for pk in personne_ids))
    if not ids:
        raise ValidationError("La liste ne contient personne à inviter.")
    if len(ids) > MAX_PERSONNES_PAR_LOT:
        raise ValidationError(
            f"Une invitation groupée porte sur {MAX_PERSONNES_PAR_LOT:,} personnes au plus".replace(",", " ")
            + f" ({len(ids)} dans cette liste) : affinez le filtre."
        )
    lot = LotInvitations.objects.create(
        organisation=organisation,
        motif=motif,
        canaux=canaux,
        origine=(origine or "")[:250],
        personnes=ids,
        created_by=acting_user,
    )
    enregistrer_evenement(
        TypeEvenement.INVITATIONS_LOT,
        acting_user=acting_user,
        organisation=organisation,
        motif=lot.origine,
        lot=lot.pk,
        personnes=len(ids),
        canaux=canaux,
        motif_rdv=motif,
    )
    # The task module imports this one: imported here to avoid the cycle.
    from francetravail.invitations.tasks import planifier_lot  # noqa: PLC0415 -- cycle tasks -> actions

    transaction.on_commit(lambda: planifier_lot(lot.pk), robust=True)
    return lot


def traiter_lot(lot_id, *, taille=TAILLE_PAQUET, duree_max=None):
    """Invites the next batches of lot ``lot_id`` (one transaction per batch, the lot row locked with
    ``SKIP LOCKED``: a second worker on the same lot leaves it to the first); returns True when the lot
    is done, False when time ran out (the caller queues it again)."""
    debut = time.monotonic()
    while True:
        if duree_max is not None and time.monotonic() - debut > duree_max:
            return False
        with transaction.atomic():
            lot = (
                LotInvitations.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
                .select_related("organisation", "created_by")
                .filter(pk=lot_id, statut=StatutLot.EN_COURS)
                .first()
            )
            if lot is None:
                return True  # done, or another worker holds it (it goes on)
            fait = lot.nb_invitations + lot.nb_ignorees
            paquet = lot.personnes[fait : fait + taille]
            maintenant = timezone.now()
            if not paquet:
                lot.statut, lot.termine_le = StatutLot.TERMINE, maintenant
                lot.save(update_fields=["statut", "termine_le"])
                return True
            try:
                exiger_inviter(lot.created_by, lot.organisation_id)
            except ValidationError as exc:
                lot.statut, lot.termine_le = StatutLot.ECHEC, maintenant
                lot.ignorees = {**lot.ignorees, "erreur": " ".join(exc.messages)}
                lot.save(update_fields=["statut", "termine_le", "ignorees"])
                return True
            memo = _Memo(maintenant)
            a_inviter, ignorees = _trier(
                paquet, user=lot.created_by, motif=lot.motif, canaux=lot.canaux, maintenant=maintenant
            )
            invitations = _ecrire(
                a_inviter,
                motif=lot.motif,
                organisation=lot.organisation,
                acting_user=lot.created_by,
                lot=lot,
                memo=memo,
            )
            lot.nb_invitations += len(invitations)
            lot.nb_ignorees += len(ignorees)
            lot.ignorees = {**lot.ignorees, **{str(pk): raison for pk, raison in ignorees.items()}}
            lot.save(update_fields=["nb_invitations", "nb_ignorees", "ignorees"])


def lots_a_reprendre(*, depuis=timedelta(minutes=2), maintenant=None):
    """Lots still running a while after their creation (broker down at commit, worker killed)."""
    maintenant = maintenant or timezone.now()
    return list(
        LotInvitations.objects.filter(statut=StatutLot.EN_COURS, created_at__lte=maintenant - depuis)
        .order_by("created_at")
        .values_list("pk", flat=True)[:10]
    )


# -- the sweeps -----------------------------------------------------------------------------------------------


def _suivis_sur(invitation_ids):
    """(personne_id, organisation_id, invitation_id, motif) of the follow-ups still on these invitations
    (invited or relancé): a person who booked meanwhile keeps « rendez-vous pris »."""
    return list(
        SuiviRendezVous.objects.filter(invitation_id__in=invitation_ids, statut__in=STATUTS_SUIVI_INVITATION_EN_COURS)
        .values_list("personne_id", "organisation_id", "invitation_id", "motif")
        .order_by("personne_id")
    )


def _noter_par_motif(lignes, statut, maintenant):
    par_motif = {}
    for personne_id, organisation_id, invitation_id, motif in lignes:
        par_motif.setdefault(motif, []).append((personne_id, organisation_id, invitation_id))
    for motif, du_motif in par_motif.items():
        suivi.noter_en_masse(du_motif, motif, statut, le=maintenant)


@transaction.atomic
def relancer_dues(*, limite=TAILLE_BALAYAGE, maintenant=None):
    """Relances the invitations whose relance fell due (still running, unused): status RELANCEE, the
    relance sent on the same channels the file still allows, the follow-up to « relancé ». Bounded, the
    rows taken with ``SKIP LOCKED``: twice or on two workers, each invitation is relanced once.
    Returns how many invitations were relanced."""
    maintenant = maintenant or timezone.now()
    invitations = list(
        Invitation.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
        .filter(statut=StatutInvitation.ENVOYEE, prochaine_relance__lte=maintenant, expire_le__gt=maintenant)
        .select_related("personne", "personne__commune", "personne__commune__commune_parente", "organisation")
        .order_by("prochaine_relance", "pk")[:limite]
    )
    if not invitations:
        return 0
    reserves = set(
        RendezVous.objects.filter(
            personne_id__in={i.personne_id for i in invitations},
            statut=StatutRendezVous.RESERVE,
            creneau__debut__gte=maintenant,
        ).values_list("personne_id", "creneau__motif")
    )
    a_relancer = [i for i in invitations if (i.personne_id, i.motif) not in reserves]
    # Booked meanwhile (not through the link): nothing to relance, and never again.
    Invitation.objects.filter(pk__in=[i.pk for i in invitations if i not in a_relancer]).update(prochaine_relance=None)
    if not a_relancer:
        return 0
    Invitation.objects.filter(pk__in=[i.pk for i in a_relancer]).update(
        statut=StatutInvitation.RELANCEE, relancee_le=maintenant, prochaine_relance=None
    )
    suivis = _suivis_sur([i.pk for i in a_relancer])
    envois = []
    for invitation in a_relancer:
        choisis, _raison = canaux_possibles.choisir(invitation.personne, invitation.canaux)
        if choisis:
            envois.append((invitation, invitation.personne, choisis))
    _envoyer(envois, type_envoi=TypeEnvoi.RELANCE, memo=_Memo(maintenant))
    _noter_par_motif(suivis, StatutSuivi.RELANCE, maintenant)
    return len(a_relancer)


@transaction.atomic
def expirer_echues(*, limite=TAILLE_BALAYAGE, maintenant=None):
    """Expires the running invitations past ``expire_le``: status EXPIREE, the follow-up to « invitation
    expirée » when it was still on them. Bounded, ``SKIP LOCKED``, safe twice. Returns how many."""
    maintenant = maintenant or timezone.now()
    ids = list(
        Invitation.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
        .filter(statut__in=STATUTS_INVITATION_OUVERTE, expire_le__lte=maintenant)
        .order_by("expire_le", "pk")
        .values_list("pk", flat=True)[:limite]
    )
    if not ids:
        return 0
    Invitation.objects.filter(pk__in=ids).update(statut=StatutInvitation.EXPIREE, prochaine_relance=None)
    _noter_par_motif(_suivis_sur(ids), StatutSuivi.EXPIRE, maintenant)
    return len(ids)


# -- callback requests ----------------------------------------------------------------------------------------


@transaction.atomic
def traiter_demande_rappel(demande_id, *, compte_rendu, acting_user):
    """The agency called the person back: the request is done, with what was agreed."""
    compte_rendu = (compte_rendu or "").strip()
    if not compte_rendu:
        raise ValidationError({"compte_rendu": "Indiquez ce qui a été convenu avec la personne."})
    demande = exiger_demande_rappel(acting_user, demande_id, verrou=True)
    demande.statut = StatutDemandeRappel.TRAITEE
    demande.traitee_le = timezone.now()
    demande.traitee_par = acting_user
    demande.compte_rendu = compte_rendu[:250]
    demande.save(update_fields=["statut", "traitee_le", "traitee_par", "compte_rendu"])
    enregistrer_evenement(
        TypeEvenement.DEMANDE_RAPPEL_TRAITEE,
        acting_user=acting_user,
        personne=demande.personne,
        organisation=demande.organisation,
        motif=demande.compte_rendu,
        demande=demande.pk,
        invitation=demande.invitation_id,
    )
    return demande
