"""Every change of an application (candidature) goes through this module.

Who does what:

- a conseiller of the network who may read the person's file (an accompaniment role, and the
  person is in ``personnes_visibles``) puts them forward for a published offer
  (``mettre_en_relation``), unless the person has opted out of being proposed to employers;
- the person applies from their space (``candidater``), opted out or not, and withdraws
  (``desister``: a refusal with the motif « La personne s'est désistée », theirs alone);
- an active member of the offer's company marks the application seen (done when they first
  open it), proposes an interview, accepts, refuses with a reason (« autre » needs a
  precision) and records the hire (``embaucher``).

A hire records the person's situation « en emploi » on their job-search profile, fills the
offer once its number of positions is reached (the other applications still open then get
a « poste pourvu » answer), and, when the person has a signed contrat d'engagement, opens
its revision with the reason « Reprise d'emploi ».

Each step is atomic, locks the application, moves the state machine declared on the model,
writes ``HistoriqueCandidature`` (who, when, from, to, why) and an audit row, and tells the
person, their référent and the employer through the outbox. The e-mails name the offer's
title and nothing else about anyone: the details are read in each one's space.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from contrats.actions import ouvrir_revision
from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from entreprises import acces, offres, webhooks
from entreprises.enums import MotifRefus, OrigineCandidature, StatutCandidature, StatutMembre, StatutOffre
from entreprises.models import Candidature, HistoriqueCandidature, MembreEntreprise, Offre, ProfilRecherche
from entreprises.notifications import CANDIDATURE_EMPLOYEUR, CANDIDATURE_PERSONNE, CANDIDATURE_REFERENT
from entreprises.saisie import texte
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.transitions import Journal, enregistrer, transition
from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument
from francetravail.documents.selecteurs import documents_par_objet
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.personnes.acces import est_la_personne, organisation_donnant_acces
from francetravail.reseau.models import Organisation

SC = StatutCandidature

REFUS_CONSEILLER = (
    "Seul un conseiller qui suit le dossier de cette personne peut la mettre en relation avec une offre."
)
REFUS_PERSONNE = "Seule la personne concernée peut candidater ou retirer sa candidature."
REFUS_EMPLOYEUR = "Seul un membre actif de l'entreprise qui a publié l'offre peut faire cela."
REFUS_OFFRE_FERMEE = "Cette offre n'est plus publiée : elle ne reçoit plus de candidatures."
REFUS_DOUBLON = "Cette personne a déjà candidaté ou été proposée pour cette offre."
REFUS_RETRAIT_PROFIL = (
    "Cette personne a choisi de ne pas être proposée aux employeurs. Elle peut candidater elle-même depuis son espace."
)
REFUS_DESISTEMENT_EMPLOYEUR = "Seule la personne peut retirer sa candidature : choisissez un autre motif."
PRECISION_AUTRE = "Précisez le motif du refus."
MOTIF_OBLIGATOIRE = "Choisissez le motif du refus."
DATE_EMBAUCHE_OBLIGATOIRE = "Indiquez la date d'embauche."
DATE_EMBAUCHE_AVANT_CANDIDATURE = "La date d'embauche ne peut précéder la candidature (reçue le {date:%d/%m/%Y})."
MOTIF_REVISION_CONTRAT = "Reprise d'emploi"

# What each transition needs in the current state, in the user's words.
REFUS_ETAT = {
    "marquer_vue": "Cette candidature a déjà été lue.",
    "proposer_entretien": "Un entretien se propose à une candidature reçue ou lue, pas encore acceptée ni close.",
    "accepter": "Cette candidature est déjà acceptée ou close.",
    "embaucher": "Seule une candidature acceptée aboutit à une embauche.",
    "refuser": "Cette candidature est déjà close (embauche ou refus).",
}


# --- Reads --------------------------------------------------------------------------------


def candidature_de(personne, offre):
    """``personne``'s application to ``offre``, or None (the offer page shows it instead of the form)."""
    if personne is None or offre is None:
        return None
    return Candidature.objects.filter(personne=personne, offre=offre).first()


def cv_de(candidature):
    """The CV the person chose when applying (a ``Document`` of nature « cv »), or None."""
    return cvs_de([candidature]).get(candidature.pk)


def cvs_de(candidatures_):
    """{application id: its CV} for ``candidatures_`` (one query, whatever their number)."""
    return {
        pk: cvs[-1]
        for pk, documents in documents_par_objet(list(candidatures_)).items()
        if (cvs := [d for d in documents if d.nature == NatureDocument.CV])
    }


