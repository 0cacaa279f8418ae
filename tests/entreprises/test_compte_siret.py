"""SIRET numbers: normalisation, length, digits, Luhn key, La Poste's exception, French messages."""

import pytest
from django.core.exceptions import ValidationError

from entreprises import siret
from entreprises.forms.compte import SiretForm

pytestmark = pytest.mark.no_django_db


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("73282932000074", "73282932000074"),
        ("732 829 320 00074", "73282932000074"),
        ("732.829.320.00074", "73282932000074"),
        ("732-829-320-00074", "73282932000074"),
        # No-break and narrow no-break spaces, as pasted from a formatted document.
        ("732\u00a0829\u00a0320\u202f00074", "73282932000074"),
        ("  73282932000074 ", "73282932000074"),
        # La Poste's head office follows the Luhn key (its digit sum, 37, is not a multiple of 5)…
        ("35600000000048", "35600000000048"),
        # …its other establishments only need a digit sum multiple of 5 (this one fails Luhn).
        ("35600000000001", "35600000000001"),
        ("356 000 000 49837", "35600000049837"),
    ],
)
def test_siret_valides(saisie, attendu):
    assert siret.valider_siret(saisie) == attendu
    assert siret.valide(saisie)


@pytest.mark.parametrize(
    ("saisie", "code", "extrait"),
    [
        ("", "required", "Indiquez le numéro SIRET"),
        ("   ", "required", "Indiquez le numéro SIRET"),
        ("7328293200007A", "invalid", "que des chiffres"),
        ("FR73282932000074", "invalid", "que des chiffres"),
        ("7328293200007", "length", "celui-ci en compte 13"),
        ("732829320000744", "length", "celui-ci en compte 15"),
        ("732829320", "length", "celui-ci en compte 9"),
        # One digit off: the Luhn key no longer matches.
        ("73282932000075", "checksum", "clé de contrôle"),
        ("73282932000047", "checksum", "clé de contrôle"),
        # A SIRET whose 14 digits pass Luhn but whose SIREN does not.
        ("12345678900015", "siren", "9 premiers chiffres"),
        # La Poste: the digit sum rule replaces Luhn — 35600000000002 sums to 16…
        ("35600000000002", "checksum", "clé de contrôle"),
        # …and a Luhn-valid number of La Poste is still refused when its sum (16) is not a multiple of 5.
        ("35600000000014", "checksum", "clé de contrôle"),
    ],
)
def test_siret_invalides(saisie, code, extrait):
    with pytest.raises(ValidationError) as exc:
        siret.valider_siret(saisie)
    assert exc.value.code == code
    assert extrait in exc.value.messages[0]
    assert not siret.valide(saisie)


def test_siren_et_formatage():
    assert siret.siren("732 829 320 00074") == "732829320"
    assert siret.formater("73282932000074") == "732 829 320 00074"
    # Anything that is not 14 digits is shown as typed, never cut.
    assert siret.formater("1234") == "1234"


@pytest.mark.django_db
def test_le_champ_du_formulaire_donne_le_message_a_la_saisie():
    form = SiretForm({"siret": "732 829 320 00075"})
    assert not form.is_valid()
    assert "clé de contrôle" in form.errors["siret"][0]
    form = SiretForm({"siret": "732 829 320 00074"})
    assert form.is_valid()
    assert form.cleaned_data["siret"] == "73282932000074"
    form = SiretForm({"siret": ""})
    assert not form.is_valid()
