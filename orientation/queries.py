"""Reads of the rules in force, compiled once per process and per published versions."""

import threading

from django.db.models import Q

from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.models import Organisation
from orientation import regles
from orientation.acces import TYPES_ORIENTEURS
from orientation.enums import StatutVersion
from orientation.models import Regle, VersionReferentiel

# (national version id, departmental version id) -> ReglesCompilees. Published
# versions are immutable (Regle.clean, admin read-only), so their ids are a
# complete cache key: publishing a new version changes the key in every process.
_cache = {}
_verrou = threading.Lock()
_TAILLE_MAX_CACHE = 256


def vider_cache():
    with _verrou:
        _cache.clear()


def _versions_publiees(departement_code):
    """(national version id, departmental version id), each None when absent: one query."""
    portee = Q(referentiel__departement__isnull=True)
    if departement_code is not None:
        portee |= Q(referentiel__departement_id=departement_code)
    national = departemental = None
    for version_id, dep in VersionReferentiel.objects.filter(portee, statut=StatutVersion.PUBLIEE).values_list(
        "pk", "referentiel__departement_id"
    ):
        if dep is None:
            national = version_id
        else:
            departemental = version_id
    return national, departemental


def _compiler_versions(national_id, departemental_id):
    ids = [pk for pk in (national_id, departemental_id) if pk is not None]
    par_version = {pk: [] for pk in ids}
    for regle in Regle.objects.filter(version_id__in=ids).order_by("ordre", "pk"):
        par_version[regle.version_id].append(regle.vers_regle_moteur())
    nationales = regles.ReglesCompilees(
        par_version.get(national_id, ()), versions=[national_id] if national_id else []
    )
    if departemental_id is None:
        return nationales
    departementales = regles.ReglesCompilees(par_version[departemental_id], versions=[departemental_id])
    return regles.composer(nationales, departementales)


def regles_en_vigueur(departement_code=None):
    """The compiled rules in force: the published national version, refined by the
    published version of ``departement_code`` when there is one.

    Costs one small query when the compiled set is cached in this process. Without
    any published national version, the set is empty and every evaluation gives a
    giratoire interview.
    """
    cle = _versions_publiees(departement_code)
    compilees = _cache.get(cle)
    if compilees is None:
        compilees = _compiler_versions(*cle)
        with _verrou:
            if len(_cache) >= _TAILLE_MAX_CACHE:
                _cache.clear()
            _cache[cle] = compilees
    return compilees


def regles_de_version(version):
    """The rules ``version`` would put in force if published (for ``regles.simuler``).

    A departmental version is composed with the national version in force; a
    national version stands alone. Not cached: drafts change.
    """
    propres = regles.ReglesCompilees(version.regles_moteur(), versions=[version.pk])
    if version.referentiel.est_national:
        return propres
    national_id, _ = _versions_publiees(None)
    if national_id is None:
        return propres
    nationales = _compiler_versions(national_id, None)
    return regles.composer(nationales, propres)


def type_d_accueil(type_actuel):
    """Who takes over the accompaniment of a person who is not a bRSA and moves to another département:
    an organisation of the same type there when it is one that orients and accompanies people who are not
    bRSA (France Travail, a Mission locale, Cap emploi: L5411-5-1 II and IV), else a France Travail agency
    (France Travail orients whoever is not a bRSA). A service rule: the parcours decided stays; only the
    territory changes."""
    return type_actuel if type_actuel in TYPES_ORIENTEURS else TypeOrganisation.AGENCE_FRANCE_TRAVAIL


def organismes_d_accueil(type_actuel, departement_id):
    """The active organisations of ``departement_id`` that may take over (``type_d_accueil``), by name."""
    return Organisation.objects.filter(
        actif=True, departement_id=departement_id, type_organisation=type_d_accueil(type_actuel)
    ).order_by("nom", "pk")
