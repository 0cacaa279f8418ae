"""The postal address printed on every letter, as La Poste's sorting machines read it.

The rules followed (AFNOR NF Z10-011, « adresse postale », as La Poste publishes them):

- 6 lines at most, 38 characters at most each (spaces included); no blank line;
- from the name (line 1) to the locality (line 6); lines 2 and 3 hold what is inside the
  building (flat, floor, « chez »), the building or residence, line 4 the number and the
  street, line 5 the lieu-dit or the former commune (a « commune déléguée »);
- no punctuation from line 4 on, and the last three lines in capitals: we print every
  address line but the name in capitals without accents or punctuation (the optical readers
  recognise them better), and the last line is « CODE POSTAL LOCALITÉ », five digits, one
  space, the locality in capitals without accents (« 59000 LILLE »), 32 characters at most
  for the locality, « SAINT » written « ST » as in La Poste's routing labels when too long;
- the block is aligned left (the readers find the address by its left alignment).

Where the block goes on the page is the template's (``templates/courriers/_bloc_adresse.html``):
inside the window of a French DL envelope.

Which postcode: a commune may have several (Lille: 59000, 59160, 59260, 59777, 59800; 388
communes, 12 million people). The person's own postcode is printed when their file holds it
(registration and the CAF/MSA flow both give it, checked against the commune), else the
commune's only one. A commune with several postcodes and no postcode in the file is refused:
printing the first one would send the letter to the wrong sorting office, and the letter's date
is what starts the person's delays. A municipal arrondissement (Paris 11e) is delivered under
its city's name (« 75011 PARIS »); a commune déléguée or associée without postcodes of its own
under its parent's (its own name goes on line 5).

A letter that cannot be addressed is refused with the reason (``ValidationError``, in French,
for the professional whose action would produce it): the actions call this module before
they commit anything.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

from francetravail.reseau.enums import TypeCommune
from francetravail.reseau.models import Commune

LIGNES_MAX = 6
LARGEUR_MAX = 38
LOCALITE_MAX = 32  # 38 minus the postcode and its space

CODE_ADRESSE_INCOMPLETE = "adresse_incomplete"

_LIGATURES = str.maketrans({"Œ": "OE", "œ": "OE", "Æ": "AE", "æ": "AE", "ß": "SS"})
_PAS_ALPHANUMERIQUE = re.compile(r"[^A-Z0-9]+")
_NUMERO_SEUL = re.compile(r"^\d+\s*(?:BIS|TER|QUATER|[A-Z])?$")
_LIGNE_LOCALITE = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")


def majuscules_postales(texte):
    """``texte`` in capitals, without accents nor punctuation, one space between words (lines 4 to 6)."""
    sans_accents = unicodedata.normalize("NFKD", (texte or "").translate(_LIGATURES))
    sans_accents = "".join(c for c in sans_accents if not unicodedata.combining(c))
    return _PAS_ALPHANUMERIQUE.sub(" ", sans_accents.upper()).strip()


def _refus(message):
    return ValidationError(message, code=CODE_ADRESSE_INCOMPLETE)


def _couper(texte, largeur=LARGEUR_MAX):
    """``texte`` in lines of at most ``largeur`` characters, cut between words (a longer word is cut)."""
    lignes, courante = [], ""
    for mot in texte.split():
        while len(mot) > largeur:
            if courante:
                lignes.append(courante)
                courante = ""
            lignes.append(mot[:largeur])
            mot = mot[largeur:]
        if not courante:
            courante = mot
        elif len(courante) + 1 + len(mot) <= largeur:
            courante = f"{courante} {mot}"
        else:
            lignes.append(courante)
            courante = mot
    if courante:
        lignes.append(courante)
    return lignes


def _parties_voie(voie):
    """The street text as typed, in its parts (one per line): « Apt 12, Résidence Les Tilleuls, 8 rue X »
    gives three; « 12, rue des Lilas » one (a number alone belongs to the street that follows)."""
    parties = [majuscules_postales(p) for p in re.split(r"[,\n;]", voie or "")]
    parties = [p for p in parties if p]
    fusionnees = []
    for partie in parties:
        if fusionnees and _NUMERO_SEUL.match(fusionnees[-1]):
            fusionnees[-1] = f"{fusionnees[-1]} {partie}"
        else:
            fusionnees.append(partie)
    return fusionnees


def _localite(nom):
    localite = majuscules_postales(nom)
    if len(localite) > LOCALITE_MAX:
        localite = re.sub(r"\bSAINTE\b", "STE", re.sub(r"\bSAINT\b", "ST", localite))
    # Beyond 32 characters even abbreviated (a handful of communes), the postcode routes the letter.
    return localite[:LOCALITE_MAX].strip()


def codes_postaux_de(commune):
    """The postcodes that serve ``commune``: its own, else (a commune déléguée or associée) its parent's."""
    if commune is None:
        return []
    if not commune.codes_postaux and commune.commune_parente_id:
        return list(commune.commune_parente.codes_postaux or [])
    return list(commune.codes_postaux or [])


