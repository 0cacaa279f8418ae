"""Use cases of orientation that change state: decisions and the référentiels' versions.

Decisions: the rules propose, a competent person decides (who: ``orientation.acces``), the person
is notified. Every change of a ``DecisionOrientation`` goes through this module (views, admin and
tasks call it); its steps are recorded by ``francetravail.base.transitions`` (``JOURNAL``). How a
person "enters orientation": a CAF/MSA import batch announces its people
(``inscription.signals``) and ``masse.proposer_en_masse`` proposes in the same transaction; for
every other registration, and as a safety net, the beat sweep (``tasks.proposer_en_attente``)
does. ``inscription`` never imports ``orientation``.

Versions: a référentiel's rules are edited in a draft (``creer_brouillon``), then put in force
(``publier_version``).
"""

from dataclasses import asdict, replace
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base import transitions
from francetravail.base.adresse_postale import lignes_personne
from francetravail.base.calendrier import age_le
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.models import Implication, Personne
from francetravail.rendezvous.actions import annuler_a_venir
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role, TypeOrganisation
from francetravail.reseau.models import Membership
from inscription.enums import Categorie
from inscription.models import DossierInscription
from orientation import acces, accuse, webhooks
from orientation.enums import STATUTS_OUVERTS, FileDecision, IntensiteFreins, Parcours, StatutDecision, StatutVersion
from orientation.models import DecisionOrientation, HistoriqueDecision, Referentiel, Regle, VersionReferentiel
from orientation.notifications import DECISION, TRANSFERT_ORGANISATION, TRANSFERT_PERSONNE
from orientation.queries import organismes_d_accueil, regles_en_vigueur
from orientation.regles import Situation, evaluer

# Organisations that may be chosen as organisme référent (L5411-5-1 IV).
TYPES_REFERENTS = (
    *acces.TYPES_ORIENTEURS,
    TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    TypeOrganisation.DELEGATAIRE_DEPARTEMENTAL,
)
_FORCE_FREINS = {IntensiteFreins.SANS_IMPACT: 0, IntensiteFreins.MOYEN: 1, IntensiteFreins.FORT: 2}

# How a decision's steps are recorded: its history (what the person and the professionals read)
# and the audit event (what an auditor reads), in the action's transaction.
JOURNAL = transitions.Journal(
    historique=HistoriqueDecision,
    champ="decision",
    evenement=TypeEvenement.ORIENTATION_DECIDEE,
    personne=attrgetter("personne"),
    organisation=attrgetter("organisme"),
    cle="decision_id",
)


# --- What the rules see --------------------------------------------------------------------


def est_beneficiaire_rsa(personne, dossier=None, *, a_droit_rsa=None, droit_rsa_clos=None):
    """An RSA right in force known from the flow, or declared at registration; but not once the
    président du conseil départemental has ended the person's right and removed them from the RSA
    list (CASF R262-68, R262-40 3°: every right known is ended; the decision is more recent than
    the declaration). Read in bulk: ``a_droit_rsa`` (a right in force) and ``droit_rsa_clos``
    (rights known, all ended)."""
    if a_droit_rsa is None:
        droits = personne.droits_rsa
        a_droit_rsa = droits.en_vigueur().exists()
        droit_rsa_clos = not a_droit_rsa and droits.exists()
    if a_droit_rsa:
        return True
    if droit_rsa_clos:
        return False
    return dossier is not None and "rsa" in (dossier.prestations or [])


