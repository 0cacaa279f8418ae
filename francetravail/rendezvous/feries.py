"""French public holidays (Code du travail, L3133-1), computed rather than typed in each year.

Alsace-Moselle (Bas-Rhin 67, Haut-Rhin 68, Moselle 57) keeps two more days from its local law
(L3134-13: Good Friday, and 26 December).
"""

import functools
from datetime import date, timedelta

DEPARTEMENTS_ALSACE_MOSELLE = frozenset({"57", "67", "68"})

# (month, day) of the fixed days: 1 January, 1 May, 8 May, 14 July, 15 August, 1 November,
# 11 November, 25 December.
FIXES = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))


def paques(annee):
    """Easter Sunday of ``annee`` (Gregorian calendar; the anonymous « Meeus/Jones/Butcher » algorithm)."""
    a = annee % 19
    b, c = divmod(annee, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    mois, jour = divmod(h + ll - 7 * m + 114, 31)
    return date(annee, mois, jour + 1)


@functools.cache
def jours_feries(annee, departement=None):
    """The public holidays of ``annee`` where ``departement`` (a code, or None) lies: a frozenset of dates."""
    dimanche = paques(annee)
    jours = {date(annee, mois, jour) for mois, jour in FIXES}
    jours |= {
        dimanche + timedelta(days=1),  # lundi de Pâques
        dimanche + timedelta(days=39),  # Ascension
        dimanche + timedelta(days=50),  # lundi de Pentecôte
    }
    if departement in DEPARTEMENTS_ALSACE_MOSELLE:
        jours |= {dimanche - timedelta(days=2), date(annee, 12, 26)}  # Vendredi saint, Saint-Étienne
    return frozenset(jours)


def ferie(jour, departement=None):
    return jour in jours_feries(jour.year, departement)
