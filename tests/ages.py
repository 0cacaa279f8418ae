"""Birth dates for a given age, and a fixed "today", for tests of the law's age bounds.

Never ``today - 16 * 365 days`` nor ``today.replace(year=...)`` (which fails on 29 February):
``naissance_pour_age(16, le)`` is the latest birth date at which a person is 16 on ``le``
(their 16th birthday is ``le``, or was the day before when ``le`` is a 29 February with no
29 February in their birth year); one day later, ``le`` is the eve of their 16th birthday.
"""

import datetime

import pytest
from django.utils import timezone

UN_JOUR = datetime.timedelta(days=1)


def naissance_pour_age(annees, le=None):
    """The latest birth date of a person aged ``annees`` on ``le`` (today by default)."""
    le = le or timezone.localdate()
    try:
        return le.replace(year=le.year - annees)
    except ValueError:  # ``le`` is 29 February and that year has none
        return datetime.date(le.year - annees, 2, 28)


def naissance_la_veille_de(annees, le=None):
    """A birth date for which ``le`` (today by default) is the eve of the ``annees``-th birthday."""
    return naissance_pour_age(annees, le) + UN_JOUR


@pytest.fixture
def aujourdhui_fixe(monkeypatch):
    """``aujourdhui_fixe(date)``: ``timezone.localdate()`` (called without a value) returns ``date``.

    The clock only: conversions of a given datetime (``localdate(value)``) and ``timezone.now()``
    are untouched, so sessions and timestamps stay real. For the 29 February cases, which
    today's date cannot reach.
    """
    original = timezone.localdate

    def fixer(jour):
        def localdate(value=None, timezone=None):
            return jour if value is None else original(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return jour

    return fixer