def situation_depuis_dossier(dossier, *, personne=None, aujourdhui=None, freins=None, rsa=None):
    """The ``regles.Situation`` of a registration; what the file does not say stays unknown (None).

    ``dossier`` may be None (a CAF/MSA import not completed yet): only age and RSA are known then.
    The activity period of the logigramme (``orientation.activite_recente``, 2 years) is the
    period the registration form asks about (``activite_deux_ans``). ``freins`` (the
    intensities) and ``rsa`` may be given when read in bulk (simulation).
    """
    personne = personne or dossier.personne
    aujourdhui = aujourdhui or timezone.localdate()
    intensite = None
    if dossier is not None:
        if freins is None:
            freins = dossier.freins.values_list("intensite", flat=True)
        intensites = [i for i in freins if i in _FORCE_FREINS]
        if intensites:
            intensite = max(intensites, key=_FORCE_FREINS.__getitem__)
    return Situation(
        activite_recente=dossier.activite_deux_ans if dossier is not None else None,
        se_projette=(dossier.se_projette or None) if dossier is not None else None,
        niveau_qualification=(dossier.niveau_qualification or None) if dossier is not None else None,
        intensite_freins=intensite,
        age=age_le(personne.date_naissance, aujourdhui) if personne.date_naissance else None,
        # Not collected yet (the diagnostic will): unknown reads as "no" for this criterion.
        handicap_frein_majeur=False,
        beneficiaire_rsa=est_beneficiaire_rsa(personne, dossier) if rsa is None else rsa,
    )


def _dossier(personne):
    return DossierInscription.objects.filter(personne=personne).first()


# --- Actions ---------------------------------------------------------------------------------


def _decision_ouverte(personne):
    return DecisionOrientation.objects.filter(personne=personne, statut__in=STATUTS_OUVERTS).first()


URGENCE = (
    "Une situation d'urgence a été repérée lors de votre inscription : un entretien est organisé sans attendre "
    "pour décider avec vous de votre accompagnement."
)


def proposition(dossier, situation, *, regles):
    """The rules' proposal (or a giratoire interview): the proposal fields of a ``DecisionOrientation``."""
    proposition = evaluer(situation, regles)
    if dossier is not None and dossier.urgence:
        # SPEC §2.3: an emergency spotted at the desk always leads to an interview.
        proposition = replace(
            proposition,
            parcours=None,
            type_organisme=None,
            regle_code=None,
            giratoire=True,
            criteres=("Situation d'urgence repérée au guichet", *proposition.criteres),
            explication=URGENCE,
        )
    return {
        "statut": StatutDecision.GIRATOIRE if proposition.giratoire else StatutDecision.PROPOSEE,
        "version_id": proposition.version_id,
        "entrees": asdict(situation),
        "criteres": list(proposition.criteres),
        "regle_code": proposition.regle_code or "",
        "explication": proposition.explication,
        "parcours_propose": proposition.parcours or "",
        "type_organisme_propose": proposition.type_organisme or "",
        "beneficiaire_rsa": situation.beneficiaire_rsa,
    }


def nouvelle_decision(personne, dossier, situation, **extra):
    """The proposal for ``personne`` as a ``DecisionOrientation``, not saved yet."""
    champs = proposition(dossier, situation, regles=regles_en_vigueur(personne.departement_id))
    return DecisionOrientation(personne=personne, **champs, **extra)


def _creer(personne, *, acting_user=None, evenement=False, audit=None, **extra):
    """A new proposal, saved, with its history row; ``evenement``: its audit event (none for a proposal)."""
    dossier = _dossier(personne)
    decision = nouvelle_decision(personne, dossier, situation_depuis_dossier(dossier, personne=personne), **extra)
    decision.save()
    transitions.enregistrer(
        decision,
        journal=JOURNAL,
        acting_user=acting_user,
        avant="",
        motif=extra.get("motif_demande", ""),
        evenement=evenement,
        audit=audit,
    )
    return decision


def _verrouiller_personne(personne, *, skip_locked=False):
    """Serialises the proposals of one person (no second open decision, even under concurrency)."""
    # NO KEY: a FOR UPDATE lock would hold up the access-log rows of anyone reading the file.
    return (
        Personne.objects.select_for_update(of=("self",), no_key=True, skip_locked=skip_locked)
        .filter(pk=personne.pk)
        .first()
    )


@transaction.atomic
def proposer(personne, *, acting_user=None):
    """The rules' proposal (or a giratoire interview) for ``personne``; the open decision if there is one."""
    _verrouiller_personne(personne)
    return _decision_ouverte(personne) or _creer(personne, acting_user=acting_user)


def _verrouiller(decision):
    return (
        DecisionOrientation.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne__user")
        .get(pk=decision.pk)
    )


