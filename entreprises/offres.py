"""Every change of a job offer goes through this module.

Lifecycle (the state machine is declared on ``Offre``)::

    brouillon ──soumettre──► (compliance check clean) ──► publiée ──► pourvue | expirée | retirée
        ▲                     (findings) ──► à valider ──publier (reason)──┘
        └──────────renvoyer (reason)──────────┘

Who acts:

- an active member of the company (admin or recruiter), or a conseiller who manages the company
  (``acces.gere_entreprise``: its référent, a conseiller of its organisation référente) drafts,
  edits a draft, submits, withdraws, and records that the offer is filled;
- a flagged offer is reviewed by a conseiller who manages the company or by a conseiller of a
  France Travail agency of the offer's département (France Travail holds the employer relationship
  there): they may edit it, then publish it with a reason, or send it back to draft with a reason
  (the employer is told through the outbox);
- the conseiller recrutement is the company's référent by default, set at publication, and
  reassigned by whoever manages the company;
- the daily sweep expires published offers whose last day (``expire_le``) has passed.

Each action is atomic, locks the offer, checks who acts and the state (``can_proceed``), and
writes an ``OFFRE_TRANSITION`` audit row. A refusal is a French ``ValidationError``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from entreprises import acces, comptes, conformite, taches
from entreprises.enums import CONTRATS_A_DUREE, StatutCandidature, StatutMembre, StatutOffre, TempsTravail, TypeContrat
from entreprises.models import MembreEntreprise, Offre
from entreprises.notifications import OFFRE_A_VALIDER, OFFRE_EXPIREE, OFFRE_PUBLIEE, OFFRE_RENVOYEE
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.nombres import decimal_fr
from francetravail.notifications.actions import notifier
from francetravail.parametres import lookup

SO = StatutOffre

# How long a published offer stays visible: a service choice, not a legal figure (no text sets
# it). Two months matches the common practice of job boards, and an employer can republish.
DUREE_PUBLICATION = datetime.timedelta(days=60)

# The fields an employer or a conseiller edits; the others are set by the actions.
CHAMPS = (
    "titre",
    "fiche_rome",
    "description",
    "type_contrat",
    "duree_mois",
    "temps_travail",
    "heures_hebdo",
    "salaire_min",
    "salaire_max",
    "commune",
    "date_debut",
    "nb_postes",
    "conditions_handicap",
    "langues",
    "competences",
)

REFUS_REDIGER = "Seuls les membres de l'entreprise et les conseillers qui la suivent peuvent rédiger ses offres."
REFUS_EXAMINER = (
    "Seuls les conseillers qui suivent l'entreprise et ceux des agences France Travail du département "
    "de l'offre examinent une offre à valider."
)
REFUS_GERER = "Seuls les membres de l'entreprise et les conseillers qui suivent l'offre peuvent faire cela."
REFUS_CONSEILLER = "Seuls les conseillers qui suivent l'entreprise désignent le conseiller recrutement."
REFUS_ETAT = "L'offre est « {statut} » : cette étape n'est plus possible."
REFUS_MODIFIER = "Une offre « {statut} » ne se modifie plus : retirez-la et publiez-en une nouvelle si besoin."
MOTIF_OBLIGATOIRE = "Indiquez le motif : il est conservé et {qui}."


# --- Checks ---------------------------------------------------------------------------------------


def duree_legale_hebdo(le=None):
    return lookup.valeur("entreprises.duree_legale_hebdo", le=le)


def erreurs_de_saisie(valeurs, *, aujourdhui=None):
    """The offer's cross-field rules, as ``{field: French message}``; shared by the forms and the actions."""
    aujourdhui = aujourdhui or timezone.localdate()
    erreurs = {}
    type_contrat = valeurs.get("type_contrat")
    duree = valeurs.get("duree_mois")
    if type_contrat in CONTRATS_A_DUREE and not duree:
        erreurs["duree_mois"] = (
            "Indiquez la durée du contrat en mois : elle est obligatoire pour un CDD, une mission d'intérim, "
            "un contrat saisonnier ou une alternance."
        )
    elif type_contrat == TypeContrat.CDI and duree:
        erreurs["duree_mois"] = "Un CDI n'a pas de durée : laissez ce champ vide."
    heures, temps = valeurs.get("heures_hebdo"), valeurs.get("temps_travail")
    if heures is not None and temps:
        legale = duree_legale_hebdo(aujourdhui)
        if temps == TempsTravail.PARTIEL and heures >= legale:
            erreurs["heures_hebdo"] = (
                f"Un temps partiel compte moins de {decimal_fr(legale)} heures par semaine (C. trav. L3123-1) : "
                "choisissez « temps plein » ou réduisez les heures."
            )
        elif temps == TempsTravail.PLEIN and heures < legale:
            erreurs["heures_hebdo"] = (
                f"Un temps plein compte au moins {decimal_fr(legale)} heures par semaine "
                "(durée légale, C. trav. L3121-27) : en dessous, choisissez « temps partiel »."
            )
    salaire_min, salaire_max = valeurs.get("salaire_min"), valeurs.get("salaire_max")
    if salaire_min is not None and salaire_max is not None and salaire_max < salaire_min:
        erreurs["salaire_max"] = "Le salaire maximum ne peut être inférieur au minimum."
    date_debut = valeurs.get("date_debut")
    if date_debut is not None and date_debut < aujourdhui:
        erreurs["date_debut"] = "La date de prise de poste est passée : indiquez une date à venir."
    return erreurs


