"""Demo of the sanctions for ``make run`` (idempotent, like the rest of the seed), built through the real actions;
dates are moved back on the rows where the steps need time to have passed, as the tests do.

- A procedure whose appeal receipt waits for a postal address (``sanctions.courriers``): Thomas Faure
  (RSA, followed by the Conseil départemental du Nord) was sanctioned after the full procedure; the
  CAF/MSA flow has since sent his address without a postcode, and Lille has five: when Karim Lefebvre
  records his appeal at the desk, the appeal is received and its receipt waits for the postcode.
  Karim's dashboard (and Sophie Martin's) counts it, the sanctions queue lists it with the « Courriers
  en attente d'une adresse postale » filter.
- The end of the RSA right: Nathalie Mercier (RSA, same département) did not meet her contract twice:
  a first suspension, then a total suppression of 4 months decided after the équipe
  pluridisciplinaire's opinion. The suppression's dates are moved back so that its 4 months ended
  yesterday: Sophie Martin finds the case counted on her dashboard (« Fins de droit au RSA à décider »)
  and may end the right (CASF R262-68; R262-40 3°).
"""

import datetime

from django.utils import timezone

from demo.donnees import pdf
from demo.inscription import droit_rsa_caf
from francetravail.base.calendrier import ajouter_mois
from francetravail.personnes.models import Personne
from sanctions import actions, delais
from sanctions.enums import Mesure, Public, TypeManquement
from sanctions.models import ProcedureSanction


def charger_demo_recours_sans_adresse(personne, travailleur_social, decideur):
    if ProcedureSanction.objects.filter(personne=personne).exists():
        return
    aujourdhui = timezone.localdate()
    manquement = actions.signaler_manquement(
        personne,
        acting_user=travailleur_social,
        type_manquement=TypeManquement.RSA_NON_RESPECT,
        faits="Absent sans motif aux trois ateliers collectifs de mars, malgré deux relances.",
        date_faits=aujourdhui - datetime.timedelta(days=45),
    )
    procedure = actions.ouvrir_procedure(manquement, acting_user=travailleur_social, public=Public.RSA)
    procedure = actions.examiner(
        procedure,
        acting_user=travailleur_social,
        examen="Situation revue : aucune difficulté de santé ni de garde d'enfant signalée.",
        accompagnement_fourni="Deux entretiens et une proposition d'atelier adaptée.",
    )
    ProcedureSanction.objects.filter(pk=procedure.pk).update(examine_le=timezone.now() - datetime.timedelta(days=30))
    procedure = actions.notifier_avertissement_prealable(
        ProcedureSanction.objects.get(pk=procedure.pk),
        acting_user=travailleur_social,
        mesure_envisagee=Mesure.SUSPENSION,
        sanction_envisagee="Suspension de 30 % du RSA pendant un mois.",
        notifie_le=aujourdhui - datetime.timedelta(days=20),
    )
    procedure = actions.constater_delai_expire(procedure, aujourdhui=aujourdhui)
    procedure = actions.mettre_a_decider(procedure, aujourdhui=aujourdhui)
    procedure = actions.decider(
        procedure,
        acting_user=decideur,
        mesure=Mesure.SUSPENSION,
        taux=30,
        duree_mois=1,
        motivation="Absences répétées sans motif légitime malgré les relances ; observations non présentées.",
    )
    # The flow's latest address came without a postcode.
    Personne.objects.filter(pk=personne.pk).update(code_postal="")
    actions.former_recours(
        ProcedureSanction.objects.get(pk=procedure.pk),
        acting_user=travailleur_social,
        motifs="M. Faure conteste : il était à un entretien d'embauche le jour du premier atelier.",
        # The proof he brought to the desk (issue 21): read by the appeal's instructor, logged.
        piece=pdf(
            "Attestation d'entretien d'embauche.pdf",
            "Attestation",
            "La société Nord Logistique atteste avoir reçu M. Thomas Faure en entretien d'embauche le jour indiqué.",
        ),
    )


FAITS = "Aucune des démarches prévues au contrat d'engagement (ateliers, candidatures) n'a été faite."


def _a_decider(personne, travailleur_social, *, date_faits, mesure):
    manquement = actions.signaler_manquement(
        personne,
        acting_user=travailleur_social,
        type_manquement=TypeManquement.RSA_NON_RESPECT,
        faits=FAITS,
        date_faits=date_faits,
    )
    procedure = actions.ouvrir_procedure(manquement, acting_user=travailleur_social, public=Public.RSA)
    procedure = actions.examiner(
        procedure,
        acting_user=travailleur_social,
        examen="Situation revue avec Mme Mercier : ni difficulté de santé ni contrainte familiale signalée.",
        accompagnement_fourni="Entretiens mensuels, deux ateliers proposés.",
    )
    # Demo: the review and the notice are dated back so that the 10 days have run.
    ProcedureSanction.objects.filter(pk=procedure.pk).update(examine_le=timezone.now() - datetime.timedelta(days=60))
    procedure = actions.notifier_avertissement_prealable(
        ProcedureSanction.objects.get(pk=procedure.pk),
        acting_user=travailleur_social,
        mesure_envisagee=mesure,
        sanction_envisagee="Suppression totale du RSA pendant 4 mois.",
        notifie_le=timezone.localdate() - datetime.timedelta(days=11),
    )
    return actions.mettre_a_decider(actions.constater_delai_expire(procedure))


def charger_demo_fin_droit(personne, travailleur_social, decideur, equipe_pluri):
    if ProcedureSanction.objects.filter(personne=personne, radiation_mois__isnull=False).exists():
        return
    aujourdhui = timezone.localdate()
    droit_rsa_caf(personne)
    premiere = actions.decider(
        _a_decider(
            personne, travailleur_social, date_faits=aujourdhui - datetime.timedelta(days=60), mesure=Mesure.SUSPENSION
        ),
        acting_user=decideur,
        mesure=Mesure.SUSPENSION,
        taux=30,
        duree_mois=1,
        motivation="Premier manquement au contrat d'engagement.",
    )
    ProcedureSanction.objects.filter(pk=premiere.pk).update(decidee_le=timezone.now() - datetime.timedelta(days=40))
    procedure = _a_decider(
        personne, travailleur_social, date_faits=aujourdhui - datetime.timedelta(days=20), mesure=Mesure.SUPPRESSION
    )
    actions.enregistrer_avis_equipe_pluridisciplinaire(
        procedure, acting_user=equipe_pluri, avis="Avis favorable : aucune démarche malgré la première sanction."
    )
    procedure = actions.decider(
        ProcedureSanction.objects.get(pk=procedure.pk),
        acting_user=decideur,
        mesure=Mesure.SUPPRESSION,
        taux=100,
        duree_mois=4,
        radiation_mois=4,
        motivation="Manquement réitéré dans les 24 mois, aucune démarche depuis la première sanction.",
    )
    actions.demarrer_sanction(procedure)
    # Demo: the suppression ran 4 months and ended yesterday.
    debut = ajouter_mois(aujourdhui, -4)  # a period of 4 months from there ends on yesterday's date
    ProcedureSanction.objects.filter(pk=procedure.pk).update(debut=debut, fin=delais.fin_sanction(debut, 4))