def _categorie_apres(parcours, categorie):
    """F (accompagnement social) for the social parcours; A for the others when leaving G (or F)."""
    if parcours == Parcours.SOCIAL:
        return Categorie.F
    if categorie in ("", Categorie.G, Categorie.F):
        return Categorie.A
    return categorie


def _notifier(decision):
    personne = decision.personne
    contexte = {
        "prenom": personne.prenoms.split(" ")[0],
        "parcours": decision.get_parcours_display(),
        "organisme": decision.organisme.nom,
        "explication": decision.explication,
        "motif": decision.motif_modification,
        "chemin_accuse": reverse("orientation:accuse", args=[accuse.jeton(decision)]),
    }
    ecrites = []
    if personne.email:
        ecrites.append(
            notifier(
                personne.user,
                DECISION,
                contexte=contexte,
                cle_idempotence=f"orientation:{decision.pk}:decision:{Canal.EMAIL}",
                canal=Canal.EMAIL,
                adresse=personne.email,
            )
        )
    if personne.user_id:
        ecrites.append(
            notifier(
                personne.user,
                DECISION,
                contexte=contexte,
                cle_idempotence=f"orientation:{decision.pk}:decision:{Canal.IN_APP}",
                canal=Canal.IN_APP,
                adresse="",
            )
        )
    # The provable date is the outbox row's: written in this transaction, kept with its address.
    return min((n.created_at for n in ecrites), default=None)


def exiger_adresse(personne):
    """The decision is notified by a letter (``orientation.courrier``): a person who cannot be addressed
    is not notified, the decider is told what to complete first (francetravail/base/adresse_postale.py)."""
    try:
        lignes_personne(personne)
    except ValidationError as refus:
        raise ValidationError(
            f"La décision ne peut pas être notifiée par courrier : {' '.join(refus.messages)}",
            code=refus.error_list[0].code,
        ) from None


DEJA_DECIDEE = "Cette orientation a déjà été décidée."


def _decider(decision, *, acting_user, parcours, organisme, motif, vers, statut):
    """Decides ``decision`` through its transition ``vers`` (``"vers_confirmee"``, ``"vers_modifiee"``),
    which moves it to ``statut``."""
    decision = _verrouiller(decision)
    if not decision.ouverte:
        raise ValidationError(DEJA_DECIDEE)
    if not acces.peut_decider(acting_user, decision):
        raise ValidationError(acces.REFUS_DECIDEUR)
    if organisme is None:
        raise ValidationError({"organisme": "Choisissez l'organisme référent."})
    if organisme.type_organisation not in TYPES_REFERENTS or not organisme.actif:
        raise ValidationError({"organisme": f"« {organisme.nom} » ne peut pas être organisme référent."})
    exiger_adresse(decision.personne)
    decision.parcours = parcours
    decision.organisme = organisme
    decision.decideur = acting_user
    decision.decidee_le = timezone.now()
    decision.motif_modification = motif
    decision.notifiee_le = _notifier(decision)

    personne = decision.personne
    personne.organisme_referent = organisme
    personne.save(update_fields=["organisme_referent", "updated_at"])
    dossier = DossierInscription.objects.filter(personne=personne).only("pk", "categorie").first()
    categorie = None
    if dossier is not None:
        categorie = _categorie_apres(parcours, dossier.categorie)
        if categorie != dossier.categorie:
            # A plain update: the registration app owns the model, its pghistory triggers keep the trail.
            DossierInscription.objects.filter(pk=dossier.pk).update(categorie=categorie)
    transitions.transition(
        decision,
        getattr(decision, vers),
        journal=JOURNAL,
        acting_user=acting_user,
        refus=DEJA_DECIDEE,
        motif=motif,
        audit={
            # The audit row of a decision says what the rules had proposed and what was decided.
            "statut": statut,
            "parcours": parcours,
            "parcours_propose": decision.parcours_propose,
            "regle_code": decision.regle_code,
            "version_id": decision.version_id,
            "categorie": categorie,
        },
    )
    webhooks.emettre_orientation(decision)
    return decision


