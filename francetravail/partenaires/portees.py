"""The API's scopes: one per resource and per read / write, and who may hold each.

An organisation's admin gives a client some of these scopes; a token carries at most those
(``PorteesDuClient``, django-oauth-toolkit's scopes backend). A scope never widens what the
client's role may do on the site: it narrows it. ``ROLES`` says which roles may be given a
scope at all (the confidential parts of the diagnostic only to roles that read them on the site).
"""

from oauth2_provider.scopes import BaseScopes

from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DEPARTEMENTAUX, ROLES_DOSSIERS, Role

LECTURE = "read"
ECRITURE = "write"

PORTEES = {
    "personnes:read": "Lire les personnes (identité, coordonnées, inscription, statut)",
    "personnes:write": "Modifier les coordonnées des personnes",
    "personnes.nir:read": "Rechercher une personne par son NIR",
    "orientation:read": "Lire les décisions d'orientation",
    "orientation:write": "Décider d'une orientation",
    "rendezvous:read": "Lire les rendez-vous, les agendas et le suivi des rendez-vous",
    "rendezvous:write": "Prendre un rendez-vous et noter la présence",
    "diagnostic:read": "Lire le diagnostic (hors parties confidentielles)",
    "diagnostic:write": "Modifier les sections du diagnostic",
    "diagnostic.confidentiel:read": "Lire les parties confidentielles du diagnostic (santé, justice, finances)",
    "contrats:read": "Lire les contrats d'engagement (versions, plan d'action, heures, PDF)",
    "contrats:write": "Ajouter des actions au plan et déclarer les heures hebdomadaires",
    "sanctions:read": "Lire les manquements et les procédures de sanction",
    "sanctions:write": "Signaler un manquement",
    "flux:write": "Déposer le flux CAF/MSA des bénéficiaires du RSA",
    "offres:read": "Lire les offres et les candidatures",
    "offres:write": "Publier et modifier des offres",
    "referentiels:read": "Lire les référentiels (métiers ROME, communes, organisations du réseau)",
}

# Roles to which each scope may be given. A scope absent from here may be given to any role that
# follows files; the API's gate still applies the role's rules on every call.
ROLES = {
    "personnes.nir:read": ROLES_ACCOMPAGNEMENT | ROLES_DEPARTEMENTAUX,
    "orientation:write": frozenset({Role.DECIDEUR_DEPARTEMENTAL}),
    "diagnostic.confidentiel:read": ROLES_ACCOMPAGNEMENT,
    "sanctions:write": ROLES_ACCOMPAGNEMENT,
    # The roles of the upload page (inscription.acces.ROLES_FLUX), of which a client may act with the admin's.
    "flux:write": frozenset({Role.ADMIN_ORGANISATION, Role.PILOTE}),
}

# Roles an API client may act with: those that work files, and the département's admin (flux).
ROLES_CLIENT = ROLES_DOSSIERS | {Role.ADMIN_ORGANISATION}


# What an employer's recruitment software (ATS) may be given: its offers and their applications.
PORTEES_EMPLOYEUR = ("offres:read", "offres:write", "referentiels:read")


def portees_permises(role):
    """The scopes a client acting with ``role`` may be given, in the order of ``PORTEES``
    (``role`` empty: an employer's software)."""
    if not role:
        return list(PORTEES_EMPLOYEUR)
    return [code for code in PORTEES if code not in ("offres:write",) and role in ROLES.get(code, ROLES_CLIENT)]


def portee(ressource, methode_sure):
    """``personnes`` + a safe method → ``personnes:read``; otherwise ``personnes:write``."""
    return f"{ressource}:{LECTURE if methode_sure else ECRITURE}"


class PorteesDuClient(BaseScopes):
    """django-oauth-toolkit's scopes backend: a token gets the scopes of its client, no more."""

    def get_all_scopes(self):
        return dict(PORTEES)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = getattr(application, "client_api", None)
        if client is None or not client.actif:
            return []
        return list(client.portees)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
