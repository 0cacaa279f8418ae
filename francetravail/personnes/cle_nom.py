"""The key two spellings of a name share: upper case, without accents ("Hélène" = "HELENE").

PostgreSQL's ``unaccent`` cannot be indexed (it is not immutable: its dictionary may
change), so migration ``personnes/0006`` wraps it, with its dictionary named, in the
immutable ``ft_cle_nom``. The national search and the duplicate detection compare
names through it, and the indexes of ``Personne`` are built on it.
"""

from django.db.models import CharField, Func

SQL_CREER = """
CREATE OR REPLACE FUNCTION ft_cle_nom(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT upper(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""
SQL_SUPPRIMER = "DROP FUNCTION IF EXISTS ft_cle_nom(text)"


class CleNom(Func):
    function = "ft_cle_nom"
    output_field = CharField()
