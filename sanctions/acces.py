"""Who may see or do what in a sanction procedure, an appeal or an end of the RSA right.

Every "may this user…" rule of the app lives here, one rule per function; ``sanctions.actions``
and ``sanctions.fin_droit`` call the ``exiger_*`` forms (the only guarantee), the views and
template tags the ``est_*`` / ``peut_*`` forms of the same rules, only to hide what would be refused.

Who acts:

- the référent (an accompaniment role in the person's organisme référent who sees the
  person through the access gate, ``contrats.acces.est_referent``) reports a manquement and
  records a remobilisation; they never decide on their own person;
- the control team of the organisation running the procedure (accompaniment roles or
  ``DELEGUE_SANCTIONS`` there) opens, reviews, notifies, records observations and hearings;
- the decider, by public (R5412-4, legal-rules.md §4.7): a France Travail regional
  director's delegate (``DELEGUE_SANCTIONS`` in a France Travail agency of the region) for
  people with an allowance or none; the Mission locale's delegate for the young people it
  follows (CEJ/PACEA allowances, R5412-3-3); the département's ``DECIDEUR_DEPARTEMENTAL``
  for the RSA. When France Travail controls a bRSA it only proposes (L262-37 IV);
- the appeal's instructor: the département's decider for a RAPO (L262-47), France Travail's
  regional mediator (a ``MEDIATEUR`` of an organisation in the decider's region) otherwise;
- the person answers the prior notice and appeals from their space.
"""

from django.core.exceptions import ValidationError

from contrats.acces import est_referent
from francetravail.comptes.acces import est_professionnel_actif
from francetravail.personnes.acces import est_la_personne, personnes_visibles
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role, TypeOrganisation
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from sanctions import delais
from sanctions.enums import StatutProcedure, VoieRecours
from sanctions.models import STATUTS_COMPLEMENT_OBSERVATIONS, STATUTS_DECIDES, STATUTS_RECOURS_CLOS

S = StatutProcedure

REFUS_REFERENT = "Seul un référent de l'organisme référent de cette personne peut faire cela."
REFUS_EQUIPE = "Seule l'équipe de l'organisation qui conduit la procédure peut faire cela."
REFUS_DECIDEUR = "Vous n'avez pas le rôle de décideur pour cette procédure."
REFUS_PROPRE_REFERENT = "Le référent de la personne ne décide jamais d'une sanction la concernant."
REFUS_PROPOSITION = (
    "France Travail conduit ce contrôle d'un bénéficiaire du RSA : il propose une sanction, "
    "le président du conseil départemental décide (CASF L262-37 IV)."
)
REFUS_EQUIPE_PLURI = "Seule l'équipe pluridisciplinaire du département de la personne donne cet avis."
REFUS_RECOURS_PERSONNE = (
    "Seule la personne concernée, ou l'équipe qui conduit la procédure pour elle, forme un recours."
)
REFUS_INSTRUCTION = "Vous n'êtes pas chargé d'instruire ce recours."
REFUS_NON_DECIDEUR_FIN_DROIT = "Seul le président du conseil départemental, ou son délégué, met fin au droit au RSA."


# --- Reads the rules share ----------------------------------------------------------------


def _roles(user, organisation_id):
    return contexte_professionnel(user).roles_par_organisation.get(organisation_id, frozenset())


def region_de(organisation):
    """The organisation's region, or its département's."""
    if organisation.region_id:
        return organisation.region_id
    return organisation.departement.region_id if organisation.departement_id else None


# --- The professionals --------------------------------------------------------------------


def est_equipe(user, procedure_ou_organisation_id, personne):
    """A member of the organisation running the control: a delegate there, or an accompaniment
    role who sees the person through the access gate."""
    if not est_professionnel_actif(user):
        return False
    roles = _roles(user, procedure_ou_organisation_id)
    if Role.DELEGUE_SANCTIONS in roles:
        return True
    return bool(roles & ROLES_ACCOMPAGNEMENT) and personnes_visibles(user).filter(pk=personne.pk).exists()


def est_propre_referent(user, procedure):
    """The person's référent unique, or whoever reported the manquement."""
    return user.pk in (procedure.personne.referent_unique_id, procedure.manquement.signale_par_id)


