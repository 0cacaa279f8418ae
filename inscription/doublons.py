"""Possible duplicates: same birth name, first given name and birth date (and the same
birth commune when both are known). The NIR, unique, is the other way two records
meet (``commencer_inscription_*``). Flagged here, decided by a person."""

from django.db import connection

from inscription.models import DoublonPotentiel

MOTIF = "Même nom de naissance, même premier prénom et même date de naissance"

# One statement for one person or for a whole import batch. Each new person's
# candidates are read through the index on (name key, birth date) of
# ``Personne`` (``ft_cle_nom``: upper case, no accents): the cost follows the size of
# the batch, not of the table.
_SQL = """
WITH nouveaux AS (
    SELECT p.id, p.date_naissance, ft_cle_nom(p.nom_naissance) AS nom,
           ft_cle_nom(split_part(p.prenoms, ' ', 1)) AS prenom, d.nir, d.commune_naissance_id
    FROM unnest(%s::bigint[]) AS ids(id)
    JOIN personnes_personne p ON p.id = ids.id
    LEFT JOIN inscription_dossierinscription d ON d.personne_id = p.id
)
INSERT INTO inscription_doublonpotentiel (personne_id, autre_id, motif, statut, cree_le)
SELECT n.id, a.id, %s, 'a_examiner', now()
FROM nouveaux n
CROSS JOIN LATERAL (
    SELECT a.id, a.prenoms FROM personnes_personne a
    WHERE ft_cle_nom(a.nom_naissance) = n.nom AND a.date_naissance = n.date_naissance AND a.id <> n.id
    OFFSET 0  -- keeps the lookup per person: statistics lag behind a large import (sort-merge of the table)
) a
LEFT JOIN inscription_dossierinscription da ON da.personne_id = a.id
WHERE ft_cle_nom(split_part(a.prenoms, ' ', 1)) = n.prenom
  AND NOT (n.commune_naissance_id IS NOT NULL AND da.commune_naissance_id IS NOT NULL
           AND n.commune_naissance_id <> da.commune_naissance_id)
  AND NOT (n.nir IS NOT NULL AND da.nir IS NOT NULL AND n.nir <> da.nir)
  AND NOT (a.id = ANY(%s) AND a.id > n.id)
ON CONFLICT DO NOTHING
"""


def signaler(personne_ids):
    """Flags the possible duplicates of these (new or changed) people; returns how many were flagged.

    Two different NIRs, or two different birth communes, are two different people.
    """
    ids = list(personne_ids)
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [ids, MOTIF, ids])
        return cursor.rowcount


__all__ = ["DoublonPotentiel", "signaler"]
