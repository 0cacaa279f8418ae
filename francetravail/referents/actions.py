"""Designating, changing and transferring référents uniques: every step checked by ``acces``, the person row
locked (``no_key``: the key does not change), a ``HistoriqueReferent`` row and an audit event through
``francetravail.base.transitions.enregistrer``, and the person told on commit (the outbox)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base import transitions
from francetravail.personnes.models import Personne
from francetravail.referents import acces, queries, regles
from francetravail.referents.enums import CritereAttribution, NatureDesignation
from francetravail.referents.models import AffectationCommune, HistoriqueReferent, RegleAttribution
from francetravail.referents.notifications import prevenir_la_personne

# One action never designates more than this many people (one transaction, one lock per row): the rest
# stays in the queue (or the portfolio) and the report says how many; the manager applies it again.
MAX_LOT = 200

JOURNAL = transitions.Journal(
    historique=HistoriqueReferent,
    champ="personne",
    evenement=TypeEvenement.REFERENT_DESIGNE,
    personne=lambda personne: personne,
    organisation=lambda personne: personne.organisme_referent,
    cle="personne_id",
    statut="referent_unique_id",
)

EVENEMENTS = {
    NatureDesignation.DESIGNATION: TypeEvenement.REFERENT_DESIGNE,
    NatureDesignation.REGLE: TypeEvenement.REFERENT_DESIGNE,
    NatureDesignation.CHANGEMENT: TypeEvenement.REFERENT_CHANGE,
    NatureDesignation.TRANSFERT: TypeEvenement.PORTEFEUILLE_TRANSFERE,
}

DEJA_ATTRIBUEE = "{personne} a déjà un référent unique : changez-le avec un motif."
MEME_REFERENT = "{referent} est déjà le référent unique de cette personne."
MOTIF_OBLIGATOIRE = "Indiquez le motif du changement : il est conservé dans l'historique."
TROP = "Sélectionnez au plus {max} personnes à la fois."
AUCUNE = "Sélectionnez au moins une personne."
SANS_REGLE = "Cette organisation n'a pas encore de règle d'attribution : définissez-la d'abord."
SANS_CONSEILLER = "Aucun conseiller de l'organisation ne peut être désigné référent."
SANS_DESTINATAIRE = "Choisissez au moins un conseiller qui reprend le portefeuille."
VERS_SOI = "Le portefeuille ne peut pas être transféré à son propre titulaire."


@dataclass
class Rapport:
    """What an action in bulk did: [(person, référent)] designated, and what it left."""

    designees: list = field(default_factory=list)
    non_placees: int = 0
    restantes: int = 0


def _verrouiller(ids):
    return list(
        Personne.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisme_referent", "user")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


def _poser(personne, referent, *, acting_user, nature, motif=""):
    """Sets the référent of a locked person and records the step (history, audit, notice)."""
    ancien_id = personne.referent_unique_id
    personne.referent_unique = referent
    personne.save(update_fields=["referent_unique", "updated_at"])
    ligne = transitions.enregistrer(
        personne,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=str(ancien_id or ""),
        apres=str(referent.pk),
        motif=motif,
        evenement=EVENEMENTS[nature],
        historique={
            "organisation": personne.organisme_referent,
            "ancien_id": ancien_id,
            "nouveau": referent,
            "nature": nature,
        },
        audit={"nature": nature},
    )
    prevenir_la_personne(personne, referent, ligne)
    return ligne


def _motif_obligatoire(motif):
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": MOTIF_OBLIGATOIRE})
    return motif


@transaction.atomic
def designer(personne, referent, *, acting_user):
    """Designates the référent of a person who has none (one by one)."""
    (personne,) = _verrouiller([personne.pk]) or (None,)
    if personne is None:
        raise ValidationError(acces.REFUS)
    acces.exiger_designant(acting_user, personne.organisme_referent_id)
    if personne.referent_unique_id is not None:
        raise ValidationError(DEJA_ATTRIBUEE.format(personne=f"{personne.prenoms} {personne.nom_naissance}"))
    acces.exiger_designable(referent, personne.organisme_referent)
    return _poser(personne, referent, acting_user=acting_user, nature=NatureDesignation.DESIGNATION)


@transaction.atomic
def designer_en_masse(organisation, personne_ids, referent, *, acting_user):
    """Designates one référent for the people chosen in the organisation's queue. People who meanwhile got a
    référent, or are not the organisation's, are left as they are (counted in ``non_placees``)."""
    acces.exiger_designant(acting_user, organisation.pk)
    personne_ids = set(personne_ids)
    if not personne_ids:
        raise ValidationError(AUCUNE)
    if len(personne_ids) > MAX_LOT:
        raise ValidationError(TROP.format(max=MAX_LOT))
    acces.exiger_designable(referent, organisation)
    rapport = Rapport()
    for personne in _verrouiller(personne_ids):
        if personne.organisme_referent_id != organisation.pk or personne.referent_unique_id is not None:
            continue
        _poser(personne, referent, acting_user=acting_user, nature=NatureDesignation.DESIGNATION)
        rapport.designees.append((personne, referent))
    rapport.non_placees = len(personne_ids) - len(rapport.designees)
    return rapport


