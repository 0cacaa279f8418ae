"""Every change of a manquement, a sanction procedure or an appeal goes through this module.

Each action is atomic, locks the row it changes, checks who acts and when, moves the
state machine declared on the model (its ``vers_*`` methods) and records the step through
``francetravail.base.transitions`` (``HistoriqueProcedure``, read by the person without its
internal note, and the audit log).

Nothing legally significant happens by a timer alone: the scheduled sweeps may only
record that a delay ran out (``constater_delai_expire``), put a case before its decider
(``mettre_a_decider``), start a decided sanction on its first day and record its end.
A person with the right role decides, within the range computed by ``sanctions.bareme``.

Who may act is ``sanctions.acces``; each action calls its ``exiger_*`` check.
"""

import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base import transitions
from francetravail.base.adresse_postale import lignes_depuis_texte
from francetravail.documents.depot import deposer
from francetravail.documents.enums import NatureDocument
from francetravail.personnes.acces import est_la_personne
from francetravail.rendezvous.enums import StatutManquement
from francetravail.rendezvous.models import ManquementAExaminer
from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.models import Organisation
from orientation.models import DecisionOrientation
from sanctions import acces, bareme, courriers, delais, radiations, webhooks
from sanctions import foyer as foyer_mod
from sanctions.enums import Mesure, Public, SourceManquement, StatutProcedure, StatutRecours
from sanctions.models import (
    STATUTS_APRES_AVERTISSEMENT,
    STATUTS_COMPLEMENT_OBSERVATIONS,
    STATUTS_DECIDES,
    CorrectionFoyer,
    CourrierProcedure,
    DestinataireCourrier,
    HistoriqueProcedure,
    Manquement,
    ProcedureSanction,
    Recours,
    TypeCourrier,
)

S = StatutProcedure

REFUS_SANS_PROPOSITION = "La proposition de France Travail est attendue avant la décision du département."
REFUS_DELAI_EN_COURS = (
    "Le délai d'observations court jusqu'au {echeance:%d/%m/%Y} inclus : aucune décision avant son terme, "
    "même si la personne a déjà écrit, car elle peut encore demander à être entendue ; seule une audition "
    "tenue clôt la phase contradictoire plus tôt (R5412-7)."
)
REFUS_AUDITION_DEMANDEE = (
    "Audition demandée{le} et pas encore tenue : aucune décision avant l'audition, "
    "ou le constat que la personne convoquée ne s'y est pas présentée (R5412-7)."
)
TYPES_DEPARTEMENT = (TypeOrganisation.CONSEIL_DEPARTEMENTAL, TypeOrganisation.DELEGATAIRE_DEPARTEMENTAL)
CHAMPS_DECISION = ("mesure", "taux", "duree_mois", "radiation_mois", "debut", "fin", "motivation", "decidee_le")

# How a procedure's steps are recorded (francetravail.base.transitions): a ``HistoriqueProcedure`` row
# and an audit event of the organisation running the procedure.
JOURNAL = transitions.Journal(
    historique=HistoriqueProcedure,
    champ="procedure",
    evenement=TypeEvenement.SANCTION_TRANSITION,
    personne=lambda procedure: procedure.personne,
    organisation=lambda procedure: procedure.organisation,
)


# --- Helpers ------------------------------------------------------------------------------


def verrouiller(procedure):
    """Locks ``procedure``'s row (its key is never updated) and reads it again with what the checks read."""
    return (
        ProcedureSanction.objects.select_for_update(of=("self",), no_key=True)
        .select_related(
            "personne__departement",
            "manquement",
            "organisation__departement",
            "organisation_decisionnaire__departement",
        )
        .get(pk=procedure.pk)
    )


def auditer(evenement, procedure, *, acting_user, motif="", **data):
    """The audit event of a step whose history row says something else than the event (its own
    motif, its own data): the history row goes through ``transitions.enregistrer(..., evenement=False)``."""
    return enregistrer_evenement(
        evenement,
        acting_user=acting_user,
        personne=procedure.personne,
        organisation=procedure.organisation,
        motif=motif,
        procedure=procedure.pk,
        **data,
    )


def _transition(procedure, methode, *, acting_user, etape, motif="", document="", note_interne="", courrier=None):
    """``transitions.transition`` for a procedure, refused with the step's name (``etape``).

    ``courrier``: the type of letter this step sends (``TypeCourrier``); it is issued after the
    state has changed (its content may depend on it), in the same transaction, and the history row
    references the person's copy. The core's ``transition`` has no place between the save and the
    record, so that case moves here and records through ``transitions.enregistrer``."""
    refus = f"Impossible depuis l'état « {procedure.get_statut_display()} » de la procédure : {etape}."
    historique = {"document": document, "note_interne": note_interne}
    if courrier is None:
        transitions.transition(
            procedure,
            methode,
            journal=JOURNAL,
            acting_user=acting_user,
            refus=refus,
            motif=motif,
            historique=historique,
        )
        webhooks.emettre_etape(procedure)
        return procedure
    if not can_proceed(methode):
        raise ValidationError(refus)
    avant = procedure.statut
    methode()
    procedure.save()
    lettre = courriers.emettre(procedure, courrier)[0]
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=avant,
        motif=motif,
        historique={**historique, "courrier": lettre},
    )
    webhooks.emettre_etape(procedure)
    return procedure


def _aujourdhui(aujourdhui):
    return aujourdhui or timezone.localdate()


def requis(texte, message):
    if not (texte or "").strip():
        raise ValidationError(message)
    return texte.strip()


def _departement(procedure):
    return procedure.personne.departement_id


def plage_dict(plage):
    """The legal range as JSON (snapshot kept with the decision, shown to the decider)."""
    valeurs = dataclasses.asdict(plage)
    valeurs["mesures"] = sorted(plage.mesures)
    for cle in ("taux_min", "taux_max"):
        valeurs[cle] = str(valeurs[cle]) if valeurs[cle] is not None else None
    valeurs["radiation_mois"] = list(plage.radiation_mois) if plage.radiation_mois else None
    valeurs["references"] = list(plage.references)
    return valeurs


