"""A département's export (CSV or XLSX) read through its column mapping (``CorrespondanceColonnes``).

Pure: no database. The caller passes the file and the mapping (anything with ``colonnes``, ``valeurs``,
``feuille`` and ``type_flux``); this module gives what every reader gives (``inscription/flux/modele.py``).

- Headers are compared after ``normaliser`` (no accents, lower case, « n° » read as « numero »,
  ``_`` and blanks collapsed). A field the mapping names is looked for under the mapping's headers
  only; a field it does not name, under the platform's aliases (``CHAMPS``: the headers seen in the
  départements' exports, caf-msa-flux.md §7). Unrecognised columns are ignored.
- A required field without a column, or a field the mapping names whose column is absent, stops
  the file (``FormatInvalide`` naming it): nothing is written.
- Codes are translated through ``valeurs`` (the mapping's first, then ``VALEURS``), compared like
  headers; a code for the empty cell (``""``) gives the value of an empty cell or of a column the
  file does not have (e.g. the platform's CSV, whose lines are all open rights).
- Each line is checked cell by cell: a line with a faulty cell is a ``FoyerRejete`` with each
  field's error; the other lines go on. Lines are grouped by (organisme, allocataire) into one
  ``FoyerLu`` with its demandeur and conjoint (a département's export is at most a few hundred
  thousand lines: the grouping is in memory).
- CSV: UTF-8 (with or without BOM) or Windows-1252, ``;`` or ``,``, read by bounded lines
  (``inscription/flux/lignes.py``). XLSX: streamed (openpyxl read-only), the mapping's sheet or
  the first; numbers read as text without losing leading zeros their format shows.
"""

import datetime
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from stdnum.fr import nir as stdnum_nir

from inscription.enums import FormatFlux, TypeFlux
from inscription.flux import lignes
from inscription.flux.modele import EnteteFlux, FormatInvalide, FoyerLu, FoyerRejete, MembreLu
from inscription.regles import MESSAGE_PREMIER_CHIFFRE, premier_chiffre_valide, verifier_nir_naissance


@dataclass(frozen=True, slots=True)
class Champ:
    nom: str
    libelle: str
    obligatoire: bool = False
    alias: tuple[str, ...] = ()  # headers seen in the départements' exports (caf-msa-flux.md §7)
    plusieurs: bool = False  # several columns joined (the address)


_LISTE_CHAMPS = (
    Champ("organisme", "Organisme payeur (CAF ou MSA)", alias=("organisme", "organisme payeur", "fonorg")),
    Champ(
        "numero_allocataire",
        "Numéro d'allocataire",
        obligatoire=True,
        alias=("numero allocataire", "numero caf", "matricule", "numero dossier caf", "numero de dossier"),
    ),
    Champ("role", "Rôle dans le foyer", alias=("role", "qualite", "qualite beneficiaire droit", "role foyer")),
    Champ("nir", "NIR (numéro de sécurité sociale)", alias=("nir", "numero securite sociale", "numero ss")),
    Champ("sexe", "Civilité ou sexe", alias=("civilite", "sexe", "titre")),
    Champ(
        "nom_naissance",
        "Nom de naissance",
        obligatoire=True,
        alias=("nom naissance", "nom de naissance", "nom jf", "nom", "nom beneficiaire", "nom individu"),
    ),
    Champ("nom_usage", "Nom d'usage", alias=("nom usage", "nom d'usage", "nom marital")),
    Champ("prenoms", "Prénom(s)", obligatoire=True, alias=("prenoms", "prenom", "prenom individu")),
    Champ("date_naissance", "Date de naissance", obligatoire=True, alias=("date naissance", "date de naissance")),
    Champ(
        "adresse",
        "Adresse (plusieurs colonnes réunies)",
        plusieurs=True,
        alias=(
            "adresse",
            "complement adresse",
            "complement d'adresse",
            "adre1 individu",
            "adre2 individu",
            "adre3 individu",
            "compadre1 individu",
            "compadre2 individu",
        ),
    ),
    Champ("code_postal", "Code postal", alias=("code postal", "cp")),
    Champ("code_insee", "Code INSEE de la commune", alias=("code insee", "insee", "code commune")),
    Champ("nom_commune", "Commune", alias=("commune", "ville", "nom commune")),
    Champ("telephone", "Téléphone", alias=("telephone", "numero telephones", "telephone individu", "portable")),
    Champ("email", "Adresse électronique", alias=("email", "courriel", "adresses mails", "mail individu", "mail")),
    Champ(
        "identifiant_departement",
        "Identifiant dans le logiciel du département",
        alias=("id iodas", "code individu iodas", "identifiant departement", "id solis"),
    ),
    Champ("departement", "Département", alias=("departement", "code departement")),
    Champ("etat", "État du droit (code ETATDOSRSA)", alias=("etat", "etat du droit", "etatdosrsa", "etat dossier")),
    Champ("motif_suspension", "Motif de suspension", alias=("motif suspension", "motif de suspension")),
    Champ("date_suspension", "Date de suspension", alias=("date suspension", "date de suspension")),
    Champ("motif_cloture", "Motif de clôture", alias=("motif cloture", "motif de cloture")),
    Champ("date_cloture", "Date de clôture", alias=("date cloture", "date de cloture")),
    Champ(
        "date_ouverture",
        "Date d'ouverture du droit",
        alias=(
            "date ouverture",
            "date ouverture droit",
            "date d'ouverture",
            "date d'ouverture du droit",
            "date d'entree flux",
        ),
    ),
    Champ("nb_personnes", "Personnes au foyer", alias=("nb personnes foyer", "nombre de personnes")),
    Champ("nb_enfants", "Enfants à charge", alias=("nb enfants", "nombre d'enfants")),
    Champ("majoration_isolement", "Majoration pour isolement", alias=("majoration isolement", "rsa majore")),
    Champ(
        "soumis_droits_devoirs",
        "Soumis aux droits et devoirs",
        alias=("soumis droits devoirs", "soumis aux droits et devoirs", "droits et devoirs", "sdd"),
    ),
)
CHAMPS = {c.nom: c for c in _LISTE_CHAMPS}
_MEMBRE = (
    "role",
    "nir",
    "sexe",
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "date_naissance",
    "telephone",
    "email",
    "identifiant_departement",
    "soumis_droits_devoirs",
)

