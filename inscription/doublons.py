"""Possible duplicates: same birth name, first given name and birth date (and the same
birth commune when both are known). The NIR, unique, is the other way two records
meet (``commencer_inscription_*``). Flagged here, decided by a person."""

from django.db import connection

from inscription.models import DoublonPotentiel

MOTIF = "Même nom de naissance, même premier prénom et même date de naissance"

# One statement for one person or for a whole import batch. The candidates are read
# through the birth-date index, then matched on the normalised names by a hash join:
# the cost follows the number of people born on the same days, not the table size.
_SQL = """
WITH nouveaux AS (
    SELECT p.id, p.date_naissance,
           upper(unaccent(p.nom_naissance)) AS nom, upper(unaccent(split_part(p.prenoms, ' ', 1))) AS prenom,
           d.nir, d.commune_naissance_id
    FROM personnes_personne p LEFT JOIN inscription_dossierinscription d ON d.personne_id = p.id
    WHERE p.id = ANY(%s)
), candidats AS (
    SELECT p.id, p.date_naissance,
           upper(unaccent(p.nom_naissance)) AS nom, upper(unaccent(split_part(p.prenoms, ' ', 1))) AS prenom,
           d.nir, d.commune_naissance_id
    FROM personnes_personne p LEFT JOIN inscription_dossierinscription d ON d.personne_id = p.id
    WHERE p.date_naissance IN (SELECT DISTINCT date_naissance FROM nouveaux)
)
INSERT INTO inscription_doublonpotentiel (personne_id, autre_id, motif, statut, cree_le)
SELECT n.id, a.id, %s, 'a_examiner', now()
FROM nouveaux n
JOIN candidats a
  ON a.date_naissance = n.date_naissance AND a.nom = n.nom AND a.prenom = n.prenom AND a.id <> n.id
WHERE NOT (n.commune_naissance_id IS NOT NULL AND a.commune_naissance_id IS NOT NULL
           AND n.commune_naissance_id <> a.commune_naissance_id)
  AND NOT (n.nir IS NOT NULL AND a.nir IS NOT NULL AND n.nir <> a.nir)
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