# --- Manquement and opening ---------------------------------------------------------------


@transaction.atomic
def signaler_manquement(
    personne,
    *,
    acting_user,
    type_manquement,
    faits,
    date_faits,
    elements_preuve="",
    source=SourceManquement.SIGNALEMENT,
    manquement_rdv=None,
):
    """A référent reports a manquement (or takes over an unexcused absence to examine)."""
    acces.exiger_referent(acting_user, personne)
    faits = requis(faits, "Décrivez les faits.")
    if date_faits > timezone.localdate():
        raise ValidationError("La date des faits ne peut pas être dans le futur.")
    if manquement_rdv is not None:
        manquement_rdv = ManquementAExaminer.objects.select_for_update(of=("self",), no_key=True).get(
            pk=manquement_rdv.pk
        )
        if manquement_rdv.personne_id != personne.pk:
            raise ValidationError("Cette absence concerne une autre personne.")
        if manquement_rdv.statut != StatutManquement.A_EXAMINER:
            raise ValidationError("Cette absence n'est plus à examiner.")
        if Manquement.objects.filter(manquement_rdv=manquement_rdv).exists():
            raise ValidationError("Cette absence a déjà donné lieu à un manquement.")
        source = SourceManquement.ABSENCE
        manquement_rdv.statut = StatutManquement.RETENUE
        manquement_rdv.save(update_fields=["statut"])
    manquement = Manquement.objects.create(
        personne=personne,
        type_manquement=type_manquement,
        source=source,
        faits=faits,
        elements_preuve=elements_preuve,
        date_faits=date_faits,
        organisation=personne.organisme_referent,
        signale_par=acting_user,
        manquement_rdv=manquement_rdv,
    )
    enregistrer_evenement(
        TypeEvenement.SANCTION_MANQUEMENT_SIGNALE,
        acting_user=acting_user,
        personne=personne,
        organisation=personne.organisme_referent,
        manquement=manquement.pk,
        type_manquement=type_manquement,
        source=source,
    )
    return manquement


def organisation_decisionnaire(public, organisation, personne):
    """Who decides (R5412-4; CASF L262-37): returns (organisation, sur_proposition) or raises ValidationError."""
    if public == Public.RSA:
        if not personne.departement_id:
            raise ValidationError(
                "Le département de la personne est inconnu : le décideur du RSA ne peut être désigné."
            )
        conseil = (
            Organisation.objects.filter(
                type_organisation=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id=personne.departement_id
            )
            .filter(actif=True)
            .order_by("pk")
            .first()
        )
        if conseil is None:
            raise ValidationError("Aucun conseil départemental actif pour le département de la personne.")
        return conseil, organisation.type_organisation not in TYPES_DEPARTEMENT
    if organisation.type_organisation == TypeOrganisation.MISSION_LOCALE:
        return organisation, False
    if organisation.type_organisation == TypeOrganisation.AGENCE_FRANCE_TRAVAIL:
        return organisation, False
    agence = (
        Organisation.objects.filter(
            type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL,
            departement_id=personne.departement_id or organisation.departement_id,
            actif=True,
        )
        .order_by("pk")
        .first()
    )
    if agence is None:
        raise ValidationError("Aucune agence France Travail active dans le département de la personne.")
    return agence, False


@transaction.atomic
def ouvrir_procedure(manquement, *, acting_user, public, organisation=None):
    """Opens the control of a manquement; the organisation running it defaults to the person's organisme référent."""
    manquement = (
        Manquement.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne")
        .get(pk=manquement.pk)
    )
    personne = manquement.personne
    organisation = organisation or personne.organisme_referent
    acces.exiger_equipe_qui_ouvre(acting_user, organisation, personne)
    if public not in Public.values:
        raise ValidationError("Public inconnu.")
    if manquement.procedures.exclude(statut__in=(S.CLASSEE, S.LEVEE, S.ECHUE, S.ANNULEE)).exists():
        raise ValidationError("Une procédure est déjà en cours pour ce manquement.")
    decideur, sur_proposition = organisation_decisionnaire(public, organisation, personne)
    procedure = ProcedureSanction.objects.create(
        personne=personne,
        manquement=manquement,
        public=public,
        organisation=organisation,
        organisation_decisionnaire=decideur,
        sur_proposition=sur_proposition,
        ouverte_par=acting_user,
    )
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant="",
        motif=manquement.get_type_manquement_display(),
        evenement=False,
    )
    auditer(
        TypeEvenement.SANCTION_PROCEDURE_OUVERTE,
        procedure,
        acting_user=acting_user,
        manquement=manquement.pk,
        public=public,
        decideur=decideur.pk,
    )
    webhooks.emettre_etape(procedure)
    return procedure


# --- Review and prior notice --------------------------------------------------------------


@transaction.atomic
def examiner(procedure, *, acting_user, examen, accompagnement_fourni, note_interne=""):
    """The global review of the situation, with what accompaniment was actually provided."""
    procedure = verrouiller(procedure)
    acces.exiger_equipe(acting_user, procedure)
    procedure.examen = requis(examen, "Décrivez l'examen global de la situation.")
    procedure.accompagnement_fourni = requis(
        accompagnement_fourni, "Indiquez l'accompagnement effectivement proposé à la personne."
    )
    procedure.examine_le = timezone.now()
    return _transition(
        procedure, procedure.vers_examen, acting_user=acting_user, etape="examiner", note_interne=note_interne
    )


@transaction.atomic
def classer_sans_suite(procedure, *, acting_user, motif, note_interne=""):
    procedure = verrouiller(procedure)
    acces.exiger_qui_classe(acting_user, procedure)
    procedure.motif_classement = requis(motif, "Indiquez le motif du classement sans suite.")
    return _transition(
        procedure,
        procedure.vers_classee,
        acting_user=acting_user,
        etape="classer sans suite",
        motif=motif,
        note_interne=note_interne,
    )


