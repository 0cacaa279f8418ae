"""Numbers as a French reader writes them: « 35 », « 17,5 », never « 35.00 » (``:g`` keeps a
Decimal's trailing zeros)."""

from decimal import Decimal


def decimal_fr(valeur):
    """« 17,5 » for Decimal("17.50"), « 35 » for 35.00; the value is never rounded."""
    return f"{Decimal(valeur).normalize():f}".replace(".", ",")