@transaction.atomic
def confirmer(decision, *, acting_user, organisme):
    """Confirms the rules' proposal, with an organisation of the proposed type."""
    if decision.statut != StatutDecision.PROPOSEE:
        raise ValidationError(
            "Seule une proposition des règles peut être confirmée : "
            "après un entretien giratoire, décidez le parcours avec un motif."
        )
    if organisme is not None and organisme.type_organisation != decision.type_organisme_propose:
        raise ValidationError(
            {
                "organisme": f"L'organisme proposé est de type « {decision.get_type_organisme_propose_display()} » : "
                "choisissez-en un de ce type, ou modifiez la proposition avec un motif."
            }
        )
    return _decider(
        decision,
        acting_user=acting_user,
        parcours=decision.parcours_propose,
        organisme=organisme,
        motif="",
        vers="vers_confirmee",
        statut=StatutDecision.CONFIRMEE,
    )


@transaction.atomic
def modifier(decision, *, acting_user, parcours, organisme, motif):
    """Decides otherwise than proposed (or after a giratoire interview): the motif is mandatory."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif : la décision diffère de la proposition des règles."})
    if parcours not in Parcours.values:
        raise ValidationError({"parcours": "Choisissez un parcours."})
    return _decider(
        decision,
        acting_user=acting_user,
        parcours=parcours,
        organisme=organisme,
        motif=motif,
        vers="vers_modifiee",
        statut=StatutDecision.MODIFIEE,
    )


@transaction.atomic
def demander_reorientation(personne, *, acting_user, motif):
    """The référent or the person asks for a new decision (L5411-5-2 II): a new proposal linked to the last one."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez pourquoi une nouvelle orientation est demandée."})
    if not acces.peut_demander_reorientation(acting_user, personne):
        raise ValidationError("Seuls la personne et son organisme référent peuvent demander une réorientation.")
    _verrouiller_personne(personne)
    if _decision_ouverte(personne) is not None:
        raise ValidationError("Une orientation est déjà en attente de décision pour cette personne.")
    precedente = personne.orientations.exclude(statut__in=STATUTS_OUVERTS).order_by("-decidee_le", "-pk").first()
    if precedente is None:
        raise ValidationError("Cette personne n'a pas encore été orientée : il n'y a rien à réorienter.")
    return _creer(
        personne,
        acting_user=acting_user,
        evenement=TypeEvenement.ORIENTATION_REORIENTATION_DEMANDEE,
        audit={"precedente_id": precedente.pk},
        reorientation_de=precedente,
        demandee_par=acting_user,
        motif_demande=motif,
    )


# --- A move to another département ---------------------------------------------------------------

# Who, in the organisation that receives a file, is told: its team managers (they designate the référent),
# else its référents; for a bRSA, the new département's deciders. Bounded: a notice, not a mailing.
DESTINATAIRES_MAX = 50


def _destinataires_transfert(organisme, departement_id):
    if organisme is not None:
        membres = Membership.objects.actives().sans_comptes_techniques().filter(organisation=organisme)
        ids = list(membres.filter(role=Role.RESPONSABLE_EQUIPE).values_list("user_id", flat=True).distinct())
        if not ids:
            ids = list(membres.filter(role__in=ROLES_ACCOMPAGNEMENT).values_list("user_id", flat=True).distinct())
    else:
        ids = list(
            Membership.objects.actives()
            .sans_comptes_techniques()
            .filter(role=Role.DECIDEUR_DEPARTEMENTAL, organisation__departement_id=departement_id)
            .values_list("user_id", flat=True)
            .distinct()
        )
    return get_user_model().objects.filter(pk__in=sorted(ids)[:DESTINATAIRES_MAX])