def est_decideur(user, procedure):
    """Holds the deciding role for this procedure's public and decider organisation.

    The référent rule is checked apart (``exiger_decideur``)."""
    if not est_professionnel_actif(user):
        return False
    decideur = procedure.organisation_decisionnaire
    if procedure.concerne_le_rsa:
        return Role.DECIDEUR_DEPARTEMENTAL in _roles(user, decideur.pk)
    if decideur.type_organisation == TypeOrganisation.MISSION_LOCALE:
        return Role.DELEGUE_SANCTIONS in _roles(user, decideur.pk)
    # The regional director's delegates: any France Travail agency of the same region.
    ctx = contexte_professionnel(user)
    agences = [
        org
        for org in ctx.organisations_avec({Role.DELEGUE_SANCTIONS})
        if ctx.type_par_organisation.get(org) == TypeOrganisation.AGENCE_FRANCE_TRAVAIL
    ]
    region = region_de(decideur)
    return (
        bool(agences)
        and region is not None
        and any(
            region_de(o) == region for o in Organisation.objects.select_related("departement").filter(pk__in=agences)
        )
    )


def est_delegue_qui_propose(user, procedure):
    """France Travail's delegate in the organisation running a bRSA control: proposes, never decides."""
    return est_professionnel_actif(user) and Role.DELEGUE_SANCTIONS in _roles(user, procedure.organisation_id)


def est_equipe_pluridisciplinaire(user, procedure):
    """A member of the équipe pluridisciplinaire of the person's département (L262-37 III)."""
    ctx = contexte_professionnel(user) if est_professionnel_actif(user) else None
    return bool(ctx) and any(
        ctx.departement_par_organisation.get(org) == procedure.personne.departement_id
        for org in ctx.organisations_avec({Role.EQUIPE_PLURIDISCIPLINAIRE})
    )


def est_instructeur(user, recours, procedure):
    """Instructs ``recours``: the département's decider for a RAPO (L262-47), else France Travail's
    regional mediator (a mediator of an organisation in the decider's region)."""
    if not est_professionnel_actif(user):
        return False
    if recours.voie == VoieRecours.RAPO:
        return Role.DECIDEUR_DEPARTEMENTAL in _roles(user, procedure.organisation_decisionnaire_id)
    region = region_de(procedure.organisation_decisionnaire)
    mediations = Organisation.objects.select_related("departement").filter(
        pk__in=contexte_professionnel(user).organisations_mediation
    )
    return region is not None and any(region_de(o) == region for o in mediations)


def peut_signaler_manquement(user, personne):
    """The référent's organisation reports (``actions.signaler_manquement``); for the person page,
    which has already passed the access gate, so the cached memberships answer without a query."""
    if not (user.is_authenticated and user.est_professionnel and personne.organisme_referent_id):
        return False
    return personne.organisme_referent_id in contexte_professionnel(user).organisations_accompagnement


def peut_mettre_fin_au_droit(user, procedure):
    """Who ends the RSA right (CASF R262-68): the deciding département's decider, never the person's
    référent; when it may be decided is ``fin_droit.motifs_refus``."""
    return est_decideur(user, procedure) and not est_propre_referent(user, procedure)


def peut_enregistrer_recours_fin_droit(user, procedure):
    """The team running the procedure or the département records a RAPO received by post."""
    return est_equipe(user, procedure.organisation_id, procedure.personne) or est_decideur(user, procedure)


# --- The person ---------------------------------------------------------------------------


def peut_repondre(procedure, aujourdhui):
    """The person answers the prior notice until the period's last day included, whatever they
    already sent (R5412-7)."""
    return procedure.statut in (
        S.AVERTISSEMENT_NOTIFIE,
        *STATUTS_COMPLEMENT_OBSERVATIONS,
    ) and not delais.delai_observations_termine(procedure.echeance_observations, aujourdhui)


def peut_demander_audition(procedure):
    return procedure.statut in (S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES)


def peut_former_recours(procedure, recours):
    """A decision is notified and no appeal against it is open (``recours``: the procedure's appeals)."""
    return procedure.statut in STATUTS_DECIDES and all(r.statut in STATUTS_RECOURS_CLOS for r in recours)


