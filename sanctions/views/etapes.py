"""Which next steps a professional may take on a procedure now, so the page shows no dead button.

The rules are those of ``sanctions.acces`` and ``sanctions.actions`` (which checks them again when
the step is posted): this module only reads them, it never decides.
"""

import datetime

from django.utils import timezone

from contrats.acces import est_referent
from sanctions import acces, delais, fin_droit
from sanctions.enums import StatutProcedure, StatutRecours, VoieRecours
from sanctions.models import (
    STATUTS_APRES_AVERTISSEMENT,
    STATUTS_COMPLEMENT_OBSERVATIONS,
    STATUTS_DECIDES,
    STATUTS_RECOURS_CLOS,
)

S = StatutProcedure


def recours_ouvert(recours):
    return next((r for r in recours if r.statut not in STATUTS_RECOURS_CLOS), None)


def etapes_possibles(user, procedure, recours, *, aujourdhui=None):
    """The names of the steps ``user`` may take on ``procedure`` today (keys of ``conseiller.ETAPES``)."""
    aujourdhui = aujourdhui or timezone.localdate()
    statut = procedure.statut
    equipe = acces.est_equipe(user, procedure.organisation_id, procedure.personne)
    propre_referent = acces.est_propre_referent(user, procedure)
    decideur = acces.est_decideur(user, procedure) and not propre_referent
    delai_fini = procedure.echeance_observations is not None and delais.delai_observations_termine(
        procedure.echeance_observations, aujourdhui
    )
    etapes = set()
    if equipe:
        if statut == S.OUVERTE:
            etapes.add("examiner")
        if statut in (S.OUVERTE, S.EXAMEN, *STATUTS_APRES_AVERTISSEMENT, S.AUDITION_DEMANDEE):
            etapes.add("classer")
        if statut == S.EXAMEN:
            etapes.add("avertir")
        # The period runs to its last day whatever the person already sent (R5412-7).
        if statut in (S.AVERTISSEMENT_NOTIFIE, *STATUTS_COMPLEMENT_OBSERVATIONS) and not delai_fini:
            etapes.add("observations")
        # A request received within the period may be recorded later, until a decision is taken.
        if statut in (S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES, S.DELAI_EXPIRE, S.A_DECIDER):
            etapes.add("demande_audition")
        if statut in (S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES, S.AUDITION_DEMANDEE, S.AUDITION_MANQUEE):
            etapes.add("audition")
        if statut == S.AUDITION_DEMANDEE:
            etapes.add("absence_audition")
        if statut == S.AVERTISSEMENT_NOTIFIE and delai_fini:
            etapes.add("delai_expire")
        # ``actions._phase_contradictoire_close``: a hearing held, or the 10 days over.
        if statut in STATUTS_APRES_AVERTISSEMENT and (delai_fini or procedure.audition_le):
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
        and acces.est_delegue_qui_propose(user, procedure)
    ):
        etapes.add("proposer")
    # ``actions.corriger_foyer``: whoever computes the RSA range (decides or proposes) may correct
    # the household it is read from, with a reason.
    if procedure.concerne_le_rsa and statut == S.A_DECIDER and ({"decider", "proposer"} & etapes or decideur):
        etapes.add("foyer")
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
    if (
        procedure.concerne_le_rsa
        and statut in (*STATUTS_APRES_AVERTISSEMENT, S.A_DECIDER)
        and acces.est_equipe_pluridisciplinaire(user, procedure)
    ):
        etapes.add("avis_equipe")
    ouvert = recours_ouvert(recours)
    if ouvert is not None and acces.est_instructeur(user, ouvert, procedure):
        etapes.add("instruire" if ouvert.statut == StatutRecours.DEMANDE else "statuer")
    return etapes


def voie_libelle(procedure):
    return dict(VoieRecours.choices)[delais.voie_recours(procedure.concerne_le_rsa)]


def periode_contradictoire(procedure, aujourdhui):
    """What the team reads of the contradictory period (R5412-7): when it really ends, and why the
    case cannot go before its decider yet. Empty once the phase is over or not begun."""
    echeance = procedure.echeance_observations
    if echeance is None:
        return ""
    statut = procedure.statut
    lendemain = echeance + datetime.timedelta(days=1)
    en_cours = not delais.delai_observations_termine(echeance, aujourdhui)
    if statut == S.AUDITION_DEMANDEE:
        accompagnee = f", accompagnée de {procedure.audition_assistee_par}" if procedure.audition_assistee_par else ""
        demandee = f" le {procedure.audition_demandee_le:%d/%m/%Y}" if procedure.audition_demandee_le else ""
        return (
            f"Audition demandée{demandee}{accompagnee} : à organiser. Aucune transmission au décideur avant "
            "l’audition, ou le constat que la personne convoquée ne s’y est pas présentée."
        )
    if not en_cours:
        return ""
    if statut == S.AVERTISSEMENT_NOTIFIE:
        return (
            f"Période contradictoire en cours : la personne peut écrire ou demander à être entendue jusqu’au "
            f"{echeance:%d/%m/%Y} inclus. Transmission au décideur possible à partir du {lendemain:%d/%m/%Y}, "
            "ou dès qu’une audition est tenue."
        )
    if statut in (S.OBSERVATIONS_RECUES, S.AUDITION_MANQUEE):
        return (
            f"La personne peut encore demander à être entendue ou compléter ses observations jusqu’au "
            f"{echeance:%d/%m/%Y} inclus : aucune transmission au décideur avant le {lendemain:%d/%m/%Y}, "
            "sauf audition tenue."
            if statut == S.OBSERVATIONS_RECUES
            else f"La personne peut encore compléter ses observations jusqu’au {echeance:%d/%m/%Y} inclus : "
            f"aucune transmission au décideur avant le {lendemain:%d/%m/%Y}."
        )
    return ""
