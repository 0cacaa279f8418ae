"""``lookup.valeur`` as an SQL expression, for lists: the value in force on a date (a column or
an ``OuterRef``) for a département (the same), read by subqueries so that a page costs no query
per row. The département's own row applies exactly where ``lookup.retenir`` lets it: where the
key's national row allows a departmental value and, for a value that may only be stricter, when
it does not exceed the national one (``tests/parametres/test_sql.py`` checks both agree)."""

from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import Exact, GreaterThanOrEqual, In, IsNull, LessThan, LessThanOrEqual

from francetravail.parametres.lookup import retenir
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


def _dans(jour, debut, fin):
    condition = GreaterThanOrEqual(jour, Value(debut))
    return condition if fin is None else condition & LessThan(jour, Value(fin))


def valeur_en_vigueur_en_ligne(cle, *, le, departement=None):
    """``valeur_en_vigueur`` for a count over many rows (the dashboard's « À faire »): the rows of
    ``cle`` are read once (one query, a handful of rows) and written into the SQL as a CASE on the
    row's date and département, instead of subqueries evaluated for each row. Same rule
    (``lookup.retenir``) on each period where a departmental and a national row are both in force.
    ``le`` and ``departement`` name fields of the query itself (not an ``OuterRef``)."""
    lignes = list(ParametreLegal.objects.filter(cle=cle).order_by("valide_du"))
    nationales = [r for r in lignes if r.departement_id is None]
    jour = F(le) if isinstance(le, str) else le
    cas = []
    if departement is not None:
        code = F(departement) if isinstance(departement, str) else departement
        for propre in (r for r in lignes if r.departement_id is not None):
            for nationale in nationales:
                debut = max(propre.valide_du, nationale.valide_du)
                fins = [f for f in (propre.valide_au, nationale.valide_au) if f is not None]
                fin = min(fins) if fins else None
                if fin is not None and fin <= debut:
                    continue
                retenue = retenir(nationale, propre)
                cas.append(
                    When(Exact(code, propre.departement_id) & _dans(jour, debut, fin), then=Value(retenue.valeur))
                )
            # Where no national row is in force, the département's own applies (``retenir``).
            cas.append(
                When(
                    Exact(code, propre.departement_id) & _dans(jour, propre.valide_du, propre.valide_au),
                    then=Value(propre.valeur),
                )
            )
    cas += [When(_dans(jour, r.valide_du, r.valide_au), then=Value(r.valeur)) for r in nationales]
    return Case(*cas, default=None, output_field=DecimalField(max_digits=12, decimal_places=2))