# What a target of ``valeurs`` may be, for the fields whose values are a closed list.
IGNORER = "ignorer"  # role: a child or another member, not followed (the line is skipped)
_OUI, _NON = "oui", "non"
VALEURS = {
    "organisme": {"": "CAF", "caf": "CAF", "msa": "MSA"},
    "role": {
        "": "demandeur",
        "dem": "demandeur",
        "demandeur": "demandeur",
        "usager": "demandeur",
        "allocataire": "demandeur",
        "beneficiaire": "demandeur",
        "cjt": "conjoint",
        "conjoint": "conjoint",
        "conjointe": "conjoint",
        "conjoint(e)": "conjoint",
        "concubin": "conjoint",
        "partenaire": "conjoint",
        "enf": IGNORER,
        "enfant": IGNORER,
        "aut": IGNORER,
        "autre": IGNORER,
    },
    "sexe": {
        "": "",
        "1": "1",
        "m": "1",
        "m.": "1",
        "mr": "1",
        "monsieur": "1",
        "homme": "1",
        "h": "1",
        "2": "2",
        "mme": "2",
        "madame": "2",
        "mlle": "2",
        "femme": "2",
        "f": "2",
    },
    **{
        champ: {"": "", **dict.fromkeys(("oui", "o", "1", "vrai", "x", "true"), _OUI)}
        | dict.fromkeys(("non", "n", "0", "faux", "false"), _NON)
        for champ in ("soumis_droits_devoirs", "majoration_isolement")
    },
}
CIBLES = {
    "organisme": ("CAF", "MSA"),
    "role": ("demandeur", "conjoint", IGNORER),
    "sexe": ("1", "2", ""),
    "soumis_droits_devoirs": (_OUI, _NON, ""),
    "majoration_isolement": (_OUI, _NON, ""),
}

_ALLOCATAIRE = re.compile(r"^[0-9A-Z]{1,20}$")
_NIR = re.compile(r"^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}(?:[0-9]{2})?$")
_TELEPHONE = re.compile(r"^(?:\+33|0)[1-9][0-9]{8}$")
_CODE_POSTAL = re.compile(r"^[0-9]{5}$")
_CODE_INSEE = re.compile(r"^(?:[0-9]{2}|2A|2B)[0-9]{3}$")
_DEPARTEMENT = re.compile(r"^(?:[0-9]{2,3}|2A|2B)$")
_ZEROS = re.compile(r"^0+$")
_DATE_FR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_LONGUEURS = {
    "nom_naissance": 150,
    "nom_usage": 150,
    "prenoms": 200,
    "adresse": 250,
    "nom_commune": 100,
    "email": 254,
    "identifiant_departement": 50,
    "etat": 4,
    "motif_suspension": 10,
    "motif_cloture": 10,
}
NAISSANCE_MIN = datetime.date(1900, 1, 1)