def _notifier_transfert(personne, *, transfert_id, organisme, ancien_organisme, ancien_departement):
    commune = f"{personne.commune.nom} ({personne.code_postal or personne.commune.departement_id})"
    departement = f"{personne.commune.departement.nom} ({personne.departement_id})"
    if personne.user_id:
        contexte = {
            "prenom": personne.prenoms.split(" ")[0],
            "commune": commune,
            "departement": departement,
            "organisme": organisme.nom if organisme else "",
        }
        adresse = personne.email or personne.user.email
        for canal in (Canal.EMAIL, Canal.IN_APP):
            if canal == Canal.EMAIL and not adresse:
                continue
            notifier(
                personne.user,
                TRANSFERT_PERSONNE,
                contexte=contexte,
                cle_idempotence=f"orientation:transfert:{transfert_id}:{canal}",
                canal=canal,
                adresse=adresse if canal == Canal.EMAIL else "",
            )
    contexte = {
        "personne": personne.nom_complet,
        "commune": commune,
        "departement": departement,
        "organisme": organisme.nom if organisme else "",
        "ancien_organisme": ancien_organisme.nom,
        "ancien_departement": ancien_departement,
    }
    for user in _destinataires_transfert(organisme, personne.departement_id):
        notifier(
            user,
            TRANSFERT_ORGANISATION,
            contexte=contexte,
            cle_idempotence=f"orientation:transfert:{transfert_id}:{user.pk}",
            canal=Canal.IN_APP,
            adresse="",
            lien={"pk": personne.pk},
        )


@transaction.atomic
def demenager(personne, *, acting_user, adresse, commune, code_postal="", organisme=None):
    """The référent records that the person moved to ``commune`` (``adresse``, ``code_postal``).

    In the same département: the address only changes (``modifier_coordonnees``, its own audit row).
    To another département, the file is TRANSFERRED, not closed (the registration stays as it is, its
    history with it), and the old organisation keeps nothing: the access gate follows the organisme
    référent and the département, and the old territory's involvements end.

    - A bRSA: the président du conseil départemental of the département where they live orients them
      (L5411-5-1 II), so the new département's; they go back to its orientation queue (a new proposal
      under the new département's rules, linked to the last decision), with no organisme référent
      meanwhile. The new département has the 6 weeks of CASF D262-65-2 from the transfer
      (``tasks.signaler_rsa_hors_delai`` counts from it).
    - Anyone else: the parcours decided stays; ``organisme``, an organisation of the new département of
      the kind ``queries.type_d_accueil`` names, takes the accompaniment over. When the new département
      has none, France Travail orients them there (a new proposal, as for a bRSA).

    Either way the référent unique is cleared (the new organisation designates one), the appointments to
    come are cancelled (they were with the old territory's agendas), the step is audited
    (``TRANSFERT_DEPARTEMENT``), and the person and the receiving side are told.

    Left as they are, by service choice: a contract d'engagement (a signed act of the old organisme
    référent, proved by its bytes; the new organisme référent proposes the next one; the contracts' sweep
    no longer chases it: ``contrats.tasks.DE_L_ORGANISME_REFERENT``) and the sanction
    procedures already opened, which stay with the deciding authority that opened them
    (``ProcedureSanction.organisation_decisionnaire`` is fixed at the opening: the failure was examined
    under its competence); their decider reads the file by mission (``personnes.acces``, ``par_mission``).
    """
    acces.exiger_referent_demenagement(acting_user, personne)
    verrouillee = _verrouiller_personne(personne)
    # Checked again on the locked row: a transfer in between has changed the organisme référent.
    acces.exiger_referent_demenagement(acting_user, verrouillee)
    ancien_departement = verrouillee.departement_id
    if commune.departement_id == ancien_departement:
        if organisme is not None:
            raise ValidationError({"organisme": "Un déménagement dans le département ne change pas d'organisme."})
        return modifier_coordonnees(
            personne, acting_user=acting_user, adresse=adresse, commune=commune, code_postal=code_postal
        )
    dossier = _dossier(verrouillee)
    brsa = est_beneficiaire_rsa(verrouillee, dossier)
    ancien_organisme = verrouillee.organisme_referent
    candidats = organismes_d_accueil(ancien_organisme.type_organisation, commune.departement_id)
    if brsa and organisme is not None:
        raise ValidationError(
            {
                "organisme": "Pour un bénéficiaire du RSA, le président du conseil départemental du nouveau "
                "département décide de l'orientation : ne choisissez pas d'organisme."
            }
        )
    if not brsa and organisme is None and candidats.exists():
        raise ValidationError(
            {"organisme": "Choisissez l'organisme du nouveau département qui reprend l'accompagnement."}
        )
    if organisme is not None and not candidats.filter(pk=organisme.pk).exists():
        raise ValidationError({"organisme": "Cet organisme ne peut pas reprendre l'accompagnement de cette personne."})
    modifier_coordonnees(
        verrouillee, acting_user=acting_user, adresse=adresse, commune=commune, code_postal=code_postal, transfert=True
    )
    ancien_referent_id = verrouillee.referent_unique_id
    verrouillee.organisme_referent = organisme
    verrouillee.referent_unique = None
    verrouillee.save(update_fields=["organisme_referent", "referent_unique", "updated_at"])
    maintenant = timezone.now()
    # The old territory's partners were involved for the old accompaniment: their access ends with it.
    implications_closes = (
        Implication.objects.actives(maintenant)
        .filter(personne=verrouillee, organisation__departement_id=ancien_departement)
        .update(fin=maintenant)
    )
    annules = annuler_a_venir(
        verrouillee, acting_user=acting_user, motif="Déménagement : le dossier est transféré à un autre département."
    )
    decision = None
    if organisme is None:
        decision = _decision_ouverte(verrouillee)
        if decision is None:
            precedente = (
                verrouillee.orientations.exclude(statut__in=STATUTS_OUVERTS).order_by("-decidee_le", "-pk").first()
            )
            decision = _creer(
                verrouillee,
                acting_user=acting_user,
                reorientation_de=precedente,
                demandee_par=acting_user,
                motif_demande=f"Déménagement dans le département {commune.departement_id} : le dossier est transféré.",
                transfert_le=timezone.localdate(),
            )
    evenement = enregistrer_evenement(
        TypeEvenement.TRANSFERT_DEPARTEMENT,
        acting_user=acting_user,
        personne=verrouillee,
        organisation=ancien_organisme,
        motif=f"Déménagement à {commune.nom} ({commune.departement_id}).",
        ancien_departement=ancien_departement,
        nouveau_departement=commune.departement_id,
        ancien_organisme_id=ancien_organisme.pk,
        nouvel_organisme_id=organisme.pk if organisme else None,
        ancien_referent_id=ancien_referent_id,
        beneficiaire_rsa=brsa,
        decision_id=decision.pk if decision else None,
        implications_closes=implications_closes,
        rendez_vous_annules=annules,
    )
    _notifier_transfert(
        verrouillee,
        transfert_id=evenement.pk,
        organisme=organisme,
        ancien_organisme=ancien_organisme,
        ancien_departement=ancien_departement,
    )
    for champ in ("organisme_referent_id", "referent_unique_id", "commune_id", "departement_id", "adresse"):
        setattr(personne, champ, getattr(verrouillee, champ))
    return verrouillee


