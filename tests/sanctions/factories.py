"""Situations for the sanction procedure tests: a person, their référent, a control team and the deciders."""

import datetime

from django.utils import timezone

from francetravail.reseau.enums import Role, TypeOrganisation
from sanctions import actions
from sanctions.enums import Mesure, Public, TypeManquement
from sanctions.models import ProcedureSanction
from tests.ages import naissance_pour_age
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


def relire(objet):
    # FSM fields are protected: read a fresh instance rather than refresh_from_db().
    return type(objet).objects.get(pk=objet.pk)


class Situation:
    """A person followed by ``organisme`` (France Travail agency by default, département 59) and everyone who acts.

    - ``referent``: the person's référent unique (accompaniment role in the organisme référent);
    - ``controleur``: another conseiller of the same organisme, who runs the control;
    - ``delegue``: a France Travail regional director's delegate (agency of the same region);
    - ``delegue_ml``: a Mission locale delegate; ``decideur_cd``: the département's decider;
    - ``equipe_pluri``: the département's équipe pluridisciplinaire; ``mediateur``: the regional mediator.
    """

    def __init__(self, *, public=Public.ALLOCATION, organisme=None, age_ans=None, **personne):
        self.public = public
        self.organisme = organisme or OrganisationFactory()
        self.referent = professionnel(self.organisme)
        self.controleur = professionnel(self.organisme)
        if age_ans is not None:
            personne["date_naissance"] = naissance_pour_age(age_ans)  # calendar years, never 365.25 days
        self.personne = PersonneFactory(
            avec_compte=True, organisme_referent=self.organisme, referent_unique=self.referent, **personne
        )
        # One conseil départemental per département: the person's own when it follows them.
        if self.organisme.type_organisation == TypeOrganisation.CONSEIL_DEPARTEMENTAL:
            self.conseil = self.organisme
        else:
            self.conseil = OrganisationFactory(conseil_departemental=True)
        self.decideur_cd = professionnel(self.conseil, role=Role.DECIDEUR_DEPARTEMENTAL)
        self.equipe_pluri = professionnel(self.conseil, role=Role.EQUIPE_PLURIDISCIPLINAIRE)
        self.agence_regionale = OrganisationFactory()
        self.delegue = professionnel(self.agence_regionale, role=Role.DELEGUE_SANCTIONS)
        self.mediateur = professionnel(OrganisationFactory(), role=Role.MEDIATEUR)

    # --- Steps -----------------------------------------------------------------------------

    def manquement(self, type_manquement=TypeManquement.M1, date_faits=None, **kwargs):
        return actions.signaler_manquement(
            self.personne,
            acting_user=self.referent,
            type_manquement=type_manquement,
            faits="Absent sans motif à l'atelier du 3 mars.",
            date_faits=date_faits or timezone.localdate() - datetime.timedelta(days=30),
            **kwargs,
        )

    def ouverte(self, type_manquement=TypeManquement.M1, **kwargs):
        return actions.ouvrir_procedure(
            self.manquement(type_manquement, **kwargs), acting_user=self.controleur, public=self.public
        )

    def examinee(self, **kwargs):
        return actions.examiner(
            self.ouverte(**kwargs),
            acting_user=self.controleur,
            examen="Situation revue : pas de difficulté de santé ni de garde d'enfant signalée.",
            accompagnement_fourni="Trois entretiens, un atelier CV.",
        )

    def avertie(self, notifie_le=None, mesure=Mesure.SUSPENSION, **kwargs):
        procedure = self.examinee(**kwargs)
        # The review happened "today"; a notice dated earlier is set on the row (tests only).
        if notifie_le is not None:
            ProcedureSanction.objects.filter(pk=procedure.pk).update(
                examine_le=timezone.now() - datetime.timedelta(days=60)
            )
        return actions.notifier_avertissement_prealable(
            relire(procedure),
            acting_user=self.controleur,
            mesure_envisagee=mesure,
            sanction_envisagee="Suspension de 30 % de l'allocation pendant un mois.",
            notifie_le=notifie_le,
            representant_legal=kwargs.get("representant_legal", ""),
        )

    def delai_expire(self, **kwargs):
        procedure = self.avertie(notifie_le=timezone.localdate() - datetime.timedelta(days=11), **kwargs)
        return actions.constater_delai_expire(procedure)

    def a_decider(self, **kwargs):
        return actions.mettre_a_decider(self.delai_expire(**kwargs))

    def decidee(self, montant_mensuel=None, **kwargs):
        return actions.decider(
            self.a_decider(**kwargs),
            acting_user=self.decideur(),
            mesure=Mesure.SUSPENSION,
            taux=30,
            duree_mois=1,
            motivation="Absences répétées sans motif malgré les relances.",
            montant_mensuel=montant_mensuel,
        )

    def en_cours(self, **kwargs):
        return actions.demarrer_sanction(self.decidee(**kwargs))

    def levee(self, **kwargs):
        procedure = actions.enregistrer_remobilisation(
            self.en_cours(**kwargs), acting_user=self.referent, constat="Contrat signé le jour même."
        )
        return actions.lever_par_remobilisation(procedure, acting_user=self.decideur())

    def decideur(self):
        return self.decideur_cd if self.public == Public.RSA else self.delegue
