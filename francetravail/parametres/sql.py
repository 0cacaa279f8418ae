"""``lookup.valeur`` as an SQL expression, for lists: the value in force on a date (a column or
an ``OuterRef``) for a département (the same; the département's own row wins over the
national one), read by a subquery so that a page costs no query per row."""

from django.db.models import F, OuterRef, Q, Subquery


def valeur_en_vigueur(cle, *, le, departement=None):
    """A subquery giving the value of ``cle`` in force on ``le`` for ``departement``.

    ``le`` and ``departement`` name fields of the outer query (or are expressions);
    ``departement=None``: the national value only.
    """
    from francetravail.parametres.models import ParametreLegal

    jour = OuterRef(le) if isinstance(le, str) else le
    portee = Q(departement__isnull=True)
    if departement is not None:
        portee |= Q(departement_id=OuterRef(departement) if isinstance(departement, str) else departement)
    return Subquery(
        ParametreLegal.objects.filter(portee, cle=cle, valide_du__lte=jour)
        .filter(Q(valide_au__isnull=True) | Q(valide_au__gt=jour))
        .order_by(F("departement_id").asc(nulls_last=True))
        .values("valeur")[:1]
    )
