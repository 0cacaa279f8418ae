"""Index helpers shared by the models."""

from django.db import models
from django.db.models import Q


def index_si_renseigne(champ, nom):
    """An index on a nullable foreign key, over the rows where it is filled.

    A registration imported from the CAF/MSA flow, a rule's proposal, a history row
    written by the system leave these keys empty: a full index would pay an entry per
    such row, whereas every lookup by value (``champ = x``, the on_delete checks)
    is served by the partial one.
    """
    return models.Index(fields=[champ], name=nom, condition=Q(**{f"{champ}__isnull": False}))
