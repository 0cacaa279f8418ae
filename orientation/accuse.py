"""Acknowledging receipt of a decision by a signed link (people who do not open their space)."""

from django.core import signing

from francetravail.base import jetons

_SEL = "orientation.accuse-de-reception"
# A link older than this no longer works: the person can still read the decision in their space.
DUREE_VALIDITE = 60 * 60 * 24 * 365


def jeton(decision):
    return signing.dumps({"d": decision.pk}, salt=_SEL, compress=True)


def decision_du_jeton(valeur):
    """The decision id the token was made for, or None (tampered, expired, malformed: the same 404)."""
    return jetons.identifiant(jetons.lire(valeur, salt=_SEL, max_age=DUREE_VALIDITE), "d")
