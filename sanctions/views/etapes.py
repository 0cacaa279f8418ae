"""Which next steps a professional may take on a procedure now, so the page shows no dead button.

The rules are those of ``sanctions.actions`` (which checks them again when the step is posted):
this module only reads them, it never decides.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from contrats.actions import est_referent
from francetravail.reseau.enums import Role
from francetravail.reseau.roles import contexte_professionnel
from sanctions import actions, delais, fin_droit
from sanctions.enums import StatutProcedure, StatutRecours, VoieRecours
from sanctions.models import STATUTS_APRES_AVERTISSEMENT, STATUTS_DECIDES, STATUTS_RECOURS_CLOS

S = StatutProcedure


def recours_ouvert(recours):
    return next((r for r in recours if r.statut not in STATUTS_RECOURS_CLOS), None)


def _instructeur(user, recours, procedure):
    try:
        actions._exiger_instructeur(user, recours, procedure)
    except ValidationError:
        return False
    return True


def etapes_possibles(user, procedure, recours, *, aujourdhui=None):
    """The names of the steps ``user`` may take on ``procedure`` today (keys of ``conseiller.ETAPES``)."""
    aujourdhui = aujourdhui or timezone.localdate()
    statut = procedure.statut
    equipe = actions.est_equipe(user, procedure.organisation_id, procedure.personne)
    propre_referent = actions.est_propre_referent(user, procedure)
    decideur = actions.est_decideur(user, procedure) and not propre_referent
    roles_equipe = contexte_professionnel(user).roles_par_organisation.get(procedure.organisation_id, frozenset())
    delai_fini = procedure.echeance_observations is not None and delais.delai_observations_termine(
        procedure.echeance_observations, aujourdhui
    )
    etapes = set()
    if equipe:
        if statut == S.OUVERTE:
            etapes.add("examiner")
        if statut in (S.OUVERTE, S.EXAMEN, *STATUTS_APRES_AVERTISSEMENT):
            etapes.add("classer")
        if statut == S.EXAMEN:
            etapes.add("avertir")
        if statut == S.AVERTISSEMENT_NOTIFIE and not delai_fini:
            etapes.add("observations")
        if statut in (S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES):
            etapes.add("audition")
        if statut == S.AVERTISSEMENT_NOTIFIE and delai_fini:
            etapes.add("delai_expire")
        if statut in STATUTS_APRES_AVERTISSEMENT and (
            delai_fini or procedure.observations_recues_le or procedure.audition_le
        ):
            etapes.add("a_decider")
        if statut == S.SANCTION_EN_COURS and procedure.fin and aujourdhui > procedure.fin:
            etapes.add("echeance")
        if statut in STATUTS_DECIDES and recours_ouvert(recours) is None:
            etapes.add("recours")
        if procedure.courriers.filter(recu_le__isnull=True).exists():
            etapes.add("reception")
    if statut == S.A_DECIDER and decideur:
        etapes.add("classer")
        if not procedure.sur_proposition or procedure.proposition:
            etapes.add("decider")
    if (
        statut == S.A_DECIDER
        and procedure.sur_proposition
        and not propre_referent
        and Role.DELEGUE_SANCTIONS in roles_equipe
    ):
        etapes.add("proposer")
    if statut == S.DECISION_NOTIFIEE and (equipe or decideur) and (procedure.debut or aujourdhui) <= aujourdhui:
        etapes.add("demarrer")
    # After a total RSA suppression of 4 months, a remobilisation still counts: it rules out the end of
    # the right (sanctions.fin_droit).
    if (
        statut in (S.DECISION_NOTIFIEE, S.SANCTION_EN_COURS) or fin_droit.remobilisation_possible(procedure)
    ) and est_referent(user, procedure.personne.organisme_referent_id, procedure.personne):
        etapes.add("remobilisation")
    if statut == S.SANCTION_EN_COURS and procedure.remobilisation_le and decideur:
        etapes.add("lever")
    if procedure.est_rsa and statut in (*STATUTS_APRES_AVERTISSEMENT, S.A_DECIDER):
        ctx = contexte_professionnel(user)
        if any(
            ctx.departement_par_organisation.get(org) == procedure.personne.departement_id
            for org in ctx.organisations_avec({Role.EQUIPE_PLURIDISCIPLINAIRE})
        ):
            etapes.add("avis_equipe")
    ouvert = recours_ouvert(recours)
    if ouvert is not None and _instructeur(user, ouvert, procedure):
        etapes.add("instruire" if ouvert.statut == StatutRecours.DEMANDE else "statuer")
    return etapes


def voie_libelle(procedure):
    return dict(VoieRecours.choices)[delais.voie_recours(procedure.est_rsa)]
