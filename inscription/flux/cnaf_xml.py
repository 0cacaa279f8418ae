"""The CNAF « bénéficiaires RSA » XML flow (schemas VRSB0801 and VRSD0301): a pure reader (no database).

Two steps, so that a national monthly stock (2 000 000 households, several GB) is read in bounded memory
and the writer can skip the households whose bytes did not change:

- ``decouper(fichier)`` scans the bytes in 1 MiB chunks (``bytes.find``, no XML parser): it reads the
  header (``IdentificationFlux``), then gives one ``Segment`` per ``<InfosFoyerRSA>…</InfosFoyerRSA>`` with its
  offset, length, key (FONORG, MATRICULE) and a hash of its bytes. At the end it checks ``</Racine>`` and the
  trailer ``TransmissionFlux/NBTOTDOSRSATRANSM`` against the count read, and raises ``FormatInvalide``
  otherwise. **The writer must scan the whole file before writing anything** (a truncated file is only known
  at its end): ``lire()`` does that first pass for it.
- ``lire_foyer(octets, …)`` parses ONE household with lxml and gives a ``FoyerLu`` or, when that household
  cannot be read (bad byte for the declared encoding, malformed XML, bad date…), a ``FoyerRejete``: the
  other households go on.

Element paths and codes: ``../shared/reference/caf-msa-flux.md`` §2–§3, and WebRSA's list of the elements of
both schemas (``atolcd/webrsa`` ``project/app/Plugin/Fluxcnaf/Model/Fluxcnaf.php``). No public CNAF
specification exists; these behaviours are **our reading** of those sources (inferred):

- Format: a ``vrsb0801``/``vrsd0301`` mention in the root's attributes or in ``IdentificationFlux/VERSIONFLUX``
  wins; otherwise the first household's elements tell it (VRSD: ``DossierCafMsa``, ``CalculDroitRSAPersonne``,
  ``FonctionPersonneRSA``, ``RessourcesTropElevees``, ``DroitOuvert``). Both element names are read whatever
  the format (a renamed block is found under either name).
- Roles: a person's role is the ``ROLEPERS`` of the RSA household (VRSB: the ``Prestations`` whose
  ``NATPREST`` is ``RSA``; VRSD: ``FonctionPersonneRSA``). DEM → demandeur, CJT → conjoint; ENF, AUT are
  counted, not returned; RDO and others are ignored. VRSD's ``BEN`` (bénéficiaire, WebRSA's note) is split by
  ``TOPRESPDOS``: the one who holds the dossier is the demandeur, another BEN the conjoint; without the flag,
  the first BEN is the demandeur (``ROLES_BEN``; change ``role_ben`` to read them otherwise).
- ``nb_enfants`` counts the ENF members and ``nb_personnes`` the DEM, CJT, ENF and AUT members still in the
  household (no ``DFRATDOS``, or one after the reference date DTREF).
- ``majoration_isolement``: a ``NATPF`` of ``DetailCalculDroitRSA`` is RSI or RCI (« RSA socle/activité majoré »,
  WebRSA's labels); ``False`` when natures are given and none is majoré; ``None`` when none is given.
- Suspension: ``SuspensionDroit`` (state 3) or ``SuspensionVersement``/VRSD ``RessourcesTropElevees``
  (state 4); with another state, the block present (payment first). Closure: ``FinDroit``, else
  ``FinDroitMoisAnterieur`` (state 6, VRSB).
- The old allocataire number of a move in is ``OrganismeCedant/MATRICULEORGCEDMUT`` (WebRSA), else its
  ``MATRICULE``.
- ``HEUCREAFLUX`` is read as ``HH:MM[:SS]`` or ``HHMM[SS]``; a missing time is midnight, Europe/Paris.
- A flag (``TOP…``) is 1/O → True, 0/N → False, anything else (or missing) → None: « unknown », never False.
- Dates are ISO (``YYYY-MM-DD``); any other value rejects the household, naming the element.
- The byte scan needs an ASCII-compatible encoding (UTF-8, windows-1252, ISO-8859-1/15): the CNAF's are.
  Prefixed namespaces (``<ns:InfosFoyerRSA>``) are not read.
"""

import codecs
import dataclasses
import datetime
import hashlib
import re
import zoneinfo
from typing import NamedTuple