@transaction.atomic
def notifier_avertissement_prealable(
    procedure,
    *,
    acting_user,
    mesure_envisagee,
    sanction_envisagee,
    notifie_le=None,
    representant_legal="",
    representant_legal_courriel="",
    majeur_protege=False,
    document="",
    note_interne="",
):
    """The prior notice (R5412-7): facts, envisaged sanction, 10 days to answer or ask to be heard.

    ``notifie_le`` is the provable date of the notice (« date certaine »), today by default.
    Minors and protected adults: the notice goes to their legal representative too.
    """
    procedure = verrouiller(procedure)
    acces.exiger_equipe(acting_user, procedure)
    notifie_le = notifie_le or timezone.localdate()
    if notifie_le > timezone.localdate():
        raise ValidationError("La date de notification ne peut pas être dans le futur.")
    if procedure.examine_le and notifie_le < timezone.localdate(procedure.examine_le):
        raise ValidationError("L'avertissement préalable suit l'examen de la situation.")
    if mesure_envisagee not in Mesure.values:
        raise ValidationError("Mesure envisagée inconnue.")
    procedure.sanction_envisagee = requis(sanction_envisagee, "Indiquez la sanction envisagée.")
    if delais.mineur(procedure.personne.date_naissance, notifie_le) or majeur_protege:
        procedure.representant_legal = requis(
            representant_legal,
            "La personne est mineure ou protégée : l'avertissement est aussi adressé à son représentant légal.",
        )
    else:
        procedure.representant_legal = (representant_legal or "").strip()
    procedure.representant_legal_courriel = (representant_legal_courriel or "").strip()
    if procedure.representant_legal_courriel and not procedure.representant_legal:
        raise ValidationError("Indiquez le nom du représentant légal dont vous donnez le courriel.")
    if procedure.representant_legal:
        # Their copy is a letter too: their name and full postal address, checked here, at the field.
        try:
            lignes_depuis_texte(procedure.representant_legal, de_qui="du représentant légal")
        except ValidationError as refus:
            raise ValidationError({"representant_legal": refus.messages}) from None
    procedure.mesure_envisagee = mesure_envisagee
    procedure.avertissement_notifie_le = notifie_le
    procedure.echeance_observations = delais.echeance_observations(notifie_le, departement=_departement(procedure))
    return _transition(
        procedure,
        procedure.vers_avertissement_notifie,
        acting_user=acting_user,
        etape="notifier avertissement prealable",
        motif=procedure.sanction_envisagee,
        document=document or f"Avertissement préalable du {notifie_le:%d/%m/%Y}",
        note_interne=note_interne,
        courrier=TypeCourrier.AVERTISSEMENT_PREALABLE,
    )


def _dans_le_delai(procedure, le, quoi):
    """``le`` (a receipt date) falls within the period: from the notice's day to its last day included."""
    if le > timezone.localdate():
        raise ValidationError(f"La date de réception {quoi} ne peut pas être dans le futur.")
    if procedure.echeance_observations and le > procedure.echeance_observations:
        raise ValidationError(f"Le délai d'observations a pris fin le {procedure.echeance_observations:%d/%m/%Y}.")
    if procedure.avertissement_notifie_le and le < procedure.avertissement_notifie_le:
        raise ValidationError(f"La réception {quoi} ne peut précéder l'avertissement préalable.")


@transaction.atomic
def enregistrer_observations(procedure, *, acting_user, observations, recues_le=None, justificatif=None):
    """The person's written observations, from their space or brought to a desk, within the delay.

    They do not close the period (R5412-7): until its last day the person may complete them or ask
    to be heard. A complement is added to what was received, dated, without a change of state.
    ``justificatif`` (an uploaded file, optional) is stored as a document of the procedure, read by
    its team and its decider (``sanctions/documents.py``); a refused file refuses the whole answer."""
    procedure = verrouiller(procedure)
    acces.exiger_la_personne_ou_l_equipe(acting_user, procedure)
    recues_le = recues_le or timezone.localdate()
    if procedure.echeance_observations and recues_le > procedure.echeance_observations:
        raise ValidationError(f"Le délai d'observations a pris fin le {procedure.echeance_observations:%d/%m/%Y}.")
    if procedure.avertissement_notifie_le and recues_le < procedure.avertissement_notifie_le:
        raise ValidationError("Des observations ne peuvent précéder l'avertissement préalable.")
    texte = requis(observations, "Les observations sont vides.")
    if procedure.statut in STATUTS_COMPLEMENT_OBSERVATIONS:
        procedure = _completer_observations(procedure, texte, recues_le, acting_user=acting_user)
    else:
        procedure.observations = texte
        procedure.observations_recues_le = recues_le
        procedure = _transition(
            procedure, procedure.vers_observations_recues, acting_user=acting_user, etape="enregistrer observations"
        )
    _joindre(procedure, justificatif, NatureDocument.OBSERVATIONS, acting_user=acting_user)
    return procedure


def _joindre(procedure, fichier, nature, *, acting_user, objet=None):
    """Stores ``fichier`` (if any) as a document of the procedure's person, attached to ``objet``
    (the procedure by default), in the calling action's transaction."""
    if fichier:
        deposer(fichier, personne=procedure.personne, nature=nature, par=acting_user, objet=objet or procedure)


def _completer_observations(procedure, texte, recues_le, *, acting_user):
    entete = f"Observations reçues le {recues_le:%d/%m/%Y} :"
    procedure.observations = f"{procedure.observations}\n\n{entete}\n{texte}" if procedure.observations else texte
    procedure.observations_recues_le = procedure.observations_recues_le or recues_le
    procedure.save(update_fields=["observations", "observations_recues_le", "updated_at"])
    motif = f"Observations écrites reçues le {recues_le:%d/%m/%Y}."
    transitions.enregistrer(procedure, journal=JOURNAL, acting_user=acting_user, avant=procedure.statut, motif=motif)
    return procedure


