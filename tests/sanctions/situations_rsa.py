"""An RSA total suppression of 4 months, built through the real actions (CASF R262-68).

A suppression of the RSA at 100 % for 4 months is only possible on a reiterated manquement
(``sanctions.bareme``: 1–2 months the first time) with the équipe pluridisciplinaire's opinion;
it carries the radiation proposal (``radiation_mois`` = 4). Used by the end-of-right tests and by
the permission matrices.
"""

import datetime

from django.utils import timezone

from inscription.enums import OrganismePayeur, RoleFoyer
from inscription.models import DroitRSA
from sanctions import actions, delais
from sanctions.enums import Mesure, Public, TypeManquement
from sanctions.models import ProcedureSanction

DUREE = 4


def relire(procedure):
    return ProcedureSanction.objects.get(pk=procedure.pk)


def droit_rsa(personne, *, numero=None, nb_personnes_foyer=1):
    """The person's RSA right as the CAF transmits it: a one-person household (no 50 % cap, R262-68-6)."""
    droit, _ = DroitRSA.objects.get_or_create(
        personne=personne,
        organisme_payeur=OrganismePayeur.CAF,
        numero_allocataire=numero or f"59{personne.pk:08d}",
        defaults={
            "role": RoleFoyer.DEMANDEUR,
            "date_ouverture": datetime.date(2024, 1, 1),
            "nb_personnes_foyer": nb_personnes_foyer,
            "nb_enfants": 0,
        },
    )
    return droit


def a_decider(personne, *, signale_par, equipe, organisation=None, date_faits, mesure=Mesure.SUPPRESSION):
    """An RSA procedure on a breach of contract, past its 10-day delay, before its decider."""
    manquement = actions.signaler_manquement(
        personne,
        acting_user=signale_par,
        type_manquement=TypeManquement.RSA_NON_RESPECT,
        faits="Aucune des démarches du contrat d'engagement n'a été faite malgré les relances.",
        date_faits=date_faits,
    )
    procedure = actions.ouvrir_procedure(manquement, acting_user=equipe, public=Public.RSA, organisation=organisation)
    procedure = actions.examiner(
        procedure,
        acting_user=equipe,
        examen="Situation revue avec la personne.",
        accompagnement_fourni="Suivi mensuel.",
    )
    ProcedureSanction.objects.filter(pk=procedure.pk).update(examine_le=timezone.now() - datetime.timedelta(days=60))
    procedure = actions.notifier_avertissement_prealable(
        relire(procedure),
        acting_user=equipe,
        mesure_envisagee=mesure,
        sanction_envisagee="Suppression totale du RSA pendant 4 mois.",
        notifie_le=timezone.localdate() - datetime.timedelta(days=11),
    )
    return actions.mettre_a_decider(actions.constater_delai_expire(procedure))


def _proposer(procedure, proposeur, **decision):
    """When France Travail runs the control of a bRSA it proposes first (L262-37 IV)."""
    if procedure.sur_proposition:
        return actions.proposer(
            procedure, acting_user=proposeur, motivation="Proposition de France Travail.", **decision
        )
    return procedure


def suppression_totale(
    personne, *, signale_par, equipe, decideur, equipe_pluri, organisation=None, debut=None, proposeur=None
):
    """The total suppression of 4 months, decided and started; its first day moved to ``debut`` when given
    (and its last day with it, as ``delais.fin_sanction`` computes it). ``proposeur``: France Travail's
    sanctions delegate, when France Travail runs the procedure."""
    aujourdhui = timezone.localdate()
    droit_rsa(personne)
    premiere = a_decider(
        personne,
        signale_par=signale_par,
        equipe=equipe,
        organisation=organisation,
        date_faits=aujourdhui - datetime.timedelta(days=60),
        mesure=Mesure.SUSPENSION,
    )
    suspension = {"mesure": Mesure.SUSPENSION, "taux": 30, "duree_mois": 1}
    premiere = actions.decider(
        _proposer(premiere, proposeur, **suspension),
        acting_user=decideur,
        motivation="Premier manquement au contrat.",
        **suspension,
    )
    # Its notification 40 days back: the next manquement is a reiteration (R5412-3-4, 24 months).
    ProcedureSanction.objects.filter(pk=premiere.pk).update(decidee_le=timezone.now() - datetime.timedelta(days=40))
    procedure = a_decider(
        personne,
        signale_par=signale_par,
        equipe=equipe,
        organisation=organisation,
        date_faits=aujourdhui - datetime.timedelta(days=20),
    )
    totale = {"mesure": Mesure.SUPPRESSION, "taux": 100, "duree_mois": DUREE, "radiation_mois": DUREE}
    procedure = _proposer(procedure, proposeur, **totale)
    actions.enregistrer_avis_equipe_pluridisciplinaire(
        procedure, acting_user=equipe_pluri, avis="Avis favorable à la suppression totale."
    )
    procedure = actions.decider(
        relire(procedure),
        acting_user=decideur,
        motivation="Manquement réitéré malgré la première sanction.",
        **totale,
    )
    procedure = actions.demarrer_sanction(procedure)
    if debut is not None:
        ProcedureSanction.objects.filter(pk=procedure.pk).update(debut=debut, fin=delais.fin_sanction(debut, DUREE))
    return relire(procedure)


def suppression_de_situation(s, *, debut=None):
    """``suppression_totale`` for a ``tests.sanctions.factories.Situation`` followed by the département."""
    return suppression_totale(
        s.personne,
        signale_par=s.referent,
        equipe=s.controleur,
        decideur=s.decideur_cd,
        equipe_pluri=s.equipe_pluri,
        debut=debut,
    )