def normaliser(texte):
    """A header or a code as compared: no accents, lower case, « n° » as « numero », blanks collapsed."""
    texte = unicodedata.normalize("NFKD", str(texte))
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower().replace("’", "'")
    texte = re.sub(r"\bn\s*[°º]", "numero ", texte)
    texte = texte.replace("_", " ").replace("°", " ")
    return " ".join(texte.split())


# --- The header: which column carries which field -------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColonneLue:
    rang: int  # 1-based
    entete: str
    champ: str | None  # None: not recognised (ignored)
    note: str = ""  # why a recognised header is not read (a second column for the same field)

    @property
    def libelle(self):
        return CHAMPS[self.champ].libelle if self.champ else ""


@dataclass(frozen=True, slots=True)
class Lecture:
    """How a header is understood through a mapping."""

    colonnes: tuple[ColonneLue, ...]
    manquants: tuple[tuple[str, str], ...]  # (field, French message): the file cannot be imported

    def indices(self, champ):
        return [c.rang - 1 for c in self.colonnes if c.champ == champ and not c.note]


def _entetes_attendus(correspondance):
    """{field: (normalised headers, named by the mapping)}."""
    colonnes = getattr(correspondance, "colonnes", None) or {}
    attendus = {}
    for champ in CHAMPS.values():
        noms = [n for n in (colonnes.get(champ.nom) or []) if str(n).strip()]
        if noms:
            attendus[champ.nom] = (tuple(normaliser(n) for n in noms), True)
        else:
            attendus[champ.nom] = (tuple(normaliser(n) for n in champ.alias), False)
    return attendus


def comprendre_entete(entete, correspondance):
    """Which field each column carries (``Lecture``), and the fields the file lacks."""
    attendus = _entetes_attendus(correspondance)
    explicites = {}
    implicites = {}
    for champ, (noms, nomme) in attendus.items():
        for nom in noms:
            (explicites if nomme else implicites).setdefault(nom, champ)
    colonnes = []
    deja = {}
    for rang, brut in enumerate(entete, start=1):
        texte = "" if brut is None else str(brut).strip()
        cle = normaliser(texte)
        champ = (explicites.get(cle) or implicites.get(cle)) if cle else None
        # A field the mapping names is read only from its headers, never from an alias.
        if champ and cle not in explicites and attendus[champ][1]:
            champ = None
        note = ""
        if champ and champ in deja and not CHAMPS[champ].plusieurs:
            note = f"déjà lu dans la colonne {deja[champ]} : celle-ci est ignorée"
        if champ:
            deja.setdefault(champ, rang)
        colonnes.append(ColonneLue(rang, texte, champ, note))
    manquants = []
    for champ, (_noms, nomme) in attendus.items():
        if champ in deja:
            continue
        if nomme:
            entetes = ", ".join(f"« {n} »" for n in (getattr(correspondance, "colonnes", {}) or {}).get(champ, []))
            manquants.append((champ, f"colonne « {CHAMPS[champ].libelle} » absente (en-têtes attendus : {entetes})"))
        elif CHAMPS[champ].obligatoire:
            manquants.append((champ, f"colonne obligatoire « {CHAMPS[champ].libelle} » absente"))
    return Lecture(tuple(colonnes), tuple(manquants))


# --- The cells: one line as the platform understands it ------------------------------------------


def _tables_valeurs(correspondance):
    """{field: {normalised code: value}}: the mapping's codes over the platform's defaults."""
    tables = {champ: dict(table) for champ, table in VALEURS.items()}
    for champ, table in (getattr(correspondance, "valeurs", None) or {}).items():
        if champ in CHAMPS and isinstance(table, dict):
            tables.setdefault(champ, {}).update({normaliser(k): str(v).strip() for k, v in table.items()})
    return tables


def _texte(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.datetime):
        return valeur.date().isoformat()
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur).strip()