def etapes_possibles(candidature):
    """The employer's steps the application's state allows now: what its page shows as buttons."""
    methodes = {
        "entretien": candidature.vers_entretien,
        "accepter": candidature.vers_acceptee,
        "refuser": candidature.vers_refusee,
        "embaucher": candidature.vers_embauche,
    }
    return [nom for nom, methode in methodes.items() if can_proceed(methode)]


def historique(candidature):
    """The application's steps, oldest first, with their labels."""
    libelles = dict(SC.choices)
    lignes = list(candidature.historique.select_related("user").order_by("at", "pk"))
    for ligne in lignes:
        ligne.libelle_avant = libelles.get(ligne.statut_avant, "")
        ligne.libelle_apres = libelles.get(ligne.statut_apres, ligne.statut_apres)
    return lignes


# --- Helpers ------------------------------------------------------------------------------


def _verrouiller(candidature):
    return (
        Candidature.objects.select_for_update(of=("self",), no_key=True)
        .select_related(
            "offre__entreprise", "personne__user", "personne__referent_unique", "personne__organisme_referent"
        )
        .get(pk=candidature.pk)
    )


JOURNAL = Journal(
    historique=HistoriqueCandidature,
    champ="candidature",
    evenement=TypeEvenement.CANDIDATURE_TRANSITION,
    personne=lambda candidature: candidature.personne,
)


def _deplacer(candidature, nom, methode, *, acting_user, motif="", **audit):
    """Moves the application with its ``vers_*`` method (refused in the words of ``REFUS_ETAT[nom]``),
    records the step, then saves the state; the caller saves other fields itself."""
    transition(
        candidature,
        methode,
        journal=JOURNAL,
        acting_user=acting_user,
        refus=REFUS_ETAT[nom],
        sauver=False,
        motif=motif,
        audit={"offre": candidature.offre_id, **audit},
    )
    webhooks.emettre_statut(candidature)


def _organisation(user, personne):
    org_id = organisation_donnant_acces(user, personne)
    return Organisation.objects.filter(pk=org_id).first() if org_id else None


# --- Notifications --------------------------------------------------------------------------


def _contexte(candidature, evenement):
    return {"evenement": evenement, "titre": candidature.offre.titre}


def _notifier_personne(candidature, evenement, *, courriel=True):
    """An in-app notice in the person's space, and an e-mail where they have an address."""
    personne = candidature.personne
    if not personne.user_id:
        return
    contexte = _contexte(candidature, evenement)
    adresse = personne.email or personne.user.email
    if courriel and adresse:
        notifier(
            personne.user,
            CANDIDATURE_PERSONNE,
            contexte=contexte,
            cle_idempotence=f"candidature:{candidature.pk}:{evenement}:{Canal.EMAIL}",
            canal=Canal.EMAIL,
            adresse=adresse,
        )
    notifier(
        personne.user,
        CANDIDATURE_PERSONNE,
        contexte=contexte,
        cle_idempotence=f"candidature:{candidature.pk}:{evenement}:{Canal.IN_APP}",
        canal=Canal.IN_APP,
        adresse="",
    )


def _notifier_referent(candidature, evenement, *, sauf=None):
    """The person's référent unique, by e-mail (not when they made the change themself)."""
    referent = candidature.personne.referent_unique
    if referent is None or not referent.is_active or not referent.email or (sauf and referent.pk == sauf.pk):
        return
    notifier(
        referent,
        CANDIDATURE_REFERENT,
        contexte=_contexte(candidature, evenement),
        cle_idempotence=f"candidature:{candidature.pk}:{evenement}:referent:{referent.pk}",
        lien={"pk": candidature.pk},
    )


def _notifier_employeur(candidature, evenement):
    """Every active member of the offer's company, by e-mail."""
    membres = MembreEntreprise.objects.filter(
        entreprise_id=candidature.offre.entreprise_id, statut=StatutMembre.ACTIF, user__is_active=True
    ).select_related("user")
    for membre in membres:
        if not membre.user.email:
            continue
        notifier(
            membre.user,
            CANDIDATURE_EMPLOYEUR,
            contexte=_contexte(candidature, evenement),
            cle_idempotence=f"candidature:{candidature.pk}:{evenement}:employeur:{membre.user_id}",
            lien={"pk": candidature.pk},
        )


# --- Creating an application ------------------------------------------------------------------


def _offre_publiee(offre):
    offre = Offre.objects.select_related("entreprise").get(pk=offre.pk)
    if offre.statut != StatutOffre.PUBLIEE:
        raise ValidationError(REFUS_OFFRE_FERMEE)
    return offre


