"""The end of the RSA right after a total suppression of 4 months (CASF R262-68; R262-40 3°).

CASF R262-68 (décret 2025-478, legal-rules.md §4.2 b): when the RSA has been totally suppressed
for 4 months, the président du conseil départemental proposes France Travail the radiation for
the same length and, « si la personne ne se conforme toujours pas à ses obligations » at its end,
may end the right and remove the person from the list of RSA beneficiaries (R262-40 3°).

When it may be decided (``motifs_refus`` lists every reason it may not, ``q_possible`` is the
queryset form for the decider's queue; the tests check both agree on each side of the bound):

- an RSA procedure whose decision is a **total** suppression (100 %) carrying the radiation
  proposal: ``sanctions.bareme`` requires ``radiation_mois`` exactly when the suppression is
  total for ``sanctions.duree_totale_radiation`` months (4) and forbids it otherwise, so
  ``radiation_mois`` marks the 4-month total suppressions (with ``duree_mois`` equal to it);
- the 4 months have run: from ``debut_periode_suivante(debut, radiation_mois)`` on, i.e. the day
  after the suppression's last day (calendar months, as everywhere: ``francetravail.base.calendrier``;
  the same day the daily sweep tells the deciders, ``balayage.suppression_totale_atteinte``);
  the last day of the suppression itself is too early;
- the suppression still stands: running or ended (« sanction en cours », « échue »), not lifted
  after a remobilisation, not annulled on appeal;
- the person still does not comply: no remobilisation recorded by the référent (who may record
  one after the suppression ended, precisely to say so: ``remobilisation_possible``);
- not decided already for this procedure (one decision; an annulment on appeal is final).

Who decides: the président du conseil départemental's delegate, the ``DECIDEUR_DEPARTEMENTAL``
of the deciding conseil départemental (``acces.peut_mettre_fin_au_droit``), never the
person's référent nor whoever reported the manquement.

What the decision does: reasoned (required text), the person's open RSA rights end on its
effective day with the reason (``inscription.droits``), a letter (PDF, WeasyPrint) states it
with the RAPO route and deadline (``sanctions.delai_rapo_rsa``, CASF L262-47), the procedure's
log and the audit log record it. Only a RAPO (``Recours`` with ``fin_droit``, instructed by the
département's decider like any RAPO) undoes it: annulled, the rights ended are restored; it is
maintained or annulled, never reformed (there is nothing between ending the right and not).

Choices where the texts are silent (flagged for lawyers in the README):
- no time limit after the 4 months (the text sets none): the case stays in the decider's queue
  until decided or until the référent records that the person complies;
- the orientation, the contract and the référent are not changed by the decision: the RSA's
  rights and duties end with the right, but any new orientation is a person's decision
  (orientation app); the registration as a job seeker follows France Travail's decision on the
  radiation proposal, which the platform does not record;
- only the person's own rights' rows end, not those of the other members of the household.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import can_proceed

from francetravail.audit.enums import TypeEvenement
from francetravail.base import transitions
from francetravail.base.calendrier import debut_periode_suivante
from francetravail.reseau.enums import Role
from francetravail.reseau.roles import contexte_professionnel
from inscription import droits
from sanctions import acces, actions, courriers, delais
from sanctions.enums import Mesure, Public, StatutFinDroit, StatutProcedure, StatutRecours, VoieRecours
from sanctions.models import (
    STATUTS_RECOURS_CLOS,
    CourrierProcedure,
    DestinataireCourrier,
    FinDroitRSA,
    ProcedureSanction,
    Recours,
    TypeCourrier,
)

S = StatutProcedure
REFERENCES = ("CASF R262-68", "CASF R262-40 3°", "décret 2025-478")
# The suppression is running (its last day passed, the daily sweep has not recorded its end yet) or over.
STATUTS_SUPPRESSION = (S.SANCTION_EN_COURS, S.ECHUE)
CONSEQUENCES = (
    "Vous n'êtes plus bénéficiaire du revenu de solidarité active à compter de cette date : vous êtes retiré(e) "
    "de la liste des bénéficiaires du RSA, et les droits et devoirs attachés au RSA prennent fin avec lui. "
    "Cette décision ne modifie ni votre orientation ni votre accompagnement en cours : votre référent vous "
    "indiquera les suites possibles."
)


# --- The rule -------------------------------------------------------------------------------


def q_suppression_totale_rsa():
    """RSA decisions of a total suppression carrying the radiation proposal (4 months: see above)."""
    return Q(
        public=Public.RSA,
        mesure=Mesure.SUPPRESSION,
        taux=100,
        radiation_mois__isnull=False,
        duree_mois=F("radiation_mois"),
        debut__isnull=False,
        fin__isnull=False,
    )


def suppression_totale(procedure):
    return (
        procedure.public == Public.RSA
        and procedure.mesure == Mesure.SUPPRESSION
        and procedure.taux is not None
        and procedure.taux == 100
        and procedure.radiation_mois is not None
        and procedure.duree_mois == procedure.radiation_mois
        and procedure.debut is not None
    )


def atteinte_le(procedure):
    """The day the 4 months of total suppression are reached (the day after its last day)."""
    return debut_periode_suivante(procedure.debut, procedure.radiation_mois)


def quatre_mois_atteints(procedure, aujourdhui):
    return atteinte_le(procedure) <= aujourdhui


def q_quatre_mois_atteints(aujourdhui):
    """``quatre_mois_atteints`` in queryset form: the suppression's last day (``fin``, which is
    ``atteinte_le`` minus one day: ``delais.fin_sanction`` of the same length) is before today."""
    return Q(fin__lt=aujourdhui)


def q_possible(aujourdhui):
    return (
        q_suppression_totale_rsa()
        & Q(statut__in=STATUTS_SUPPRESSION, remobilisation_le__isnull=True, fin_droit__isnull=True)
        & q_quatre_mois_atteints(aujourdhui)
    )


def decision(procedure):
    return FinDroitRSA.objects.filter(procedure=procedure).first()


def motifs_refus(procedure, aujourdhui):
    """Every reason the end of the RSA right cannot be decided today on ``procedure`` (empty: it can)."""
    if not procedure.concerne_le_rsa:
        return ["La fin du droit ne concerne que le revenu de solidarité active (CASF R262-68)."]
    if not suppression_totale(procedure):
        return [
            "Seule une suppression totale (100 %) du RSA de 4 mois peut être suivie de la fin du droit (CASF R262-68)."
        ]
    if decision(procedure) is not None:
        return ["La fin du droit a déjà été décidée pour cette procédure."]
    raisons = []
    if procedure.statut == S.LEVEE:
        raisons.append("La suppression a été levée après la remobilisation de la personne.")
    elif procedure.statut == S.ANNULEE:
        raisons.append("La décision de suppression a été annulée sur recours.")
    elif procedure.statut not in STATUTS_SUPPRESSION:
        raisons.append("La suppression n'a pas encore commencé.")
    if not quatre_mois_atteints(procedure, aujourdhui):
        dernier_jour = atteinte_le(procedure) - datetime.timedelta(days=1)
        raisons.append(
            f"La suppression totale court jusqu'au {dernier_jour:%d/%m/%Y} inclus : la fin "
            f"du droit peut être décidée à partir du {atteinte_le(procedure):%d/%m/%Y}, si la personne ne se "
            "conforme toujours pas à ses obligations (CASF R262-68)."
        )
    if procedure.remobilisation_le:
        raisons.append(
            f"Le référent a constaté le {procedure.remobilisation_le:%d/%m/%Y} que la personne se conforme de "
            "nouveau à ses obligations : le droit au RSA ne peut pas prendre fin."
        )
    return raisons


def remobilisation_possible(procedure):
    """After the total suppression ended, the référent may still record that the person complies
    (``actions.enregistrer_remobilisation``): it is what makes the end of the right impossible."""
    return (
        procedure.statut == S.ECHUE
        and suppression_totale(procedure)
        and procedure.remobilisation_le is None
        and decision(procedure) is None
    )


# --- The queue ------------------------------------------------------------------------------


def a_decider(user, aujourdhui=None):
    """The procedures on which ``user`` may end the RSA right today: the set form of
    ``acces.peut_mettre_fin_au_droit`` and ``motifs_refus``."""
    if not (user.is_authenticated and user.is_active and user.est_professionnel):
        return ProcedureSanction.objects.none()
    organisations = contexte_professionnel(user).organisations_avec({Role.DECIDEUR_DEPARTEMENTAL})
    if not organisations:
        return ProcedureSanction.objects.none()
    return (
        ProcedureSanction.objects.filter(
            q_possible(aujourdhui or timezone.localdate()), organisation_decisionnaire_id__in=organisations
        )
        .exclude(personne__referent_unique=user)
        .exclude(manquement__signale_par=user)
    )


# --- The decision ---------------------------------------------------------------------------


@transaction.atomic
def mettre_fin_au_droit(procedure, *, acting_user, motivation, effet_le=None, note_interne="", aujourdhui=None):
    """The président du conseil départemental (or delegate) ends the RSA right (CASF R262-68; R262-40 3°).

    ``effet_le``: the day the right ends, the day of the decision by default, never before it."""
    procedure = actions.verrouiller(procedure)
    acces.exiger_decideur_fin_droit(acting_user, procedure)
    aujourdhui = aujourdhui or timezone.localdate()
    refus = motifs_refus(procedure, aujourdhui)
    if refus:
        raise ValidationError(refus)
    motivation = actions.requis(motivation, "La décision de mettre fin au droit au RSA est motivée.")
    effet_le = effet_le or aujourdhui
    if effet_le < aujourdhui:
        raise ValidationError("La fin du droit ne peut pas précéder la décision.")
    departement = procedure.personne.departement_id
    echeance = delais.echeance_recours(aujourdhui, VoieRecours.RAPO, departement=departement)
    fin = FinDroitRSA.objects.create(
        procedure=procedure,
        effet_le=effet_le,
        motivation=motivation,
        voies_recours=delais.texte_voies_recours(VoieRecours.RAPO, echeance),
        decidee_par=acting_user,
        decidee_le=timezone.now(),
    )
    fin.droits = droits.clore_droits_rsa(
        procedure.personne,
        fin=effet_le,
        motif=f"Fin du droit décidée le {aujourdhui:%d/%m/%Y} par le président du conseil départemental "
        f"(procédure de sanction n° {procedure.pk}, CASF R262-68 et R262-40 3°).",
        acting_user=acting_user,
    )
    fin.save(update_fields=["droits"])
    lettre = courriers.emettre(procedure, TypeCourrier.FIN_DROIT_RSA)[0]
    transitions.enregistrer(
        procedure,
        journal=actions.JOURNAL,
        acting_user=acting_user,
        avant=procedure.statut,
        motif=f"Fin du droit au RSA au {effet_le:%d/%m/%Y} : {motivation}",
        evenement=False,
        historique={
            "document": f"Décision de fin de droit au RSA du {aujourdhui:%d/%m/%Y}",
            "note_interne": note_interne,
            "courrier": lettre,
        },
    )
    actions.auditer(
        TypeEvenement.SANCTION_FIN_DROIT_RSA,
        procedure,
        acting_user=acting_user,
        motif=motivation,
        fin_droit=fin.pk,
        effet_le=effet_le.isoformat(),
        droits=fin.droits,
    )
    return fin


def contenu_courrier(procedure):
    """What the decision's letter says (``courriers.instantane`` adds the person, the facts…)."""
    fin = FinDroitRSA.objects.get(procedure=procedure)
    notifiee_le = timezone.localdate(fin.decidee_le)
    return {
        "taux": str(procedure.taux),
        "duree_mois": procedure.duree_mois,
        "debut": procedure.debut.isoformat(),
        "fin": procedure.fin.isoformat(),
        "atteinte_le": atteinte_le(procedure).isoformat(),
        "decidee_le": notifiee_le.isoformat(),
        "effet_le": fin.effet_le.isoformat(),
        "motivation": fin.motivation,
        "references": list(REFERENCES),
        "consequences": CONSEQUENCES,
        "voie_recours": VoieRecours.RAPO.label,
        "voies_recours": fin.voies_recours,
        "echeance": delais.echeance_recours(
            notifiee_le, VoieRecours.RAPO, departement=procedure.personne.departement_id
        ).isoformat(),
    }