def _date(valeur, nom):
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        try:
            return from_excel(valeur).date()  # an Excel date stored as a number
        except (ValueError, OverflowError, TypeError):
            raise ValueError(f"{nom} invalide « {_texte(valeur)} »") from None
    texte = _texte(valeur).split(" ")[0].split("T")[0]
    if texte.isdigit() and len(texte) <= 5:  # an Excel date as a serial number (a spreadsheet's cell read as text)
        return _date(int(texte), nom)
    try:
        if m := _DATE_FR.match(texte):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        return datetime.date.fromisoformat(texte)
    except ValueError:
        raise ValueError(f"{nom} invalide « {texte} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)") from None


def _entier(texte, nom, minimum, maximum):
    if not texte.isdigit() or not minimum <= int(texte) <= maximum:
        raise ValueError(f"{nom} invalide « {texte} » (entier de {minimum} à {maximum})")
    return int(texte)


def nir_avec_cle(texte):
    """A NIR of 13 characters with its key computed, or of 15 with its key checked; ValueError (no value shown)."""
    nir = re.sub(r"[ .\-]", "", texte).upper()
    if not _NIR.match(nir):
        raise ValueError("NIR invalide : 13 caractères (sans clé) ou 15 (avec clé) attendus")
    if not premier_chiffre_valide(nir):
        raise ValueError(f"NIR invalide : {MESSAGE_PREMIER_CHIFFRE}")
    cle = stdnum_nir.calc_check_digits(nir[:13])
    if len(nir) == 13:
        return nir + cle
    if nir[13:] != cle:
        raise ValueError("NIR invalide : la clé de contrôle ne correspond pas")
    return nir


def _lire_champ(champ, valeur, tables, aujourd_hui):
    """The value of one field from its cell (text, or a date/number from a spreadsheet); ValueError in French."""
    libelle = CHAMPS[champ].libelle.lower()
    if champ.startswith("date_"):
        code = normaliser(_texte(valeur))
        if champ in tables and code in tables[champ]:
            valeur = tables[champ][code]
        if valeur in (None, ""):
            if CHAMPS[champ].obligatoire:
                raise ValueError("cellule vide")
            return None
        date = _date(valeur, libelle)
        if champ == "date_naissance" and not NAISSANCE_MIN <= date <= aujourd_hui:
            raise ValueError(f"date de naissance hors limites « {date:%d/%m/%Y} »")
        if champ == "date_ouverture" and date > aujourd_hui:
            raise ValueError(f"date d'ouverture du droit dans le futur « {date:%d/%m/%Y} »")
        return date
    texte = _texte(valeur)
    if champ in tables:
        code = normaliser(texte)
        if code in tables[champ]:
            texte = tables[champ][code]
        elif champ in CIBLES:
            raise ValueError(f"valeur inconnue « {texte} » : ajoutez-la aux correspondances de valeurs")
    if champ in CIBLES and texte not in CIBLES[champ]:
        raise ValueError(f"la correspondance donne « {texte} », qui n'est pas une valeur de ce champ")
    if not texte:
        if CHAMPS[champ].obligatoire:
            raise ValueError("cellule vide")
        return None if champ in ("nb_personnes", "nb_enfants", "soumis_droits_devoirs", "majoration_isolement") else ""
    if champ in _LONGUEURS and len(texte) > _LONGUEURS[champ]:
        raise ValueError(f"trop long ({len(texte)} caractères, {_LONGUEURS[champ]} au plus)")
    match champ:
        case "numero_allocataire":
            numero = re.sub(r"\s", "", texte).upper()
            if not _ALLOCATAIRE.match(numero):
                raise ValueError(f"numéro d'allocataire invalide « {texte} » (1 à 20 chiffres ou lettres)")
            return numero
        case "nir":
            return nir_avec_cle(texte)
        case "code_postal":
            texte = texte.zfill(5) if texte.isdigit() and len(texte) == 4 else texte  # 01000 read as 1000
            if not _CODE_POSTAL.match(texte):
                raise ValueError(f"code postal invalide « {texte} » (5 chiffres)")
            return texte
        case "code_insee":
            texte = texte.upper()
            texte = texte.zfill(5) if texte.isdigit() and len(texte) == 4 else texte
            if not _CODE_INSEE.match(texte):
                raise ValueError(f"code INSEE invalide « {texte} »")
            return texte
        case "departement":
            texte = texte.upper()
            if not _DEPARTEMENT.match(texte):
                raise ValueError(f"département invalide « {texte} »")
            # As our Departement.code: "093" -> "93", "02A" -> "2A", "971" stays.
            return texte[1:] if len(texte) == 3 and texte[0] == "0" else texte
        case "telephone":
            numero = re.sub(r"[ .\-()]", "", texte)
            if numero.isdigit() and len(numero) == 9:
                numero = "0" + numero  # a spreadsheet's number lost its leading zero
            if not _TELEPHONE.match(numero):
                raise ValueError(f"téléphone invalide « {texte} »")
            return numero
        case "email":
            email = texte.lower()
            try:
                validate_email(email)
            except ValidationError:
                raise ValueError(f"adresse électronique invalide « {texte} »") from None
            return email
        case "nb_personnes":
            return _entier(texte, "nombre de personnes au foyer", 1, 20)
        case "nb_enfants":
            return _entier(texte, "nombre d'enfants", 0, 19)
        case "soumis_droits_devoirs" | "majoration_isolement":
            return texte == _OUI
    return texte


