"""The professional's active memberships: what every access decision starts from.

They are read on every back-office request, so they are kept in the shared cache
(Redis) per user and dropped from it as soon as a membership, an organisation or
the user changes (``francetravail/reseau/signals.py``). A revocation therefore
takes effect on the professional's next request. The cache is an optimisation
only: when Redis is unavailable the memberships are read from the database.
"""

import logging
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DEPARTEMENTAUX, Role, TypeOrganisation
from francetravail.reseau.models import Membership

logger = logging.getLogger(__name__)

_CACHE_ATTR = "_ft_contexte_pro"
# v3: pending memberships and roles held outside their type of organisation no longer count;
# contexts cached under the previous rule are never read again.
_CLE = "reseau:contexte-pro:v3:{}"

# Users whose memberships changed in this thread's open transaction: their context
# must be neither read from nor written to the cache until the change is committed
# (otherwise a rolled-back change could be cached). Reset at each request start.
_en_cours = threading.local()


@dataclass(frozen=True)
class ContexteProfessionnel:
    # organisation id -> set of roles held there
    roles_par_organisation: dict = field(default_factory=dict)
    # organisation id -> département code (None for regional/national organisations)
    departement_par_organisation: dict = field(default_factory=dict)
    # organisation id -> type of organisation (TypeOrganisation value)
    type_par_organisation: dict = field(default_factory=dict)

    @property
    def roles(self):
        return frozenset(r for roles in self.roles_par_organisation.values() for r in roles)

    def organisations_avec(self, roles):
        return frozenset(org for org, held in self.roles_par_organisation.items() if held & roles)

    @property
    def organisations_accompagnement(self):
        return self.organisations_avec(ROLES_ACCOMPAGNEMENT)

    @property
    def organisations_equipe(self):
        """Where the user runs a team of référents: they read the files of the people it is référent for."""
        return self.organisations_avec({Role.RESPONSABLE_EQUIPE})

    @property
    def organisations_mediation(self):
        return self.organisations_avec({Role.MEDIATEUR})

    @property
    def departements_orienteur(self):
        """Départements where the user orients as a France Travail conseiller: {code: organisation id}.

        France Travail orients everyone who is not a bRSA (L5411-5-1 II), so its conseillers
        see the people of their agency's département who have no organisme référent yet.
        """
        return {
            self.departement_par_organisation[org]: org
            for org in self.organisations_avec({Role.CONSEILLER})
            if self.type_par_organisation.get(org) == TypeOrganisation.AGENCE_FRANCE_TRAVAIL
            and self.departement_par_organisation.get(org)
        }

    @property
    def departements_par_organisation(self):
        """Département-wide read for departmental roles: {département code: organisation id}.

        Only through a conseil départemental: the CD reads the bRSA it pays and decides for the
        PCD (R5312-42-1 IV, L262-37). ``Membership.objects.actives()`` already drops these roles
        held elsewhere; the type is checked here again because this is what opens a whole
        département's files.
        """
        return {
            self.departement_par_organisation[org]: org
            for org in self.organisations_avec(ROLES_DEPARTEMENTAUX)
            if self.departement_par_organisation.get(org)
            and self.type_par_organisation.get(org) == TypeOrganisation.CONSEIL_DEPARTEMENTAL
        }


def contexte_professionnel(user):
    """The user's active memberships, computed at most once per request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    # A deactivated account holds no role, even while its memberships are still in the cache
    # (deactivated by a bulk update, which sends no signal to drop them).
    if user.is_authenticated and user.is_active and user.est_professionnel:
        lignes = _lignes_en_cache(user.pk)
        if lignes is None:
            lignes = _lignes_en_base(user.pk)
            _mettre_en_cache(user.pk, lignes)
    else:
        lignes = []
    roles, departements, types = {}, {}, {}
    for org_id, role, dep, type_organisation in lignes:
        roles.setdefault(org_id, set()).add(role)
        departements[org_id] = dep
        types[org_id] = type_organisation
    ctx = ContexteProfessionnel({k: frozenset(v) for k, v in roles.items()}, departements, types)
    setattr(user, _CACHE_ATTR, ctx)
    return ctx


def roles_actifs(user):
    return contexte_professionnel(user).roles


def _lignes_en_base(user_id):
    return [
        tuple(ligne)
        for ligne in Membership.objects.actives()
        .filter(user_id=user_id)
        .values_list("organisation_id", "role", "organisation__departement_id", "organisation__type_organisation")
    ]


def _modifies():
    if not hasattr(_en_cours, "users"):
        _en_cours.users = set()
    return _en_cours.users


def _lignes_en_cache(user_id):
    if user_id in _modifies():
        return None
    try:
        return cache.get(_CLE.format(user_id))
    except Exception:  # noqa: BLE001 — Redis down: the database is the source of truth
        logger.warning("Cache indisponible : rattachements lus en base.", exc_info=True)
        return None


def _mettre_en_cache(user_id, lignes):
    if user_id in _modifies():
        return
    try:
        cache.set(_CLE.format(user_id), lignes, timeout=settings.CONTEXTE_PRO_CACHE_SECONDES)
    except Exception:  # noqa: BLE001
        logger.warning("Cache indisponible : rattachements non mis en cache.", exc_info=True)


def invalider(user_ids):
    """Drops the cached memberships of ``user_ids`` now and again when the transaction commits."""
    user_ids = {pk for pk in user_ids if pk is not None}
    if not user_ids:
        return
    _modifies().update(user_ids)
    cles = [_CLE.format(pk) for pk in user_ids]

    def effacer():
        try:
            cache.delete_many(cles)
        except Exception:  # noqa: BLE001 — entries expire after CONTEXTE_PRO_CACHE_SECONDES anyway
            logger.error("Cache indisponible : rattachements non invalidés %s.", sorted(user_ids), exc_info=True)

    def apres_validation():
        effacer()
        _modifies().difference_update(user_ids)

    effacer()
    transaction.on_commit(apres_validation)


def oublier_modifications_en_cours(**kwargs):
    """request_started: a new request starts with no pending (uncommitted) change."""
    _modifies().clear()
