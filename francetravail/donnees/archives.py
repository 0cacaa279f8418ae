"""The intermediate archive as the data protection officer reads it (issue 21, R5312-44, R5312-45).

An archived file (``Personne.archivee_le`` set by the nightly sweep, ``donnees/conservation.py``) is
closed to every professional by the gate (``personnes/acces.py``). One role reads it:
``Role.PROTECTION_DONNEES`` (France Travail's data protection officer, granted in a France Travail
agency by another administrator, ``reseau/attribution.py``), for the whole platform — France Travail's
director general is the controller of the whole processing (R5312-38), its DPO answers for all of it.

- Finding a file takes its birth name or usage name AND its birth date (no browsing the archive), and
  the search is recorded (an audit event, as the national search is).
- Opening one takes a written reason, every time: one access-log row (``PartieDossier.ARCHIVE``) and
  one audit event (``ARCHIVE_CONSULTEE``, the reason in ``motif``), so the person sees who read their
  archived file, when and why. The file is shown read-only; nothing here changes it.
- An anonymised file (``anonymisee_le``: the end of the archive) is no longer anyone's to read.

The role reads no active file: the gate's conditions never name it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Value

from francetravail.audit.actions import enregistrer_evenement, journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.donnees.archives_acces import REFUS_ROLE, organisation_protection_donnees
from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Organisation

MOTIF_MIN = 20
MOTIF_MAX = 1000
LIMITE_RECHERCHE = 20
REFUS_MOTIF_COURT = (
    f"Indiquez le motif de la consultation (au moins {MOTIF_MIN} caractères) : "
    "il est enregistré dans l'historique du dossier."
)
REFUS_MOTIF_LONG = f"Le motif ne peut pas dépasser {MOTIF_MAX} caractères."

CHAMPS_RESULTAT = (
    "pk",
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "date_naissance",
    "commune__nom",
    "archivee_le",
)


def archives():
    """The files in the intermediate archive: archived, not yet anonymised."""
    return Personne.objects.filter(archivee_le__isnull=False, anonymisee_le__isnull=True)


def rechercher(user, *, nom, date_naissance):
    """The archived files of that name (birth or usage name, case and accents ignored) born that day,
    as dicts of ``CHAMPS_RESULTAT``; the search is recorded. Refused to anyone but the role."""
    organisation_id = organisation_protection_donnees(user)
    if organisation_id is None:
        raise PermissionDenied(REFUS_ROLE)
    cle = CleNom(Value(nom.strip()))
    resultats = list(
        archives()
        .alias(cle_naissance=CleNom("nom_naissance"), cle_usage=CleNom("nom_usage"))
        .filter(Q(cle_naissance=cle) | (Q(cle_usage=cle) & ~Q(nom_usage="")), date_naissance=date_naissance)
        .order_by("nom_naissance", "prenoms", "pk")
        .values(*CHAMPS_RESULTAT)[:LIMITE_RECHERCHE]
    )
    enregistrer_evenement(
        TypeEvenement.RECHERCHE_NATIONALE,
        acting_user=user,
        organisation=Organisation.objects.get(pk=organisation_id),
        perimetre="archives",
        criteres={"nom": nom.strip(), "date_naissance": date_naissance.isoformat()},
        nb_resultats=len(resultats),
    )
    return resultats


def verifier_motif(motif):
    """The reason, stripped, or a French ``ValidationError``."""
    motif = (motif or "").strip()
    if len(motif) < MOTIF_MIN:
        raise ValidationError({"motif": REFUS_MOTIF_COURT})
    if len(motif) > MOTIF_MAX:
        raise ValidationError({"motif": REFUS_MOTIF_LONG})
    return motif


@transaction.atomic
def consulter(personne_id, *, acting_user, motif):
    """Opens one archived file for the data protection officer, with a reason: returns the person (with
    what the summary shows), after writing the access log and the audit event. ``Personne.DoesNotExist``
    for an id that is not an archived file (active, anonymised or unknown: the same answer)."""
    organisation_id = organisation_protection_donnees(acting_user)
    if organisation_id is None:
        raise PermissionDenied(REFUS_ROLE)
    motif = verifier_motif(motif)
    personne = (
        archives()
        .select_related("commune", "organisme_referent", "referent_unique", "inscription")
        .get(pk=personne_id)
    )
    journaliser_acces(
        personne_id=personne.pk,
        user_id=acting_user.pk,
        organisation_id=organisation_id,
        partie=PartieDossier.ARCHIVE,
        canal=Canal.WEB,
    )
    enregistrer_evenement(
        TypeEvenement.ARCHIVE_CONSULTEE,
        acting_user=acting_user,
        personne=personne,
        organisation=Organisation.objects.get(pk=organisation_id),
        motif=motif,
    )
    return personne