from lxml import etree

from inscription.enums import FormatFlux, RoleFoyer
from inscription.flux.modele import (
    QUOTIDIEN,
    STOCK_MENSUEL,
    EnteteFlux,
    FormatInvalide,
    FoyerLu,
    FoyerRejete,
    MembreLu,
)

TAILLE_MORCEAU = 1 << 20  # bytes read at a time
TAILLE_MAX_ENTETE = 1 << 20  # the prolog, the root and IdentificationFlux fit in this
TAILLE_MAX_FOYER = 16 << 20  # one household is a few KB; beyond this the file is not a flow
TAILLE_MAX_FIN = 1 << 16  # what may follow the last household (TransmissionFlux, </Racine>)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# Encodings a flow may declare (ASCII-compatible, so the byte scan holds), by Python codec name.
ENCODAGES_ACCEPTES = {"utf-8", "cp1252", "iso8859-1", "iso8859-15", "ascii"}

ROLES = {"DEM": RoleFoyer.DEMANDEUR.value, "CJT": RoleFoyer.CONJOINT.value}
ROLES_COMPTES = {"DEM", "CJT", "ENF", "AUT", "BEN"}
# How a VRSD « BEN » is split into demandeur / conjoint: "toprespdos" (the holder of the dossier is the
# demandeur, then the order of the file) or "ordre" (the first BEN is the demandeur). Our reading [?].
ROLES_BEN = ("toprespdos", "ordre")
ROLE_BEN = "toprespdos"
NATURES_MAJOREES = {"RSI", "RCI"}  # NATPF « RSA socle majoré », « RSA activité majoré » (parent isolé)

_DEBUT = b"<InfosFoyerRSA"
_FIN = b"</InfosFoyerRSA>"
_MARQUES_VRSD = (b"<DossierCafMsa", b"<CalculDroitRSAPersonne", b"<FonctionPersonneRSA", b"<RessourcesTropElevees")
_MARQUES_VRSB = (b"<DossierCAF>", b"<DossierCAF ", b"<MontantCalculDroitRSAPersonne", b"<Prestations")

_RE_PROLOGUE = re.compile(rb"^<\?xml\b[^>]*?\?>", re.S)
_RE_ENCODAGE = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_RE_COMMENTAIRES = re.compile(rb"\s*(?:<!--.*?-->\s*|<\?.*?\?>\s*|<!DOCTYPE[^>]*>\s*)*", re.S)
_RE_RACINE = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)>", re.S)
_RE_NBTOT = re.compile(rb"<NBTOTDOSRSATRANSM>\s*(\d+)\s*</NBTOTDOSRSATRANSM>")
_RE_ENTRE_FOYERS = re.compile(rb"(?:\s|<!--.*?-->)*", re.S)
_RE_CHIFFRES = re.compile(r"\d{5,}|0x[0-9A-Fa-f]{2}")


class Segment(NamedTuple):
    """One household in the file: where its bytes are, its key, the hash of its bytes."""

    numero: int  # rank in the file, from 1
    debut: int  # byte offset of « <InfosFoyerRSA »
    longueur: int  # up to and including « </InfosFoyerRSA> »
    organisme: str  # FONORG, stripped
    numero_allocataire: str  # MATRICULE, stripped
    empreinte_brute: str  # blake2b(digest_size=16) of the bytes, hex


def _milliers(n):
    return f"{n:,}".replace(",", " ")


def _texte_octets(tampon, balise, debut=0, fin=None):
    """The text of the first ``<balise>…</balise>`` in ``tampon[debut:fin]``, stripped ("" if absent)."""
    fin = len(tampon) if fin is None else fin
    ouvrante = b"<" + balise + b">"
    i = tampon.find(ouvrante, debut, fin)
    if i < 0:
        return ""
    i += len(ouvrante)
    j = tampon.find(b"</", i, fin)
    if j < 0:
        return ""
    return tampon[i:j].decode("latin-1").strip()


def cle_segment(octets):
    """(FONORG, MATRICULE) read from a household's bytes without parsing them."""
    return _texte_octets(octets, b"FONORG").upper(), _texte_octets(octets, b"MATRICULE")


def empreinte_octets(octets):
    return hashlib.blake2b(octets, digest_size=16).hexdigest()