def _creer(offre, personne, *, origine, acting_user, message, organisation=None):
    if Candidature.objects.filter(offre=offre, personne=personne).exists():
        raise ValidationError(REFUS_DOUBLON)
    candidature = Candidature.objects.create(
        offre=offre,
        personne=personne,
        origine=origine,
        mise_en_relation_par=acting_user if origine == OrigineCandidature.MISE_EN_RELATION else None,
        message=message,
    )
    candidature = _verrouiller(candidature)
    # The audit event names the organisation through which a conseiller put the person forward:
    # the journal's event has no organisation, so the history row alone comes from it.
    enregistrer(candidature, journal=JOURNAL, acting_user=acting_user, avant="", evenement=False)
    enregistrer_evenement(
        TypeEvenement.CANDIDATURE_TRANSITION,
        acting_user=acting_user,
        personne=candidature.personne,
        organisation=organisation,
        candidature=candidature.pk,
        offre=candidature.offre_id,
        avant="",
        apres=candidature.statut,
        origine=origine,
    )
    webhooks.emettre_statut(candidature)
    return candidature


@transaction.atomic
def mettre_en_relation(offre, personne, acting_user, message=""):
    """A conseiller puts ``personne`` forward for ``offre``: the person is told, the employer receives it."""
    if not acces.peut_mettre_en_relation(acting_user, personne):
        raise ValidationError(REFUS_CONSEILLER)
    message = texte(message, "message")
    offre = _offre_publiee(offre)
    profil = ProfilRecherche.objects.filter(personne=personne).only("visible").first()
    if profil is not None and not profil.visible:
        raise ValidationError(REFUS_RETRAIT_PROFIL)
    candidature = _creer(
        offre,
        personne,
        origine=OrigineCandidature.MISE_EN_RELATION,
        acting_user=acting_user,
        message=message,
        organisation=_organisation(acting_user, personne),
    )
    _notifier_personne(candidature, "mise_en_relation")
    _notifier_referent(candidature, "mise_en_relation", sauf=acting_user)
    _notifier_employeur(candidature, "nouvelle")
    return candidature


@transaction.atomic
def candidater(offre, personne, acting_user, message="", cv=None):
    """The person applies from their space (whether or not they let employers find them), with the
    CV they chose (an uploaded file, optional): it becomes a ``Document`` of nature « cv » attached to
    the application, which the offer's employer reads (``entreprises.documents``). A refused CV
    refuses the application: nothing is stored."""
    if not est_la_personne(acting_user, personne):
        raise ValidationError(REFUS_PERSONNE)
    message = texte(message, "message")
    offre = _offre_publiee(offre)
    candidature = _creer(
        offre, personne, origine=OrigineCandidature.CANDIDATURE, acting_user=acting_user, message=message
    )
    if cv:
        _joindre_cv(candidature, cv, acting_user=acting_user)
    _notifier_personne(candidature, "envoyee")
    _notifier_referent(candidature, "envoyee")
    _notifier_employeur(candidature, "nouvelle")
    return candidature


def _joindre_cv(candidature, fichier, *, acting_user):
    # ``deposer`` writes the DOCUMENT_DEPOSE event (naming the application as its object).
    try:
        return depot.deposer(
            fichier, personne=candidature.personne, nature=NatureDocument.CV, par=acting_user, objet=candidature
        )
    except ValidationError as refus:
        raise ValidationError({"cv": refus.messages}) from None


# --- The employer's steps ---------------------------------------------------------------------


@transaction.atomic
def marquer_vue(candidature, *, acting_user):
    """The employer opened the application (done by the page the first time they do)."""
    candidature = _verrouiller(candidature)
    if not acces.repond_a_la_candidature(acting_user, candidature):
        raise ValidationError(REFUS_EMPLOYEUR)
    _deplacer(candidature, "marquer_vue", candidature.vers_vue, acting_user=acting_user)
    candidature.save(update_fields=["statut", "updated_at"])
    # Being read is worth a notice in the space, not an e-mail.
    _notifier_personne(candidature, "vue", courriel=False)
    return candidature


@transaction.atomic
def proposer_entretien(candidature, *, acting_user, message=""):
    """An interview; ``message`` (date, place, how) is what the person reads in their space."""
    message = texte(message, "message")
    candidature = _verrouiller(candidature)
    if not acces.repond_a_la_candidature(acting_user, candidature):
        raise ValidationError(REFUS_EMPLOYEUR)
    _deplacer(candidature, "proposer_entretien", candidature.vers_entretien, acting_user=acting_user, motif=message)
    candidature.save(update_fields=["statut", "updated_at"])
    _notifier_personne(candidature, "entretien")
    _notifier_referent(candidature, "entretien")
    return candidature


