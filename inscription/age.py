"""The minimum age to register: 16 years reached on the day (parameter ``inscription.age_minimum``).

Calendar dates, never a count of days: a person may register from their 16th birthday
itself, not the day before (``francetravail.base.calendrier``; born on 29 February, from
1 March in a common year). No article sets the minimum age for the list of job seekers;
16 is the end of compulsory schooling (C. éduc. L131-1) and the minimum working age
(C. trav. L4153-1), and the young public of the Missions locales starts at 16 (L5314-2).
"""

from django.utils import timezone

from francetravail.base.calendrier import age_le, anniversaire, en_clair
from francetravail.parametres.lookup import valeur

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