def code_postal_et_localite(commune, code_postal="", *, de_qui="de la personne"):
    """``(code postal, localité, ligne 5)`` for ``commune``; raises a ValidationError saying why not."""
    if commune is None:
        raise _refus(f"La commune de résidence {de_qui} n'est pas connue : complétez son adresse postale.")
    desservie, lieu = commune, ""
    if commune.type_commune == TypeCommune.ARRONDISSEMENT and commune.commune_parente_id:
        desservie = commune.commune_parente
    elif not commune.codes_postaux and commune.commune_parente_id:
        desservie, lieu = commune.commune_parente, majuscules_postales(commune.nom)
    codes = codes_postaux_de(commune)
    code_postal = (code_postal or "").strip()
    if code_postal:
        if code_postal not in codes:
            raise _refus(
                f"Le code postal {code_postal} {de_qui} ne dessert pas {commune.nom} : corrigez son adresse postale."
            )
    elif len(codes) == 1:
        code_postal = codes[0]
    elif not codes:
        raise _refus(
            f"La commune {de_qui} ({commune.nom}) n'a pas de code postal connu : le courrier ne peut pas être adressé."
        )
    else:
        raise _refus(
            f"La commune {de_qui} ({commune.nom}) a plusieurs codes postaux ({', '.join(codes)}) "
            "et son dossier n'indique pas le sien : complétez son adresse postale."
        )
    return code_postal, _localite(desservie.nom), lieu


def lignes_adresse(nom, voie, commune, code_postal="", *, de_qui="de la personne"):
    """The lines of the address block (a tuple of at most 6 strings of at most 38 characters).

    ``nom``: line 1 as it should read (a name keeps its accents); ``voie``: what the file holds
    of the street (« 8 rue des Tilleuls », possibly « Apt 4, Résidence du Parc, 8 rue … »).
    """
    nom = " ".join((nom or "").split())
    if not nom:
        raise _refus(f"Le nom {de_qui} manque : le courrier ne peut pas être adressé.")
    parties = _parties_voie(voie)
    if not parties:
        raise _refus(f"L'adresse postale {de_qui} n'indique ni numéro ni voie : complétez son adresse postale.")
    code, localite, lieu = code_postal_et_localite(commune, code_postal, de_qui=de_qui)
    lignes = _couper(nom)
    for partie in parties:
        lignes.extend(_couper(partie))
    if lieu:
        lignes.append(lieu)
    lignes.append(f"{code} {localite}")
    if len(lignes) > LIGNES_MAX:
        raise _refus(
            f"L'adresse postale {de_qui} ne tient pas sur {LIGNES_MAX} lignes de {LARGEUR_MAX} caractères "
            "(norme postale) : abrégez-la."
        )
    return tuple(lignes)


def nom_destinataire(prenoms, nom):
    """Line 1 for a person: « Prénoms NOM », the first given name only if that is too long."""
    nom = (nom or "").upper()
    complet = f"{prenoms} {nom}".strip()
    if len(complet) <= LARGEUR_MAX or not prenoms:
        return complet
    return f"{prenoms.split()[0]} {nom}"


def lignes_personne(personne):
    """The address lines of ``personne`` (their usage name, their street, postcode and commune)."""
    nom = nom_destinataire(personne.prenoms, personne.nom_usage or personne.nom_naissance)
    return lignes_adresse(
        nom,
        personne.adresse,
        personne.commune,
        getattr(personne, "code_postal", ""),
        de_qui=f"de {personne.prenoms} {(personne.nom_usage or personne.nom_naissance).upper()}",
    )


def lignes_depuis_texte(texte, *, de_qui="du destinataire"):
    """The address lines of a recipient typed as a block (a legal representative): the name on the
    first line, the street on the next ones, « code postal commune » on the last; the postcode
    must serve the commune named."""
    lignes = [ligne.strip() for ligne in (texte or "").splitlines() if ligne.strip()]
    if len(lignes) < 3:
        raise _refus(
            f"Indiquez le nom et l'adresse postale complète {de_qui}, sur plusieurs lignes : le nom, "
            "le numéro et la voie, puis le code postal et la commune (par exemple « 59000 Lille »)."
        )
    trouve = _LIGNE_LOCALITE.match(lignes[-1])
    if trouve is None:
        raise _refus(
            f"La dernière ligne de l'adresse {de_qui} doit être le code postal (5 chiffres) suivi de la commune, "
            "par exemple « 59000 Lille »."
        )
    code_postal, nom_commune = trouve.groups()
    cle = majuscules_postales(nom_commune).replace("SAINT", "ST").replace(" ", "")
    candidates = [
        c
        for c in Commune.objects.filter(codes_postaux__contains=[code_postal]).order_by("code_insee")
        if cle in {majuscules_postales(n).replace("SAINT", "ST").replace(" ", "") for n in (c.nom, *c.anciens_noms)}
    ]
    if not candidates:
        raise _refus(
            f"Le code postal {code_postal} ne dessert pas la commune « {nom_commune} » "
            f"(adresse {de_qui}) : vérifiez-la."
        )
    return lignes_adresse(lignes[0], "\n".join(lignes[1:-1]), candidates[0], code_postal, de_qui=de_qui)