@transaction.atomic
def demander_audition(
    procedure, *, acting_user, demandee_le=None, accompagnant="", observations="", justificatif=None
):
    """The person asks to be heard, assisted by a person of their choice (R5412-7; CASF, RSA prior notice).

    From their space (dated today) or recorded by the team with the date it was received (a letter, a
    call, the desk). The request must be received by the period's last day, day 10 included; written
    observations sent before do not close the period. Until the hearing is held (or the person, duly
    convened, does not come) the case stays in the contradictory phase: no timer and no one moves it
    before its decider. A request received in time but recorded after the period brings back a case
    already put before its decider, as long as nothing is decided.
    """
    procedure = verrouiller(procedure)
    # The same rule as ``acces.exiger_la_personne_ou_l_equipe``, whose first half the date needs.
    par_la_personne = est_la_personne(acting_user, procedure.personne)
    if not par_la_personne:
        acces.exiger_equipe(acting_user, procedure)
    # The person asks today; only the team records the date a request was received.
    demandee_le = timezone.localdate() if par_la_personne or demandee_le is None else demandee_le
    _dans_le_delai(procedure, demandee_le, "de la demande")
    avant = procedure.statut
    procedure.audition_demandee_le = demandee_le
    if accompagnant.strip():
        procedure.audition_assistee_par = accompagnant.strip()[:200]
    texte = (observations or "").strip()
    if texte:
        entete = f"Observations jointes à la demande d'audition ({demandee_le:%d/%m/%Y}) :"
        procedure.observations = f"{procedure.observations}\n\n{entete}\n{texte}" if procedure.observations else texte
        procedure.observations_recues_le = procedure.observations_recues_le or demandee_le
    # Back in the contradictory phase: no decision is due until the hearing.
    procedure.a_decider_le = procedure.decision_due_le = None
    motif = "Demande à être entendu(e)" + (
        f", accompagné(e) de {procedure.audition_assistee_par}" if accompagnant.strip() else ""
    )
    if avant in (S.DELAI_EXPIRE, S.A_DECIDER):
        motif += f" reçue le {demandee_le:%d/%m/%Y}, dans le délai : la procédure revient à la phase contradictoire"
    procedure = _transition(
        procedure,
        procedure.vers_audition_demandee,
        acting_user=acting_user,
        motif=motif + ".",
        etape="demander une audition",
    )
    _joindre(procedure, justificatif, NatureDocument.OBSERVATIONS, acting_user=acting_user)
    return procedure


@transaction.atomic
def tenir_audition(procedure, *, acting_user, compte_rendu, tenue_le=None, assistee_par="", note_interne=""):
    """The hearing the person asked for, assisted by a person of their choice; it closes the
    contradictory phase at once, and the 15 days of the decision run from it (R5412-7)."""
    procedure = verrouiller(procedure)
    acces.exiger_equipe(acting_user, procedure)
    tenue_le = tenue_le or timezone.localdate()
    if tenue_le > timezone.localdate() or tenue_le < procedure.avertissement_notifie_le:
        raise ValidationError("La date de l'audition doit suivre l'avertissement préalable et ne pas être future.")
    procedure.audition_le = tenue_le
    procedure.audition_compte_rendu = requis(compte_rendu, "Résumez l'audition.")
    procedure.audition_assistee_par = assistee_par.strip() or procedure.audition_assistee_par
    return _transition(
        procedure,
        procedure.vers_audition_tenue,
        acting_user=acting_user,
        etape="tenir audition",
        note_interne=note_interne,
    )


@transaction.atomic
def constater_absence_audition(procedure, *, acting_user, prevue_le, motif, note_interne=""):
    """The person, convened to the hearing they asked for, did not come (recorded by the team, never
    by a timer: only the team knows whether the person excused themselves and was convened again).

    The texts give the person the right to ask to be heard, not to hold the procedure open: the
    hearing offered on ``prevue_le`` is the « audition » after which the decision is taken within 15
    days (R5412-7; CRPA L122-1: the administration need not grant abusive requests). The phase then
    ends at the later of that date and the period's last day: the person keeps the whole period to
    write. The team states how the person was convened; a later hearing may still be held.
    """
    procedure = verrouiller(procedure)
    acces.exiger_equipe(acting_user, procedure)
    if prevue_le is None or prevue_le > timezone.localdate():
        raise ValidationError("L'absence se constate le jour de l'audition prévue ou après, pas avant.")
    if procedure.audition_demandee_le and prevue_le < procedure.audition_demandee_le:
        raise ValidationError("L'audition prévue ne peut précéder la demande d'audition.")
    procedure.audition_absence = requis(
        motif, "Indiquez comment la personne a été convoquée à l'audition et ce qui a été constaté."
    )
    procedure.audition_prevue_le = prevue_le
    return _transition(
        procedure,
        procedure.vers_audition_manquee,
        acting_user=acting_user,
        motif=f"Absence à l'audition prévue le {prevue_le:%d/%m/%Y} : {procedure.audition_absence}",
        note_interne=note_interne,
        etape="constater l'absence à l'audition",
    )


@transaction.atomic
def constater_delai_expire(procedure, *, acting_user=None, aujourdhui=None):
    """Records that the delay ran out without an answer; only once its last day has passed."""
    procedure = verrouiller(procedure)
    if acting_user is not None:
        acces.exiger_equipe(acting_user, procedure)
    aujourdhui = _aujourdhui(aujourdhui)
    if procedure.echeance_observations and not delais.delai_observations_termine(
        procedure.echeance_observations, aujourdhui
    ):
        raise ValidationError(REFUS_DELAI_EN_COURS.format(echeance=procedure.echeance_observations))
    return _transition(procedure, procedure.vers_delai_expire, acting_user=acting_user, etape="constater delai expire")


def _phase_contradictoire_close(procedure, aujourdhui):
    """Raises unless the contradictory phase is over (C. trav. R5412-7, R5412-7-1; CASF, RSA prior notice).

    It is over once a hearing was held, or once the 10 days ran out (day 11) with no hearing asked
    for and not held. Written observations received before day 10 do not end it: the person may
    still ask to be heard until the last day. ``balayage.q_phase_contradictoire_close`` is the
    query form of this rule."""
    if procedure.statut == S.AUDITION_DEMANDEE:
        demandee_le = procedure.audition_demandee_le
        raise ValidationError(REFUS_AUDITION_DEMANDEE.format(le=f" le {demandee_le:%d/%m/%Y}" if demandee_le else ""))
    if procedure.audition_le:
        return
    if not delais.delai_observations_termine(procedure.echeance_observations, aujourdhui):
        raise ValidationError(REFUS_DELAI_EN_COURS.format(echeance=procedure.echeance_observations))