def _numero_caf(numero, organisme):
    """A CAF number as the CNAF's flow gives it: 7 digits (zeros a spreadsheet dropped are put back,
    the zeros of the XML's 15-digit padding are cut), caf-msa-flux.md §2 and §7."""
    if organisme != "CAF" or not numero.isdigit():
        return numero
    if len(numero) < 7:
        return numero.zfill(7)
    if len(numero) == 15 and _ZEROS.match(numero[7:]):
        return numero[:7]
    return numero


@dataclass(frozen=True, slots=True)
class LigneComprise:
    """One data line as the platform understands it: each field's value, or its error."""

    numero: int
    brut: str
    valeurs: dict  # field -> value (None/"" when empty)
    erreurs: dict  # field -> French message
    motif: str = ""  # the line as a whole cannot be read (encoding, quoting, length)

    @property
    def ignoree(self):
        return self.valeurs.get("role") == IGNORER and not self.erreurs and not self.motif

    @property
    def cle(self):
        if "organisme" in self.erreurs or "numero_allocataire" in self.erreurs:
            return None
        organisme, numero = self.valeurs.get("organisme"), self.valeurs.get("numero_allocataire")
        return (organisme, numero) if organisme and numero else None


def comprendre_ligne(numero, cellules, brut, lecture, tables, aujourd_hui):
    valeurs, erreurs = {}, {}
    for champ in CHAMPS:
        indices = lecture.indices(champ)
        if CHAMPS[champ].plusieurs:
            parties = [_texte(cellules[i]) for i in indices if i < len(cellules)]
            cellule = " ".join(p for p in parties if p)
        else:
            cellule = cellules[indices[0]] if indices and indices[0] < len(cellules) else None
        try:
            valeurs[champ] = _lire_champ(champ, cellule, tables, aujourd_hui)
        except ValueError as exc:
            erreurs[champ] = str(exc)
    if valeurs.get("numero_allocataire") and valeurs.get("organisme"):
        valeurs["numero_allocataire"] = _numero_caf(valeurs["numero_allocataire"], valeurs["organisme"])
    if valeurs.get("nir") and valeurs.get("date_naissance"):
        try:
            verifier_nir_naissance(valeurs["nir"], valeurs["date_naissance"])
        except ValueError as exc:
            erreurs["nir"] = str(exc)
    return LigneComprise(numero, brut, valeurs, erreurs)


# --- The file: CSV or XLSX -----------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)


@dataclass(frozen=True, slots=True)
class Source:
    format: str  # "csv" or "xlsx"
    entete: list
    lignes: object  # iterator of (numero, cells or None, brut, motif)
    encodage: str = ""
    separateur: str = ""
    feuille: str = ""
    fermer: object = None


