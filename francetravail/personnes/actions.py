"""Use cases that change a person's core record. Pages, API and admin call these, never ``save()``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import Canal, TypeEvenement
from francetravail.base import transitions
from francetravail.base.adresse_postale import codes_postaux_de
from francetravail.personnes.acces import (
    ROLES_ENTOURAGE,
    organisation_modifiant_coordonnees,
    peut_inviter,
    peut_repondre,
    peut_terminer,
)
from francetravail.personnes.enums import RoleImplication, StatutImplication
from francetravail.personnes.models import HistoriqueImplication, Implication, Personne
from francetravail.personnes.notifications import notifier_invitation, notifier_personne_rejointe
from francetravail.personnes.regles import normaliser_telephone
from francetravail.reseau.models import Membership, Organisation

INCHANGE = object()

COORDONNEES_NON_MODIFIABLES = (
    "Seuls la personne et les professionnels qui l'accompagnent peuvent modifier ses coordonnées."
)


AUTRE_DEPARTEMENT = (
    "Cette commune est dans un autre département : un déménagement hors du département se déclare auprès du "
    "référent, qui transfère le dossier au réseau du nouveau département."
)


class CoordonneesNonModifiables(PermissionDenied):
    """The acting user may not change these contact details (they may still be allowed to read them)."""

    def __init__(self):
        super().__init__(COORDONNEES_NON_MODIFIABLES)


@transaction.atomic
def modifier_coordonnees(
    personne,
    *,
    acting_user,
    canal=Canal.WEB,
    email=INCHANGE,
    telephone=INCHANGE,
    adresse=INCHANGE,
    commune=INCHANGE,
    code_postal=INCHANGE,
    transfert=False,
):
    """Changes the given contact details of ``personne`` (the others are left as they are).

    Allowed to the person and to those who accompany them (``organisation_modifiant_coordonnees``),
    checked on the locked row, so a change of organisme référent in between is seen. Notices
    and reminders go to these addresses: every change is an audit row (which fields, through
    which channel, on behalf of which organisation; the values themselves are in the history).
    Returns ``personne``, updated.

    A commune in another département for a person who has an organisme référent is refused: the file would
    leave that organisme's territory (and its département's deciders) without being handed over. The référent
    declares the move, which transfers the file (``orientation.actions.demenager``, the only caller passing
    ``transfert=True``). Awaiting orientation, there is nothing to hand over: the address changes freely.
    """
    # NO KEY: a FOR UPDATE lock would hold up the access-log rows of anyone reading the file.
    verrouillee = Personne.objects.select_for_update(of=("self",), no_key=True).get(pk=personne.pk)
    organisation_id = organisation_modifiant_coordonnees(acting_user, verrouillee)
    if organisation_id is None:
        raise CoordonneesNonModifiables
    demandees = {}
    if email is not INCHANGE:
        demandees["email"] = (email or "").strip()
    if telephone is not INCHANGE:
        try:
            demandees["telephone"] = normaliser_telephone(telephone)
        except ValueError as exc:
            raise ValidationError({"telephone": str(exc)}) from None
    if adresse is not INCHANGE:
        demandees["adresse"] = (adresse or "").strip()
    if commune is not INCHANGE:
        demandees["commune"] = commune
        if (
            not transfert
            and commune is not None
            and verrouillee.organisme_referent_id is not None
            and verrouillee.departement_id is not None
            and commune.departement_id != verrouillee.departement_id
        ):
            raise ValidationError({"commune": AUTRE_DEPARTEMENT})
    if code_postal is not INCHANGE or commune is not INCHANGE:
        # The postcode letters print (a commune may have several): it must serve the commune.
        nouvelle = verrouillee.commune if commune is INCHANGE else commune
        servis = codes_postaux_de(nouvelle)
        code = (verrouillee.code_postal if code_postal is INCHANGE else (code_postal or "")).strip()
        if code and code not in servis:
            if code_postal is not INCHANGE:
                raise ValidationError({"code_postal": f"Le code postal {code} ne dessert pas cette commune."})
            code = ""  # the person moved: their former postcode no longer applies
        demandees["code_postal"] = code
    changes = sorted(champ for champ, valeur in demandees.items() if _valeur(verrouillee, champ) != _cle(valeur))
    if not changes:
        return personne
    for champ in changes:
        setattr(verrouillee, champ, demandees[champ])
    verrouillee.full_clean(exclude=[f.name for f in Personne._meta.fields if f.name not in changes])
    verrouillee.save(update_fields=[*changes, "updated_at"])
    enregistrer_evenement(
        TypeEvenement.COORDONNEES_MODIFIEES,
        acting_user=acting_user,
        personne=verrouillee,
        organisation=Organisation.objects.get(pk=organisation_id) if organisation_id else None,
        champs=changes,
        canal=canal,
    )
    for champ in (*changes, "departement_id", "updated_at"):
        setattr(personne, champ, getattr(verrouillee, champ))
    return personne


def _valeur(personne, champ):
    return personne.commune_id if champ == "commune" else getattr(personne, champ)


def _cle(valeur):
    """A commune compares by its code, a text as itself."""
    return getattr(valeur, "pk", valeur)


# --- The people around a file (Implication) ----------------------------------------------------

MOTIF_MAX = 250
REFUS_INVITER = "Seuls le référent et le responsable d'équipe de l'organisme référent invitent dans ce dossier."
REFUS_REPONDRE = "Cette invitation ne vous est pas adressée, ou elle a déjà reçu une réponse."
REFUS_TERMINER = "Seuls le côté du référent et le côté invité mettent fin à cette implication."

# How an implication's steps are recorded (francetravail/base/transitions.py): a HistoriqueImplication
# row and an audit event naming the invited organisation. Each action names its event.
JOURNAL = transitions.Journal(
    historique=HistoriqueImplication,
    champ="implication",
    evenement=TypeEvenement.IMPLICATION_PROPOSEE,
    personne=lambda implication: implication.personne,
    organisation=lambda implication: implication.organisation,
)


def _verrouiller_implication(implication):
    # no_key: the implication's key never changes here; its history rows reference it.
    return (
        Implication.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne__organisme_referent", "personne__user", "organisation", "professionnel")
        .get(pk=implication.pk)
    )


def _motif(motif, champ="motif"):
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({champ: "Indiquez le motif."})
    if len(motif) > MOTIF_MAX:
        raise ValidationError({champ: f"Le motif tient en {MOTIF_MAX} caractères au plus."})
    return motif


@transaction.atomic
def inviter(personne, *, acting_user, organisation, role, motif, professionnel=None, fin_prevue=None):
    """The référent's side invites an organisation (or one of its professionals) into the file, as
    co-référent or intervenant, for ``motif``, until ``fin_prevue`` (inclusive) if given.

    The implication is « proposée »: it opens nothing until the invited side accepts. Refused: anyone
    but the référent's side (PermissionDenied); an organisation of another département, inactive, or
    the organisme référent itself; a professional who does not work files there; an end date in the
    past; an invitation already proposed or accepted for the same organisation and professional.
    """
    personne = (
        Personne.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisme_referent")
        .get(pk=personne.pk)
    )
    if not peut_inviter(acting_user, personne):
        raise PermissionDenied(REFUS_INVITER)
    motif = _motif(motif)
    try:
        role = RoleImplication(role)
    except ValueError:
        raise ValidationError({"role": "Choisissez le rôle dans la liste."}) from None
    if not organisation.actif:
        raise ValidationError({"organisation": "Cette organisation n'est plus active."})
    if organisation.pk == personne.organisme_referent_id:
        raise ValidationError({"organisation": "Cette organisation est déjà l'organisme référent de la personne."})
    if organisation.departement_id != personne.departement_id:
        raise ValidationError({"organisation": "Choisissez une organisation du département de la personne."})
    if professionnel is not None and not (
        Membership.objects.actives()
        .sans_comptes_techniques()
        .filter(user=professionnel, organisation=organisation, role__in=ROLES_ENTOURAGE)
        .exists()
    ):
        raise ValidationError(
            {"professionnel": "Ce professionnel n'accompagne pas de personnes dans cette organisation."}
        )
    if fin_prevue is not None and fin_prevue < timezone.localdate():
        raise ValidationError({"fin_prevue": "La date de fin ne peut pas être passée."})
    deja = Implication.objects.en_cours().filter(personne=personne, organisation=organisation)
    if deja.filter(Q(professionnel__isnull=True) | Q(professionnel=professionnel)).exists():
        raise ValidationError({"organisation": "Cette organisation est déjà invitée dans ce dossier."})
    implication = Implication.objects.create(
        personne=personne,
        organisation=organisation,
        professionnel=professionnel,
        role=role,
        statut=StatutImplication.PROPOSEE,
        motif=motif,
        fin_prevue=fin_prevue,
        created_by=acting_user,
    )
    transitions.enregistrer(
        implication,
        journal=JOURNAL,
        acting_user=acting_user,
        avant="",
        motif=motif,
        audit={"role": role.value, "professionnel": professionnel.pk if professionnel else None},
    )
    notifier_invitation(implication)
    return implication


@transaction.atomic
def accepter(implication, *, acting_user):
    """The invited side accepts: the implication is in force from now, and the person is told."""
    implication = _verrouiller_implication(implication)
    if not peut_repondre(acting_user, implication):
        raise PermissionDenied(REFUS_REPONDRE)
    maintenant = timezone.now()
    implication.accepted_by, implication.accepted_at, implication.debut = acting_user, maintenant, maintenant
    transitions.transition(
        implication,
        implication.vers_acceptee,
        journal=JOURNAL,
        acting_user=acting_user,
        refus=REFUS_REPONDRE,
        evenement=TypeEvenement.IMPLICATION_ACCEPTEE,
    )
    notifier_personne_rejointe(implication)
    return implication


@transaction.atomic
def refuser(implication, *, acting_user, motif):
    """The invited side refuses, for ``motif``: nothing was ever opened."""
    return _clore(
        implication,
        acting_user=acting_user,
        motif=motif,
        peut=peut_repondre,
        refus=REFUS_REPONDRE,
        vers="vers_refusee",
        refus_etat=REFUS_REPONDRE,
        evenement=TypeEvenement.IMPLICATION_REFUSEE,
    )


@transaction.atomic
def terminer(implication, *, acting_user, motif):
    """Either side ends a proposed or accepted implication, for ``motif``: the file closes to the
    invited side at once (the gate reads ``statut`` and ``fin``)."""
    return _clore(
        implication,
        acting_user=acting_user,
        motif=motif,
        peut=peut_terminer,
        refus=REFUS_TERMINER,
        vers="vers_terminee",
        refus_etat="Cette implication est déjà close.",
        evenement=TypeEvenement.IMPLICATION_TERMINEE,
    )


def _clore(implication, *, acting_user, motif, peut, refus, vers, refus_etat, evenement):
    """Refusing and ending close an implication the same way: who and why are kept, the file closes at once."""
    motif = _motif(motif)
    implication = _verrouiller_implication(implication)
    if not peut(acting_user, implication):
        raise PermissionDenied(refus)
    maintenant = timezone.now()
    implication.ended_by, implication.ended_at, implication.motif_fin = acting_user, maintenant, motif
    implication.fin = maintenant
    transitions.transition(
        implication,
        getattr(implication, vers),
        journal=JOURNAL,
        acting_user=acting_user,
        refus=refus_etat,
        motif=motif,
        evenement=evenement,
    )
    return implication