# --- The checks of the actions ------------------------------------------------------------


def exiger_referent(user, personne):
    if not est_referent(user, personne.organisme_referent_id, personne):
        raise ValidationError(REFUS_REFERENT)


def exiger_equipe(user, procedure):
    if not est_equipe(user, procedure.organisation_id, procedure.personne):
        raise ValidationError(REFUS_EQUIPE)


def exiger_equipe_qui_ouvre(user, organisation, personne):
    """Opening a control: the team of the organisation that will run it."""
    if organisation is None or not est_equipe(user, organisation.pk, personne):
        raise ValidationError(REFUS_EQUIPE)


def exiger_equipe_ou_decideur(user, procedure):
    if not (est_equipe(user, procedure.organisation_id, procedure.personne) or est_decideur(user, procedure)):
        raise ValidationError(REFUS_EQUIPE)


def exiger_la_personne_ou_l_equipe(user, procedure):
    """The person themself, or the team recording what the person brought or sent."""
    if not est_la_personne(user, procedure.personne):
        exiger_equipe(user, procedure)


def exiger_decideur(user, procedure):
    if est_professionnel_actif(user) and est_propre_referent(user, procedure):
        raise ValidationError(REFUS_PROPRE_REFERENT)
    if not est_decideur(user, procedure):
        raise ValidationError(REFUS_DECIDEUR)


def exiger_qui_classe(user, procedure):
    """Before its decider, the decider closes a case; before that, the team."""
    if procedure.statut == S.A_DECIDER:
        exiger_decideur(user, procedure)
    else:
        exiger_equipe(user, procedure)


def exiger_auteur_de_la_decision(user, procedure):
    """The decider; France Travail's delegate of a bRSA control only proposes (L262-37 IV)."""
    if procedure.sur_proposition and est_delegue_qui_propose(user, procedure) and not est_decideur(user, procedure):
        raise ValidationError(REFUS_PROPOSITION)
    exiger_decideur(user, procedure)


def exiger_proposant(user, procedure):
    if est_propre_referent(user, procedure):
        raise ValidationError(REFUS_PROPRE_REFERENT)
    if not est_delegue_qui_propose(user, procedure):
        raise ValidationError(REFUS_DECIDEUR)


def exiger_correcteur_du_foyer(user, procedure):
    """Whoever computes the RSA range corrects the household: the decider, or the delegate who proposes."""
    if est_propre_referent(user, procedure):
        raise ValidationError(REFUS_PROPRE_REFERENT)
    proposant = procedure.sur_proposition and est_delegue_qui_propose(user, procedure)
    if not (est_decideur(user, procedure) or proposant):
        raise ValidationError(REFUS_DECIDEUR)


def exiger_equipe_pluridisciplinaire(user, procedure):
    if not est_equipe_pluridisciplinaire(user, procedure):
        raise ValidationError(REFUS_EQUIPE_PLURI)


def exiger_auteur_du_recours(user, procedure):
    """The person appeals, or the team records the appeal for them."""
    if not est_la_personne(user, procedure.personne) and not est_equipe(
        user, procedure.organisation_id, procedure.personne
    ):
        raise ValidationError(REFUS_RECOURS_PERSONNE)


def exiger_instructeur(user, recours, procedure):
    if not est_instructeur(user, recours, procedure):
        raise ValidationError(REFUS_INSTRUCTION)


def exiger_decideur_fin_droit(user, procedure):
    if est_professionnel_actif(user) and est_propre_referent(user, procedure):
        raise ValidationError(REFUS_PROPRE_REFERENT)
    if not (procedure.concerne_le_rsa and est_decideur(user, procedure)):
        raise ValidationError(REFUS_NON_DECIDEUR_FIN_DROIT)


def exiger_auteur_du_recours_fin_droit(user, procedure):
    """The person, the team running the procedure, or the département receiving the RAPO by post."""
    if not (est_la_personne(user, procedure.personne) or peut_enregistrer_recours_fin_droit(user, procedure)):
        raise ValidationError(REFUS_RECOURS_PERSONNE)
