"""The copy of a person's file (RGPD art. 15): the registry of what the platform holds about them.

Each app declares, in ``<app>/copie_dossier.py``, a list ``CATEGORIES`` of ``Categorie``: a key, a
French label, the models it covers (``"app_label.Model"``) and, when the generic reading is not
enough, a function returning the category's tables for a person, and one returning the stored files
to put in the ZIP. The core imports no domain app: the modules are found at run time
(``categories()``), like the apps' hooks of « Où j'en suis ».

The generic reading finds, for each model, the shortest chain of foreign keys to ``Personne`` (a
contract's action: ``contrat__personne``; a pghistory event: its own copy of the keys) and writes
every concrete field as JSON, with the choices' French labels. Secrets (password hashes, link codes)
never leave: ``CHAMPS_SECRETS`` and each category's ``exclure``.

``tests/donnees/test_copie_complete.py`` fails when a model holding a person's data (a chain of keys
to ``Personne``) is covered by no category.
"""

import datetime
import decimal
import functools
import importlib
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

# Never exported, whatever the model: they are keys, not data about the person.
CHAMPS_SECRETS = frozenset({"password", "cle_idempotence"})


@dataclass(frozen=True)
class Categorie:
    cle: str
    libelle: str
    modeles: tuple[str, ...]
    description: str = ""
    # personne -> {model label: [rows]}; None: the generic reading of each model of ``modeles``.
    lignes: Callable | None = None
    # personne -> [(path inside the ZIP, FieldFile)]: stored files given with the data (documents, PDFs).
    fichiers: Callable | None = None
    # {model label: field names} left out of the export (secrets, another person's identity).
    exclure: dict = field(default_factory=dict)
    # {model label: field names} written as the related object's name rather than its id.
    noms: dict = field(default_factory=dict)
    # {model label: personne -> filter kwargs} for a model no foreign key leads from to the person (their
    # account, the notifications sent to it): how to find the person's rows.
    filtres: dict = field(default_factory=dict)


@functools.cache
def categories():
    """Every app's ``CATEGORIES``, in the order of ``INSTALLED_APPS``; keys and models declared once."""
    trouvees = []
    for config in apps.get_app_configs():
        nom = f"{config.name}.copie_dossier"
        try:
            module = importlib.import_module(nom)
        except ModuleNotFoundError as erreur:
            if erreur.name != nom:
                raise
            continue
        trouvees.extend(module.CATEGORIES)
    cles = [c.cle for c in trouvees]
    doublons = {c for c in cles if cles.count(c) > 1}
    if doublons:
        raise ValueError(f"Catégories de la copie du dossier déclarées deux fois : {sorted(doublons)}")
    modeles = [m for c in trouvees for m in c.modeles]
    doublons = {m for m in modeles if modeles.count(m) > 1}
    if doublons:
        raise ValueError(f"Modèles déclarés dans deux catégories de la copie du dossier : {sorted(doublons)}")
    return tuple(trouvees)


def modeles_couverts():
    return {m for c in categories() for m in c.modeles}


def _personne():
    return apps.get_model("personnes", "Personne")


