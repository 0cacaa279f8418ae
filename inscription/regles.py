"""The registration's pure rules: the minimum age, the initial category, the first digit of a NIR.

They read their figures from dated parameters (``valeur("clé", le=…)``) and nothing else from the
database.
"""

from django.utils import timezone

from francetravail.base.calendrier import age_le, anniversaire, en_clair
from francetravail.parametres.lookup import valeur
from inscription.enums import Categorie, Prestation, SituationProfessionnelle

# --- The minimum age -------------------------------------------------------------------------
# The minimum age to register: 16 years reached on the day (parameter ``inscription.age_minimum``).
#
# Calendar dates, never a count of days: a person may register from their 16th birthday
# itself, not the day before (``francetravail.base.calendrier``; born on 29 February, from
# 1 March in a common year). No article sets the minimum age for the list of job seekers;
# 16 is the end of compulsory schooling (C. éduc. L131-1) and the minimum working age
# (C. trav. L4153-1), and the young public of the Missions locales starts at 16 (L5314-2).

PARAMETRE_AGE_MINIMUM = "inscription.age_minimum"


def erreur_age_minimum(date_naissance, le=None):
    """The French message refusing a registration on ``le`` (today) for this birth date; None when allowed."""
    le = le or timezone.localdate()
    minimum = int(valeur(PARAMETRE_AGE_MINIMUM, le=le))
    if age_le(date_naissance, le) >= minimum:
        return None
    des_le = anniversaire(date_naissance, minimum)
    return (
        f"L'inscription est ouverte à partir de {minimum} ans : elle sera possible "
        f"à partir du {en_clair(des_le)}, jour des {minimum} ans."
    )


# --- The initial category --------------------------------------------------------------------
# The statistical category of a registrant (L5411-3; A–E by the object of the
# request and availability, F and G since 2025). Pure: it reads a dossier's fields.


def categorie_initiale(dossier, le=None):
    """The category at the end of registration (on date ``le``), before any orientation.

    RSA claimants wait for their orientation in G, whatever their activity. Category
    B is reduced activity of at most ``inscription.seuil_activite_reduite`` hours a
    month (78), C above.
    """
    if Prestation.RSA in (dossier.prestations or []):
        return Categorie.G
    situation = dossier.situation_professionnelle
    if situation in (SituationProfessionnelle.FORMATION, SituationProfessionnelle.ARRET_MALADIE):
        return Categorie.D
    if situation == SituationProfessionnelle.EMPLOI_AIDE:
        return Categorie.E
    if situation == SituationProfessionnelle.ACTIVITE_REDUITE:
        heures = dossier.heures_travaillees_mois or 0
        return Categorie.B if heures <= valeur("inscription.seuil_activite_reduite", le=le) else Categorie.C
    return Categorie.A


# --- The first digit of a NIR ----------------------------------------------------------------
# The first digit of a NIR: which ones exist.
#
# python-stdnum (``stdnum.fr.nir``) checks the length, the Corsican département and the key, not
# the first digit, so a number starting with 0, 5, 6 or 9 with a right key passed. The first
# digit is the sex (décret n° 82-103 du 22 janvier 1982, art. 4):
#
# - 1 and 2: a NIR of the RNIPP, man and woman (Service-public.fr, « Que signifie le numéro de
#   sécurité sociale ? », F33078; the Assurance maladie's validator,
#   github.com/assurance-maladie-digital/nir-validation, ``NirValidator``: ``[12]``).
# - 3 and 4: allowed by INSEE's own XML schema of the NIR (xml.insee.fr/schema/nir.html, whose
#   pattern starts with ``[1-478]``). No current assignment rule was found for them, but refusing a
#   number INSEE's schema accepts could lock a real person out of registration: accepted.
# - 7 and 8: the NIA (numéro identifiant d'attente) that the CNAV's SANDIA gives to people born
#   abroad while their NIR is being made (INSEE-CNAV « Guide de l'identification », fiche 3); it has
#   the NIR's structure and key, and the CAF and the MSA pay benefits under it, so CAF/MSA flows
#   carry it: accepted (also in ``[1-478]``).
# - 0, 5, 6, 9: assigned by no current rule: refused.

PREMIERS_CHIFFRES = "123478"
MESSAGE_PREMIER_CHIFFRE = "son premier chiffre doit être 1, 2, 3, 4, 7 ou 8"


def premier_chiffre_valide(nir):
    return bool(nir) and nir[0] in PREMIERS_CHIFFRES


def verifier_nir_naissance(nir, date_naissance):
    """Raises ValueError (in French) when the NIR's year or month of birth contradicts the birth date.

    Positions 2-3: year of birth; 4-5: month (20 and above, or 99, when unknown at registration).
    """
    if nir[1:3] != f"{date_naissance.year % 100:02d}":
        raise ValueError("le NIR ne correspond pas à l'année de naissance")
    mois = int(nir[3:5])
    if mois <= 12 and mois != date_naissance.month:
        raise ValueError("le NIR ne correspond pas au mois de naissance")