@transaction.atomic
def accepter(candidature, *, acting_user, message=""):
    message = texte(message, "message")
    candidature = _verrouiller(candidature)
    if not acces.repond_a_la_candidature(acting_user, candidature):
        raise ValidationError(REFUS_EMPLOYEUR)
    _deplacer(candidature, "accepter", candidature.vers_acceptee, acting_user=acting_user, motif=message)
    candidature.save(update_fields=["statut", "updated_at"])
    _notifier_personne(candidature, "acceptee")
    _notifier_referent(candidature, "acceptee")
    return candidature


def _motif_lisible(motif, precision):
    libelle = MotifRefus(motif).label
    return f"{libelle} : {precision}" if precision else libelle


def _refuser(candidature, *, acting_user, motif, precision, evenement):
    """The refusal itself, on a locked application whose author was checked."""
    _deplacer(
        candidature,
        "refuser",
        candidature.vers_refusee,
        acting_user=acting_user,
        motif=_motif_lisible(motif, precision),
        motif_refus=motif,
    )
    candidature.motif_refus = motif
    candidature.precision_refus = precision
    candidature.save(update_fields=["statut", "motif_refus", "precision_refus", "updated_at"])
    if evenement == "desistement":
        _notifier_personne(candidature, "desistement", courriel=False)
        _notifier_employeur(candidature, "desistement")
    else:
        _notifier_personne(candidature, "refusee")
    _notifier_referent(candidature, evenement)
    return candidature


@transaction.atomic
def refuser(candidature, *, acting_user, motif, precision=""):
    """The employer declines, with a reason; « autre » needs a precision. Withdrawing is the person's."""
    precision = texte(precision, "precision")
    if not motif:
        raise ValidationError({"motif": MOTIF_OBLIGATOIRE})
    if motif not in MotifRefus.values:
        raise ValidationError({"motif": "Motif de refus inconnu."})
    candidature = _verrouiller(candidature)
    if not acces.repond_a_la_candidature(acting_user, candidature):
        raise ValidationError(REFUS_EMPLOYEUR)
    if motif == MotifRefus.CANDIDAT_DESISTE:
        raise ValidationError({"motif": REFUS_DESISTEMENT_EMPLOYEUR})
    if motif == MotifRefus.AUTRE and not precision:
        raise ValidationError({"precision": PRECISION_AUTRE})
    return _refuser(candidature, acting_user=acting_user, motif=motif, precision=precision, evenement="refusee")


@transaction.atomic
def desister(candidature, *, acting_user, precision=""):
    """The person withdraws their application (recorded as a refusal « La personne s'est désistée »)."""
    precision = texte(precision, "precision")
    candidature = _verrouiller(candidature)
    if not est_la_personne(acting_user, candidature.personne):
        raise ValidationError(REFUS_PERSONNE)
    return _refuser(
        candidature,
        acting_user=acting_user,
        motif=MotifRefus.CANDIDAT_DESISTE,
        precision=precision,
        evenement="desistement",
    )


# --- The hire -------------------------------------------------------------------------------


@transaction.atomic
def embaucher(candidature, *, acting_user, date_embauche):
    """The hire: the person is « en emploi » from ``date_embauche``; the offer may be filled; the
    person's signed contrat d'engagement is opened for revision (« Reprise d'emploi »)."""
    if date_embauche is None:
        raise ValidationError({"date_embauche": DATE_EMBAUCHE_OBLIGATOIRE})
    candidature = _verrouiller(candidature)
    if not acces.repond_a_la_candidature(acting_user, candidature):
        raise ValidationError(REFUS_EMPLOYEUR)
    recue_le = timezone.localdate(candidature.created_at)
    if date_embauche < recue_le:
        raise ValidationError({"date_embauche": DATE_EMBAUCHE_AVANT_CANDIDATURE.format(date=recue_le)})
    # The step is recorded once the hire's effects are known (the offer filled, the contract's revision),
    # which need the state saved first: moved here, recorded below by ``enregistrer``.
    if not can_proceed(candidature.vers_embauche):
        raise ValidationError(REFUS_ETAT["embaucher"])
    avant = candidature.statut
    candidature.vers_embauche()
    candidature.date_embauche = date_embauche
    candidature.save(update_fields=["statut", "date_embauche", "updated_at"])
    webhooks.emettre_statut(candidature)
    _enregistrer_emploi(candidature, date_embauche)
    # The offer is locked before its hires are counted: two hires at once cannot both miss the last position.
    offre = (
        Offre.objects.select_for_update(of=("self",), no_key=True)
        .select_related("entreprise")
        .get(pk=candidature.offre_id)
    )
    embauches = Candidature.objects.filter(offre=offre, statut=SC.EMBAUCHE).count()
    pourvue = offre.statut == StatutOffre.PUBLIEE and embauches >= offre.nb_postes
    revision = _ouvrir_revision_contrat(candidature)
    enregistrer(
        candidature,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=avant,
        motif=f"Embauche au {date_embauche:%d/%m/%Y}",
        audit={
            "offre": candidature.offre_id,
            "date_embauche": date_embauche.isoformat(),
            "offre_pourvue": pourvue,
            "revision_contrat": revision,
        },
    )
    _notifier_personne(candidature, "embauche")
    _notifier_referent(candidature, "embauche")
    if pourvue:
        pourvoir_offre(offre, acting_user=acting_user)
        _clore_les_autres(offre, acting_user=acting_user)
    return candidature