# --- Header -------------------------------------------------------------------------------------------


def _nom_encodage(declare):
    if not declare:
        return "utf-8"
    try:
        nom = codecs.lookup(declare).name
    except LookupError:
        raise FormatInvalide(f"Encodage « {declare} » inconnu : le fichier n'est pas un flux CNAF lisible.") from None
    if nom not in ENCODAGES_ACCEPTES:
        raise FormatInvalide(
            f"Encodage « {declare} » non pris en charge (attendu : windows-1252, ISO-8859-1 ou UTF-8)."
        )
    return nom


def _date(valeur, champ):
    """An ISO date, or None when empty; ``ValueError`` naming the element otherwise."""
    valeur = (valeur or "").strip()
    if not valeur:
        return None
    if len(valeur) == 10 and valeur[4] == "-" and valeur[7] == "-":
        try:
            return datetime.date.fromisoformat(valeur)
        except ValueError:
            pass
    raise ValueError(f"date invalide dans {champ} : « {_sans_chiffres_longs(valeur)[:20]} »")


def _heure(valeur):
    valeur = (valeur or "").strip().replace(":", "").replace("h", "").replace("H", "")
    if not valeur:
        return datetime.time(0, 0)
    if valeur.isdigit() and len(valeur) in (4, 6):
        try:
            return datetime.time(int(valeur[0:2]), int(valeur[2:4]), int(valeur[4:6] or 0))
        except ValueError:
            pass
    raise ValueError(f"heure invalide dans HEUCREAFLUX : « {valeur[:10]} »")


def _format_depuis(texte):
    """The schema named in a root attribute (schema location, namespace) or in VERSIONFLUX, if any."""
    if isinstance(texte, bytes):
        texte = texte.decode("latin-1")
    texte = texte.lower()
    for format_ in (FormatFlux.VRSD0301.value, FormatFlux.VRSB0801.value):
        if format_ in texte:
            return format_
    return None


def _format_du_foyer(octets):
    """VRSD0301 when the household has one of its renamed blocks, else VRSB0801."""
    if any(octets.find(m) >= 0 for m in _MARQUES_VRSD):
        return FormatFlux.VRSD0301.value
    return FormatFlux.VRSB0801.value


def _lire_entete(tete):
    """(encodage, format or None, EnteteFlux fields, offset after </IdentificationFlux>) from the file's start."""
    pos = 3 if tete.startswith(codecs.BOM_UTF8) else 0
    corps = tete[pos:].lstrip()
    if not corps.startswith(b"<"):
        raise FormatInvalide("Ce fichier n'est pas un fichier XML (flux CNAF attendu).")
    encodage_declare = ""
    prologue = _RE_PROLOGUE.match(corps)
    if prologue:
        m = _RE_ENCODAGE.search(prologue.group(0))
        encodage_declare = m.group(1).decode("ascii") if m else ""
    encodage = _nom_encodage(encodage_declare)
    if pos and encodage != "utf-8":
        raise FormatInvalide("Le fichier commence par une marque UTF-8 mais déclare un autre encodage.")
    reste = corps[prologue.end() :] if prologue else corps
    reste = reste[_RE_COMMENTAIRES.match(reste).end() :]
    racine = _RE_RACINE.match(reste)
    if not racine:
        raise FormatInvalide("Ce fichier n'est pas un fichier XML lisible (élément racine introuvable).")
    nom_racine = racine.group(1).decode("ascii", "replace")
    if nom_racine != "Racine":
        raise FormatInvalide(
            f"Ce fichier XML n'est pas un flux bénéficiaires RSA : l'élément racine est « {nom_racine[:40]} », "
            "« Racine » attendu."
        )
    format_ = _format_depuis(racine.group(2))

    debut = tete.find(b"<IdentificationFlux")
    premier_foyer = tete.find(_DEBUT)
    fin = tete.find(b"</IdentificationFlux>")
    if debut < 0 or fin < 0 or (0 <= premier_foyer < fin):
        raise FormatInvalide("Le flux n'a pas d'en-tête IdentificationFlux : ce n'est pas un flux CNAF lisible.")
    fin += len(b"</IdentificationFlux>")
    try:
        texte = tete[debut:fin].decode(encodage)
        element = etree.fromstring(texte, parser=_parseur())
    except (UnicodeDecodeError, etree.XMLSyntaxError):
        raise FormatInvalide("L'en-tête IdentificationFlux du flux est illisible.") from None

    def champ(nom):
        return (element.findtext(nom) or "").strip()

    type_flux = champ("TYPEFLUX").upper()
    if type_flux not in (STOCK_MENSUEL, QUOTIDIEN):
        raise FormatInvalide(
            f"Type de flux « {type_flux[:10]} » inconnu (TYPEFLUX) : M (stock mensuel) ou I (quotidien) attendu."
        )
    try:
        date_creation = _date(champ("DTCREAFLUX"), "DTCREAFLUX")
        if date_creation is None:
            raise ValueError("date de création du flux (DTCREAFLUX) absente")
        cree_le = datetime.datetime.combine(date_creation, _heure(champ("HEUCREAFLUX")), tzinfo=PARIS)
        date_reference = _date(champ("DTREF"), "DTREF")
    except ValueError as erreur:
        raise FormatInvalide(f"En-tête du flux illisible : {erreur}.") from None
    format_ = format_ or _format_depuis(champ("VERSIONFLUX"))
    departement = _departement(champ("IDEPARTE"))
    return encodage, format_, type_flux, cree_le, date_reference, departement, fin


