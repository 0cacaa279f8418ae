"""Former home of the "ValidationError → form errors" helper, now ``francetravail.base.formulaires.reporter``.

Kept as a name only for the apps whose views still import it from here (contrats, diagnostic,
orientation); it is the same function. Delete this module once none does.
"""

from francetravail.base.formulaires import reporter as reporter_erreurs

__all__ = ["reporter_erreurs"]