def _verifier_saisie(offre):
    # Foreign keys by their id: an unknown code is reported by full_clean, not raised by a fetch.
    valeurs = {nom: getattr(offre, f"{nom}_id" if nom in ("fiche_rome", "commune") else nom) for nom in CHAMPS}
    erreurs = erreurs_de_saisie(valeurs)
    try:
        offre.full_clean(exclude=["domaine", "departement", "region", "statut"], validate_constraints=False)
    except ValidationError as e:
        for champ, messages in e.message_dict.items():
            erreurs.setdefault(champ, " ".join(messages))
    if erreurs:
        raise ValidationError(erreurs)


def _verrouiller(offre):
    return (
        Offre.objects.select_for_update(of=("self",), no_key=True)
        .select_related("entreprise__referent", "entreprise__organisation_referente", "fiche_rome", "commune")
        .get(pk=offre.pk)
    )


def _verifier_etat(offre, transition):
    if not can_proceed(transition):
        raise ValidationError(REFUS_ETAT.format(statut=offre.get_statut_display().lower()))


def _motif(motif, qui):
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": MOTIF_OBLIGATOIRE.format(qui=qui)})
    return motif


def _auditer(offre, *, acting_user, transition, avant, **data):
    enregistrer_evenement(
        TypeEvenement.OFFRE_TRANSITION,
        acting_user=acting_user,
        organisation=offre.entreprise.organisation_referente,
        offre=offre.pk,
        entreprise=offre.entreprise_id,
        transition=transition,
        avant=avant,
        apres=offre.statut,
        **data,
    )


# --- Notifications (outbox) -----------------------------------------------------------------------


def destinataires_employeur(offre):
    """Who hears of the offer on the employer's side: its author if still an active member, else the admins."""
    membres = MembreEntreprise.objects.filter(
        entreprise_id=offre.entreprise_id, statut=StatutMembre.ACTIF, user__is_active=True
    ).select_related("user")
    auteur = [m.user for m in membres if m.user_id == offre.cree_par_id]
    return auteur or [m.user for m in membres if m.role == "admin"]


def _prevenir_employeur(offre, type_notification, cle):
    for user in destinataires_employeur(offre):
        if not user.email:
            continue
        notifier(
            user,
            type_notification,
            # The offer's title and company only: the reason of a send-back is read in the space.
            contexte={
                "titre": offre.titre,
                "entreprise": offre.entreprise.nom,
                "expire_le": f"{offre.expire_le:%d/%m/%Y}" if offre.expire_le else "",
            },
            cle_idempotence=f"offre:{offre.pk}:{cle}:{user.pk}",
            lien={"pk": offre.pk},
        )


