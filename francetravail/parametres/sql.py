"""``lookup.valeur`` as an SQL expression, for lists: the value in force on a date (a column or
an ``OuterRef``) for a département (the same), read by subqueries so that a page costs no query
per row. The département's own row applies exactly where ``lookup.retenir`` lets it: where the
key's national row allows a departmental value and, for a value that may only be stricter, when
it does not exceed the national one (``tests/parametres/test_sql.py`` checks both agree)."""

from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.lookups import Exact, In, IsNull, LessThanOrEqual

from francetravail.parametres.models import ParametreLegal, PorteeDepartementale


def valeur_en_vigueur(cle, *, le, departement=None):
    """An expression giving the value of ``cle`` in force on ``le`` for ``departement``.

    ``le`` and ``departement`` name fields of the outer query (or are expressions);
    ``departement=None``: the national value only.
    """
    jour = OuterRef(le) if isinstance(le, str) else le
    en_vigueur = ParametreLegal.objects.filter(Q(valide_au__isnull=True) | Q(valide_au__gt=jour), cle=cle).filter(
        valide_du__lte=jour
    )
    nationale = en_vigueur.filter(departement__isnull=True)
    valeur_nationale = Subquery(nationale.values("valeur")[:1])
    if departement is None:
        return valeur_nationale
    code = OuterRef(departement) if isinstance(departement, str) else departement
    propre = Subquery(en_vigueur.filter(departement_id=code).values("valeur")[:1])
    portee = Subquery(nationale.values("departemental")[:1])
    return Case(
        When(IsNull(propre, True), then=valeur_nationale),
        When(IsNull(valeur_nationale, True), then=propre),
        When(In(portee, [PorteeDepartementale.LIBRE, PorteeDepartementale.TERRITORIALE]), then=propre),
        When(Exact(portee, PorteeDepartementale.AU_PLUS) & LessThanOrEqual(propre, valeur_nationale), then=propre),
        default=valeur_nationale,
    )