@transaction.atomic
def mettre_a_decider(procedure, *, acting_user=None, aujourdhui=None):
    """Puts the case before its decider; the decision is due 15 days after the delay or the hearing."""
    procedure = verrouiller(procedure)
    if acting_user is not None:
        acces.exiger_equipe(acting_user, procedure)
    aujourdhui = _aujourdhui(aujourdhui)
    _phase_contradictoire_close(procedure, aujourdhui)
    procedure.a_decider_le = aujourdhui
    procedure.decision_due_le = delais.decision_due_le(
        echeance_observations=procedure.echeance_observations,
        audition_le=procedure.audition_le,
        audition_prevue_le=procedure.audition_prevue_le,
        departement=_departement(procedure),
    )
    return _transition(procedure, procedure.vers_a_decider, acting_user=acting_user, etape="mettre a decider")


# --- Decision -----------------------------------------------------------------------------


def rang(procedure):
    """« premier » or « reiteration », from the person's earlier notified decisions and latest orientation."""
    precedentes = (
        ProcedureSanction.objects.filter(personne_id=procedure.personne_id, statut__in=STATUTS_DECIDES)
        .exclude(pk=procedure.pk)
        .values_list("decidee_le", flat=True)
    )
    orientation = (
        DecisionOrientation.objects.filter(personne_id=procedure.personne_id, notifiee_le__isnull=False)
        .order_by("-notifiee_le")
        .values_list("notifiee_le", flat=True)
        .first()
    )
    return bareme.rang_du_manquement(
        date_faits=procedure.manquement.date_faits,
        notifications_precedentes=[timezone.localdate(d) for d in precedentes],
        derniere_orientation_le=timezone.localdate(orientation) if orientation else None,
        departement=_departement(procedure),
        public=procedure.public,
    )


def foyer_rsa(procedure):
    """The RSA household the range is computed from (R262-68-6), None outside the RSA: the one the
    decision relied on once decided, else the file's as read now (``sanctions.foyer``)."""
    return foyer_mod.foyer_retenu(procedure) if procedure.concerne_le_rsa else None


def plage_de(procedure, *, foyer=None):
    """The legal range for this procedure on the date of the facts (raises ValidationError when none exists).

    For the RSA, the 50 % cap follows the household the file holds (``foyer_rsa``), never a box a
    decider ticks."""
    foyer = foyer or foyer_rsa(procedure)
    return bareme.plage_legale(
        public=procedure.public,
        manquement=procedure.manquement.type_manquement,
        rang=rang(procedure),
        date_faits=procedure.manquement.date_faits,
        departement=_departement(procedure),
        foyer_plusieurs_personnes=bool(foyer and foyer.plusieurs_personnes),
        majoration_isolement=bool(foyer and foyer.majoration_isolement),
    )


@transaction.atomic
def corriger_foyer(procedure, *, acting_user, nb_personnes, majoration_isolement, motif):
    """The decider (or France Travail's delegate who proposes) corrects the RSA household the cap is
    computed from (R262-68-6), only with a reason: the correction keeps who, when, why and the
    household it replaces, and is logged. Before the decision only: a decided range is the decision's."""
    procedure = verrouiller(procedure)
    if not procedure.concerne_le_rsa:
        raise ValidationError("La composition du foyer ne compte que pour le plafond du RSA.")
    acces.exiger_correcteur_du_foyer(acting_user, procedure)
    if procedure.statut != S.A_DECIDER:
        raise ValidationError(
            "La composition du foyer se corrige avant la décision, quand la procédure est à décider."
        )
    motif = requis(motif, "Indiquez le motif de la correction et la pièce qui l'établit.")
    try:
        nb_personnes = int(nb_personnes)
    except (TypeError, ValueError):
        nb_personnes = 0
    if not 1 <= nb_personnes <= 20:
        raise ValidationError("Le nombre de personnes au foyer va de 1 à 20.")
    avant = foyer_mod.foyer_de(procedure)
    correction = CorrectionFoyer.objects.create(
        procedure=procedure,
        nb_personnes=nb_personnes,
        majoration_isolement=bool(majoration_isolement),
        motif=motif,
        source_remplacee=avant.en_json(),
        par=acting_user,
    )
    apres = foyer_mod.de_la_correction(correction)
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=procedure.statut,
        motif=f"Composition du foyer corrigée : {apres.libelle}",
        evenement=False,
    )
    auditer(
        TypeEvenement.SANCTION_FOYER_CORRIGE,
        procedure,
        acting_user=acting_user,
        motif=motif,
        correction=correction.pk,
        nb_personnes=nb_personnes,
        majoration_isolement=bool(majoration_isolement),
        remplace=avant.libelle,
        source_remplacee=avant.source,
    )
    return procedure


def _decision(mesure, taux, duree_mois, radiation_mois):
    return {
        "mesure": mesure,
        "taux": str(taux) if taux is not None else None,
        "duree_mois": duree_mois,
        "radiation_mois": radiation_mois,
    }


@transaction.atomic
def proposer(
    procedure,
    *,
    acting_user,
    mesure,
    motivation,
    taux=None,
    duree_mois=None,
    radiation_mois=None,
):
    """France Travail's proposal to the département for a bRSA it controls (L262-37 IV); no transition."""
    procedure = verrouiller(procedure)
    if not procedure.sur_proposition or procedure.statut != S.A_DECIDER:
        raise ValidationError("Aucune proposition n'est attendue pour cette procédure.")
    acces.exiger_proposant(acting_user, procedure)
    foyer = foyer_mod.foyer_de(procedure)
    plage = plage_de(procedure, foyer=foyer)
    # The équipe pluridisciplinaire's opinion is the département's step, before its own decision.
    bareme.verifier_decision(
        plage,
        mesure=mesure,
        taux=taux,
        duree_mois=duree_mois,
        radiation_mois=radiation_mois,
        avis_equipe_pluridisciplinaire=True,
    )
    procedure.proposition = {
        **_decision(mesure, taux, duree_mois, radiation_mois),
        "motivation": requis(motivation, "Motivez la proposition."),
        "par": acting_user.pk,
        "foyer": foyer.libelle,
    }
    procedure.proposee_le = timezone.now()
    procedure.save()
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=procedure.statut,
        motif="Proposition transmise au département",
        evenement=False,
    )
    auditer(TypeEvenement.SANCTION_PROPOSEE, procedure, acting_user=acting_user, **procedure.proposition)
    return procedure


