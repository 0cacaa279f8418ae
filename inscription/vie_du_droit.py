"""What a change of an RSA right means for the people it covers (issue 18, « la vie d'un droit »).

The flow's writer (``inscription/import_caf.py``) records each household's new state on ``FoyerRSA``
and ``DroitRSA`` in its batch's transaction, then hands the changes it made to ``appliquer``, in the
same transaction: a closure takes the person out of the lists of people to orient or invite and tells
the référent, a re-opening brings them back, a household change reaches the sanctions' RSA cap, a move
transfers the file to the new département (never a duplicate).

Most consequences are not written here but READ from the household's state, so that they can never
drift from it:

- the lists (``DroitRSAQuerySet.en_vigueur`` excludes the rights of a closed household; the queues read
  ``inscription.queries.personnes_sorties_du_rsa``: orientation proposals and the deciders' queue, the « à attribuer »
  queue, the « À faire » queues and the portfolio's lateness, the invitations to an appointment);
- the sanctions' cap (``sanctions.foyer.du_flux`` reads ``FoyerRSA``'s composition).

What is written here, set-based (a monthly stock may close tens of thousands of rights at once): one
history row per person and change (an audit event naming the file, bulk-inserted), one in-app notice per
professional and person for a closure or a re-opening (bulk-inserted too), and the transfers of the
households that moved, through a hook the orientation app fills (it comes later in the journey).

Nothing is deleted nor ended by a closure: the registration, the orientation decided, a contract, the
appointments already booked and a sanction procedure stay as they are, for their owner to close with
a reason (a procedure is a decision of the département; a closed right is a fact the decider weighs,
not a silent end). A re-opening finds the file as it was left: the same person, no new registration.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.personnes.models import Implication, Personne
from inscription.enums import ETATS_CLOS, ETATS_OUVERTS, EtatDroitRSA
from inscription.models import FoyerRSA
from inscription.motifs_rsa import etat_et_motif, libelle_etat, libelle_motif
from inscription.notifications import DROIT_RSA_CLOS, DROIT_RSA_ROUVERT, notifier_professionnels

SUSPENSIONS = frozenset({EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT})


@dataclass(frozen=True, slots=True)
class ChangementDroit:
    """One person's right moved by one household of one import (the writer builds them)."""

    personne_id: int
    foyer_id: int
    import_id: int
    etat_avant: str  # "" for a right the platform did not know
    etat_apres: str
    motif: str = ""  # the suspension or closure reason code of the new state
    date: datetime.date | None = None  # when the new state began (closure, suspension), if the file says
    departement_avant: str = ""  # the household's département before this file
    departement_apres: str = ""
    composition_changee: bool = False  # nb_personnes / nb_enfants / majoration / members moved
    sorti_du_foyer: bool = False  # this person left the household (DFRATDOS, or absent from a complete household)


@dataclass(frozen=True, slots=True)
class Transfert:
    """A household the flow now places in another département: its member's file follows it."""

    personne_id: int
    departement_avant: str
    departement_apres: str
    import_id: int


@dataclass
class Bilan:
    """What ``appliquer`` did, for the writer's counts and the tests."""

    clotures: list = field(default_factory=list)
    reouvertures: list = field(default_factory=list)
    suspensions: list = field(default_factory=list)
    foyers_changes: list = field(default_factory=list)
    transferts: list = field(default_factory=list)
    notifications: int = 0


# --- The hook of the later apps -------------------------------------------------------------------

_TRANSFERTS = {}


def brancher_transfert(cle, fonction):
    """A later app (orientation) transfers the files of the people whose household moved to another
    département: ``fonction(transferts)``, a list of ``Transfert``, in the import's transaction. It must
    be idempotent (a replayed file finds the person already in the new département) and never create a
    second person. Called from the app's ``AppConfig.ready()``."""
    _TRANSFERTS[cle] = fonction


# --- Reading the state ------------------------------------------------------------------------------


def clot_le_droit(changement):
    return changement.etat_apres in ETATS_CLOS and changement.etat_avant not in ETATS_CLOS


def rouvre_le_droit(changement):
    return changement.etat_avant in ETATS_CLOS and changement.etat_apres in ETATS_OUVERTS


def suspend_le_droit(changement):
    return changement.etat_apres in SUSPENSIONS and changement.etat_avant != changement.etat_apres


def change_de_departement(changement):
    return bool(
        changement.departement_avant
        and changement.departement_apres
        and changement.departement_avant != changement.departement_apres
    )


# --- Applying a batch -------------------------------------------------------------------------------


def _date_flux(foyer):
    quand = foyer.date_flux or (foyer.import_source.date_flux if foyer.import_source_id else None)
    return timezone.localdate(quand).strftime("%d/%m/%Y") if quand else ""


def _evenement(type_evenement, changement, foyer, *, maintenant, motif, **data):
    fichier = foyer.import_source.nom_fichier if foyer.import_source_id else ""
    return AuditEvent(
        event_type=type_evenement,
        personne_id=changement.personne_id,
        motif=motif,
        at=maintenant,
        data={
            "import_id": changement.import_id,
            "fichier": fichier,
            "foyer_id": foyer.pk,
            "avant": changement.etat_avant,
            "etat": changement.etat_apres,
            "code_motif": changement.motif,
            "date": changement.date.isoformat() if changement.date else None,
            **data,
        },
    )


