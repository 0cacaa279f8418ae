"""The professional's active memberships, loaded once per request."""

from dataclasses import dataclass, field

from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DEPARTEMENTAUX, Role

_CACHE_ATTR = "_ft_contexte_pro"


@dataclass(frozen=True)
class ContexteProfessionnel:
    # organisation id -> set of roles held there
    roles_par_organisation: dict = field(default_factory=dict)
    # organisation id -> département code (None for regional/national organisations)
    departement_par_organisation: dict = field(default_factory=dict)

    @property
    def roles(self):
        return frozenset(r for roles in self.roles_par_organisation.values() for r in roles)

    def organisations_avec(self, roles):
        return frozenset(org for org, held in self.roles_par_organisation.items() if held & roles)

    @property
    def organisations_accompagnement(self):
        return self.organisations_avec(ROLES_ACCOMPAGNEMENT)

    @property
    def organisations_mediation(self):
        return self.organisations_avec({Role.MEDIATEUR})

    @property
    def departements_par_organisation(self):
        """Département-wide read for departmental roles: {département code: organisation id}."""
        return {
            self.departement_par_organisation[org]: org
            for org in self.organisations_avec(ROLES_DEPARTEMENTAUX)
            if self.departement_par_organisation.get(org)
        }


def contexte_professionnel(user):
    """One query per request; cached on the user object the request carries."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from francetravail.reseau.models import Membership

    roles, departements = {}, {}
    if user.is_authenticated and user.est_professionnel:
        rows = (
            Membership.objects.actives()
            .filter(user=user)
            .values_list("organisation_id", "role", "organisation__departement_id")
        )
        for org_id, role, dep in rows:
            roles.setdefault(org_id, set()).add(role)
            departements[org_id] = dep
    ctx = ContexteProfessionnel({k: frozenset(v) for k, v in roles.items()}, departements)
    setattr(user, _CACHE_ATTR, ctx)
    return ctx


def roles_actifs(user):
    return contexte_professionnel(user).roles