# --- The appeal (RAPO, CASF L262-47) --------------------------------------------------------


def notification(fin):
    """The day the decision reached the person: its letter's recorded receipt, else the day it was sent."""
    recu_le = (
        CourrierProcedure.objects.filter(
            procedure_id=fin.procedure_id,
            type_courrier=TypeCourrier.FIN_DROIT_RSA,
            destinataire=DestinataireCourrier.PERSONNE,
        )
        .values_list("recu_le", flat=True)
        .first()
    )
    return recu_le or timezone.localdate(fin.decidee_le)


def echeance_recours(fin):
    """Last day of the RAPO: ``sanctions.delai_rapo_rsa`` (2 months) from the notification (CASF L262-47)."""
    return delais.echeance_recours(
        notification(fin), VoieRecours.RAPO, departement=fin.procedure.personne.departement_id
    )


def recours_de(fin):
    return list(Recours.objects.filter(fin_droit=fin).order_by("forme_le", "pk"))


def motif_refus_recours(fin):
    """Why no RAPO may be formed against ``fin`` now, or None."""
    if fin.statut != StatutFinDroit.NOTIFIEE:
        return "La décision de fin de droit a été annulée : il n'y a plus rien à contester."
    recours = recours_de(fin)
    if any(r.statut not in STATUTS_RECOURS_CLOS for r in recours):
        return "Un recours est déjà en cours contre cette décision."
    if recours:
        return (
            "Le recours administratif préalable contre cette décision a été tranché : elle peut maintenant être "
            "contestée devant le tribunal administratif."
        )
    return None