def _destinataires(personnes, personne_ids):
    """(user id, person id) of the référent and of the professionals named in an implication in force,
    for each of ``personne_ids``: one query (the référents come with the people)."""
    paires = {(personnes[pk]["referent_unique_id"], pk) for pk in personne_ids if personnes[pk]["referent_unique_id"]}
    paires |= set(
        Implication.objects.actives()
        .filter(personne_id__in=personne_ids, professionnel__isnull=False, professionnel__is_active=True)
        .values_list("professionnel_id", "personne_id")
    )
    return sorted(paires)


def _nom(personne):
    return f"{personne['prenoms']} {(personne['nom_usage'] or personne['nom_naissance']).upper()}"


def appliquer(changements):
    """Applies the consequences of ``changements`` (a list of ChangementDroit), in the caller's transaction.

    A fixed number of statements whatever the batch's size: the households, the people, the implications
    of those to tell, one insert of the history rows, one per kind of notice; plus the transfers (rare,
    one person each). Returns a ``Bilan``."""
    changements = list(changements)
    bilan = Bilan()
    if not changements:
        return bilan
    foyers = FoyerRSA.objects.select_related("import_source").in_bulk({c.foyer_id for c in changements})
    personnes = {
        p["pk"]: p
        for p in Personne.objects.filter(pk__in={c.personne_id for c in changements}).values(
            "pk", "prenoms", "nom_naissance", "nom_usage", "referent_unique_id"
        )
    }
    maintenant = timezone.now()
    evenements = []
    for c in changements:
        foyer = foyers.get(c.foyer_id)
        if foyer is None or c.personne_id not in personnes:
            continue
        motif_fr = libelle_motif(c.etat_apres, c.motif)
        if clot_le_droit(c):
            bilan.clotures.append(c)
            type_evenement = TypeEvenement.DROIT_RSA_FLUX_CLOS
        elif rouvre_le_droit(c):
            bilan.reouvertures.append(c)
            type_evenement = TypeEvenement.DROIT_RSA_FLUX_ROUVERT
        elif suspend_le_droit(c):
            bilan.suspensions.append(c)
            type_evenement = TypeEvenement.DROIT_RSA_FLUX_SUSPENDU
        elif c.etat_avant and c.etat_avant != c.etat_apres:
            type_evenement = TypeEvenement.DROIT_RSA_FLUX_ETAT
        else:
            type_evenement = None
        if type_evenement is not None:
            evenements.append(
                _evenement(
                    type_evenement,
                    c,
                    foyer,
                    maintenant=maintenant,
                    motif=etat_et_motif(c.etat_apres, c.motif),
                    libelle_motif=motif_fr,
                )
            )
        if c.composition_changee or c.sorti_du_foyer:
            bilan.foyers_changes.append(c)
            sorti = "La personne a quitté le foyer. " if c.sorti_du_foyer else ""
            evenements.append(
                _evenement(
                    TypeEvenement.FOYER_RSA_CHANGE,
                    c,
                    foyer,
                    maintenant=maintenant,
                    motif=f"{sorti}Foyer de {foyer.nb_personnes or '?'} personne(s), "
                    f"dont {foyer.nb_enfants or 0} enfant(s) à charge.",
                    sorti_du_foyer=c.sorti_du_foyer,
                    nb_personnes=foyer.nb_personnes,
                    nb_enfants=foyer.nb_enfants,
                    majoration_isolement=foyer.majoration_isolement,
                )
            )
        if change_de_departement(c):
            bilan.transferts.append(Transfert(c.personne_id, c.departement_avant, c.departement_apres, c.import_id))
    AuditEvent.objects.bulk_create(evenements, batch_size=2000)
    bilan.notifications = _notifier(bilan, foyers, personnes)
    if bilan.transferts:
        for fonction in _TRANSFERTS.values():
            fonction(bilan.transferts)
    return bilan


def _notifier(bilan, foyers, personnes):
    """The référent and the professionals accompanying each person are told of a closure or a re-opening:
    one notice per professional and person, idempotent per import (a replayed file tells no one twice)."""
    ecrites = 0
    for changements, type_notification, cle in (
        (bilan.clotures, DROIT_RSA_CLOS, "clos"),
        (bilan.reouvertures, DROIT_RSA_ROUVERT, "rouvert"),
    ):
        if not changements:
            continue
        par_personne = {c.personne_id: c for c in changements}
        envois = []
        for user_id, personne_id in _destinataires(personnes, list(par_personne)):
            c = par_personne[personne_id]
            foyer = foyers[c.foyer_id]
            contexte = {
                "personne": _nom(personnes[personne_id]),
                "etat": libelle_etat(c.etat_apres),
                "motif": libelle_motif(c.etat_apres, c.motif) or "motif non transmis",
                "le": (c.date or foyer.date_cloture or timezone.localdate()).strftime("%d/%m/%Y"),
                "organisme": foyer.organisme_payeur,
                "date_flux": _date_flux(foyer),
            }
            envois.append(
                (user_id, personne_id, contexte, f"inscription:rsa:{cle}:{c.import_id}:{personne_id}:{user_id}")
            )
        ecrites += notifier_professionnels(type_notification, envois)
    return ecrites