def _prevenir_referent_a_valider(offre, cle):
    referent = offre.entreprise.referent
    if referent is None or not referent.email or not referent.is_active:
        return
    notifier(
        referent,
        OFFRE_A_VALIDER,
        contexte={
            "titre": offre.titre,
            "entreprise": offre.entreprise.nom,
            "nb_points": len(offre.conformite),
        },
        cle_idempotence=f"offre:{offre.pk}:a_valider:{cle}",
        lien={"pk": offre.pk},
    )


# --- Drafting -------------------------------------------------------------------------------------


def _appliquer(offre, valeurs):
    inconnus = set(valeurs) - set(CHAMPS)
    if inconnus:
        raise ValueError(f"Champs inconnus pour une offre : {sorted(inconnus)}")
    modifies = []
    for nom, valeur in valeurs.items():
        attribut = nom
        if nom in ("fiche_rome", "commune") and isinstance(valeur, str):
            attribut = f"{nom}_id"
        if getattr(offre, attribut) != valeur:
            setattr(offre, attribut, valeur)
            modifies.append(nom)
    return modifies


@transaction.atomic
def creer(entreprise, *, acting_user, **valeurs):
    """A new draft of ``entreprise``, written by ``acting_user`` (a member or a conseiller who manages it)."""
    if not acces.peut_rediger(acting_user, entreprise):
        raise ValidationError(REFUS_REDIGER)
    offre = Offre(entreprise=entreprise, cree_par=acting_user)
    _appliquer(offre, valeurs)
    _verifier_saisie(offre)
    offre.save()
    _auditer(offre, acting_user=acting_user, transition="creation", avant="")
    return offre


@transaction.atomic
def modifier(offre, *, acting_user, **valeurs):
    """Edits a draft (its writers) or an offer waiting for review (its reviewers, before publishing it).

    The findings of an offer under review are computed again, so the reviewer reads the current text's."""
    offre = _verrouiller(offre)
    if offre.statut == SO.BROUILLON:
        if not acces.peut_rediger(acting_user, offre.entreprise):
            raise ValidationError(REFUS_REDIGER)
    elif offre.statut == SO.A_VALIDER:
        if not acces.peut_examiner(acting_user, offre):
            raise ValidationError(REFUS_EXAMINER)
    else:
        raise ValidationError(REFUS_MODIFIER.format(statut=offre.get_statut_display().lower()))
    modifies = _appliquer(offre, valeurs)
    if not modifies:
        return offre
    _verifier_saisie(offre)
    champs = list(modifies)
    if offre.statut == SO.A_VALIDER:
        offre.conformite = conformite.verifier(offre)
        champs.append("conformite")
    offre.save(update_fields=[*champs, "domaine", "departement", "region", "updated_at"])
    _auditer(offre, acting_user=acting_user, transition="modification", avant=offre.statut, champs=modifies)
    return offre


# --- Submission, review, publication --------------------------------------------------------------


def _publier(offre, *, acting_user, maintenant):
    offre.vers_publiee()
    offre.publiee_le = maintenant
    offre.expire_le = timezone.localdate(maintenant) + DUREE_PUBLICATION
    if offre.conseiller_recrutement_id is None:
        # The company's référent by default; the reviewing conseiller when the company has none yet.
        if offre.entreprise.referent_id:
            offre.conseiller_recrutement_id = offre.entreprise.referent_id
        elif acces.est_conseiller_reseau(acting_user):
            offre.conseiller_recrutement = acting_user


