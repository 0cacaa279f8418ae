"""Who reads and who writes which part of the diagnostic: the one table to change.

Reading the diagnostic at all goes through the file's access gate
(``francetravail/personnes/acces.py``). On top of it, this module says, for the
reader's relation to the person (their *qualité*), which sensitive sections they
read and whether they co-write; the rules that read this table are in
``diagnostic.acces``. What the law says: health and justice details are
"visible only to those who need them" (SPEC §2.5); a professional reads what their
mission needs, no more (RGPD art. 5.1 c, minimisation).
"""

import enum

from diagnostic.enums import PARTIES_SENSIBLES, Section
from francetravail.audit.enums import Canal
from francetravail.personnes.acces import journaliser_lecture, organisation_donnant_acces
from francetravail.personnes.enums import RoleImplication
from francetravail.personnes.models import Implication
from francetravail.reseau.enums import Role
from francetravail.reseau.roles import contexte_professionnel


class Qualite(enum.StrEnum):
    # An accompaniment role (conseiller, travailleur social) in the person's organisme référent.
    REFERENT = "referent"
    # A travailleur social of an organisation involved in the file as co-référent (an Implication
    # accepted and in force, to the organisation or to them by name), e.g. the département's social
    # worker co-writing the diagnostic with the référent. As an intervenant, they read the file
    # (the gate) and the diagnostic's common sections, and write nothing.
    TRAVAILLEUR_SOCIAL_IMPLIQUE = "travailleur_social_implique"
    # Departmental roles of the person's département.
    DECIDEUR_DEPARTEMENTAL = "decideur_departemental"
    EQUIPE_PLURIDISCIPLINAIRE = "equipe_pluridisciplinaire"
    PERSONNE = "personne"


# Sensitive section → who reads it. Anyone not listed (a conseiller of an involved
# organisation, a médiateur, a pilote, an organisation's administrator…) never does.
LECTEURS_SENSIBLES = {
    Section.SANTE: frozenset(
        {
            # The référent builds the plan around the person's health (hours lowered or
            # waived on health grounds, L5411-6): they need the details.
            Qualite.REFERENT,
            # The social worker co-writes the diagnostic and works the health barrier
            # (access to care, disability recognition); bound by professional secrecy (CASF L411-3).
            Qualite.TRAVAILLEUR_SOCIAL_IMPLIQUE,
            # The équipe pluridisciplinaire gives its opinion before an RSA suppression or a
            # re-orientation (CASF L262-39): a health problem is the first "motif légitime".
            Qualite.EQUIPE_PLURIDISCIPLINAIRE,
            # Not the décideur départemental: deciding the parcours and the sanction reads the
            # strength of the barriers (section « Freins »), not the medical details.
            Qualite.PERSONNE,
        }
    ),
    Section.JUSTICE: frozenset(
        {
            # The référent: a court obligation (hours, place, ban on a trade) shapes the plan.
            Qualite.REFERENT,
            # The social worker: access to rights and the link with the SPIP are their mission.
            Qualite.TRAVAILLEUR_SOCIAL_IMPLIQUE,
            # Neither departmental role: no orientation or sanction decision needs the
            # details of a judicial situation; the « Freins » section says it weighs.
            Qualite.PERSONNE,
        }
    ),
    Section.FINANCES: frozenset(
        {
            # The référent: debts and resources bear on what the plan can ask (travel, childcare).
            Qualite.REFERENT,
            # The social worker: budget support, over-indebtedness files, emergency aid.
            Qualite.TRAVAILLEUR_SOCIAL_IMPLIQUE,
            # The décideur départemental sets an RSA suspension's rate and length within the
            # legal range (CASF R262-68): the household's financial situation is weighed.
            Qualite.DECIDEUR_DEPARTEMENTAL,
            # The équipe pluridisciplinaire's opinion on a suppression weighs the same.
            Qualite.EQUIPE_PLURIDISCIPLINAIRE,
            Qualite.PERSONNE,
        }
    ),
}

# Who co-writes the diagnostic (SPEC §2.5: "co-written by the référent and the social
# worker"). They write every section they read.
REDACTEURS = frozenset({Qualite.REFERENT, Qualite.TRAVAILLEUR_SOCIAL_IMPLIQUE})


def qualites(user, personne):
    """The reader's relations to ``personne`` (at most one query: the involvement)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.est_personne:
        return frozenset({Qualite.PERSONNE}) if personne.user_id == user.pk else frozenset()
    if not user.est_professionnel:
        return frozenset()
    ctx = contexte_professionnel(user)
    resultat = set()
    if (
        personne.organisme_referent_id is not None
        and personne.organisme_referent_id in ctx.organisations_accompagnement
    ):
        resultat.add(Qualite.REFERENT)
    sociales = ctx.organisations_avec({Role.TRAVAILLEUR_SOCIAL})
    if sociales and (
        Implication.objects.actives()
        .ouvertes_a(user)
        .filter(personne_id=personne.pk, organisation_id__in=sociales, role=RoleImplication.CO_REFERENT)
        .exists()
    ):
        resultat.add(Qualite.TRAVAILLEUR_SOCIAL_IMPLIQUE)
    for role, qualite in (
        (Role.DECIDEUR_DEPARTEMENTAL, Qualite.DECIDEUR_DEPARTEMENTAL),
        (Role.EQUIPE_PLURIDISCIPLINAIRE, Qualite.EQUIPE_PLURIDISCIPLINAIRE),
    ):
        departements = {ctx.departement_par_organisation.get(org) for org in ctx.organisations_avec({role})}
        if personne.departement_id is not None and personne.departement_id in departements:
            resultat.add(qualite)
    return frozenset(resultat)


def journaliser_sensibles(user, personne, etats, *, canal=Canal.WEB):
    """One access-log row per sensitive section shown with content, under its own part (page and API alike)."""
    montrees = [e.section for e in etats if e.section in PARTIES_SENSIBLES and e.version is not None]
    if not montrees:
        return
    organisation = organisation_donnant_acces(user, personne) or None
    for section in montrees:
        journaliser_lecture(
            user, personne, partie=PARTIES_SENSIBLES[section], canal=canal, organisation_id=organisation
        )
