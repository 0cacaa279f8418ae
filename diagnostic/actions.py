"""Every change of a diagnostic goes through this module.

Who: the co-writers of ``diagnostic.confidentialite`` (the référent, an involved social
worker) write the sections they may read; only the référent confirms the parcours or
asks for a re-orientation (the orientation's own rule: ``orientation.acces``).

Co-writing without silent overwrite (optimistic locking, per section): a form carries
the version number it was read at; saving it locks the diagnostic row
(``select_for_update``, ``no_key``: its key never changes), compares that number with
the section's latest, and inserts the next version only if they are equal. Two saves
from the same version are serialised by the lock: the second sees the first's version
and gets ``ConflitDeVersion``. The unique (diagnostic, section, numero) constraint backs this
up should a save ever bypass the lock.

The rules of who may are in ``diagnostic.acces``.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from diagnostic.acces import exiger_redacteur, exiger_referent
from diagnostic.enums import Section
from diagnostic.models import Diagnostic, PieceDiagnostic, VersionSection
from diagnostic.queries import derniere_version
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument
from orientation import actions as orientation_actions
from orientation.enums import STATUTS_DECIDES, STATUTS_OUVERTS


class ConflitDeVersion(Exception):
    """Someone saved the section since the form was read. ``actuelle`` is their version."""

    def __init__(self, actuelle):
        self.actuelle = actuelle
        super().__init__(f"Section modifiée entre-temps (version {actuelle.numero if actuelle else 0}).")


def _diagnostic_verrouille(personne, acting_user):
    # get_or_create survives two first saves at once: the unique constraint on the
    # person makes the second one read the first one's row.
    diagnostic, _ = Diagnostic.objects.get_or_create(personne=personne, defaults={"created_by": acting_user})
    return Diagnostic.objects.select_for_update(of=("self",), no_key=True).get(pk=diagnostic.pk)


@transaction.atomic
def enregistrer_section(personne, section, *, acting_user, contenu, version_lue):
    """Saves ``contenu`` as the next version of ``section`` if nobody saved it since ``version_lue``.

    Returns the new version, or the current one when nothing changed (no empty version).
    Raises ``ConflitDeVersion`` when the section moved on, ``ValidationError`` when
    ``acting_user`` may not write it.
    """
    section = Section(section)
    exiger_redacteur(acting_user, personne, section)
    diagnostic = _diagnostic_verrouille(personne, acting_user)
    actuelle = derniere_version(diagnostic, section)
    numero = actuelle.numero if actuelle else 0
    if numero != version_lue:
        raise ConflitDeVersion(actuelle)
    contenu = dict(contenu)
    if section == Section.DROITS_DEVOIRS:
        contenu = _informee_par(contenu, actuelle, acting_user)
    if actuelle is not None and actuelle.contenu == contenu:
        return actuelle
    try:
        with transaction.atomic():
            version = VersionSection.objects.create(
                diagnostic=diagnostic, section=section, numero=numero + 1, contenu=contenu, auteur=acting_user
            )
    except IntegrityError:
        raise ConflitDeVersion(derniere_version(diagnostic, section)) from None
    diagnostic.save(update_fields=["updated_at"])
    # The audit row says what was saved, never the content (it may be sensitive).
    enregistrer_evenement(
        TypeEvenement.DIAGNOSTIC_ENREGISTRE,
        acting_user=acting_user,
        personne=personne,
        diagnostic_id=diagnostic.pk,
        section=section.value,
        version=version.numero,
    )
    return version


@transaction.atomic
def joindre_piece(personne, section, *, acting_user, fichier, description=""):
    """Attaches ``fichier`` (an uploaded file) as a supporting document of ``section``.

    Who may: the co-writers of that section (``exiger_redacteur``): a document supporting the health
    details is added by someone who writes them. The file is checked and stored by
    ``documents.depot.deposer`` (type from the content, antivirus): a refusal stores nothing.
    """
    section = Section(section)
    exiger_redacteur(acting_user, personne, section)
    if not fichier:
        raise ValidationError({"fichier": "Joignez le fichier de la pièce justificative."})
    description = (description or "").strip()
    diagnostic = _diagnostic_verrouille(personne, acting_user)
    try:
        document = depot.deposer(
            fichier, personne=personne, nature=NatureDocument.DIAGNOSTIC, par=acting_user, objet=diagnostic
        )
    except ValidationError as refus:
        raise ValidationError({"fichier": refus.messages}) from None
    piece = PieceDiagnostic.objects.create(
        diagnostic=diagnostic, section=section, document=document, description=description
    )
    diagnostic.save(update_fields=["updated_at"])
    # ``deposer`` wrote the DOCUMENT_DEPOSE event (the diagnostic as its object, never the content nor the
    # description); the section is the row's, kept with its history (pghistory).
    return piece


def _informee_par(contenu, actuelle, acting_user):
    """The information on rights and duties is recorded with who gave it: the author of
    the save that records it (or changes its date); kept as is on later saves."""
    avant = actuelle.contenu if actuelle else {}
    if not contenu.get("informee"):
        contenu.pop("informee_par", None)
        contenu.pop("informee_par_id", None)
        return contenu
    if avant.get("informee") and avant.get("informee_le") == contenu.get("informee_le"):
        contenu["informee_par"] = avant.get("informee_par", "")
        contenu["informee_par_id"] = avant.get("informee_par_id")
    else:
        contenu["informee_par"] = acting_user.get_full_name() or acting_user.email
        contenu["informee_par_id"] = acting_user.pk
    return contenu


def derniere_orientation(personne):
    """The latest decided orientation, and whether one is waiting for a decision."""
    orientations = personne.orientations.select_related("organisme").order_by("-decidee_le", "-pk")
    decidee = orientations.filter(statut__in=STATUTS_DECIDES).first()
    en_attente = personne.orientations.filter(statut__in=STATUTS_OUVERTS).exists()
    return decidee, en_attente


@transaction.atomic
def confirmer_parcours(personne, *, acting_user):
    """The diagnostic confirms the parcours decided (SPEC §2.5): recorded on the diagnostic."""
    exiger_referent(acting_user, personne)
    diagnostic = _diagnostic_verrouille(personne, acting_user)
    decidee, en_attente = derniere_orientation(personne)
    if en_attente:
        raise ValidationError("Une orientation est en attente de décision : le parcours ne peut pas être confirmé.")
    if decidee is None:
        raise ValidationError("Cette personne n'a pas encore été orientée : il n'y a pas de parcours à confirmer.")
    diagnostic.parcours_confirme_le = timezone.now()
    diagnostic.parcours_confirme_par = acting_user
    diagnostic.decision_confirmee = decidee
    diagnostic.save(
        update_fields=["parcours_confirme_le", "parcours_confirme_par", "decision_confirmee", "updated_at"]
    )
    enregistrer_evenement(
        TypeEvenement.DIAGNOSTIC_PARCOURS_CONFIRME,
        acting_user=acting_user,
        personne=personne,
        diagnostic_id=diagnostic.pk,
        decision_id=decidee.pk,
        parcours=decidee.parcours,
    )
    return diagnostic


@transaction.atomic
def demander_reorientation(personne, *, acting_user, motif):
    """The diagnostic revises the orientation: a re-orientation request through the
    orientation's own flow (a new proposal for the orienteur), recorded on the diagnostic."""
    exiger_referent(acting_user, personne)
    diagnostic = _diagnostic_verrouille(personne, acting_user)
    decision = orientation_actions.demander_reorientation(personne, acting_user=acting_user, motif=motif)
    diagnostic.reorientation_demandee_le = timezone.now()
    diagnostic.reorientation_demandee_par = acting_user
    diagnostic.demande_reorientation = decision
    diagnostic.save(
        update_fields=[
            "reorientation_demandee_le",
            "reorientation_demandee_par",
            "demande_reorientation",
            "updated_at",
        ]
    )
    enregistrer_evenement(
        TypeEvenement.DIAGNOSTIC_REORIENTATION_DEMANDEE,
        acting_user=acting_user,
        personne=personne,
        motif=motif.strip(),
        diagnostic_id=diagnostic.pk,
        decision_id=decision.pk,
    )
    return diagnostic
