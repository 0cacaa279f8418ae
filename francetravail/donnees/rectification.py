"""Rectification requests (RGPD art. 16): a person asks that inexact data about them be corrected.

The request goes to the organisation that works the file — the person's organisme référent; for a
person not oriented yet, the France Travail agency of their département (France Travail orients
everyone who is not a bRSA, L5411-5-1 II, and its conseillers read those files), else the
département's conseil départemental. It is answered by the deadline of the legal parameter
``donnees.delai_rectification`` (one month, RGPD art. 12 §3) read on the day of the request:
« rectifiée » (what was corrected) or « refusée » (why). Where necessary, the organisation may extend
that deadline once, by ``donnees.prolongation_rectification`` (two months, same article), telling the
person why before the first deadline has passed. The person is told on their page and by
e-mail; each step writes an audit event. There is no right to object (loi 1978, art. 56).

The correction itself is made where the data lives (contact details, diagnostic, contract…), by
the professionals who may change it there: the answer says what was done, it changes no other data.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.calendrier import ajouter_mois
from francetravail.donnees import notifications_rectification as notifications
from francetravail.donnees.enums import CategorieDonnees, StatutRectification
from francetravail.donnees.models import DemandeRectification
from francetravail.donnees.rectification_acces import peut_repondre
from francetravail.parametres.lookup import parametre
from francetravail.parametres.models import Unite
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.models import Organisation

PARAMETRE_DELAI = "donnees.delai_rectification"
PARAMETRE_PROLONGATION = "donnees.prolongation_rectification"
LONGUEUR_MAX = 4000
# Requests waiting for an answer at once, per person: enough for every category that may be wrong,
# not enough for one account to bury an organisation's queue.
OUVERTES_MAX = 5

REFUS_PERSONNE = "Seule la personne concernée peut demander la rectification de ses données depuis son espace."
SANS_ORGANISATION = (
    "Aucun organisme ne peut encore recevoir votre demande en ligne. Écrivez au délégué à la protection "
    "des données de France Travail (article R. 5312-45 du code du travail)."
)
DOSSIER_ARCHIVE = (
    "Votre dossier est en archive intermédiaire : plus aucun organisme ne le suit. Pour faire corriger vos données, "
    "écrivez au délégué à la protection des données de France Travail (article R. 5312-45 du code du travail)."
)
REFUS_REPONSE = "Seuls les professionnels de l'organisation chargée de la demande peuvent y répondre."
DEJA_TRAITEE = "Cette demande a déjà reçu une réponse."
DEJA_PROLONGEE = "Le délai de cette demande a déjà été prolongé : il ne peut l'être qu'une fois (RGPD, article 12)."
VIDE_MOTIF_PROLONGATION = "Dites à la personne pourquoi la réponse demande plus de temps (RGPD, article 12)."
PROLONGATION_TARDIVE = (
    "Le délai de réponse est passé : une prolongation s'annonce à la personne avant l'échéance initiale "
    "(RGPD, article 12). Répondez-lui dès que possible."
)


def organisation_chargee(personne):
    """The organisation that answers ``personne``'s requests, or None when there is none to send them to."""
    if personne.organisme_referent_id is not None:
        return personne.organisme_referent
    if not personne.departement_id:
        return None
    rang = Case(
        When(type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    candidates = Organisation.objects.filter(
        actif=True,
        departement_id=personne.departement_id,
        type_organisation__in=[TypeOrganisation.AGENCE_FRANCE_TRAVAIL, TypeOrganisation.CONSEIL_DEPARTEMENTAL],
    )
    if personne.commune_id:
        # The agency whose employment area holds the person's commune, when one does.
        bassin = Case(When(bassins__communes=personne.commune_id, then=Value(0)), default=Value(1))
        candidates = candidates.annotate(rang=rang, proche=bassin).order_by("rang", "proche", "pk")
    else:
        candidates = candidates.annotate(rang=rang).order_by("rang", "pk")
    return candidates.first()


def _apres(cle, jour, le):
    """``jour`` plus the duration of the legal parameter ``cle`` in force on ``le``."""
    delai = parametre(cle, le=le)
    if delai.unite == Unite.MOIS:
        return ajouter_mois(jour, int(delai.valeur))
    if delai.unite == Unite.JOURS:
        return jour + datetime.timedelta(days=int(delai.valeur))
    raise ValueError(f"Unité inattendue pour {cle} : {delai.unite}")


def echeance(demandee_le):
    """The day by which a request made on ``demandee_le`` (a date) must be answered, from the
    parameter in force that day."""
    return _apres(PARAMETRE_DELAI, demandee_le, demandee_le)


def echeance_initiale(demande):
    """The first deadline, before any extension (the parameter in force on the day of the request)."""
    return echeance(timezone.localdate(demande.demandee_le))


def prolongeable(demande, le=None):
    """Open, never extended, and the first deadline not passed (its last day included)."""
    le = le or timezone.localdate()
    return (
        demande.statut == StatutRectification.OUVERTE
        and demande.prolongee_le is None
        and le <= echeance_initiale(demande)
    )


def en_retard(demande, le=None):
    """Still waiting for an answer after its deadline (the deadline day itself is not late)."""
    le = le or timezone.localdate()
    return demande.statut == StatutRectification.OUVERTE and demande.echeance < le


def _texte(valeur, *, champ, vide):
    valeur = (valeur or "").strip()
    if not valeur:
        raise ValidationError({champ: vide})
    if len(valeur) > LONGUEUR_MAX:
        raise ValidationError(
            {champ: f"Ce texte est trop long : {LONGUEUR_MAX} caractères au plus (il en compte {len(valeur)})."}
        )
    return valeur


@transaction.atomic
def demander(personne, *, acting_user, categorie, texte):
    """Records the request of ``personne`` (made by themself), routed with its deadline; tells the référent."""
    # Locked so that two requests sent at once cannot both pass the bound on open requests.
    personne = (
        Personne.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisme_referent", "referent_unique", "user")
        .get(pk=personne.pk)
    )
    if not (acting_user.is_authenticated and acting_user.is_active and personne.user_id == acting_user.pk):
        raise ValidationError(REFUS_PERSONNE)
    if personne.archivee_le is not None:
        # Out of every queue (the organisations no longer read an archived file): only the DPO can answer.
        raise ValidationError(DOSSIER_ARCHIVE)
    if categorie not in CategorieDonnees.values:
        raise ValidationError({"categorie": "Choisissez les données concernées dans la liste."})
    texte = _texte(texte, champ="texte", vide="Dites ce qui est inexact et la correction que vous demandez.")
    ouvertes = DemandeRectification.objects.filter(personne=personne, statut=StatutRectification.OUVERTE).count()
    if ouvertes >= OUVERTES_MAX:
        raise ValidationError(
            f"Vous avez déjà {ouvertes} demandes en attente de réponse : attendez une réponse avant d'en "
            "envoyer une autre, ou complétez-les par un message à votre référent."
        )
    organisation = organisation_chargee(personne)
    if organisation is None:
        raise ValidationError(SANS_ORGANISATION)
    maintenant = timezone.now()
    demande = DemandeRectification.objects.create(
        personne=personne,
        demandee_par=acting_user,
        demandee_le=maintenant,
        categorie=categorie,
        texte=texte,
        organisation=organisation,
        echeance=echeance(timezone.localdate(maintenant)),
    )
    # The audit says what was asked of whom and by when, never the person's words.
    enregistrer_evenement(
        TypeEvenement.RECTIFICATION_DEMANDEE,
        acting_user=acting_user,
        personne=personne,
        organisation=organisation,
        demande=demande.pk,
        categorie=categorie,
        echeance=demande.echeance.isoformat(),
    )
    notifications.prevenir_le_referent(demande)
    return demande


def _ouverte_verrouillee(demande, acting_user):
    """The request again, locked: still open, and ``acting_user`` of the organisation in charge."""
    demande = (
        DemandeRectification.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne__user", "organisation")
        .get(pk=demande.pk)
    )
    if not peut_repondre(acting_user, demande):
        raise ValidationError(REFUS_REPONSE)
    if demande.statut != StatutRectification.OUVERTE:
        raise ValidationError(DEJA_TRAITEE)
    return demande


@transaction.atomic
def prolonger(demande, *, acting_user, motif):
    """Extends the deadline of an open request once, by ``donnees.prolongation_rectification`` counted from the
    first deadline (RGPD art. 12 §3); ``motif`` tells the person why, before that first deadline has passed."""
    demande = _ouverte_verrouillee(demande, acting_user)
    if demande.prolongee_le is not None:
        raise ValidationError(DEJA_PROLONGEE)
    maintenant = timezone.now()
    if not prolongeable(demande, timezone.localdate(maintenant)):
        raise ValidationError(PROLONGATION_TARDIVE)
    demande.motif_prolongation = _texte(
        motif,
        champ="motif_prolongation",
        vide=VIDE_MOTIF_PROLONGATION,
    )
    demande.echeance = _apres(
        PARAMETRE_PROLONGATION, echeance_initiale(demande), timezone.localdate(demande.demandee_le)
    )
    demande.prolongee_le = maintenant
    demande.save(update_fields=["echeance", "prolongee_le", "motif_prolongation"])
    enregistrer_evenement(
        TypeEvenement.RECTIFICATION_PROLONGEE,
        acting_user=acting_user,
        personne=demande.personne,
        organisation=demande.organisation,
        demande=demande.pk,
        echeance=demande.echeance.isoformat(),
    )
    notifications.prevenir_de_la_prolongation(demande)
    return demande


@transaction.atomic
def repondre(demande, *, acting_user, statut, reponse):
    """Answers an open request: ``statut`` RECTIFIEE (``reponse`` says what was corrected) or REFUSEE
    (``reponse`` gives the reason, RGPD art. 12 §4); the person is told."""
    demande = _ouverte_verrouillee(demande, acting_user)
    if statut not in (StatutRectification.RECTIFIEE, StatutRectification.REFUSEE):
        raise ValidationError({"statut": "Choisissez : données rectifiées, ou rectification refusée."})
    vide = (
        "Dites à la personne ce qui a été corrigé."
        if statut == StatutRectification.RECTIFIEE
        else "Un refus est motivé : dites à la personne pourquoi (RGPD, article 12)."
    )
    demande.reponse = _texte(reponse, champ="reponse", vide=vide)
    demande.statut = statut
    demande.repondue_par = acting_user
    demande.repondue_le = timezone.now()
    demande.save(update_fields=["statut", "reponse", "repondue_par", "repondue_le"])
    enregistrer_evenement(
        TypeEvenement.RECTIFICATION_TRAITEE,
        acting_user=acting_user,
        personne=demande.personne,
        organisation=demande.organisation,
        demande=demande.pk,
        statut=statut,
        dans_le_delai=timezone.localdate(demande.repondue_le) <= demande.echeance,
    )
    notifications.prevenir_la_personne(demande)
    return demande