def _source_csv(fichier, longueur_max):
    examen = lignes.examiner(fichier, longueur_max=longueur_max)
    fichier.seek(0)
    octets, bom = lignes.entete(fichier, longueur_max)
    encodage = lignes.UTF8 if bom else examen.encodage
    try:
        texte = lignes.decoder(octets, encodage)
        separateur = lignes.separateur_de(texte)
        entete = lignes.cellules(texte, separateur)
    except ValueError as exc:
        raise FormatInvalide(f"L'en-tête est illisible : {exc}.") from None

    def parcourir():
        for numero, octets, trop_longue in lignes.lignes_physiques(fichier, longueur_max):
            numero += 1  # the header was line 1
            if lignes.vide(octets, separateur):
                continue
            if trop_longue:
                brut = lignes.pour_le_rapport(octets.decode(encodage, errors="replace"))
                yield numero, None, brut, f"ligne trop longue : plus de {longueur_max} octets"
                continue
            try:
                texte = lignes.decoder(octets, encodage)
                brut = lignes.pour_le_rapport(texte)
                cellules = lignes.cellules(texte, separateur)
            except ValueError as exc:
                yield numero, None, lignes.pour_le_rapport(octets.decode(encodage, errors="replace")), str(exc)
                continue
            if len(cellules) > len(entete) and any(c.strip() for c in cellules[len(entete) :]):
                yield numero, None, brut, f"{len(cellules)} colonnes pour {len(entete)} en-têtes"
                continue
            # Fewer cells: the exporter dropped the trailing empty ones; none is shifted.
            yield numero, cellules + [""] * (len(entete) - len(cellules)), brut, ""

    return Source("csv", entete, parcourir(), encodage=encodage, separateur=separateur)


def _cellule_xlsx(cellule):
    valeur = cellule.value
    if isinstance(valeur, int | float) and not isinstance(valeur, bool) and not cellule.is_date:
        texte = _texte(valeur)
        # An id typed as a number with a « 0000000 » format shows its leading zeros: keep them.
        forme = cellule.number_format or ""
        if _ZEROS.match(forme) and texte.isdigit():
            return texte.zfill(len(forme))
        return texte if isinstance(valeur, int) or valeur.is_integer() else valeur
    return valeur