# --- Scan ---------------------------------------------------------------------------------------------


class Decoupage:
    """What ``decouper`` gives: ``entete``, then the segments by iteration (once), checked at the end."""

    def __init__(self, fichier, *, taille_morceau=TAILLE_MORCEAU):
        self._fichier = fichier
        self._taille = taille_morceau
        self._lu = False
        self.nb_lus = 0
        try:
            self._origine = fichier.tell()
        except (AttributeError, OSError):
            self._origine = 0
        tete = b""
        while b"</IdentificationFlux>" not in tete and len(tete) < TAILLE_MAX_ENTETE:
            morceau = fichier.read(self._taille)
            if not morceau:
                break
            tete += morceau
        if not tete.strip():
            raise FormatInvalide("Le fichier est vide.")
        encodage, format_, type_flux, cree_le, date_reference, departement, fin_entete = _lire_entete(tete)
        self._tampon = tete
        self._pos = fin_entete  # in the buffer
        self._decalage = 0  # file offset of the buffer's first byte, from the origin
        if format_ is None:
            format_ = self._format_depuis_premier_foyer()
        self.departement_entete = departement
        self.entete = EnteteFlux(
            format=format_,
            type_flux=type_flux,
            cree_le=cree_le,
            date_reference=date_reference,
            encodage=encodage,
            nb_foyers_annonces=self._annonce_en_fin(),
        )

    def _lire_plus(self):
        morceau = self._fichier.read(self._taille)
        if morceau:
            # Keep only what is not consumed: the buffer stays within a chunk plus one household.
            self._decalage += self._pos
            self._tampon = self._tampon[self._pos :] + morceau
            self._pos = 0
        return bool(morceau)

    def _format_depuis_premier_foyer(self):
        while True:
            debut = self._tampon.find(_DEBUT, self._pos)
            fin = self._tampon.find(_FIN, debut) if debut >= 0 else -1
            if fin >= 0:
                return _format_du_foyer(self._tampon[debut:fin])
            if len(self._tampon) - self._pos > TAILLE_MAX_FOYER or not self._lire_plus():
                return FormatFlux.VRSB0801.value  # no household: the format does not matter

    def _annonce_en_fin(self):
        """NBTOTDOSRSATRANSM read from the file's last bytes (a seekable file), to tell progress early."""
        try:
            position = self._fichier.tell()
            self._fichier.seek(0, 2)
            taille = self._fichier.tell()
            self._fichier.seek(max(self._origine, taille - TAILLE_MAX_FIN))
            queue = self._fichier.read(TAILLE_MAX_FIN)
            self._fichier.seek(position)
        except (AttributeError, OSError, ValueError):
            return None
        trouve = _RE_NBTOT.findall(queue)
        return int(trouve[-1]) if trouve else None

    def __iter__(self):
        if self._lu:
            raise RuntimeError("Un découpage ne se parcourt qu'une fois.")
        self._lu = True
        for segment, _octets in self._segments():
            yield segment

    def segments_et_octets(self):
        """The segments with their bytes (a memoryview valid until the next step): one read of the file."""
        if self._lu:
            raise RuntimeError("Un découpage ne se parcourt qu'une fois.")
        self._lu = True
        return self._segments()

    def _segments(self):
        numero = 0
        blake2b = hashlib.blake2b
        while True:
            tampon = self._tampon
            vue = memoryview(tampon)
            pos = self._pos
            while True:
                debut = tampon.find(_DEBUT, pos)
                if debut < 0:
                    break
                fin = tampon.find(_FIN, debut)
                if fin < 0:
                    break
                fin += len(_FIN)
                if pos < debut and not _RE_ENTRE_FOYERS.fullmatch(tampon, pos, debut):
                    self._contenu_inattendu(numero)
                # A household cut short (no end tag before the next household) is given alone: it will be
                # rejected by its parse, the others go on.
                suivant = tampon.find(_DEBUT, debut + len(_DEBUT), fin)
                if suivant >= 0:
                    fin = suivant
                numero += 1
                octets = vue[debut:fin]
                segment = Segment(
                    numero,
                    self._origine + self._decalage + debut,
                    fin - debut,
                    _texte_octets(tampon, b"FONORG", debut, fin).upper(),
                    _texte_octets(tampon, b"MATRICULE", debut, fin),
                    blake2b(octets, digest_size=16).hexdigest(),
                )
                self.nb_lus = numero
                yield segment, octets
                pos = fin
            self._pos = pos
            if len(tampon) - pos > TAILLE_MAX_FOYER + self._taille:
                raise FormatInvalide(
                    f"Le foyer n° {numero + 1} dépasse {TAILLE_MAX_FOYER >> 20} Mo ou n'est jamais fermé : "
                    "le fichier n'est pas un flux lisible ; rien n'a été écrit."
                )
            if not self._lire_plus():
                break
        self._verifier_fin(numero)

    def _contenu_inattendu(self, numero):
        raise FormatInvalide(
            f"Contenu inattendu entre le foyer n° {numero} et le suivant : le fichier n'est pas un flux "
            "bénéficiaires RSA valide ; rien n'a été écrit."
        )

    def _verifier_fin(self, nb_lus):
        reste = self._tampon[self._pos :]
        if reste.find(_DEBUT) >= 0:
            raise FormatInvalide(
                f"Fichier tronqué : le foyer n° {_milliers(nb_lus + 1)} est coupé ({_milliers(nb_lus)} foyers lus "
                "en entier) ; rien n'a été écrit."
            )
        if len(reste) > TAILLE_MAX_FIN:
            self._contenu_inattendu(nb_lus)
        fin_racine = reste.rfind(b"</Racine>")
        annonces = _RE_NBTOT.findall(reste)
        if fin_racine < 0 or reste[fin_racine + len(b"</Racine>") :].strip() or not annonces:
            raise FormatInvalide(
                f"Fichier tronqué : {_milliers(nb_lus)} foyers lus, la fin du flux (TransmissionFlux, </Racine>) "
                "manque ; rien n'a été écrit."
            )
        annonce = int(annonces[-1])
        if annonce != nb_lus:
            raise FormatInvalide(
                f"Fichier tronqué : {_milliers(nb_lus)} foyers lus, {_milliers(annonce)} annoncés "
                "(NBTOTDOSRSATRANSM) ; rien n'a été écrit."
            )
        if self.entete.nb_foyers_annonces != annonce:
            self.entete = dataclasses.replace(self.entete, nb_foyers_annonces=annonce)