def transferer_depuis_le_flux(transferts):
    """Hook of ``inscription.vie_du_droit`` (``brancher_transfert``, from ``apps.py``): the CAF/MSA flow
    now places the household of each person of ``transferts`` in another département. The file is
    transferred the way ``demenager`` does for a bRSA (the new président du conseil départemental orients,
    L5411-5-1 II), in the import's transaction, one person at a time (a move is rare):

    - the organisme référent and the référent unique are cleared, the old territory's involvements end,
      the appointments to come are cancelled, a new proposal (linked to the last decision, ``transfert_le``
      restarting the 6 weeks of D262-65-2) goes to the new département's queue, unless one is open;
    - the address is the writer's (it reads it in the file): the person's département follows it;
    - never twice for one file (a replayed import finds its audit row), never for a person already with
      an organisation of the new département, never a second person.

    Returns how many files were transferred."""
    return sum(_transferer_depuis_le_flux(t) for t in transferts)


def _transferer_depuis_le_flux(transfert):
    verrouillee = (
        Personne.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisme_referent")
        .filter(pk=transfert.personne_id)
        .first()
    )
    if verrouillee is None:
        return 0
    deja = AuditEvent.objects.filter(
        event_type=TypeEvenement.TRANSFERT_DEPARTEMENT, personne=verrouillee, data__import_id=transfert.import_id
    )
    ancien_organisme = verrouillee.organisme_referent
    if deja.exists() or (
        ancien_organisme is not None and ancien_organisme.departement_id == transfert.departement_apres
    ):
        return 0
    motif = (
        f"Flux CAF/MSA : le foyer RSA relève désormais du département {transfert.departement_apres} "
        f"(auparavant {transfert.departement_avant}) : le dossier est transféré."
    )
    ancien_referent_id = verrouillee.referent_unique_id
    verrouillee.organisme_referent = None
    verrouillee.referent_unique = None
    verrouillee.save(update_fields=["organisme_referent", "referent_unique", "updated_at"])
    maintenant = timezone.now()
    implications_closes = (
        Implication.objects.actives(maintenant)
        .filter(personne=verrouillee, organisation__departement_id=transfert.departement_avant)
        .update(fin=maintenant)
    )
    annules = annuler_a_venir(verrouillee, acting_user=None, motif=motif)
    decision = _decision_ouverte(verrouillee)
    if decision is None and verrouillee.orientations.exists():
        precedente = (
            verrouillee.orientations.exclude(statut__in=STATUTS_OUVERTS).order_by("-decidee_le", "-pk").first()
        )
        decision = _creer(
            verrouillee, reorientation_de=precedente, motif_demande=motif, transfert_le=timezone.localdate()
        )
    evenement = enregistrer_evenement(
        TypeEvenement.TRANSFERT_DEPARTEMENT,
        personne=verrouillee,
        organisation=ancien_organisme,
        motif=motif,
        ancien_departement=transfert.departement_avant,
        nouveau_departement=transfert.departement_apres,
        ancien_organisme_id=ancien_organisme.pk if ancien_organisme else None,
        nouvel_organisme_id=None,
        ancien_referent_id=ancien_referent_id,
        beneficiaire_rsa=True,
        decision_id=decision.pk if decision else None,
        implications_closes=implications_closes,
        rendez_vous_annules=annules,
        import_id=transfert.import_id,
    )
    contexte = {
        "personne": verrouillee.nom_complet,
        "commune": verrouillee.commune.nom if verrouillee.commune_id else "une commune non transmise",
        "departement": transfert.departement_apres,
        "organisme": "",
        "ancien_organisme": ancien_organisme.nom if ancien_organisme else "aucun organisme référent",
        "ancien_departement": transfert.departement_avant,
    }
    for user in _destinataires_transfert(None, transfert.departement_apres):
        notifier(
            user,
            TRANSFERT_ORGANISATION,
            contexte=contexte,
            cle_idempotence=f"orientation:transfert:{evenement.pk}:{user.pk}",
            canal=Canal.IN_APP,
            adresse="",
            lien={"pk": verrouillee.pk},
        )
    return 1


