"""The NIR's first digit: each digit 0 to 9, through the registration form and through the CAF/MSA
flow, with a correct key and a birth date that matches. Accepted: 1, 2 (NIR), 3, 4 (allowed by
INSEE's schema), 7, 8 (NIA, waiting number of people born abroad); refused: 0, 5, 6, 9
(see ``inscription/regles.py`` for the sources)."""

import datetime

import pytest
from django import forms
from stdnum.fr import nir as stdnum_nir

from inscription import flux_caf
from inscription.forms import verifier_nir
from tests.inscription.flux import communes_avec_code_postal, lignes

NAISSANCE = datetime.date(1985, 1, 15)
ACCEPTES = {"1", "2", "3", "4", "7", "8"}


def nir(premier):
    # Sex, year and month of birth (85, 01), département 59, commune 350, order 123, then the key.
    debut = f"{premier}850159350123"
    return debut + stdnum_nir.calc_check_digits(debut)


@pytest.mark.no_django_db
@pytest.mark.parametrize("premier", list("0123456789"))
def test_le_formulaire_d_inscription(premier):
    numero = nir(premier)
    assert stdnum_nir.is_valid(numero)  # the key is right: only the first digit decides
    if premier in ACCEPTES:
        assert verifier_nir(numero, NAISSANCE) == numero
        assert verifier_nir(f"{numero[0]} {numero[1:3]} {numero[3:5]} {numero[5:]}") == numero
    else:
        with pytest.raises(forms.ValidationError, match=r"premier chiffre .* 1, 2, 3, 4, 7 ou 8"):
            verifier_nir(numero, NAISSANCE)
        with pytest.raises(forms.ValidationError):
            verifier_nir(numero)  # without a birth date too


@pytest.mark.parametrize("premier", list("0123456789"))
def test_le_flux_caf(premier):
    communes = communes_avec_code_postal(1)
    ligne = {**lignes(1, communes=communes)[0], "nir": nir(premier), "date_naissance": NAISSANCE.isoformat()}
    colonnes = {col: str(ligne.get(col, "")) for col in flux_caf.COLONNES}
    code, cp = communes[0]
    aujourd_hui = datetime.date(2026, 12, 1)
    if premier in ACCEPTES:
        assert flux_caf.verifier(2, colonnes, {code: [cp]}, aujourd_hui).nir == nir(premier)
    else:
        with pytest.raises(ValueError, match=r"premier chiffre"):
            flux_caf.verifier(2, colonnes, {code: [cp]}, aujourd_hui)