@transaction.atomic
def former_recours(fin, *, acting_user, motifs, forme_le=None):
    """The RAPO against the end of the right: the person, the team running the procedure, or the
    département receiving it by post records it; a late one is kept and flagged (admissibility is
    for the instructor)."""
    procedure = actions.verrouiller(fin.procedure)
    fin = FinDroitRSA.objects.select_for_update(of=("self",), no_key=True).get(pk=fin.pk)
    acces.exiger_auteur_du_recours_fin_droit(acting_user, procedure)
    refus = motif_refus_recours(fin)
    if refus:
        raise ValidationError(refus)
    forme_le = forme_le or timezone.localdate()
    if forme_le > timezone.localdate():
        raise ValidationError("La date du recours ne peut pas être dans le futur.")
    if forme_le < timezone.localdate(fin.decidee_le):
        raise ValidationError("Un recours ne peut précéder la décision qu'il conteste.")
    echeance = echeance_recours(fin)
    recours = Recours.objects.create(
        procedure=procedure,
        fin_droit=fin,
        voie=VoieRecours.RAPO,
        forme_le=forme_le,
        echeance=echeance,
        hors_delai=forme_le > echeance,
        motifs=actions.requis(motifs, "Indiquez les motifs du recours."),
        forme_par=acting_user,
    )
    accuse = courriers.emettre(procedure, TypeCourrier.ACCUSE_RECOURS, recours=recours)[0]
    actions.journaliser_recours(
        recours,
        procedure,
        acting_user=acting_user,
        avant="",
        motif=recours.motifs,
        document=f"Accusé de réception du recours contre la fin de droit au RSA, formé le {forme_le:%d/%m/%Y}",
        courrier=accuse,
    )
    return recours