@transaction.atomic
def soumettre(offre, *, acting_user, maintenant=None):
    """Runs the compliance check: a clean offer is published at once; a flagged one waits for a conseiller.

    The company's first offer ever submitted by the employer also creates the référent's 48-hour
    callback task."""
    maintenant = maintenant or timezone.now()
    offre = _verrouiller(offre)
    if not acces.peut_rediger(acting_user, offre.entreprise):
        raise ValidationError(REFUS_REDIGER)
    _verifier_etat(offre, offre.vers_a_valider)
    _verifier_saisie(offre)
    avant = offre.statut
    constats = conformite.verifier(offre)
    offre.conformite = constats
    if constats:
        offre.vers_a_valider()
    else:
        _publier(offre, acting_user=acting_user, maintenant=maintenant)
    offre.save(
        update_fields=["statut", "conformite", "publiee_le", "expire_le", "conseiller_recrutement", "updated_at"]
    )
    if acces.est_membre(acting_user, offre.entreprise_id):
        # A conseiller who submits for the employer is already in touch with them: no callback to plan.
        taches.rappeler_nouvel_employeur(offre, maintenant=maintenant)
    _auditer(offre, acting_user=acting_user, transition="soumission", avant=avant, nb_points=len(constats))
    if constats:
        _prevenir_referent_a_valider(offre, f"{maintenant:%Y%m%d%H%M%S%f}")
    return offre


@transaction.atomic
def publier(offre, *, acting_user, motif, maintenant=None):
    """A reviewer publishes an offer under review, with the reason the findings do not stand."""
    maintenant = maintenant or timezone.now()
    offre = _verrouiller(offre)
    if not acces.peut_examiner(acting_user, offre):
        raise ValidationError(REFUS_EXAMINER)
    if offre.statut != SO.A_VALIDER:
        raise ValidationError(REFUS_ETAT.format(statut=offre.get_statut_display().lower()))
    motif = _motif(motif, "lu par l'employeur")
    avant = offre.statut
    _publier(offre, acting_user=acting_user, maintenant=maintenant)
    offre.validee_par = acting_user
    offre.motif_validation = motif
    offre.save(
        update_fields=[
            "statut",
            "publiee_le",
            "expire_le",
            "conseiller_recrutement",
            "validee_par",
            "motif_validation",
            "updated_at",
        ]
    )
    _auditer(offre, acting_user=acting_user, transition="publication", avant=avant, motif=motif)
    _prevenir_employeur(offre, OFFRE_PUBLIEE, f"publiee:{maintenant:%Y%m%d%H%M%S%f}")
    return offre


@transaction.atomic
def renvoyer(offre, *, acting_user, motif, maintenant=None):
    """A reviewer sends an offer under review back to draft; the employer reads why in their space."""
    maintenant = maintenant or timezone.now()
    offre = _verrouiller(offre)
    if not acces.peut_examiner(acting_user, offre):
        raise ValidationError(REFUS_EXAMINER)
    _verifier_etat(offre, offre.vers_brouillon)
    motif = _motif(motif, "lu par l'employeur, qui corrige l'offre")
    avant = offre.statut
    offre.vers_brouillon()
    offre.validee_par = acting_user
    offre.motif_validation = motif
    offre.save(update_fields=["statut", "validee_par", "motif_validation", "updated_at"])
    _auditer(offre, acting_user=acting_user, transition="renvoi", avant=avant, motif=motif)
    _prevenir_employeur(offre, OFFRE_RENVOYEE, f"renvoyee:{maintenant:%Y%m%d%H%M%S%f}")
    return offre


# --- Closing --------------------------------------------------------------------------------------


@transaction.atomic
def retirer(offre, *, acting_user, motif="", maintenant=None):
    """Withdraws a draft, an offer under review or a published offer."""
    maintenant = maintenant or timezone.now()
    offre = _verrouiller(offre)
    if not acces.peut_gerer(acting_user, offre):
        raise ValidationError(REFUS_GERER)
    _verifier_etat(offre, offre.vers_retiree)
    avant = offre.statut
    offre.vers_retiree()
    offre.cloturee_le = maintenant
    offre.save(update_fields=["statut", "cloturee_le", "updated_at"])
    taches.clore_taches_offre(offre, "Offre retirée : relance sans objet.", maintenant=maintenant)
    _auditer(offre, acting_user=acting_user, transition="retrait", avant=avant, motif=(motif or "").strip())
    return offre


def nb_embauches(offre):
    return offre.candidatures.filter(statut=StatutCandidature.EMBAUCHE).count()