@transaction.atomic
def appliquer_regle(organisation, *, acting_user):
    """Designates, by the organisation's rule, the référent of everyone in its queue (up to ``MAX_LOT``)."""
    acces.exiger_responsable(acting_user, organisation.pk)
    regle = RegleAttribution.objects.filter(organisation=organisation).first()
    if regle is None:
        raise ValidationError(SANS_REGLE)
    charges = queries.charges(organisation.pk)
    if not charges:
        raise ValidationError(SANS_CONSEILLER)
    file = queries.ordonner(queries.file_a_attribuer([organisation.pk]))
    ids = list(file.values_list("pk", flat=True)[:MAX_LOT])
    # Re-checked under the lock: someone may have designated one of them meanwhile.
    personnes = [p for p in _verrouiller(ids) if p.referent_unique_id is None]
    ordre = {pk: rang for rang, pk in enumerate(ids)}
    personnes.sort(key=lambda p: ordre[p.pk])
    parametres = {"repli_moins_charge": regle.repli_moins_charge}
    if regle.critere == CritereAttribution.PAR_COMMUNE:
        parametres["communes"] = dict(regle.communes.values_list("commune_id", "conseiller_id"))
    repartition = regles.repartir(
        regle.critere, [{"pk": p.pk, "commune_id": p.commune_id} for p in personnes], charges, parametres
    )
    conseillers = {u.pk: u for u in queries.equipe(organisation.pk)}
    rapport = Rapport()
    for personne in personnes:
        conseiller = conseillers.get(repartition.get(personne.pk))
        if conseiller is None:
            rapport.non_placees += 1
            continue
        _poser(personne, conseiller, acting_user=acting_user, nature=NatureDesignation.REGLE)
        rapport.designees.append((personne, conseiller))
    rapport.restantes = queries.file_a_attribuer([organisation.pk]).count()
    return rapport


@transaction.atomic
def changer_referent(personne, nouveau, *, acting_user, motif):
    """Changes the référent of a person, with a reason the history keeps and the person reads."""
    motif = _motif_obligatoire(motif)
    (personne,) = _verrouiller([personne.pk]) or (None,)
    if personne is None:
        raise ValidationError(acces.REFUS)
    acces.exiger_designant(acting_user, personne.organisme_referent_id)
    acces.exiger_designable(nouveau, personne.organisme_referent)
    if personne.referent_unique_id == nouveau.pk:
        raise ValidationError(MEME_REFERENT.format(referent=nouveau.nom_affiche))
    nature = NatureDesignation.CHANGEMENT if personne.referent_unique_id else NatureDesignation.DESIGNATION
    return _poser(personne, nouveau, acting_user=acting_user, nature=nature, motif=motif)


REPARTITION_EGALE = "egale"
REPARTITION_MOINS_CHARGES = "moins_charges"


