"""Demo: a sanction procedure whose appeal receipt waits for a postal address (sanctions.courriers).

Thomas Faure (RSA, followed by the Conseil départemental du Nord) was sanctioned after the
full procedure; the CAF/MSA flow has since sent his address without a postcode, and Lille has
five: when Karim Lefebvre records his appeal at the desk, the appeal is received, and its
receipt waits for the postcode. Karim's dashboard (and Sophie Martin's) counts it, the
sanctions queue lists it with the « Courriers en attente d'une adresse postale » filter.
Built through the real actions; dates are moved back on the rows where the steps need time
to have passed, as the tests do.
"""

import datetime

from django.utils import timezone

from francetravail.personnes.models import Personne
from sanctions import actions
from sanctions.enums import Mesure, Public, TypeManquement
from sanctions.models import ProcedureSanction


def charger_demo_sanctions(personne, travailleur_social, decideur):
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
    )
