"""Which roles an organisation may hold, and which roles nobody grants to themself.

One table, read by the members form (the choices), by the action that opens an access
(``actions.creer_professionnel``: it refuses the rest), by the Django admin (model
validation) and by the access gate (``MembershipQuerySet.actives``: a role held where it
may not be, e.g. legacy data, grants nothing). Sources: SPEC §1 (who uses it) and
``reference/legal-rules.md`` (sections cited per line).

Pure data: no model import here (``models.py`` reads this module).
"""

from django.db.models import Q

from francetravail.reseau.enums import ROLES_DEPARTEMENTAUX, ROLES_DOSSIERS, Role, TypeOrganisation

T = TypeOrganisation

ROLES_PAR_TYPE_ORGANISATION = {
    T.AGENCE_FRANCE_TRAVAIL: frozenset(
        {
            # Accompaniment: France Travail is an organisme référent (L5411-5-1 IV, legal-rules §2);
            # its conseillers also orient everyone who is not a bRSA (L5411-5-1 II).
            Role.CONSEILLER,
            Role.RESPONSABLE_EQUIPE,  # runs a team of référents (designation, portfolios)
            # The regional director decides every sanction but the RSA's, through delegates
            # (R5412-4, legal-rules §4.7). An agency of the region carries the delegation.
            Role.DELEGUE_SANCTIONS,
            # The médiateur régional of France Travail: mandatory prior mediation of France
            # Travail's decisions (R5312-47, R5312-48; cessation R5411-18, legal-rules §1, §4.7).
            Role.MEDIATEUR,
            # Comités pour l'emploi: France Travail is a member at every level (L5311-10, §6).
            Role.PILOTE,
            Role.ADMIN_ORGANISATION,
            # France Travail's data protection officer (R5312-45: the rights are exercised with them;
            # France Travail's DG is the controller, R5312-38): the archive and the purge register.
            Role.PROTECTION_DONNEES,
        }
    ),
    T.MISSION_LOCALE: frozenset(
        {
            # Organisme référent and orienting body for the young people who ask (L5411-5-1 II, IV).
            Role.CONSEILLER,
            Role.RESPONSABLE_EQUIPE,
            # Its legal representative or delegate decides the CEJ/PACEA allowance sanctions and
            # the R5412-3-3 avertissement/radiation for the young people it follows (§4.7).
            Role.DELEGUE_SANCTIONS,
            # Member of the comités pour l'emploi (L5311-10; préfiguration §5.2: mandatory member).
            Role.PILOTE,
            Role.ADMIN_ORGANISATION,
            # No médiateur: appeals against non-RSA decisions go to France Travail's regional
            # mediator (R5312-47), RSA appeals to the PCD (RAPO, L262-47).
        }
    ),
    T.CAP_EMPLOI: frozenset(
        {
            # Organisme référent and orienting body for disabled people who ask (L5411-5-1 II, IV).
            Role.CONSEILLER,
            Role.RESPONSABLE_EQUIPE,
            # Member of the comités pour l'emploi (L5311-10; préfiguration §5.2).
            Role.PILOTE,
            Role.ADMIN_ORGANISATION,
            # No sanction delegate: France Travail's regional director decides for the people
            # Cap emploi follows (R5412-4: every sanction but the RSA's and the Mission locale's).
        }
    ),
    T.CONSEIL_DEPARTEMENTAL: frozenset(
        {
            # Organisme référent (L5411-5-1 IV): its référents on the professional path.
            Role.CONSEILLER,
            # SPEC §1: "Travailleur social (département or delegate)".
            Role.TRAVAILLEUR_SOCIAL,
            Role.RESPONSABLE_EQUIPE,
            # The PCD decides RSA orientations (L5411-5-1 II), RSA sanctions and RAPOs (L262-37,
            # L262-47, §4.7); the CD also reads every bRSA it pays (R5312-42-1 IV, §5). These two
            # département-wide roles live HERE ONLY (the gate reads them from no other type).
            Role.DECIDEUR_DEPARTEMENTAL,
            # The équipe pluridisciplinaire is constituted by the PCD (CASF L262-39) and gives its
            # opinion before an RSA suppression (L262-37 III, §4.2). When a département asks France
            # Travail agents to sit in it, they are attached to the CD with this role (their own
            # organisation confirms the attachment), never given it in their agency.
            Role.EQUIPE_PLURIDISCIPLINAIRE,
            # The comité départemental is co-chaired by the president of the CD (L5311-10, §6).
            Role.PILOTE,
            Role.ADMIN_ORGANISATION,
        }
    ),
    T.DELEGATAIRE_DEPARTEMENTAL: frozenset(
        {
            # A delegate body of the département is an organisme référent by convention
            # (L5411-5-1 IV): it accompanies the people it is référent for or involved with.
            Role.CONSEILLER,
            Role.TRAVAILLEUR_SOCIAL,  # SPEC §1: "département or delegate".
            Role.RESPONSABLE_EQUIPE,
            Role.ADMIN_ORGANISATION,
            # No département-wide reading: each body sees the people it is référent for; the CD
            # (not its delegate) also sees the bRSA it pays (R5312-42-1 IV, §5). Deciding the
            # orientation or a sanction of a bRSA is the PCD's (L5411-5-1 II, L262-37), and the
            # équipe pluridisciplinaire is the PCD's own body (CASF L262-39).
            # No pilote: délégataires are only "recommended" members of the comités (préfiguration §5.2).
        }
    ),
    T.PARTENAIRE: frozenset(
        {
            # Partners register at their desk and work the files they are involved in (SPEC §1,
            # §2.1: "desk (agency or partner)"; partner software "same access rules").
            Role.CONSEILLER,
            Role.RESPONSABLE_EQUIPE,
            Role.ADMIN_ORGANISATION,
            # No social-worker role (SPEC §1 reserves it to the département and its delegates:
            # it reads the health, justice and finance details of the diagnostic), no decision,
            # no mediation, no pilotage (not a member of the comités by right).
        }
    ),
}