def _source_xlsx(fichier, feuille):
    try:
        classeur = load_workbook(fichier, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FormatInvalide("Le fichier XLSX est illisible (archive endommagée ou incomplète).") from None
    nom = feuille if feuille and feuille in classeur.sheetnames else classeur.sheetnames[0]
    onglet = classeur[nom]
    onglet.reset_dimensions()  # some exporters declare a wrong size: read the cells there are
    rangees = onglet.iter_rows()
    entete = None
    for rangee in rangees:
        valeurs = [_texte(c.value) for c in rangee]
        if any(valeurs):
            entete = valeurs
            numero_entete = rangee[0].row if rangee and hasattr(rangee[0], "row") else 1
            break
    if entete is None:
        classeur.close()
        raise FormatInvalide(f"La feuille « {nom} » est vide.")
    while entete and not entete[-1]:
        entete.pop()

    def parcourir():
        numero = numero_entete
        try:
            for rangee in rangees:
                numero += 1
                cellules = [_cellule_xlsx(c) for c in rangee][: len(entete)]
                if not any(_texte(c) for c in cellules):
                    continue
                cellules += [None] * (len(entete) - len(cellules))
                yield numero, cellules, ";".join(_texte(c) for c in cellules), ""
        finally:
            classeur.close()

    return Source("xlsx", entete, parcourir(), feuille=nom, fermer=classeur.close)


def ouvrir(fichier, nom_fichier, correspondance, *, longueur_max=4096):
    """The file's ``Source``: XLSX or CSV by its first bytes (not its name); FormatInvalide if unreadable."""
    fichier.seek(0)
    debut = fichier.read(4)
    fichier.seek(0)
    if debut.startswith(_OLE):
        raise FormatInvalide("Les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez-le en .xlsx ou en CSV.")
    if debut.startswith(_ZIP):
        return _source_xlsx(fichier, getattr(correspondance, "feuille", ""))
    if nom_fichier.lower().endswith((".xlsx", ".xlsm")):
        raise FormatInvalide("Le fichier porte l'extension .xlsx mais n'est pas un classeur XLSX.")
    return _source_csv(fichier, longueur_max)


def _message_manquants(manquants):
    return "Le fichier ne peut pas être lu avec cette correspondance : " + " ; ".join(m for _, m in manquants) + "."


# --- Entry points --------------------------------------------------------------------------------


def lire(fichier, nom_fichier, correspondance, *, aujourd_hui=None, longueur_max=4096):
    """(``EnteteFlux``, iterator of ``FoyerLu`` / ``FoyerRejete`` in the order of their first line).

    Raises FormatInvalide (nothing to import) when the file is unreadable or a column is missing.
    """
    aujourd_hui = aujourd_hui or datetime.date.today()  # noqa: DTZ011 — callers pass timezone.localdate()
    source = ouvrir(fichier, nom_fichier, correspondance, longueur_max=longueur_max)
    lecture = comprendre_entete(source.entete, correspondance)
    if lecture.manquants:
        if source.fermer:
            source.fermer()
        raise FormatInvalide(_message_manquants(lecture.manquants))
    entete = EnteteFlux(
        format=FormatFlux.TABLEUR,
        type_flux=getattr(correspondance, "type_flux", "") or TypeFlux.QUOTIDIEN,
        cree_le=None,
        encodage=source.encodage,
    )
    return entete, _foyers(source, lecture, _tables_valeurs(correspondance), aujourd_hui)


def _rejet(ligne):
    if ligne.motif:
        return FoyerRejete(numero=ligne.numero, motif=ligne.motif, brut=ligne.brut)
    erreurs = tuple((champ, message) for champ, message in ligne.erreurs.items())
    motif = " ; ".join(f"{CHAMPS[champ].libelle} : {message}" for champ, message in erreurs)
    return FoyerRejete(numero=ligne.numero, motif=motif, brut=ligne.brut, erreurs=erreurs, cle=ligne.cle)


def _foyers(source, lecture, tables, aujourd_hui):
    groupes = {}  # key -> [LigneComprise]: in memory (a département's export, not the national stock)
    rejetees = {}  # key -> the first rejected line of that household
    sortie = []  # (first line number, FoyerRejete or key)
    for numero, cellules, brut, motif in source.lignes:
        if cellules is None:
            sortie.append((numero, FoyerRejete(numero=numero, motif=motif, brut=brut)))
            continue
        ligne = comprendre_ligne(numero, cellules, brut, lecture, tables, aujourd_hui)
        if ligne.erreurs:
            sortie.append((numero, _rejet(ligne)))
            if ligne.cle:
                rejetees.setdefault(ligne.cle, numero)
        elif not ligne.ignoree:
            if ligne.cle not in groupes:
                groupes[ligne.cle] = []
                sortie.append((numero, ligne.cle))
            groupes[ligne.cle].append(ligne)
    for _numero, element in sortie:
        if isinstance(element, FoyerRejete):
            yield element
        elif element in rejetees:
            # A household is read whole or not at all: without its rejected line, the others would
            # say that member left the household.
            motif = f"foyer incomplet : la ligne {rejetees[element]} du même allocataire est rejetée"
            for ligne in groupes[element]:
                yield FoyerRejete(numero=ligne.numero, motif=motif, brut=ligne.brut, cle=element)
        else:
            yield from _foyer(groupes[element])


def _foyer(lignes_du_foyer):
    """One ``FoyerLu`` from the lines of a household; a second demandeur (or conjoint) is rejected."""
    retenues, rejets = {}, []
    for ligne in lignes_du_foyer:
        role = ligne.valeurs["role"]
        if role in retenues:
            autre = retenues[role].numero
            motif = f"Rôle dans le foyer : un second {role} pour le même allocataire (déjà ligne {autre})"
            rejets.append(
                FoyerRejete(
                    numero=ligne.numero,
                    motif=motif,
                    brut=ligne.brut,
                    erreurs=(("role", motif.split(" : ", 1)[1]),),
                    cle=ligne.cle,
                )
            )
            continue
        retenues[role] = ligne
    ordre = [retenues[r] for r in ("demandeur", "conjoint") if r in retenues]
    foyer = {}
    for champ in CHAMPS:
        if champ in _MEMBRE:
            continue
        foyer[champ] = next((lg.valeurs[champ] for lg in ordre if lg.valeurs[champ] not in (None, "")), None)
    membres = tuple(
        MembreLu(
            role=lg.valeurs["role"],
            nir=lg.valeurs["nir"] or "",
            nom_naissance=lg.valeurs["nom_naissance"],
            nom_usage=lg.valeurs["nom_usage"] or "",
            prenoms=lg.valeurs["prenoms"],
            date_naissance=lg.valeurs["date_naissance"],
            sexe=lg.valeurs["sexe"] or "",
            soumis_droits_devoirs=lg.valeurs["soumis_droits_devoirs"],
            identifiant_departement=lg.valeurs["identifiant_departement"] or "",
            telephone=lg.valeurs["telephone"] or "",
            email=lg.valeurs["email"] or "",
        )
        for lg in ordre
    )
    yield FoyerLu(
        numero=lignes_du_foyer[0].numero,
        organisme=foyer["organisme"],
        numero_allocataire=foyer["numero_allocataire"],
        departement=foyer["departement"] or "",
        etat=foyer["etat"] or "",
        membres=membres,
        motif_suspension=foyer["motif_suspension"] or "",
        date_suspension=foyer["date_suspension"],
        motif_cloture=foyer["motif_cloture"] or "",
        date_cloture=foyer["date_cloture"],
        date_ouverture=foyer["date_ouverture"],
        nb_personnes=foyer["nb_personnes"],
        nb_enfants=foyer["nb_enfants"],
        majoration_isolement=foyer["majoration_isolement"],
        adresse=foyer["adresse"] or "",
        code_postal=foyer["code_postal"] or "",
        code_insee=foyer["code_insee"] or "",
        nom_commune=foyer["nom_commune"] or "",
    )
    yield from rejets


@dataclass(frozen=True, slots=True)
class Apercu:
    """What the platform understands of a file before anything is written (the preview)."""

    format: str = ""
    encodage: str = ""
    separateur: str = ""
    feuille: str = ""
    colonnes: tuple[ColonneLue, ...] = ()
    manquants: tuple[tuple[str, str], ...] = ()
    lignes: tuple[LigneComprise, ...] = ()
    erreur: str = ""  # the file cannot be read at all

    @property
    def champs_lus(self):
        """The recognised fields, in the order of ``CHAMPS`` (the preview's columns)."""
        lus = {c.champ for c in self.colonnes if c.champ and not c.note}
        return [c for c in CHAMPS.values() if c.nom in lus]

    @property
    def importable(self):
        return not self.erreur and not self.manquants


def apercu(fichier, nom_fichier, correspondance, n=20, *, aujourd_hui=None, longueur_max=4096):
    """The header as understood (each column: which field, or none) and the first ``n`` data lines
    as the platform reads them, with each cell's error. Never raises for the file's faults."""
    aujourd_hui = aujourd_hui or datetime.date.today()  # noqa: DTZ011 — callers pass timezone.localdate()
    try:
        source = ouvrir(fichier, nom_fichier, correspondance, longueur_max=longueur_max)
    except FormatInvalide as exc:
        return Apercu(erreur=str(exc))
    lecture = comprendre_entete(source.entete, correspondance)
    tables = _tables_valeurs(correspondance)
    lues = []
    for numero, cellules, brut, motif in source.lignes:
        if len(lues) >= n:
            break
        if cellules is None:
            lues.append(LigneComprise(numero, brut, {}, {}, motif))
        else:
            lues.append(comprendre_ligne(numero, cellules, brut, lecture, tables, aujourd_hui))
    if source.fermer:
        source.fermer()
    return Apercu(
        format=source.format,
        encodage=source.encodage,
        separateur=source.separateur,
        feuille=source.feuille,
        colonnes=lecture.colonnes,
        manquants=lecture.manquants,
        lignes=tuple(lues),
    )


def afficher(champ, valeur):
    """A value as the preview shows it (French dates; the NIR never whole)."""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, datetime.date):
        return f"{valeur:%d/%m/%Y}"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if champ == "nir":
        return f"{valeur[:1]} {valeur[1:3]} {valeur[3:5]} … (clé {valeur[13:]})"
    if champ == "sexe":
        return {"1": "homme", "2": "femme"}.get(valeur, valeur)
    return str(valeur)


# The platform's historical CSV (inscription/docs/format_flux_caf.md), the national mapping
# (migration inscription/0015 creates it): each line is a member subject to the droits et devoirs
# of an open right, hence the codes for the empty cell.
NOM_CORRESPONDANCE_PLATEFORME = "CSV historique de la plateforme"
CORRESPONDANCE_PLATEFORME = {
    "colonnes": {
        "numero_allocataire": ["numero_allocataire"],
        "organisme": ["organisme_payeur"],
        "role": ["role"],
        "nir": ["nir"],
        "nom_naissance": ["nom_naissance"],
        "nom_usage": ["nom_usage"],
        "prenoms": ["prenoms"],
        "date_naissance": ["date_naissance"],
        "adresse": ["adresse"],
        "code_postal": ["code_postal"],
        "code_insee": ["code_insee"],
        "telephone": ["telephone"],
        "email": ["email"],
        "nb_personnes": ["nb_personnes_foyer"],
        "nb_enfants": ["nb_enfants"],
        "date_ouverture": ["date_ouverture_droit"],
    },
    "valeurs": {"etat": {"": "2"}, "soumis_droits_devoirs": {"": "oui"}},
}
