"""``valeur("contrat.heures_hebdo_minimum", le=date, departement="59")``: the value of a
legal parameter in force on a date, for a territory (the département's own value
wins over the national one)."""

from django.db.models import F, Q
from django.utils import timezone

from francetravail.parametres.models import ParametreLegal


class ParametreIntrouvable(LookupError):
    pass


def parametre(cle, le=None, departement=None):
    """The ``ParametreLegal`` row in force; raises ``ParametreIntrouvable``."""
    le = le or timezone.localdate()
    departement_id = getattr(departement, "pk", departement)
    portee = Q(departement__isnull=True)
    if departement_id:
        portee |= Q(departement_id=departement_id)
    row = (
        ParametreLegal.objects.filter(portee, cle=cle, valide_du__lte=le)
        .filter(Q(valide_au__isnull=True) | Q(valide_au__gt=le))
        .order_by(F("departement_id").asc(nulls_last=True))
        .first()
    )
    if row is None:
        raise ParametreIntrouvable(f"Aucune valeur du paramètre « {cle} » en vigueur le {le:%d/%m/%Y}.")
    return row


def valeur(cle, le=None, departement=None):
    return parametre(cle, le=le, departement=departement).valeur