def decouper(fichier_binaire, *, taille_morceau=TAILLE_MORCEAU):
    """Read the header now (``FormatInvalide`` if the file is not a flow); the segments come by iteration.

    The iteration raises ``FormatInvalide`` at its end when the file is truncated or its trailer does not
    match the count: whoever writes must finish the scan before writing.
    """
    return Decoupage(fichier_binaire, taille_morceau=taille_morceau)


def lire_segment(fichier_binaire, segment):
    """A segment's bytes, read again from a seekable file (a worker given offsets)."""
    fichier_binaire.seek(segment.debut)
    return fichier_binaire.read(segment.longueur)


# --- One household -------------------------------------------------------------------------------------


def _parseur():
    # No entities, no network, no DTD: a household is data, not a document with references.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


_PARSEUR = _parseur()


def _sans_chiffres_longs(texte):
    """A message may quote the file: never a run of digits that could be (part of) a NIR."""
    return _RE_CHIFFRES.sub("…", texte)


def _departement(ideparte):
    code = (ideparte or "").strip().upper()
    if len(code) == 3 and code.startswith("0"):
        return code[1:]
    return code


def _drapeau(valeur):
    valeur = (valeur or "").strip().upper()
    if valeur in ("1", "O"):
        return True
    if valeur in ("0", "N"):
        return False
    return None