@transaction.atomic
def transferer_portefeuille(organisation, titulaire, destinataires, *, acting_user, motif, repartition):
    """Moves everyone ``titulaire`` is référent for in the organisation to one or several conseillers:
    in turn (``egale``: the same number each) or to whoever has the fewest (``moins_charges``)."""
    acces.exiger_responsable(acting_user, organisation.pk)
    motif = _motif_obligatoire(motif)
    destinataires = sorted({d.pk: d for d in destinataires}.values(), key=lambda d: d.pk)
    if not destinataires:
        raise ValidationError({"destinataires": SANS_DESTINATAIRE})
    if any(d.pk == titulaire.pk for d in destinataires):
        raise ValidationError({"destinataires": VERS_SOI})
    for destinataire in destinataires:
        acces.exiger_designable(destinataire, organisation)
    # An archived file is not moved (nobody works it; the gate keeps it closed to the new référent too).
    portefeuille = Personne.objects.filter(
        organisme_referent=organisation, referent_unique=titulaire, archivee_le__isnull=True
    )
    ids = list(portefeuille.order_by("nom_naissance", "prenoms", "pk").values_list("pk", flat=True)[:MAX_LOT])
    personnes = [p for p in _verrouiller(ids) if p.referent_unique_id == titulaire.pk]
    if repartition == REPARTITION_MOINS_CHARGES:
        charges = queries.charges(organisation.pk, [d.pk for d in destinataires])
        repartis = regles.repartir_moins_charges([{"pk": p.pk} for p in personnes], charges)
    else:
        repartis = {p.pk: destinataires[rang % len(destinataires)].pk for rang, p in enumerate(personnes)}
    par_id = {d.pk: d for d in destinataires}
    rapport = Rapport()
    for personne in personnes:
        conseiller = par_id[repartis[personne.pk]]
        _poser(personne, conseiller, acting_user=acting_user, nature=NatureDesignation.TRANSFERT, motif=motif)
        rapport.designees.append((personne, conseiller))
    rapport.restantes = portefeuille.count()
    return rapport


@transaction.atomic
def enregistrer_regle(organisation, *, critere, repli_moins_charge, acting_user):
    acces.exiger_responsable(acting_user, organisation.pk)
    regle, _ = RegleAttribution.objects.select_for_update(of=("self",), no_key=True).get_or_create(
        organisation=organisation
    )
    regle.critere = CritereAttribution(critere)
    regle.repli_moins_charge = bool(repli_moins_charge)
    regle.modifiee_par = acting_user
    regle.modifiee_le = timezone.now()
    regle.save(update_fields=["critere", "repli_moins_charge", "modifiee_par", "modifiee_le"])
    enregistrer_evenement(
        TypeEvenement.REGLE_ATTRIBUTION_MODIFIEE,
        acting_user=acting_user,
        organisation=organisation,
        critere=regle.critere,
        repli_moins_charge=regle.repli_moins_charge,
    )
    return regle


@transaction.atomic
def affecter_commune(organisation, commune, conseiller, *, acting_user):
    """« Par commune »: the people living in ``commune`` go to ``conseiller`` (replaces a previous one)."""
    acces.exiger_responsable(acting_user, organisation.pk)
    acces.exiger_designable(conseiller, organisation)
    regle, _ = RegleAttribution.objects.get_or_create(
        organisation=organisation, defaults={"critere": CritereAttribution.PAR_COMMUNE, "modifiee_par": acting_user}
    )
    AffectationCommune.objects.update_or_create(regle=regle, commune=commune, defaults={"conseiller": conseiller})
    enregistrer_evenement(
        TypeEvenement.REGLE_ATTRIBUTION_MODIFIEE,
        acting_user=acting_user,
        organisation=organisation,
        commune=commune.pk,
        conseiller=conseiller.pk,
    )


@transaction.atomic
def retirer_commune(organisation, affectation_id, *, acting_user):
    acces.exiger_responsable(acting_user, organisation.pk)
    supprimees, _ = AffectationCommune.objects.filter(pk=affectation_id, regle__organisation=organisation).delete()
    if supprimees:
        enregistrer_evenement(
            TypeEvenement.REGLE_ATTRIBUTION_MODIFIEE,
            acting_user=acting_user,
            organisation=organisation,
            commune_retiree=affectation_id,
        )