def _cles_sortantes(modele):
    return [
        f
        for f in modele._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


@functools.cache
def chemin_vers_personne(label):
    """The shortest lookup from ``label``'s rows to the person (``"personne"``, ``"contrat__personne"``),
    ``""`` for ``Personne`` itself, None when the model holds nothing about a person."""
    personne = _personne()
    depart = apps.get_model(label)
    if depart is personne:
        return ""
    vus = {depart}
    file = deque([(depart, [])])
    while file:
        modele, chemin = file.popleft()
        for cle in _cles_sortantes(modele):
            if cle.name in ("pgh_context",):
                continue
            if cle.related_model is personne:
                return "__".join([*chemin, cle.name])
            if cle.related_model not in vus and len(chemin) < 4:
                vus.add(cle.related_model)
                file.append((cle.related_model, [*chemin, cle.name]))
    return None


def modeles_personnels():
    """Every model whose rows are about a person: a chain of foreign keys leads to ``Personne`` from it
    (``Personne`` included). What the completeness test checks against the registry."""
    personne = _personne()
    ensemble = {personne}
    change = True
    while change:
        change = False
        for modele in apps.get_models():
            if modele in ensemble:
                continue
            if any(cle.related_model in ensemble for cle in _cles_sortantes(modele) if cle.name != "pgh_context"):
                ensemble.add(modele)
                change = True
    return {m._meta.label for m in ensemble}


def _nom(objet):
    if objet is None:
        return None
    nom_complet = getattr(objet, "get_full_name", None)
    if callable(nom_complet):
        return nom_complet() or str(objet)
    return str(objet)


def _json(valeur):
    if valeur is None or isinstance(valeur, bool | int | float | str):
        return valeur
    if isinstance(valeur, datetime.datetime):
        return timezone.localtime(valeur).isoformat() if timezone.is_aware(valeur) else valeur.isoformat()
    if isinstance(valeur, datetime.date | datetime.time):
        return valeur.isoformat()
    if isinstance(valeur, datetime.timedelta):
        return valeur.total_seconds()
    if isinstance(valeur, decimal.Decimal | uuid.UUID):
        return str(valeur)
    if isinstance(valeur, dict):
        return {str(k): _json(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple | set | frozenset):
        return [_json(v) for v in valeur]
    if isinstance(valeur, bytes | memoryview):
        return None
    return str(valeur)


def _champs(modele, exclure):
    return [f for f in modele._meta.concrete_fields if f.name not in exclure and f.name not in CHAMPS_SECRETS]


def libelles(modele, *, exclure=()):
    """{field name: French label} of the exported fields: the JSON says what each key means."""
    champs = {f.name: str(f.verbose_name) for f in _champs(modele, set(exclure) | {"pgh_context"})}
    if any(f.name == "pgh_context" for f in modele._meta.concrete_fields):
        champs["modifie_par"] = "modifié par"
    return champs


def lignes_du_modele(label, personne, *, exclure=(), noms=(), filtre=None):
    """The rows of ``label`` about ``personne``, each field as JSON (choices with their label, files as
    their presence, ``noms`` as the related object's name). ``filtre``: personne -> filter kwargs, for a
    model no foreign key leads from to the person."""
    modele = apps.get_model(label)
    if filtre is not None:
        conditions = filtre(personne)
    else:
        chemin = chemin_vers_personne(label)
        if chemin is None:
            raise ValueError(f"{label} ne mène pas à une personne : déclarez son filtre dans la catégorie.")
        conditions = {"pk": personne.pk} if chemin == "" else {chemin: personne.pk}
    exclure = set(exclure) | {"pgh_context"}
    qs = modele._default_manager.filter(**conditions)
    if noms:
        qs = qs.select_related(*noms)
    qs = qs.order_by("pk")
    champs = _champs(modele, exclure)
    historique = any(f.name == "pgh_context" for f in modele._meta.concrete_fields)
    if historique:
        # pghistory's context says who made each change (its middleware, or an API client's account).
        qs = qs.select_related("pgh_context")
    resultat = []
    for objet in qs.iterator(chunk_size=500):
        ligne = {}
        if historique:
            contexte = objet.pgh_context.metadata if objet.pgh_context_id and objet.pgh_context else {}
            ligne["modifie_par"] = contexte.get("user")
        for champ in champs:
            if champ.name in noms:
                ligne[champ.name] = _nom(getattr(objet, champ.name))
                continue
            valeur = getattr(objet, champ.attname)
            if isinstance(champ, models.FileField):
                ligne[champ.name] = bool(valeur)
                continue
            ligne[champ.attname if champ.is_relation else champ.name] = _json(valeur)
            if champ.choices and valeur not in (None, ""):
                ligne[f"{champ.name}_libelle"] = _json(getattr(objet, f"get_{champ.name}_display")())
        resultat.append(ligne)
    if historique:
        _nommer_auteurs(resultat)
    return resultat


def _nommer_auteurs(lignes):
    """The history's authors (user ids from pghistory's context) by name, in one query."""
    ids = {ligne["modifie_par"] for ligne in lignes if isinstance(ligne.get("modifie_par"), int)}
    noms = {}
    if ids:
        noms = {user.pk: _nom(user) for user in apps.get_model(settings.AUTH_USER_MODEL).objects.filter(pk__in=ids)}
    for ligne in lignes:
        ligne["modifie_par"] = noms.get(ligne.get("modifie_par"))


def tables(categorie, personne):
    """{model label: {"libelle", "champs", "lignes"}} for ``categorie`` and ``personne``."""
    if categorie.lignes is not None:
        lignes = categorie.lignes(personne)
    else:
        lignes = {
            label: lignes_du_modele(
                label,
                personne,
                exclure=categorie.exclure.get(label, ()),
                noms=categorie.noms.get(label, ()),
                filtre=categorie.filtres.get(label),
            )
            for label in categorie.modeles
        }
    resultat = {}
    for label, rangs in lignes.items():
        modele = apps.get_model(label)
        resultat[label] = {
            "libelle": str(modele._meta.verbose_name_plural),
            "champs": libelles(modele, exclure=categorie.exclure.get(label, ())),
            "lignes": rangs,
        }
    return resultat


def fichiers(personne):
    """[(path inside the ZIP, FieldFile)] of every category: the stored files given with the data."""
    trouves = []
    for categorie in categories():
        if categorie.fichiers is not None:
            trouves.extend(categorie.fichiers(personne))
    return trouves
