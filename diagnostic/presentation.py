"""A section's content as people read it: labels instead of keys and codes, and the
differences between two versions, field by field, in French."""

import datetime
import difflib
import re

from django import forms

from diagnostic.enums import PARTIES_SENSIBLES, Section, Severite
from diagnostic.forms import FORMULAIRES
from inscription.enums import TypeFrein

VIDE = "Non renseigné"
_MOTS = re.compile(r"\s+|[^\s]+")
# Content recorded by the action rather than typed in the form (the API ignores it in a write: it is the action's).
ENREGISTRES = {Section.DROITS_DEVOIRS: {"informee_par": "Information donnée par"}}


def _champs(section):
    """(key, form field or None, label) of a section's content, in the form's order."""
    form = FORMULAIRES[section]
    for nom in form.champs_contenu():
        yield nom, form.base_fields[nom], form.base_fields[nom].label
    for nom, libelle in ENREGISTRES.get(section, {}).items():
        yield nom, None, libelle


def _libelles_choix(champ):
    return {str(valeur): str(libelle) for valeur, libelle in getattr(champ, "choices", ()) if valeur != ""}


def valeur_lisible(champ, valeur):
    """One field's value in plain French."""
    if valeur in (None, "", []):
        return VIDE
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if champ is None:
        return str(valeur)
    if isinstance(champ, forms.MultipleChoiceField) and valeur and isinstance(valeur[0], dict):
        # Target jobs: the label and the ROME code are stored with the OGR code.
        return ", ".join(f"{m['libelle']} ({m['code_rome']})" for m in valeur)
    choix = _libelles_choix(champ)
    if isinstance(valeur, list):
        return ", ".join(choix.get(str(v), str(v)) for v in valeur)
    if isinstance(champ, forms.DateField):
        try:
            return datetime.date.fromisoformat(valeur).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(valeur)
    if choix:
        return choix.get(str(valeur), str(valeur))
    return str(valeur)


def lignes(section, contenu, repris=()):
    """[{"nom", "libelle", "valeur", "repris"}] for each field of the section, in the form's order."""
    resultat = []
    for nom, champ, libelle in _champs(section):
        resultat.append(
            {
                "nom": nom,
                "libelle": libelle,
                "valeur": valeur_lisible(champ, contenu.get(nom)),
                "repris": nom in repris,
            }
        )
    return resultat


def _fragments(avant, apres):
    """Word-level changes between two texts: [(kind, text)] with kind egal / retire / ajoute."""
    mots_avant, mots_apres = _MOTS.findall(avant), _MOTS.findall(apres)
    resultat = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mots_avant, mots_apres, autojunk=False).get_opcodes():
        if op == "equal":
            resultat.append(("egal", "".join(mots_avant[i1:i2])))
            continue
        if op in ("replace", "delete"):
            resultat.append(("retire", "".join(mots_avant[i1:i2])))
        if op in ("replace", "insert"):
            resultat.append(("ajoute", "".join(mots_apres[j1:j2])))
    return resultat


def differences(section, avant, apres):
    """The fields that changed between two contents of ``section``, in the form's order.

    Each: {"libelle", "avant", "apres", "fragments"}: the values in plain French, and
    for a text that was edited (not filled or emptied), the words removed and added.
    """
    resultat = []
    for nom, champ, libelle in _champs(section):
        if (avant.get(nom) in (None, "", [])) and (apres.get(nom) in (None, "", [])):
            continue
        if avant.get(nom) == apres.get(nom):
            continue
        lisible_avant, lisible_apres = valeur_lisible(champ, avant.get(nom)), valeur_lisible(champ, apres.get(nom))
        fragments = None
        texte = isinstance(champ, forms.CharField)
        if texte and avant.get(nom) and apres.get(nom):
            fragments = _fragments(str(avant[nom]), str(apres[nom]))
        resultat.append({"libelle": libelle, "avant": lisible_avant, "apres": lisible_apres, "fragments": fragments})
    return resultat


def freins(contenu):
    """The barriers identified (a severity chosen): [{"type", "severite", "solution"}], in the list's order."""
    resultat = []
    for type_frein in TypeFrein:
        severite = contenu.get(f"{type_frein.value}_severite")
        if not severite:
            continue
        resultat.append(
            {
                "type": type_frein.label,
                "severite": Severite(severite).label if severite in Severite.values else severite,
                "code_severite": severite,
                "solution": contenu.get(f"{type_frein.value}_solution") or "",
            }
        )
    return resultat


def blocs(etats, redigeables=()):
    """What the pages show per section (``queries.EtatSection`` in, dicts out)."""
    return [
        {
            "etat": etat,
            "section": etat.section,
            "titre": etat.section.label,
            "sensible": etat.section in PARTIES_SENSIBLES,
            "lignes": lignes(etat.section, etat.contenu, etat.repris),
            "freins": freins(etat.contenu) if etat.section == Section.FREINS else None,
            "modifiable": etat.section in redigeables,
        }
        for etat in etats
    ]