@transaction.atomic
def enregistrer_avis_equipe_pluridisciplinaire(procedure, *, acting_user, avis, rendu_le=None):
    """The équipe pluridisciplinaire's opinion, required before an RSA suppression (L262-37 III)."""
    procedure = verrouiller(procedure)
    if not procedure.concerne_le_rsa:
        raise ValidationError("L'avis de l'équipe pluridisciplinaire ne concerne que le RSA.")
    if procedure.statut not in (*STATUTS_APRES_AVERTISSEMENT, S.A_DECIDER):
        raise ValidationError("L'avis est rendu après la phase d'observations, avant la décision.")
    acces.exiger_equipe_pluridisciplinaire(acting_user, procedure)
    rendu_le = rendu_le or timezone.localdate()
    procedure.avis_equipe_pluridisciplinaire = requis(avis, "L'avis est vide.")
    procedure.avis_equipe_pluridisciplinaire_le = rendu_le
    procedure.save()
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=procedure.statut,
        motif="Avis de l'équipe pluridisciplinaire",
        evenement=False,
    )
    auditer(TypeEvenement.SANCTION_AVIS_EQUIPE, procedure, acting_user=acting_user)
    return procedure


@transaction.atomic
def decider(
    procedure,
    *,
    acting_user,
    mesure,
    motivation,
    taux=None,
    duree_mois=None,
    radiation_mois=None,
    debut=None,
    fin=None,
    montant_mensuel=None,
    document="",
    note_interne="",
    aujourdhui=None,
):
    """The reasoned decision, within the legal range on the date of the facts, notified with appeal routes.

    ``fin`` is only for an avertissement: the deadline it sets to end the failure (R5412-3-3).
    """
    procedure = verrouiller(procedure)
    acces.exiger_auteur_de_la_decision(acting_user, procedure)
    if procedure.statut != S.A_DECIDER:
        raise ValidationError(f"La procédure n'est pas à décider (« {procedure.get_statut_display()} »).")
    if procedure.sur_proposition and not procedure.proposition:
        raise ValidationError(REFUS_SANS_PROPOSITION)
    aujourdhui = _aujourdhui(aujourdhui)
    _phase_contradictoire_close(procedure, aujourdhui)
    motivation = requis(motivation, "Une décision de sanction est motivée.")
    taux = Decimal(str(taux)) if taux is not None else None
    if montant_mensuel is not None:
        montant_mensuel = Decimal(str(montant_mensuel))
        if montant_mensuel < 0:
            raise ValidationError("Le montant mensuel de la prestation ne peut pas être négatif.")
    # RSA: the household as the file holds it now, or as the decider corrected it (R262-68-6).
    foyer = foyer_mod.foyer_de(procedure) if procedure.concerne_le_rsa else None
    plage = plage_de(procedure, foyer=foyer)
    bareme.verifier_decision(
        plage,
        mesure=mesure,
        taux=taux,
        duree_mois=duree_mois,
        radiation_mois=radiation_mois,
        avis_equipe_pluridisciplinaire=procedure.avis_equipe_pluridisciplinaire_le is not None,
    )
    debut = debut or aujourdhui
    if debut < aujourdhui:
        raise ValidationError("Une sanction ne prend pas effet avant sa décision.")
    duree = duree_mois or radiation_mois
    if mesure == Mesure.AVERTISSEMENT:
        if fin is None or fin <= debut:
            raise ValidationError("L'avertissement fixe le délai dans lequel la personne met fin au manquement.")
    else:
        fin = delais.fin_sanction(debut, duree)
    procedure.rang = rang(procedure)
    procedure.plage_legale = plage_dict(plage)
    procedure.foyer = foyer.en_json() if foyer else None
    procedure.mesure, procedure.taux, procedure.duree_mois, procedure.radiation_mois = (
        mesure,
        taux,
        duree_mois,
        radiation_mois,
    )
    procedure.debut, procedure.fin, procedure.motivation = debut, fin, motivation
    procedure.montant_mensuel = montant_mensuel
    procedure.decidee_le = timezone.now()
    procedure.decidee_par = acting_user
    voie = delais.voie_recours(procedure.concerne_le_rsa)
    procedure.voies_recours = delais.texte_voies_recours(
        voie, delais.echeance_recours(aujourdhui, voie, departement=_departement(procedure))
    )
    _transition(
        procedure,
        procedure.vers_decision_notifiee,
        acting_user=acting_user,
        etape="decider",
        motif=motivation,
        document=document or f"Décision du {aujourdhui:%d/%m/%Y}",
        note_interne=note_interne,
        courrier=TypeCourrier.DECISION,
    )
    auditer(
        TypeEvenement.SANCTION_DECIDEE,
        procedure,
        acting_user=acting_user,
        rang=procedure.rang,
        **_decision(mesure, taux, duree_mois, radiation_mois),
        **({"foyer": foyer.libelle} if foyer else {}),
    )
    radiations.synchroniser(procedure.personne, acting_user=acting_user, aujourdhui=aujourdhui)
    return procedure


# --- Sanction period ----------------------------------------------------------------------


@transaction.atomic
def demarrer_sanction(procedure, *, acting_user=None, aujourdhui=None):
    """The decided sanction starts on its first day (a consequence of the decision, not a new one)."""
    procedure = verrouiller(procedure)
    if acting_user is not None:
        acces.exiger_equipe_ou_decideur(acting_user, procedure)
    aujourdhui = _aujourdhui(aujourdhui)
    if procedure.debut and aujourdhui < procedure.debut:
        raise ValidationError(f"La sanction commence le {procedure.debut:%d/%m/%Y}.")
    return _transition(procedure, procedure.vers_sanction_en_cours, acting_user=acting_user, etape="demarrer sanction")