def marquer_recue(decision):
    """The person opened the decision in their space: the first reading only is kept."""
    if decision.recue_le is None and decision.notifiee_le is not None:
        maintenant = timezone.now()
        if DecisionOrientation.objects.filter(pk=decision.pk, recue_le__isnull=True).update(recue_le=maintenant):
            decision.recue_le = maintenant
    return decision


def confier_a_france_travail(decision_id, *, delai_semaines, date_ouverture):
    """Moves one open bRSA decision to France Travail's queue (delay passed); never decides. Returns 0 or 1."""
    with transaction.atomic():
        decision = (
            DecisionOrientation.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
            .filter(pk=decision_id, statut__in=STATUTS_OUVERTS, file=FileDecision.ORIENTEUR)
            .select_related("personne")
            .first()
        )
        if decision is None:
            return 0
        decision.file = FileDecision.FRANCE_TRAVAIL
        decision.beneficiaire_rsa = True
        decision.save(update_fields=["file", "beneficiaire_rsa", "updated_at"])
        enregistrer_evenement(
            TypeEvenement.ORIENTATION_FILE_FRANCE_TRAVAIL,
            personne=decision.personne,
            motif=f"Pas d'orientation {delai_semaines} semaines après l'ouverture du droit au RSA (CASF D262-65-2).",
            decision_id=decision.pk,
            date_ouverture=date_ouverture.isoformat(),
        )
        return 1


# --- Versions of a référentiel -----------------------------------------------------------------

