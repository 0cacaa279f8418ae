"""Who may decide, ask for and manage orientations.

Every "may this user…" rule of the app lives here; actions, views and the admin import them from
this module (CONTRIBUTING.md).

Who may decide (L5411-5-1 II), as implemented:

- a bRSA: a « décideur départemental » of an organisation of the person's département
  (the PCD's services). France Travail decides only once the decision is in its queue,
  i.e. when the département has not oriented within ``orientation.delai_rsa``
  (CASF D262-65-2), or when the département delegates it by convention (the
  ``orientation.delegation_rsa_france_travail`` parameter);
- anyone else: a conseiller of an Agence France Travail, a Mission locale or a Cap
  emploi whose organisation can see the person through the access gate (their
  organisme référent, or involved in the file).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from francetravail.parametres.lookup import valeur
from francetravail.personnes.acces import (
    accompagne_depuis_l_organisme_referent,
    est_la_personne,
    personnes_visibles,
)
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role, TypeOrganisation
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from inscription.queries import personnes_sorties_du_rsa
from orientation.enums import STATUTS_OUVERTS, FileDecision
from orientation.models import DecisionOrientation

# Organisations whose conseillers orient people who are not bRSA.
TYPES_ORIENTEURS = (
    TypeOrganisation.AGENCE_FRANCE_TRAVAIL,
    TypeOrganisation.MISSION_LOCALE,
    TypeOrganisation.CAP_EMPLOI,
)
REFUS_DEMENAGEMENT = "Seul le référent de la personne, dans son organisme référent, déclare son déménagement."
REFUS_DECIDEUR = "Vous n'êtes pas compétent pour décider de l'orientation de cette personne."
# Who opens the deciders' queue (backoffice:orientations); what is in it for them: decisions_a_traiter.
ROLES_DECIDEURS = {Role.CONSEILLER, Role.DECIDEUR_DEPARTEMENTAL}


def decisions_a_traiter(user):
    """The open decisions ``user`` may decide, restricted to the people the access gate shows them."""
    ctx = contexte_professionnel(user)
    condition = Q(pk__in=[])
    departements = {
        ctx.departement_par_organisation.get(org) for org in ctx.organisations_avec({Role.DECIDEUR_DEPARTEMENTAL})
    } - {None}
    if departements:
        condition |= Q(beneficiaire_rsa=True, file=FileDecision.ORIENTEUR, personne__departement_id__in=departements)
    conseiller = ctx.organisations_avec({Role.CONSEILLER})
    if conseiller:
        types = dict(Organisation.objects.filter(pk__in=conseiller).values_list("pk", "type_organisation"))
        if any(t in TYPES_ORIENTEURS for t in types.values()):
            condition |= Q(beneficiaire_rsa=False)
        agences = {org for org, t in types.items() if t == TypeOrganisation.AGENCE_FRANCE_TRAVAIL}
        deps_ft = {ctx.departement_par_organisation.get(org) for org in agences} - {None}
        if deps_ft:
            condition |= Q(
                beneficiaire_rsa=True, file=FileDecision.FRANCE_TRAVAIL, personne__departement_id__in=deps_ft
            )
            # The PCD may delegate the orientation of bRSA to France Travail by convention
            # (L5411-5-1 II): a départemental parameter says so.
            delegues = [d for d in deps_ft if valeur("orientation.delegation_rsa_france_travail", departement=d)]
            if delegues:
                condition |= Q(beneficiaire_rsa=True, personne__departement_id__in=delegues)
    # A bRSA the CAF/MSA flow took out of the RSA (right closed) is no longer to orient as such: out of the
    # queue until a file reopens the right (inscription.vie_du_droit); the decision itself is kept.
    return DecisionOrientation.objects.filter(
        condition, statut__in=STATUTS_OUVERTS, personne__in=personnes_visibles(user)
    ).exclude(Q(beneficiaire_rsa=True) & personnes_sorties_du_rsa("personne_id"))


def peut_ouvrir_la_file(user):
    """The deciders' queue opens (its link is shown) to a professional with a deciding role."""
    if not (user and user.is_authenticated and user.est_professionnel):
        return False
    return bool(contexte_professionnel(user).roles & ROLES_DECIDEURS)


def peut_decider(user, decision):
    """``decision`` is in ``user``'s queue (``decisions_a_traiter``)."""
    if not (user and user.is_authenticated):
        return False
    return decisions_a_traiter(user).filter(pk=decision.pk).exists()


def peut_demander_reorientation(user, personne):
    """The person themself, or a professional of their organisme référent with an accompaniment role
    (L5411-5-2 II)."""
    if est_la_personne(user, personne):
        return True
    ctx = contexte_professionnel(user)
    return personne.organisme_referent_id in ctx.organisations_avec(ROLES_ACCOMPAGNEMENT)


def departements_geres(user):
    """Départements whose référentiel ``user`` may change; None means all (national staff).

    National staff are the superusers; departmental staff change their own
    département's référentiel only (décideur départemental role there).
    """
    if user.is_superuser:
        return None
    ctx = contexte_professionnel(user)
    return {
        ctx.departement_par_organisation[org]
        for org in ctx.organisations_avec({Role.DECIDEUR_DEPARTEMENTAL})
        if ctx.departement_par_organisation.get(org)
    }


def peut_gerer(user, departement_id):
    """A superuser manages every référentiel (the national one included); a décideur départemental,
    those of their départements."""
    deps = departements_geres(user)
    if deps is None:
        return True
    return departement_id is not None and departement_id in deps


def peut_declarer_demenagement(user, personne):
    """The référent's side of the file (an accompaniment role in the organisme référent) records a move:
    the same rule as ending an accompaniment. Never the person alone, a departmental decider, a mediator
    or an involved partner, who read the file but do not hold it."""
    return accompagne_depuis_l_organisme_referent(user, personne)


def exiger_referent_demenagement(user, personne):
    if not peut_declarer_demenagement(user, personne):
        raise ValidationError(REFUS_DEMENAGEMENT)