def statuer_recours(recours, procedure, *, acting_user, issue, motivation):
    """Called by ``actions.statuer_recours`` (which locked both and checked the instructor): the RAPO
    maintains the end of the right, or annuls it and the rights it ended are restored."""
    if issue == StatutRecours.REFORMEE:
        raise ValidationError("Une fin de droit au RSA est maintenue ou annulée : elle ne peut pas être réformée.")
    methodes = {StatutRecours.MAINTENUE: recours.vers_maintenue, StatutRecours.ANNULEE: recours.vers_annulee}
    if issue not in methodes:
        raise ValidationError("Issue du recours inconnue.")
    if not can_proceed(methodes[issue]):
        raise ValidationError(f"Le recours est « {recours.get_statut_display()} » : il ne peut être tranché.")
    motivation = actions.requis(motivation, "Motivez la décision sur le recours.")
    fin = FinDroitRSA.objects.select_for_update(of=("self",), no_key=True).get(pk=recours.fin_droit_id)
    recours.decision_initiale = {
        "fin_droit": fin.pk,
        "effet_le": fin.effet_le.isoformat(),
        "motivation": fin.motivation,
        "droits": fin.droits,
    }
    avant = recours.statut
    methodes[issue]()
    recours.statue_par = acting_user
    recours.statue_le = timezone.now()
    recours.motivation = motivation
    recours.save()
    actions.journaliser_recours(recours, procedure, acting_user=acting_user, avant=avant, motif=motivation)
    if issue == StatutRecours.ANNULEE:
        fin.statut = StatutFinDroit.ANNULEE
        fin.annulee_le = timezone.now()
        fin.save(update_fields=["statut", "annulee_le"])
        droits.retablir_droits_rsa(
            procedure.personne,
            fin.droits,
            motif=f"Décision de fin de droit annulée sur recours : {motivation}",
            acting_user=acting_user,
        )
    return recours
