"""Who reads the intermediate archive (francetravail/donnees/archives.py): the data protection officer only."""

from francetravail.comptes.acces import est_professionnel_actif
from francetravail.reseau.enums import Role
from francetravail.reseau.roles import contexte_professionnel

REFUS_ROLE = "Seul le délégué à la protection des données consulte les dossiers archivés."


def organisation_protection_donnees(user):
    """The organisation through which ``user`` holds the data protection role (the lowest id), or None.
    No query (the memberships are cached; ``Membership.objects.actives`` ignores the role outside a France
    Travail agency, ``reseau/attribution.py``)."""
    if not est_professionnel_actif(user):
        return None
    organisations = contexte_professionnel(user).organisations_avec({Role.PROTECTION_DONNEES})
    return min(organisations) if organisations else None


def peut_lire_les_archives(user):
    return organisation_protection_donnees(user) is not None