@transaction.atomic
def pourvoir(offre, acting_user, *, motif="", par_embauche=False, maintenant=None):
    """Records that a published offer is filled.

    Called by an employer or a conseiller who follows the offer (hired outside the platform), or by
    the applications' area with ``par_embauche=True`` when a hire brings the hires to ``nb_postes``:
    that caller has checked who acts, so this checks the count instead, and an offer already filled
    is returned as it is (each hire may call it)."""
    maintenant = maintenant or timezone.now()
    offre = _verrouiller(offre)
    if par_embauche:
        if offre.statut == SO.POURVUE:
            return offre
        embauches = nb_embauches(offre)
        if embauches < offre.nb_postes:
            raise ValidationError(
                f"{embauches} embauche(s) pour {offre.nb_postes} poste(s) : l'offre n'est pas encore pourvue."
            )
    elif not acces.peut_gerer(acting_user, offre):
        raise ValidationError(REFUS_GERER)
    _verifier_etat(offre, offre.vers_pourvue)
    avant = offre.statut
    offre.vers_pourvue()
    offre.cloturee_le = maintenant
    offre.save(update_fields=["statut", "cloturee_le", "updated_at"])
    taches.clore_taches_offre(offre, "Offre pourvue : relance sans objet.", maintenant=maintenant)
    _auditer(
        offre,
        acting_user=acting_user,
        transition="pourvue",
        avant=avant,
        motif=(motif or "").strip(),
        par_embauche=par_embauche,
    )
    return offre


def expire(offre, aujourdhui):
    """Published, and its last day (``expire_le``) is over."""
    return offre.statut == SO.PUBLIEE and offre.expire_le is not None and offre.expire_le < aujourdhui


@transaction.atomic
def expirer(offre_id, *, maintenant=None):
    """The sweep's step for one offer: re-checked under its lock; False if another worker or an
    action got there first (withdrawn, filled, already expired)."""
    maintenant = maintenant or timezone.now()
    offre = (
        Offre.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
        .select_related("entreprise__organisation_referente")
        .filter(pk=offre_id)
        .first()
    )
    if offre is None or not expire(offre, timezone.localdate(maintenant)):
        return False
    avant = offre.statut
    offre.vers_expiree()
    offre.cloturee_le = maintenant
    offre.save(update_fields=["statut", "cloturee_le", "updated_at"])
    taches.clore_taches_offre(offre, "Offre expirée : relance sans objet.", maintenant=maintenant)
    _auditer(offre, acting_user=None, transition="expiration", avant=avant)
    _prevenir_employeur(offre, OFFRE_EXPIREE, "expiree")
    return True


# --- The conseiller recrutement -------------------------------------------------------------------


def conseillers_possibles(offre):
    """Whom the conseiller recrutement may be: the conseillers eligible as the company's référent
    (its organisation référente, the France Travail agencies of its département)."""
    return comptes.conseillers_eligibles(offre.entreprise)


@transaction.atomic
def changer_conseiller(offre, *, acting_user, conseiller):
    """Whoever manages the company reassigns the offer's conseiller recrutement (and its open follow-up)."""
    offre = _verrouiller(offre)
    if not acces.gere_entreprise(acting_user, offre.entreprise):
        raise ValidationError(REFUS_CONSEILLER)
    if offre.statut not in (SO.BROUILLON, SO.A_VALIDER, SO.PUBLIEE):
        raise ValidationError(REFUS_ETAT.format(statut=offre.get_statut_display().lower()))
    conseiller_id = getattr(conseiller, "pk", conseiller)
    if not conseillers_possibles(offre).filter(user_id=conseiller_id).exists():
        raise ValidationError(
            {"conseiller": "Choisissez un conseiller de l'organisation référente ou d'une agence du département."}
        )
    avant_conseiller = offre.conseiller_recrutement_id
    if avant_conseiller == conseiller_id:
        return offre
    offre.conseiller_recrutement_id = conseiller_id
    offre.save(update_fields=["conseiller_recrutement", "updated_at"])
    taches.reassigner_taches_offre(offre, conseiller_id)
    _auditer(
        offre,
        acting_user=acting_user,
        transition="conseiller_recrutement",
        avant=offre.statut,
        conseiller_avant=avant_conseiller,
        conseiller_apres=conseiller_id,
    )
    return offre