@transaction.atomic
def enregistrer_remobilisation(procedure, *, acting_user, constat, le=None):
    """The référent records that the person complies again (contract signed, obligations met as agreed)."""
    procedure = verrouiller(procedure)
    acces.exiger_referent(acting_user, procedure.personne)
    if procedure.statut not in (S.DECISION_NOTIFIEE, S.SANCTION_EN_COURS) and not _fin_droit_possible(procedure):
        raise ValidationError("Aucune sanction n'est en cours.")
    procedure.remobilisation = requis(constat, "Décrivez la remobilisation constatée.")
    procedure.remobilisation_le = le or timezone.localdate()
    procedure.save()
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=procedure.statut,
        motif=procedure.remobilisation,
        evenement=False,
    )
    auditer(TypeEvenement.SANCTION_REMOBILISATION, procedure, acting_user=acting_user)
    return procedure


def _fin_droit_possible(procedure):
    """After a total RSA suppression of 4 months the référent may still record that the person complies:
    the end of the RSA right then is no longer possible (sanctions.fin_droit, CASF R262-68)."""
    # cycle: sanctions.fin_droit imports this module (its actions lock and record through it).
    from sanctions import fin_droit

    return fin_droit.remobilisation_possible(procedure)


@transaction.atomic
def lever_par_remobilisation(procedure, *, acting_user, motif="", document="", note_interne=""):
    """The decider lifts the sanction early once the référent has recorded the remobilisation."""
    procedure = verrouiller(procedure)
    acces.exiger_decideur(acting_user, procedure)
    if not procedure.remobilisation_le:
        raise ValidationError("Le référent doit d'abord constater la remobilisation de la personne.")
    procedure.terminee_le = timezone.localdate()
    _transition(
        procedure,
        procedure.vers_levee,
        acting_user=acting_user,
        etape="lever par remobilisation",
        motif=motif or procedure.remobilisation,
        document=document or f"Levée de la sanction du {procedure.terminee_le:%d/%m/%Y}",
        note_interne=note_interne,
        courrier=TypeCourrier.LEVEE,
    )
    radiations.synchroniser(
        procedure.personne, acting_user=acting_user, motif_reouverture="Sanction levée après remobilisation."
    )
    return procedure


@transaction.atomic
def constater_echeance(procedure, *, acting_user=None, aujourdhui=None):
    """The sanction's period is over (the day after its last day)."""
    procedure = verrouiller(procedure)
    if acting_user is not None:
        acces.exiger_equipe(acting_user, procedure)
    aujourdhui = _aujourdhui(aujourdhui)
    if procedure.fin and aujourdhui <= procedure.fin:
        raise ValidationError(f"La sanction court jusqu'au {procedure.fin:%d/%m/%Y} inclus.")
    procedure.terminee_le = aujourdhui
    return _transition(procedure, procedure.vers_echue, acting_user=acting_user, etape="constater echeance")


# --- Appeals ------------------------------------------------------------------------------


def verrouiller_recours(recours):
    return Recours.objects.select_for_update(of=("self",), no_key=True).get(pk=recours.pk)


def journaliser_recours(recours, procedure, *, acting_user, avant, motif="", document="", courrier=None):
    """A step of an appeal, in its procedure's history (its states prefixed ``recours:``) and the audit
    log (its states as they are): the core's ``transition`` records the object it moves, not its procedure."""
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=f"recours:{avant}" if avant else "",
        apres=f"recours:{recours.statut}",
        motif=motif,
        evenement=False,
        historique={"document": document, "recours": recours, "courrier": courrier},
    )
    auditer(
        TypeEvenement.SANCTION_RECOURS,
        procedure,
        acting_user=acting_user,
        motif=motif,
        recours=recours.pk,
        avant=avant,
        apres=recours.statut,
    )


def notification_decision(procedure):
    """The day the decision reached the person: the recorded receipt of the decision letter, else
    the day it was sent (the letter leaves with the decision, so the earliest possible day)."""
    recu_le = (
        CourrierProcedure.objects.filter(
            procedure=procedure, type_courrier=TypeCourrier.DECISION, destinataire=DestinataireCourrier.PERSONNE
        )
        .values_list("recu_le", flat=True)
        .first()
    )
    return recu_le or timezone.localdate(procedure.decidee_le)


def echeance_recours_de(procedure):
    """Last day to appeal ``procedure``'s decision: two months from its notification to the person."""
    voie = delais.voie_recours(procedure.concerne_le_rsa)
    return delais.echeance_recours(notification_decision(procedure), voie, departement=_departement(procedure))


@transaction.atomic
def former_recours(procedure, *, acting_user, motifs, forme_le=None, piece=None):
    """The person appeals (or the team records it for them); the deadline is computed and a late appeal flagged.
    ``piece`` (an uploaded file, optional) is stored as a document of the appeal (``sanctions/documents.py``)."""
    procedure = verrouiller(procedure)
    acces.exiger_auteur_du_recours(acting_user, procedure)
    if procedure.statut not in STATUTS_DECIDES:
        raise ValidationError("Seule une décision notifiée peut faire l'objet d'un recours.")
    if (
        procedure.recours.filter(fin_droit__isnull=True)
        .exclude(statut__in=(StatutRecours.MAINTENUE, StatutRecours.REFORMEE, StatutRecours.ANNULEE))
        .exists()
    ):
        raise ValidationError("Un recours est déjà en cours contre cette décision.")
    forme_le = forme_le or timezone.localdate()
    voie = delais.voie_recours(procedure.concerne_le_rsa)
    echeance = echeance_recours_de(procedure)
    recours = Recours.objects.create(
        procedure=procedure,
        voie=voie,
        forme_le=forme_le,
        echeance=echeance,
        hors_delai=forme_le > echeance,
        motifs=requis(motifs, "Indiquez les motifs du recours."),
        forme_par=acting_user,
    )
    accuse = courriers.emettre(procedure, TypeCourrier.ACCUSE_RECOURS, recours=recours)[0]
    journaliser_recours(
        recours,
        procedure,
        acting_user=acting_user,
        avant="",
        motif=recours.motifs,
        document=f"Accusé de réception du recours du {forme_le:%d/%m/%Y}",
        courrier=accuse,
    )
    _joindre(procedure, piece, NatureDocument.RECOURS, acting_user=acting_user, objet=recours)
    return recours