# Roles that read people's files or decide about them: nobody grants one to themself, not
# even a national administrator (another administrator must). Pilote (aggregated indicators)
# and administrateur d'organisation (manages members, reads no file) are the only others.
ROLES_NON_AUTO_ATTRIBUABLES = ROLES_DOSSIERS | {
    Role.DELEGUE_SANCTIONS,
    Role.RESPONSABLE_EQUIPE,
    Role.PROTECTION_DONNEES,
}

REFUS_TYPE = "Le rôle « {role} » ne peut pas être attribué dans une organisation de type « {type} »."
REFUS_DEPARTEMENTAL = (
    "Le rôle « {role} » ne peut pas être attribué dans une organisation de type « {type} » : "
    "il donne accès aux dossiers de tout le département et n'existe qu'au sein d'un conseil départemental."
)
REFUS_AUTO_ATTRIBUTION = (
    "Vous ne pouvez pas vous attribuer vous-même le rôle « {role} » : il donne accès aux dossiers des "
    "personnes. Un autre administrateur de l'organisation doit le faire."
)


def roles_attribuables(type_organisation):
    return ROLES_PAR_TYPE_ORGANISATION.get(type_organisation, frozenset())


def role_attribuable(type_organisation, role):
    return role in roles_attribuables(type_organisation)


def choix_de_roles(type_organisation):
    """The (value, label) choices of the roles an organisation of this type may hold, in the enum's order."""
    permis = roles_attribuables(type_organisation)
    return [(r.value, r.label) for r in Role if r in permis]


def message_refus_type(type_organisation, role):
    gabarit = REFUS_DEPARTEMENTAL if role in ROLES_DEPARTEMENTAUX else REFUS_TYPE
    return gabarit.format(role=Role(role).label, type=TypeOrganisation(type_organisation).label)


def condition_role_admis():
    """Q on Membership: its role is one its organisation's type admits."""
    condition = Q()
    for type_organisation, permis in ROLES_PAR_TYPE_ORGANISATION.items():
        condition |= Q(organisation__type_organisation=type_organisation, role__in=sorted(permis))
    return condition
