"""What the pages of several audiences share for compte (see ``entreprises.views.<audience>.compte``)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def compte_lie(queryset, champ, ref="pk"):
    """A correlated COUNT subquery: one query for a whole page, whatever the number of rows counted."""
    return Coalesce(
        Subquery(
            queryset.filter(**{champ: OuterRef(ref)}).order_by().values(champ).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
