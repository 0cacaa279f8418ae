"""Possible duplicates: same birth name, first given name and birth date (and the same
birth commune when both are known). The NIR, unique, is the other way two records
meet (``commencer_inscription_*``). Flagged here, decided by a person."""

from django.db import connection

from inscription.models import DoublonPotentiel

MOTIF = "Même nom de naissance, même premier prénom et même date de naissance"

# One statement for one person or for a whole import batch (the new ids in a temp table).
_SQL = """
INSERT INTO inscription_doublonpotentiel (personne_id, autre_id, motif, statut, cree_le)
SELECT n.id, a.id, %s, 'a_examiner', now()
FROM personnes_personne n
JOIN personnes_personne a
  ON a.id <> n.id
 AND upper(unaccent(a.nom_naissance)) = upper(unaccent(n.nom_naissance))
 AND a.date_naissance = n.date_naissance
 AND upper(unaccent(split_part(a.prenoms, ' ', 1))) = upper(unaccent(split_part(n.prenoms, ' ', 1)))
LEFT JOIN inscription_dossierinscription dn ON dn.personne_id = n.id
LEFT JOIN inscription_dossierinscription da ON da.personne_id = a.id
WHERE n.id = ANY(%s)
  AND NOT (dn.commune_naissance_id IS NOT NULL AND da.commune_naissance_id IS NOT NULL
           AND dn.commune_naissance_id <> da.commune_naissance_id)
  AND NOT (dn.nir IS NOT NULL AND da.nir IS NOT NULL AND dn.nir <> da.nir)
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
        cursor.execute(_SQL, [MOTIF, ids, ids])
        return cursor.rowcount


__all__ = ["DoublonPotentiel", "signaler"]
