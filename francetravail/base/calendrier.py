"""Calendar arithmetic for the law's bounds: ages, delays and periods in months or years.

Never approximate a year by 365 days or a month by 30: a bound computed so is wrong by
days near birthdays and month ends (issue 15). Three operations, three rules:

- **A delay** that runs from an event (a notification, a signature) and is expressed in
  months **expires on the day of the last month with the same number** as the event's day;
  without such a day, on the last day of that month (C. proc. civ. art. 641, al. 2, the
  common rule for delays in months): ``ajouter_mois`` — 31 January + 1 month = 28 (29) February.
- **A period** that counts its first day (a sanction of N months starting on ``debut``) ends
  on the eve of the same day number N months later, "de date à date", as a trial period is
  counted (in calendar days, Cass. soc. 28 avril 2011, n° 09-72.165; art. 641 does not apply
  to it, Cass. soc. 15 mars 2006, n° 04-44.544 — both read in secondary sources); when that
  month has no such day, on its last day: ``fin_de_periode`` — from 31 January, one month
  ends on 28 (29) February, and the next month of the period starts on 1 March.
- **An age** is reached on the birthday (C. civ. art. 388: « dix-huit ans accomplis »: the
  years are accomplished at the end of the birthday's eve). A person born on 29 February
  has accomplished their years at the end of 28 February in a common year and reaches the
  new age on **1 March**: the same rule as the period above, and the reading of French
  administrative practice (majority on 1 March); no text says otherwise. ``anniversaire``,
  ``age_le``. It is the reading to validate with the jurists.
"""

import calendar
import datetime

from django.utils.formats import date_format


def _jour_ou_lendemain_du_mois(annee, mois, jour):
    """``jour`` of ``mois``; when the month is too short, the first day of the month after."""
    if jour <= calendar.monthrange(annee, mois)[1]:
        return datetime.date(annee, mois, jour)
    return datetime.date(annee + mois // 12, mois % 12 + 1, 1)


def _decaler(jour, mois):
    index = jour.month - 1 + int(mois)
    return jour.year + index // 12, index % 12 + 1


def ajouter_mois(jour, mois):
    """The expiry of a delay of ``mois`` calendar months from ``jour`` (C. proc. civ. art. 641).

    The same day number ``mois`` months later, or the last day of that month when it is
    shorter: 31 January + 1 month = 28 (or 29) February. ``mois`` may be negative.
    """
    annee, mois_cible = _decaler(jour, mois)
    return jour.replace(year=annee, month=mois_cible, day=min(jour.day, calendar.monthrange(annee, mois_cible)[1]))


def debut_periode_suivante(debut, mois):
    """The first day after a period of ``mois`` calendar months starting on ``debut`` (included).

    The same day number ``mois`` months later; when that month has no such day, the first
    day of the next month (a period from 31 January: 1 March).
    """
    annee, mois_cible = _decaler(debut, mois)
    return _jour_ou_lendemain_du_mois(annee, mois_cible, debut.day)


def fin_de_periode(debut, mois):
    """The last day of a period of ``mois`` calendar months whose first day is ``debut``.

    From 15 January, one month ends on 14 February; from 31 January, on 28 (or 29) February.
    """
    return debut_periode_suivante(debut, mois) - datetime.timedelta(days=1)


def anniversaire(date_naissance, annees):
    """The day a person born on ``date_naissance`` turns ``annees`` (a child's 12th birthday, the 16th…).

    Born on 29 February: 29 February in a leap year, 1 March in a common year (see above).
    """
    return _jour_ou_lendemain_du_mois(date_naissance.year + int(annees), date_naissance.month, date_naissance.day)


def age_le(date_naissance, le):
    """Age in whole years on ``le``: a birthday counts from its own day (29 February: 1 March in a common year)."""
    age = le.year - date_naissance.year
    return age if le >= anniversaire(date_naissance, age) else age - 1


def en_clair(jour):
    """« 1er mars 2100 », « 12 mars 2026 »: a date in a French sentence."""
    return f"{'1er' if jour.day == 1 else jour.day} {date_format(jour, 'F Y')}"