@transaction.atomic
def instruire_recours(recours, *, acting_user):
    recours = verrouiller_recours(recours)
    procedure = verrouiller(recours.procedure)
    acces.exiger_instructeur(acting_user, recours, procedure)
    if not can_proceed(recours.vers_instruction):
        raise ValidationError(
            f"Le recours est « {recours.get_statut_display()} » : il ne peut être mis en instruction."
        )
    avant = recours.statut
    recours.instruit_par = acting_user
    recours.vers_instruction()
    recours.save()
    journaliser_recours(recours, procedure, acting_user=acting_user, avant=avant)
    return recours


@transaction.atomic
def statuer_recours(
    recours,
    *,
    acting_user,
    issue,
    motivation,
    mesure=None,
    taux=None,
    duree_mois=None,
    radiation_mois=None,
    document="",
):
    """Maintains, reforms (a new decision, still within the law) or annuls the decision; the old one is kept."""
    recours = verrouiller_recours(recours)
    procedure = verrouiller(recours.procedure)
    acces.exiger_instructeur(acting_user, recours, procedure)
    if recours.fin_droit_id is not None:
        # cycle: sanctions.fin_droit imports this module (its actions lock and record through it).
        from sanctions import fin_droit

        return fin_droit.statuer_recours(
            recours, procedure, acting_user=acting_user, issue=issue, motivation=motivation
        )
    methodes = {
        StatutRecours.MAINTENUE: recours.vers_maintenue,
        StatutRecours.REFORMEE: recours.vers_reformee,
        StatutRecours.ANNULEE: recours.vers_annulee,
    }
    if issue not in methodes:
        raise ValidationError("Issue du recours inconnue.")
    if not can_proceed(methodes[issue]):
        raise ValidationError(f"Le recours est « {recours.get_statut_display()} » : il ne peut être tranché.")
    motivation = requis(motivation, "Motivez la décision sur le recours.")
    recours.decision_initiale = {
        **_decision(procedure.mesure, procedure.taux, procedure.duree_mois, procedure.radiation_mois),
        "debut": procedure.debut.isoformat() if procedure.debut else None,
        "fin": procedure.fin.isoformat() if procedure.fin else None,
        "motivation": procedure.motivation,
    }
    if issue == StatutRecours.REFORMEE:
        if not mesure:
            raise ValidationError("Indiquez la mesure de la décision réformée.")
        plage = plage_de(procedure)  # within the household the decision relied on
        bareme.verifier_decision(
            plage,
            mesure=mesure,
            taux=taux,
            duree_mois=duree_mois,
            radiation_mois=radiation_mois,
            avis_equipe_pluridisciplinaire=procedure.avis_equipe_pluridisciplinaire_le is not None,
        )
        procedure.mesure, procedure.taux = mesure, Decimal(str(taux)) if taux is not None else None
        procedure.duree_mois, procedure.radiation_mois = duree_mois, radiation_mois
        if mesure != Mesure.AVERTISSEMENT:
            procedure.fin = delais.fin_sanction(procedure.debut, duree_mois or radiation_mois)
        procedure.motivation = motivation
        procedure.save()
    avant = recours.statut
    methodes[issue]()
    recours.statue_par = acting_user
    recours.statue_le = timezone.now()
    recours.motivation = motivation
    recours.save()
    journaliser_recours(recours, procedure, acting_user=acting_user, avant=avant, motif=motivation, document=document)
    if issue == StatutRecours.ANNULEE:
        procedure.terminee_le = timezone.localdate()
        _transition(
            procedure, procedure.vers_annulee, acting_user=acting_user, etape="annuler sur recours", motif=motivation
        )
    radiations.synchroniser(
        procedure.personne,
        acting_user=acting_user,
        motif_reouverture=f"Recours : {recours.get_statut_display().lower()}.",
    )
    return recours


# --- Letters ------------------------------------------------------------------------------


@transaction.atomic
def enregistrer_reception(courrier, *, acting_user, recu_le=None):
    """Records the date a letter was received: the person opening it in their space, or the team
    recording a postal acknowledgement. The first date recorded stands (appeal and observation
    delays may be argued from it); a later call returns the letter unchanged."""
    courrier = (
        CourrierProcedure.objects.select_for_update(of=("self",), no_key=True)
        .select_related("procedure__personne", "procedure__organisation")
        .get(pk=courrier.pk)
    )
    procedure = courrier.procedure
    acces.exiger_la_personne_ou_l_equipe(acting_user, procedure)
    if courriers.en_attente_d_adresse(courrier):
        raise ValidationError("Ce courrier attend une adresse postale complète : il n'a pas encore été envoyé.")
    recu_le = recu_le or timezone.localdate()
    if recu_le > timezone.localdate():
        raise ValidationError("La date de réception ne peut pas être dans le futur.")
    if recu_le < timezone.localdate(courrier.created_at):
        raise ValidationError(
            f"Le courrier a été émis le {timezone.localdate(courrier.created_at):%d/%m/%Y} : "
            "il ne peut avoir été reçu avant."
        )
    if courrier.recu_le is not None:
        return courrier
    courrier.recu_le = recu_le
    courrier.save(update_fields=["recu_le"])
    motif = f"{courrier.get_type_courrier_display()} reçu le {recu_le:%d/%m/%Y}"
    transitions.enregistrer(
        procedure,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=procedure.statut,
        motif=motif,
        historique={"courrier": courrier},
        audit={"courrier": courrier.pk, "recu_le": recu_le.isoformat()},
    )
    return courrier
