"""The first digit of a NIR: which ones exist.

python-stdnum (``stdnum.fr.nir``) checks the length, the Corsican département and the key, not
the first digit, so a number starting with 0, 5, 6 or 9 with a right key passed. The first
digit is the sex (décret n° 82-103 du 22 janvier 1982, art. 4):

- 1 and 2: a NIR of the RNIPP, man and woman (Service-public.fr, « Que signifie le numéro de
  sécurité sociale ? », F33078; the Assurance maladie's validator,
  github.com/assurance-maladie-digital/nir-validation, ``NirValidator``: ``[12]``).
- 3 and 4: allowed by INSEE's own XML schema of the NIR (xml.insee.fr/schema/nir.html, whose
  pattern starts with ``[1-478]``). No current assignment rule was found for them, but refusing a
  number INSEE's schema accepts could lock a real person out of registration: accepted.
- 7 and 8: the NIA (numéro identifiant d'attente) that the CNAV's SANDIA gives to people born
  abroad while their NIR is being made (INSEE-CNAV « Guide de l'identification », fiche 3); it has
  the NIR's structure and key, and the CAF and the MSA pay benefits under it, so CAF/MSA flows
  carry it: accepted (also in ``[1-478]``).
- 0, 5, 6, 9: assigned by no current rule: refused.
"""

PREMIERS_CHIFFRES = "123478"
MESSAGE_PREMIER_CHIFFRE = "son premier chiffre doit être 1, 2, 3, 4, 7 ou 8"


def premier_chiffre_valide(nir):
    return bool(nir) and nir[0] in PREMIERS_CHIFFRES
