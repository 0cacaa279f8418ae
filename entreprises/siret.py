"""SIRET numbers: normalised, checked (python-stdnum), explained in French.

A SIRET is the 9-digit SIREN of the company followed by the 5-digit NIC of the establishment;
its last digit is a Luhn check digit over the 14, and the SIREN carries its own Luhn check.
La Poste is the exception: its SIREN 356 000 000 has thousands of establishments, more than
the Luhn key leaves room for, so their SIRET (except the head office, 356 000 000 00048) only
need a digit sum that is a multiple of 5. ``stdnum.fr.siret`` knows this rule; so do we.
"""

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

# What people paste: spaces (also the no-break ones of formatted documents), dots, hyphens.
_SEPARATEURS = str.maketrans("", "", " .-\u00a0\u202f\t")

VIDE = "Indiquez le numéro SIRET de l'établissement (14 chiffres)."
PAS_DES_CHIFFRES = "Le numéro SIRET ne contient que des chiffres : retirez les lettres et autres signes."
MAUVAISE_LONGUEUR = "Le numéro SIRET compte 14 chiffres ; celui-ci en compte %(nombre)s."
SIREN_INVALIDE = (
    "Les 9 premiers chiffres (le SIREN) ne forment pas un numéro valide : "
    "vérifiez-les sur un avis de situation au répertoire SIRENE ou un bulletin de paie."
)
CLE_INVALIDE = (
    "Ce numéro SIRET n'est pas valide (sa clé de contrôle ne correspond pas) : "
    "vérifiez-le sur un avis de situation au répertoire SIRENE ou un bulletin de paie."
)


def normaliser(valeur):
    """The number without separators (nothing else is changed: letters are reported, not dropped)."""
    return (valeur or "").translate(_SEPARATEURS).strip()


def valider_siret(valeur):
    """The SIRET as 14 digits, or a ``ValidationError`` saying in French what is wrong with it."""
    siret = normaliser(valeur)
    if not siret:
        raise ValidationError(VIDE, code="required")
    if not siret.isdigit():
        raise ValidationError(PAS_DES_CHIFFRES, code="invalid")
    if len(siret) != 14:
        raise ValidationError(MAUVAISE_LONGUEUR, code="length", params={"nombre": len(siret)})
    # The SIREN is checked on its own first, so that a typo in it is named as such.
    if not stdnum_siren.is_valid(siret[:9]):
        raise ValidationError(SIREN_INVALIDE, code="siren")
    try:
        return stdnum_siret.validate(siret)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(CLE_INVALIDE, code="checksum") from None


def valide(valeur):
    """Whether ``valeur`` is a well-formed SIRET (a value, not a permission)."""
    try:
        valider_siret(valeur)
    except ValidationError:
        return False
    return True


def siren(siret):
    """The SIREN (the company) of a SIRET (one of its establishments)."""
    return normaliser(siret)[:9]


def formater(siret):
    """« 732 829 320 00074 »: the SIREN in groups of three, then the NIC, as on INSEE documents."""
    siret = normaliser(siret)
    if len(siret) != 14:
        return siret
    return f"{siret[0:3]} {siret[3:6]} {siret[6:9]} {siret[9:14]}"
