"""The dispense « parent isolé sans solution de garde pour un enfant de moins de douze ans »
(C. trav. L5411-6): what the file says about a child under 12, and the checks of the dispense.

The file is the diagnostic (its latest « Situation globale » that answers the question), else
the registration. When it does not say there is a child under 12, the référent records the
child's birth date and the document seen (``ContratEngagement.dispense_enfant_*``); the rule
itself is ``contrats.regles.erreurs_enfant_parent_isole``. The child's age is counted on the
day the dispense is recorded, and again on the day the contract is submitted: a child who
has turned 12 since no longer grounds it.
"""

from django.utils import timezone

from contrats import regles
from contrats.enums import AmenagementDuree, MotifDispense
from diagnostic.enums import Section
from diagnostic.models import VersionSection
from francetravail.base.calendrier import en_clair
from francetravail.parametres.lookup import valeur
from inscription.models import DossierInscription

PARAMETRE_AGE_ENFANT = "contrat.dispense_age_enfant"


def enfant_moins_12_ans_au_dossier(personne):
    """(True / False / None, where the file says it): the diagnostic's answer, else the registration's."""
    versions = VersionSection.objects.filter(diagnostic__personne=personne, section=Section.SITUATION).order_by(
        "-numero"
    )
    for contenu, le in versions.values_list("contenu", "enregistree_le"):
        reponse = (contenu or {}).get("enfant_moins_12_ans")
        if reponse is not None:
            return reponse, f"le diagnostic (situation enregistrée le {en_clair(timezone.localdate(le))})"
    reponse = (
        DossierInscription.objects.filter(personne=personne).values_list("enfant_moins_12_ans", flat=True).first()
    )
    if reponse is not None:
        return reponse, "l'inscription"
    return None, "le dossier"


def erreurs_parent_isole(personne, *, enfant_naissance, justificatif, le=None):
    """``{field: message}`` for a dispense « parent isolé » of ``personne`` on ``le`` (today)."""
    le = le or timezone.localdate()
    au_dossier, source = enfant_moins_12_ans_au_dossier(personne)
    return regles.erreurs_enfant_parent_isole(
        au_dossier=au_dossier,
        enfant_naissance=enfant_naissance,
        justificatif=justificatif,
        le=le,
        age_limite=valeur(PARAMETRE_AGE_ENFANT, le=le, departement=personne.departement_id),
        source=source,
    )


def dispense_pour_parent_isole(contrat):
    """Whether the contract's hours are waived on the ground « parent isolé » (a fact, not an access rule)."""
    return (
        contrat.amenagement_duree == AmenagementDuree.DISPENSE and contrat.motif_dispense == MotifDispense.PARENT_ISOLE
    )


def erreurs_contrat(contrat, le=None):
    """The messages that stop a contract with a dispense « parent isolé » from being submitted on ``le``."""
    if not dispense_pour_parent_isole(contrat):
        return []
    erreurs = erreurs_parent_isole(
        contrat.personne,
        enfant_naissance=contrat.dispense_enfant_naissance,
        justificatif=contrat.dispense_enfant_justificatif,
        le=le,
    )
    return list(erreurs.values())