def _t(element, chemin):
    if element is None:
        return ""
    return (element.findtext(chemin) or "").strip()


def _premier(element, *chemins):
    for chemin in chemins:
        trouve = element.find(chemin)
        if trouve is not None:
            return trouve
    return None


def _role_rsa(personne):
    """ROLEPERS of the RSA household (VRSB Prestations NATPREST=RSA, VRSD FonctionPersonneRSA), and TOPRESPDOS."""
    role = ""
    for prestation in personne.iterfind("Prestations"):
        if _t(prestation, "NATPREST").upper() == "RSA":
            role = _t(prestation, "ROLEPERS").upper()
            break
    if not role:
        role = _t(personne, "FonctionPersonneRSA/ROLEPERS").upper()
    return role


def _adresse(foyer):
    adresses = foyer.findall("DonneesAdministratives/Adresse")
    choisie = None
    for adresse in adresses:
        if _t(adresse, "TroncCommunAdresse/RGADR").lstrip("0") == "1":
            choisie = adresse
            break
    if choisie is None:
        return {}
    detail = choisie.find("AdresseDetailleeFrance")
    voie = " ".join(p for p in (_t(detail, "NUMVOIE"), _t(detail, "LIBTYPEVOIE"), _t(detail, "NOMVOIE")) if p)
    lignes = [p for p in (voie, _t(detail, "COMPLADR"), _t(detail, "LIEUDIST")) if p]
    return {
        "adresse": ", ".join(lignes),
        "code_postal": _t(detail, "CODEPOS"),
        "code_insee": _t(detail, "NUMCOM"),
        "nom_commune": _t(detail, "NOMCOM"),
        "date_emmenagement": _date(_t(choisie, "TroncCommunAdresse/DTEMM"), "DTEMM"),
    }


def _personnes(foyer, date_reference, role_ben):
    """(members DEM/CJT as MembreLu, nb_personnes, nb_enfants)."""
    lues = []
    nb_personnes = nb_enfants = 0
    for personne in foyer.iterfind("Personne"):
        role = _role_rsa(personne)
        dossier = _premier(personne, "DossierCAF", "DossierCafMsa")
        sortie = _date(_t(dossier, "DFRATDOS"), "DFRATDOS")
        present = sortie is None or (date_reference is not None and sortie > date_reference)
        if role in ROLES_COMPTES and present:
            nb_personnes += 1
            nb_enfants += role == "ENF"
        if role not in ROLES and role != "BEN":
            continue
        ident = personne.find("Identification")
        calcul = _premier(personne, "MontantCalculDroitRSAPersonne", "CalculDroitRSAPersonne")
        nom = _t(ident, "NOM")
        nom_naissance = _t(ident, "NOMNAI") or nom
        prenoms = _t(ident, "LISPRENOMS") or " ".join(
            p for p in (_t(ident, "PRENOM"), _t(ident, "PRENOM2"), _t(ident, "PRENOM3")) if p
        )
        sexe = _t(ident, "SEXE")
        lues.append(
            (
                role,
                _drapeau(_t(dossier, "TOPRESPDOS")),
                {
                    "nir": _t(ident, "NIR").replace(" ", ""),
                    "nom_naissance": nom_naissance,
                    "nom_usage": nom if nom != nom_naissance else "",
                    "prenoms": prenoms,
                    "date_naissance": _date(_t(ident, "DTNAI"), "DTNAI"),
                    "sexe": sexe if sexe in ("1", "2") else "",
                    "soumis_droits_devoirs": _drapeau(_t(calcul, "TOPPERSDRODEVORSA")),
                    "nouvel_entrant": _drapeau(_t(calcul, "TOPPERSENTDRODEVORSA")),
                    "date_entree_foyer": _date(_t(dossier, "DDRATDOS"), "DDRATDOS"),
                    "date_sortie_foyer": sortie,
                    "identifiant_france_travail": _t(personne, "DossierPoleEmploi/IDASSEDIC"),
                },
            )
        )
    return _roles(lues, role_ben), nb_personnes, nb_enfants


