"""Communes chosen by name: the autocomplete of the COG and the resolution of what was typed.

People and employers know a commune by its name and its postcode, never by its INSEE code.
A form accepts « Lille », « Lille (59000) », « Beaumont (63) » (department) or an INSEE code
(professionals still type them), and ``resoudre_commune`` turns it into one commune or a French
error that lists the choices. Names are compared by their key (``ft_cle_nom``: upper case, no
accents) with hyphens and apostrophes read as spaces, so « saint etienne » is « Saint-Étienne ».
In the COG no two communes share both a name and a postcode: « Nom (code postal) » is exact.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Replace

from francetravail.personnes.cle_nom import CleNom
from francetravail.reseau.models import Commune

CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
# « Nom (59000) », « Nom (59) », « Nom (2A004) »: the qualifier the autocomplete writes or a person adds.
QUALIFIE = re.compile(r"^(.*?)\s*\(\s*(\d{5}|2[AB]\d{3}|\d{2,3}|2[AB])\s*\)$", re.IGNORECASE)
# Longer input is not a commune name; capping it bounds the work of the search.
LONGUEUR_MAX = 100
# Current communes and municipal arrondissements: the ones an address or a workplace is in.
TYPES = ("COM", "ARM")
# How many communes an ambiguity error names.
CHOIX_MAX = 8


def _espaces(texte):
    return " ".join(re.sub(r"[-'’]", " ", texte or "").split())


def _cle(champ):
    """The comparison key of a column: ft_cle_nom, with hyphens and apostrophes as spaces."""
    return Replace(
        Replace(Replace(CleNom(champ), Value("-"), Value(" ")), Value("'"), Value(" ")), Value("’"), Value(" ")
    )


def libelle_commune(commune):
    """« Nom (code postal) »: what the autocomplete writes and what a form shows back."""
    if commune is None:
        return ""
    qualificatif = commune.codes_postaux[0] if commune.codes_postaux else commune.departement_id
    return f"{commune.nom} ({qualificatif})"


def _communes():
    return Commune.objects.filter(type_commune__in=TYPES).select_related("departement")


def rechercher_communes(texte, limite=10):
    """The communes whose name begins with (or, from three letters, contains) ``texte``, or that a
    postcode or INSEE code designates; exact names first, then the most populated. One query."""
    texte = " ".join((texte or "").split())[:LONGUEUR_MAX]
    if (trouve := QUALIFIE.match(texte)) is not None:
        texte = trouve.group(1)
    if len(texte) < 2:
        return []
    if texte.isdigit() or CODE_INSEE.match(texte):
        code = texte.upper()
        if len(code) < 5:
            return (
                list(_communes().filter(departement_id=code).order_by("-population", "nom")[:limite])
                if len(code) <= 3
                else []
            )
        return list(
            _communes()
            .filter(Q(code_insee=code) | Q(codes_postaux__contains=[code]))
            .order_by("-population", "nom")[:limite]
        )
    cle = CleNom(Value(_espaces(texte)))
    correspond = Q(cle_nom__startswith=cle)
    if len(texte) >= 3:
        correspond |= Q(cle_nom__contains=cle)
    return list(
        _communes()
        .alias(cle_nom=_cle("nom"))
        .filter(correspond)
        .annotate(
            rang=Case(
                When(cle_nom=cle, then=Value(0)),
                When(cle_nom__startswith=cle, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rang", "-population", "nom")[:limite]
    )


def resoudre_commune(texte, codes_insee=False):
    """The one commune ``texte`` designates. Raises ``ValidationError`` (in French) when none does,
    or when several do — then naming them as « Nom (code postal) », to be typed or picked. One query.
    ``codes_insee``: a professional's form, which says that a code alone is an INSEE code."""
    texte = " ".join((texte or "").split())[:LONGUEUR_MAX]
    if not texte:
        raise ValidationError("Indiquez la commune.")
    if CODE_INSEE.match(texte):
        # An INSEE code, or a postcode typed alone: both are five digits, and the same five digits can be
        # one commune's INSEE code and another's postcode. Only a code that designates one commune is taken.
        code = texte.upper()
        communes = list(
            _communes().filter(Q(code_insee=code) | Q(codes_postaux__contains=[code])).order_by("nom")[: CHOIX_MAX + 1]
        )
        if codes_insee and (exacte := [c for c in communes if c.code_insee == code]):
            return exacte[0]
        if not communes:
            raise ValidationError(
                "Aucune commune n'a le code « %(code)s » : tapez plutôt le nom de la commune.", params={"code": code}
            )
        return _une_seule(communes, texte)
    nom, qualificatif = texte, None
    if (trouve := QUALIFIE.match(texte)) is not None:
        nom, qualificatif = trouve.group(1), trouve.group(2).upper()
    qs = _communes().alias(cle_nom=_cle("nom")).filter(cle_nom=CleNom(Value(_espaces(nom))))
    if qualificatif:
        qs = qs.filter(
            Q(codes_postaux__contains=[qualificatif]) | Q(code_insee=qualificatif) | Q(departement_id=qualificatif)
        )
    communes = list(qs.order_by("-population", "nom")[: CHOIX_MAX + 1])
    if not communes:
        if qualificatif:
            raise ValidationError(
                "Aucune commune « %(nom)s » pour « %(code)s » : vérifiez le nom et le code postal.",
                params={"nom": nom, "code": qualificatif},
            )
        raise ValidationError(
            "Aucune commune ne s'appelle « %(nom)s » : vérifiez l'orthographe, ou choisissez-la dans la liste "
            "proposée en tapant le début de son nom.",
            params={"nom": nom},
        )
    return _une_seule(communes, texte)


def _une_seule(communes, texte):
    if len(communes) == 1:
        return communes[0]
    choix = ", ".join(f"« {libelle_commune(c)} »" for c in communes[:CHOIX_MAX])
    suite = " …" if len(communes) > CHOIX_MAX else ""
    raise ValidationError(
        "Plusieurs communes correspondent à « %(texte)s » : précisez le code postal entre parenthèses, "
        "par exemple %(choix)s%(suite)s.",
        params={"texte": texte, "choix": choix, "suite": suite},
    )


def _nom_postal(texte):
    """« Saint-Amand-les-Eaux » and « ST AMAND LES EAUX » are the same name on an envelope."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]", "", sans_accents.upper().replace("SAINT", "ST"))


def commune_par_code_postal(code_postal, nom):
    """The commune served by ``code_postal`` and named ``nom`` in a postal address (accents, case and
    « Saint »/« St » ignored; former names of merged communes accepted). Used by every address form
    (registration, employer's account). Raises ``ValidationError({"code_postal"|"commune": ...})``."""
    code_postal = (code_postal or "").strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{5}", code_postal):
        raise ValidationError({"code_postal": "Le code postal compte 5 chiffres, par exemple 59000."})
    candidates = list(Commune.objects.filter(codes_postaux__contains=[code_postal]).order_by("nom"))
    if not candidates:
        raise ValidationError({"code_postal": "Ce code postal n'existe pas : vérifiez-le."})
    voulu = _nom_postal(nom or "")
    trouvees = [
        c for c in candidates if _nom_postal(c.nom) == voulu or voulu in {_nom_postal(n) for n in c.anciens_noms}
    ]
    if len(trouvees) != 1:
        noms = ", ".join(c.nom for c in candidates[:10])
        raise ValidationError(
            {
                "commune": f"Cette commune n'est pas desservie par le code postal {code_postal}. "
                f"Communes possibles : {noms}."
            }
        )
    return trouvees[0]
