"""The calendar arithmetic of the law's bounds (``francetravail/base/calendrier.py``), day by day
at month ends and around 29 February. The bounds themselves are tested through the actions
(registration, contract, dispense, sanctions)."""

import datetime

import pytest

from francetravail.base.calendrier import age_le, ajouter_mois, anniversaire, debut_periode_suivante, fin_de_periode
from tests.ages import naissance_la_veille_de, naissance_pour_age

D = datetime.date


@pytest.mark.parametrize(
    ("jour", "mois", "attendu"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the last day of the month (C. proc. civ. 641)
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
        (D(2026, 2, 28), 1, D(2026, 3, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 10), -2, D(2025, 11, 10)),
    ],
)
def test_un_delai_en_mois_expire_le_meme_quantieme_ou_le_dernier_jour_du_mois(jour, mois, attendu):
    assert ajouter_mois(jour, mois) == attendu


@pytest.mark.parametrize(
    ("debut", "mois", "fin"),
    [
        (D(2026, 1, 1), 1, D(2026, 1, 31)),
        (D(2026, 1, 15), 1, D(2026, 2, 14)),
        (D(2026, 1, 28), 1, D(2026, 2, 27)),
        (D(2026, 1, 29), 1, D(2026, 2, 28)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # the whole of February, then 1 March starts the next month
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2028, 1, 30), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2025, 10, 31), 4, D(2026, 2, 28)),
        (D(2026, 2, 1), 1, D(2026, 2, 28)),
        (D(2026, 12, 15), 2, D(2027, 2, 14)),
    ],
)
def test_une_periode_de_mois_finit_la_veille_du_meme_quantieme(debut, mois, fin):
    assert fin_de_periode(debut, mois) == fin
    assert debut_periode_suivante(debut, mois) == fin + datetime.timedelta(days=1)


def test_anniversaire_d_une_personne_nee_le_29_fevrier():
    ne = D(2008, 2, 29)
    assert anniversaire(ne, 16) == D(2024, 2, 29)  # a leap year: the day itself
    assert anniversaire(ne, 18) == D(2026, 3, 1)  # a common year: 1 March (C. civ. 388, « ans accomplis »)
    assert anniversaire(D(2084, 2, 29), 16) == D(2100, 3, 1)  # 2100 is not a leap year
    assert anniversaire(D(2010, 3, 12), 16) == D(2026, 3, 12)


@pytest.mark.parametrize(
    ("naissance", "le", "age"),
    [
        (D(2010, 3, 12), D(2026, 3, 11), 15),
        (D(2010, 3, 12), D(2026, 3, 12), 16),
        (D(2008, 2, 29), D(2024, 2, 28), 15),
        (D(2008, 2, 29), D(2024, 2, 29), 16),
        (D(2008, 2, 29), D(2026, 2, 28), 17),
        (D(2008, 2, 29), D(2026, 3, 1), 18),
        (D(2084, 2, 29), D(2100, 2, 28), 15),
        (D(2084, 2, 29), D(2100, 3, 1), 16),
        (D(2000, 2, 29), D(2026, 2, 28), 25),
        (D(2000, 2, 29), D(2026, 3, 1), 26),
        (D(2014, 12, 31), D(2026, 12, 30), 11),
        (D(2014, 12, 31), D(2026, 12, 31), 12),
    ],
)
def test_age_le_jour_de_l_anniversaire_et_pas_la_veille(naissance, le, age):
    assert age_le(naissance, le) == age


@pytest.mark.parametrize("le", [D(2026, 3, 12), D(2028, 2, 29), D(2026, 3, 1), D(2026, 2, 28), D(2100, 3, 1)])
@pytest.mark.parametrize("annees", [12, 16, 18, 26])
def test_les_naissances_des_tests_tombent_sur_la_borne(le, annees):
    assert age_le(naissance_pour_age(annees, le), le) == annees
    assert age_le(naissance_la_veille_de(annees, le), le) == annees - 1
