"""PostgreSQL advisory locks held for the session: one run of a long job at a time, across workers.

Session-level on purpose: a lock outlives each batch's transaction, and PostgreSQL releases it when the
worker's connection ends, however the worker died (a sweep can then tell a dead run from a live one).
"""

import contextlib
from dataclasses import dataclass

from django.db import DatabaseError, connection


@dataclass(frozen=True, slots=True)
class Verrou:
    """The two integer keys of an advisory lock; ``partage``: shared (several holders) rather than exclusive."""

    cle: int
    objet: int = 0
    partage: bool = False

    @property
    def _suffixe(self):
        return "_shared" if self.partage else ""


@contextlib.contextmanager
def verrous_de_session(*verrous):
    """Tries each lock in order without waiting; yields whether all were got. Those got are released at the end
    (or with the session, if the connection is lost meanwhile)."""
    tenus = []
    try:
        with connection.cursor() as cursor:
            for verrou in verrous:
                cursor.execute(
                    f"SELECT pg_try_advisory_lock{verrou._suffixe}(%s::int, %s::int)", [verrou.cle, verrou.objet]
                )
                if not cursor.fetchone()[0]:
                    break
                tenus.append(verrou)
        yield len(tenus) == len(verrous)
    finally:
        try:
            with connection.cursor() as cursor:
                for verrou in reversed(tenus):
                    cursor.execute(
                        f"SELECT pg_advisory_unlock{verrou._suffixe}(%s::int, %s::int)", [verrou.cle, verrou.objet]
                    )
        except DatabaseError:
            if not connection.in_atomic_block:
                connection.close()  # the locks go with the session