# TODO(lead): add TypeEvenement.ORIENTATION_BROUILLON_CREE to francetravail/audit/enums.py
# and write it in creer_brouillon(); until then the pghistory events of
# VersionReferentiel (creee_par, created_at) are the trail of a draft's creation.

_CHAMPS_REGLE = ("code", "ordre", "libelle", "conditions", "parcours", "type_organisme", "explication")


@transaction.atomic
def publier_version(version, *, acting_user):
    """Puts a draft in force; the version published before it, if any, is retired.

    Refuses a version that is not a draft, that has no rule, or whose rules are not
    valid. The référentiel row is locked first, so two publications of the same
    référentiel run one after the other.
    """
    referentiel = Referentiel.objects.select_for_update(of=("self",), no_key=True).get(pk=version.referentiel_id)
    verrouillee = VersionReferentiel.objects.select_for_update(of=("self",), no_key=True).get(pk=version.pk)
    if verrouillee.statut != StatutVersion.BROUILLON:
        raise ValidationError(
            f"Seul un brouillon peut être publié : la version {verrouillee.numero} est "
            f"« {verrouillee.get_statut_display().lower()} »."
        )
    regles = list(verrouillee.regles.order_by("ordre", "pk"))
    if not regles:
        raise ValidationError(f"La version {verrouillee.numero} ne contient aucune règle : rien à publier.")
    erreurs = []
    for regle in regles:
        regle.version = verrouillee
        try:
            regle.full_clean(validate_constraints=False)
        except ValidationError as e:
            erreurs.extend(f"Règle « {regle.code} » : {message}" for message in e.messages)
    if erreurs:
        raise ValidationError(erreurs)

    maintenant = timezone.now()
    retirees = []
    # Retire first: the partial unique constraint allows one published version at a time.
    for ancienne in VersionReferentiel.objects.select_for_update(of=("self",), no_key=True).filter(
        referentiel_id=verrouillee.referentiel_id, statut=StatutVersion.PUBLIEE
    ):
        ancienne.statut = StatutVersion.RETIREE
        ancienne.retiree_le = maintenant
        ancienne.save(update_fields=["statut", "retiree_le"])
        retirees.append(ancienne.pk)

    verrouillee.statut = StatutVersion.PUBLIEE
    verrouillee.publiee_le = maintenant
    verrouillee.publiee_par = acting_user if acting_user and acting_user.is_authenticated else None
    verrouillee.save(update_fields=["statut", "publiee_le", "publiee_par"])
    enregistrer_evenement(
        TypeEvenement.ORIENTATION_VERSION_PUBLIEE,
        acting_user=acting_user,
        motif=verrouillee.note,
        version_id=verrouillee.pk,
        referentiel_id=verrouillee.referentiel_id,
        departement=referentiel.departement_id,
        numero=verrouillee.numero,
        versions_retirees=retirees,
        nombre_regles=len(regles),
    )
    version.refresh_from_db()
    return verrouillee


@transaction.atomic
def creer_brouillon(referentiel, *, depuis=None, acting_user, note=""):
    """A new draft of ``referentiel``, with a copy of the rules of ``depuis``.

    ``depuis`` defaults to the version of ``referentiel`` in force; without one, the
    draft starts empty. It may be a version of another référentiel (e.g. a
    département starting from national rules: same codes replace them one for one).
    """
    referentiel = Referentiel.objects.select_for_update(of=("self",), no_key=True).get(pk=referentiel.pk)
    if depuis is None:
        depuis = referentiel.versions.filter(statut=StatutVersion.PUBLIEE).first()
    dernier = referentiel.versions.aggregate(dernier=Max("numero"))["dernier"] or 0
    if not note and depuis is not None:
        note = f"Brouillon créé à partir de : {depuis}."
    brouillon = VersionReferentiel.objects.create(
        referentiel=referentiel,
        numero=dernier + 1,
        note=note,
        creee_par=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    if depuis is not None:
        Regle.objects.bulk_create(
            [
                Regle(version=brouillon, **{champ: getattr(regle, champ) for champ in _CHAMPS_REGLE})
                for regle in depuis.regles.order_by("ordre", "pk")
            ]
        )
    return brouillon