def _roles(lues, role_ben):
    """MembreLu for each DEM/CJT; VRSD « BEN » split into demandeur / conjoint (see ROLES_BEN)."""
    membres = []
    demandeur_pris = any(role == "DEM" for role, _, _ in lues)
    bens = [(responsable, champs) for role, responsable, champs in lues if role == "BEN"]
    if role_ben == "toprespdos":
        bens.sort(key=lambda b: b[0] is not True)  # the holder of the dossier first (stable otherwise)
    for role, _responsable, champs in lues:
        if role in ROLES:
            membres.append(MembreLu(role=ROLES[role], **champs))
    for _responsable, champs in bens:
        role = RoleFoyer.CONJOINT.value if demandeur_pris else RoleFoyer.DEMANDEUR.value
        demandeur_pris = True
        membres.append(MembreLu(role=role, **champs))
    return tuple(membres)


def _foyer(racine, *, numero, empreinte, date_reference, departement_defaut, role_ben):
    identification = racine.find("IdentificationRSA")
    organisme = _t(identification, "Organisme/FONORG").upper()
    matricule = _t(identification, "Organisme/MATRICULE")
    if not matricule:
        raise ValueError("numéro allocataire (Organisme/MATRICULE) absent")
    situation = racine.find("PrestationRSA/SituationDossierRSA")
    etat = _t(situation, "EtatDossierRSA/ETATDOSRSA")
    susp_droit = situation.find("SuspensionDroit") if situation is not None else None
    susp_vers = _premier(situation, "SuspensionVersement", "RessourcesTropElevees") if situation is not None else None
    if etat == "3" and susp_droit is not None:
        suspension = (_t(susp_droit, "MOTISUSDRORSA"), _t(susp_droit, "DDSUSDRORSA"), "DDSUSDRORSA")
    elif susp_vers is not None:
        suspension = (_t(susp_vers, "MOTISUSVERSRSA"), _t(susp_vers, "DDSUSVERSRSA"), "DDSUSVERSRSA")
    elif susp_droit is not None:
        suspension = (_t(susp_droit, "MOTISUSDRORSA"), _t(susp_droit, "DDSUSDRORSA"), "DDSUSDRORSA")
    else:
        suspension = ("", "", "")
    fin_droit = _premier(situation, "FinDroit", "FinDroitMoisAnterieur") if situation is not None else None
    detail = racine.find("PrestationRSA/DetailDroitRSA")
    tronc = detail.find("TroncCommunDroitRSA") if detail is not None else None
    natures = [n.text.strip().upper() for n in racine.iterfind("PrestationRSA/DetailDroitRSA//NATPF") if n.text]
    cedant = identification.find("OrganismeCedant") if identification is not None else None
    prenant = identification.find("OrganismePrenant") if identification is not None else None
    membres, nb_personnes, nb_enfants = _personnes(racine, date_reference, role_ben)
    return FoyerLu(
        numero=numero,
        organisme=organisme,
        numero_allocataire=matricule,
        departement=_departement(_t(identification, "Partenaire/IDEPARTE")) or departement_defaut,
        etat=etat,
        membres=membres,
        motif_suspension=suspension[0],
        date_suspension=_date(suspension[1], suspension[2]),
        motif_cloture=_t(fin_droit, "MOTICLORSA"),
        date_cloture=_date(_t(fin_droit, "DTCLORSA"), "DTCLORSA"),
        motif_refus=_t(situation, "Refus/MOTIREFURSA"),
        date_demande=_date(_t(identification, "DemandeRSA/DTDEMRSA"), "DTDEMRSA"),
        numero_demande=_t(identification, "DemandeRSA/NUMDEMRSA"),
        date_ouverture=_date(_t(situation, "DroitOuvert/DTODRSA"), "DTODRSA"),
        situation_famille=_t(racine, "DonneesAdministratives/SituationFamille/SITFAM").upper(),
        nb_personnes=nb_personnes,
        nb_enfants=nb_enfants,
        majoration_isolement=(any(n in NATURES_MAJOREES for n in natures) if natures else None),
        sans_domicile_fixe=_drapeau(_t(tronc, "TOPSANSDOMFIXE")),
        soumis_droits_devoirs_foyer=_drapeau(_t(tronc, "TOPFOYDRODEVORSA")),
        mutation_sortante=_date(_t(prenant, "DDDEPAMUT"), "DDDEPAMUT"),
        mutation_entrante=_date(_t(cedant, "DDARRMUT"), "DDARRMUT"),
        ancien_numero_allocataire=_t(cedant, "MATRICULEORGCEDMUT") or _t(cedant, "MATRICULE"),
        empreinte_brute=empreinte,
        **_adresse(racine),
    )


