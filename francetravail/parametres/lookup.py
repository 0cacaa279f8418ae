"""``valeur("contrat.heures_hebdo_minimum", le=date, departement="59")``: the value of a
legal parameter in force on a date, for a territory.

The département's own value wins over the national one only where the key's national row
allows one (``ParametreLegal.departemental``): a figure of the law stays the national one
even if a departmental row exists (written before the rule, or by hand), and a value that
may only be stricter never exceeds the national value in force (which may have been lowered
since the département's row was written). ``retenir`` is that rule, shared by every reader.
"""

import logging

from django.db.models import Q
from django.utils import timezone

from francetravail.parametres.models import ParametreLegal, PorteeDepartementale

logger = logging.getLogger(__name__)


class ParametreIntrouvable(LookupError):
    pass


def retenir(nationale, departementale):
    """The row that applies, of the national and the département's rows in force (either may be None)."""
    if departementale is None:
        return nationale
    if nationale is None:
        return departementale  # no national figure to protect
    portee = nationale.departemental
    if portee in (PorteeDepartementale.LIBRE, PorteeDepartementale.TERRITORIALE):
        return departementale
    if portee == PorteeDepartementale.AU_PLUS and departementale.valeur <= nationale.valeur:
        return departementale
    logger.warning(
        "Valeur départementale de %s (%s) ignorée : %s.",
        nationale.cle,
        departementale.departement_id,
        "au-delà de la valeur nationale" if portee == PorteeDepartementale.AU_PLUS else "chiffre national",
    )
    return nationale


def _en_vigueur(le):
    return Q(valide_du__lte=le) & (Q(valide_au__isnull=True) | Q(valide_au__gt=le))


def parametre(cle, le=None, departement=None):
    """The ``ParametreLegal`` row in force; raises ``ParametreIntrouvable``."""
    le = le or timezone.localdate()
    departement_id = getattr(departement, "pk", departement)
    portee = Q(departement__isnull=True)
    if departement_id:
        portee |= Q(departement_id=departement_id)
    # At most two rows: the national one and the département's (no overlap by constraint).
    rows = list(ParametreLegal.objects.filter(portee, _en_vigueur(le), cle=cle))
    nationale = next((r for r in rows if r.departement_id is None), None)
    departementale = next((r for r in rows if r.departement_id is not None), None)
    row = retenir(nationale, departementale)
    if row is None:
        raise ParametreIntrouvable(f"Aucune valeur du paramètre « {cle} » en vigueur le {le:%d/%m/%Y}.")
    return row


def valeur(cle, le=None, departement=None):
    return parametre(cle, le=le, departement=departement).valeur


def valeurs_par_departement(cle, le=None):
    """(national value, {département: its own value where it applies}) on ``le``: for the sweeps
    and lists that filter many people at once, each by the value of their département."""
    le = le or timezone.localdate()
    rows = list(ParametreLegal.objects.filter(_en_vigueur(le), cle=cle))
    nationale = next((r for r in rows if r.departement_id is None), None)
    if nationale is None:
        raise ParametreIntrouvable(f"Aucune valeur nationale du paramètre « {cle} » en vigueur le {le:%d/%m/%Y}.")
    propres = {}
    for row in rows:
        if row.departement_id is not None and retenir(nationale, row) is row and row.valeur != nationale.valeur:
            propres[row.departement_id] = row.valeur
    return nationale.valeur, propres