def _enregistrer_emploi(candidature, date_embauche):
    profil = (
        ProfilRecherche.objects.select_for_update(of=("self",), no_key=True)
        .filter(personne_id=candidature.personne_id)
        .first()
    )
    if profil is None:
        # No profile yet (the person never searched through the platform): one records the hire.
        profil = ProfilRecherche(personne_id=candidature.personne_id, en_emploi_depuis=date_embauche)
        profil.embauche = candidature
        profil.save()
        return
    profil.en_emploi_depuis = date_embauche
    profil.embauche = candidature
    profil.save(update_fields=["en_emploi_depuis", "embauche", "updated_at"])


def _ouvrir_revision_contrat(candidature):
    """Opens the revision of the person's signed contract through ``contrats.actions.ouvrir_revision``.

    Returns the contract's id, or None when there is no signed contract (nothing to revise) or
    when its référent can no longer act on it (then the hire stands; the référent, if any, is
    still told of the hire and opens the revision at the next point d'étape).

    The contract's own référent is the actor recorded: ``ouvrir_revision`` accepts no one else,
    and the employer who recorded the hire has no right on the contract.
    """
    contrat = (
        ContratEngagement.objects.filter(personne_id=candidature.personne_id, statut=StatutContrat.SIGNE)
        .select_related("referent")
        .order_by("-signe_le", "-pk")
        .first()
    )
    if contrat is None or contrat.referent is None:
        return None
    try:
        with transaction.atomic():
            ouvrir_revision(contrat, acting_user=contrat.referent, motif=MOTIF_REVISION_CONTRAT)
    except ValidationError:
        return None
    return contrat.pk


def pourvoir_offre(offre, *, acting_user):
    """Fills the offer once its positions are taken (``entreprises.offres.pourvoir``)."""
    # par_embauche: who acts was checked here; the offers' module re-counts the hires under its lock.
    return offres.pourvoir(offre, acting_user, motif="Tous les postes sont pourvus.", par_embauche=True)


def _pourvoir_offre_provisoire(offre, *, acting_user):
    """The offer filled without the offers' module (written before it existed; its test still reads it).

    Nothing calls it since ``entreprises.offres.pourvoir`` exists: kept for that test only."""
    offre = Offre.objects.select_for_update(of=("self",), no_key=True).get(pk=offre.pk)
    if not can_proceed(offre.vers_pourvue):
        return offre
    avant = offre.statut
    offre.vers_pourvue()
    offre.cloturee_le = timezone.now()
    offre.save(update_fields=["statut", "cloturee_le", "updated_at"])
    enregistrer_evenement(
        TypeEvenement.OFFRE_TRANSITION,
        acting_user=acting_user,
        motif="Tous les postes sont pourvus.",
        offre=offre.pk,
        avant=avant,
        apres=offre.statut,
    )
    return offre


def _clore_les_autres(offre, *, acting_user):
    """Once filled, every application still open gets its answer: « Le poste a été pourvu »."""
    ouvertes = (
        Candidature.objects.select_for_update(of=("self",), no_key=True)
        .filter(offre=offre)
        .exclude(statut__in=(SC.EMBAUCHE, SC.REFUSEE))
        .order_by("pk")
    )
    for candidature in ouvertes:
        candidature = _verrouiller(candidature)
        _refuser(
            candidature, acting_user=acting_user, motif=MotifRefus.POSTE_POURVU, precision="", evenement="refusee"
        )