def lire_foyer(
    octets,
    *,
    encodage,
    format,
    numero,
    empreinte_brute=None,
    date_reference=None,
    departement_defaut="",
    role_ben=None,
):
    """One ``<InfosFoyerRSA>`` (its bytes, in the file's declared encoding) as ``FoyerLu`` or ``FoyerRejete``.

    ``format`` is the file's (``FormatFlux`` value); both schemas' element names are read whatever it says.
    ``date_reference`` (DTREF) tells which members with a DFRATDOS still count in the household;
    ``departement_defaut`` (VRSD's header IDEPARTE) is used when the household has no Partenaire;
    ``role_ben`` (one of ``ROLES_BEN``, default ``ROLE_BEN``) splits VRSD's « BEN » members.
    """
    if role_ben not in (None, *ROLES_BEN):
        raise ValueError(f"role_ben: one of {ROLES_BEN}")
    octets = bytes(octets)
    if empreinte_brute is None:
        empreinte_brute = empreinte_octets(octets)
    cle = cle_segment(octets)
    cle = cle if cle[1] else None
    try:
        texte = octets.decode(encodage)
    except UnicodeDecodeError as erreur:
        return FoyerRejete(
            numero=numero,
            motif=(
                f"Foyer n° {numero} : octet invalide pour l'encodage déclaré du fichier ({encodage}) à la "
                f"position {erreur.start} du foyer ; ce foyer est ignoré, les autres sont lus."
            ),
            cle=cle,
        )
    try:
        racine = etree.fromstring(texte, parser=_PARSEUR)
    except etree.XMLSyntaxError as erreur:
        return FoyerRejete(
            numero=numero,
            motif=f"Foyer n° {numero} : XML mal formé ({_sans_chiffres_longs(str(erreur.msg or erreur))[:200]}).",
            cle=cle,
        )
    if racine.tag != "InfosFoyerRSA":
        return FoyerRejete(numero=numero, motif=f"Foyer n° {numero} : élément InfosFoyerRSA attendu.", cle=cle)
    try:
        return _foyer(
            racine,
            numero=numero,
            empreinte=empreinte_brute,
            date_reference=date_reference,
            departement_defaut=departement_defaut,
            role_ben=role_ben or ROLE_BEN,
        )
    except ValueError as erreur:
        return FoyerRejete(numero=numero, motif=f"Foyer n° {numero} : {erreur}.", cle=cle)


def lire(fichier_binaire, *, verifier_d_abord=True):
    """``(entete, iterator of FoyerLu | FoyerRejete)`` for a whole file.

    With ``verifier_d_abord`` (a seekable file), a first scan checks the whole file (truncated, trailer)
    before the first household is given: ``FormatInvalide`` comes before anything is yielded. Without it,
    it comes at the end of the iteration, after the households read.
    """
    origine = fichier_binaire.tell()
    if verifier_d_abord:
        verification = decouper(fichier_binaire)
        for _ in verification:
            pass
        fichier_binaire.seek(origine)
    decoupage = decouper(fichier_binaire)
    entete = decoupage.entete

    def foyers():
        for segment, octets in decoupage.segments_et_octets():
            yield lire_foyer(
                octets,
                encodage=entete.encodage,
                format=entete.format,
                numero=segment.numero,
                empreinte_brute=segment.empreinte_brute,
                date_reference=entete.date_reference,
                departement_defaut=decoupage.departement_entete,
            )

    return entete, foyers()
