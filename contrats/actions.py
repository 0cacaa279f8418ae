"""Every change of a contrat d'engagement goes through this module.

Who may do what (the rules are in ``contrats.acces``):

- the référent: a professional with an accompaniment role (conseiller, travailleur
  social) in the contract's organisme référent, who can see the person through the
  access gate (``personnes_visibles``). They draft the contract, edit the plan, submit
  it, countersign it, and record a paper signature made at a desk;
- the person, on their own contract only: they accept the submitted version or ask
  for changes. Nobody accepts for them.

The rules themselves (hours, dispense, delays) live in ``contrats.regles``; the legal
figures are read here from ``francetravail.parametres`` on the date that matters. Each step
is recorded by ``francetravail.base.transitions`` (``JOURNAL``), and the notices it sends are
the kinds of ``contrats.notifications``. Two sub-domains keep their own actions, next to their
reads: the weekly activity (``contrats.suivi.declarer_semaine``) and the points d'étape
(``contrats.points_etape.proposer_point_etape``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_fsm import can_proceed

from contrats import dispense as dispense_parent_isole
from contrats import queries, regles, webhooks
from contrats.acces import REFUS_REFERENT, est_referent, exiger_equipe_nationale, exiger_personne, exiger_referent
from contrats.document import assurer_document, attestation_acceptee, attestation_contresignee, attestation_papier
from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, StatutContrat, TypeAction
from contrats.models import ActionPlan, ContratEngagement, HistoriqueContrat, SocleDroitsDevoirs, VersionContrat
from contrats.notifications import (
    ACCEPTE,
    MODIFICATION_DEMANDEE,
    SIGNE,
    SOUMIS,
    notifier_personne,
    notifier_referent,
)
from contrats.scan import verifier_scan
from contrats.tasks import generer_document
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.calendrier import age_le
from francetravail.base.transitions import Journal, enregistrer, transition
from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument
from francetravail.parametres.lookup import valeur
from francetravail.personnes.models import Personne
from orientation.enums import STATUTS_DECIDES, Parcours

PAS_BROUILLON = "Le contrat n'est plus un brouillon : son plan d'action ne se modifie plus."
CHAMPS_ACTION = ("type_action", "porteur", "description", "debut", "fin", "heures_hebdo", "statut", "lien")
RYTHME_MAXIMUM = 52


# How a contract's steps are recorded (francetravail/base/transitions.py): a HistoriqueContrat
# row for the pages of the file, an audit event for the auditors. Each action names its event.
JOURNAL = Journal(
    historique=HistoriqueContrat,
    champ="contrat",
    evenement=TypeEvenement.CONTRAT_REDIGE,
    personne=lambda contrat: contrat.personne,
    organisation=lambda contrat: contrat.organisme,
)


# --- Helpers ------------------------------------------------------------------------------


def _verrouiller(contrat):
    # no_key: the contract's key never changes here; a plain FOR UPDATE would block the rows that
    # reference it (history, versions) from being inserted by anyone else meanwhile.
    return (
        ContratEngagement.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne__departement", "personne__user", "organisme__departement", "referent")
        .get(pk=contrat.pk)
    )


def _generer_apres_commit(version):
    """Queues the PDF of a frozen version once the transaction commits (the worker stores it)."""
    version_id = version.pk
    # robust: a broker down at commit time must not turn a committed submission into an error;
    # the document is then made when first needed (acceptance, download).
    transaction.on_commit(lambda: generer_document.delay(version_id), robust=True)


def _attester(version, attestation, *, le):
    """Freezes ``attestation`` on ``version`` (locked by the caller) and queues its signed copy; the
    copy made for an earlier attestation is replaced (contrats.document, « The signed copy »)."""
    version.attestation = attestation
    version.attestation_le = le
    version.document_signe = ""
    version.document_signe_empreinte = ""
    version.document_signe_genere_le = None
    version.save(
        update_fields=[
            "attestation",
            "attestation_le",
            "document_signe",
            "document_signe_empreinte",
            "document_signe_genere_le",
        ]
    )
    _generer_apres_commit(version)


def _heures(valeur_heures):
    return format(valeur_heures.normalize(), "f") if valeur_heures is not None else None


def _instantane(contrat, socle, actions, *, minimum, total, aujourdhui):
    """The content frozen in a version: what the person reads and accepts. JSON only (no float)."""
    personne = contrat.personne
    ore = None
    if regles.ore_possible(contrat.parcours) and contrat.ore_fixee_le:
        ore = {
            "metiers": list(contrat.ore_metiers),
            "zone": contrat.ore_zone,
            "communes": list(contrat.ore_communes),
            "salaire_attendu": _heures(contrat.ore_salaire_attendu),
            "fixee_le": contrat.ore_fixee_le.isoformat(),
            # Names, not codes, frozen with the codes (the document prints them: contrats.document, template 2).
            "metiers_nommes": queries.metiers_nommes(list(contrat.ore_metiers)),
            "communes_nommees": queries.communes_nommees(list(contrat.ore_communes)),
        }
    age_limite = valeur("contrat.age_mention_jeunes", le=aujourdhui, departement=personne.departement_id)
    organisme = contrat.organisme
    departement = personne.departement or organisme.departement
    return {
        "contrat": contrat.pk,
        "date": aujourdhui.isoformat(),
        "personne": {
            "nom": personne.nom_naissance,
            "prenoms": personne.prenoms,
            "date_naissance": personne.date_naissance.isoformat(),
        },
        "mention_jeunes": regles.mention_jeunes(personne.date_naissance, aujourdhui, age_limite=age_limite),
        "parcours": contrat.parcours,
        "parcours_libelle": Parcours(contrat.parcours).label,
        "organisme": organisme.nom,
        # Everything the document prints is frozen here: the PDF is rendered from this content only.
        "operateur": {
            "nom": organisme.nom,
            "type": organisme.type_organisation,
            "type_libelle": organisme.get_type_organisation_display(),
            "siret": organisme.siret,
        },
        "territoire": {"code": departement.code, "nom": departement.nom} if departement else None,
        "referent": contrat.referent.get_full_name() or contrat.referent.email,
        "echeance_signature": contrat.echeance_signature.isoformat(),
        "socle": {
            "version": socle.version,
            "publie_le": socle.publie_le.isoformat(),
            "droits_devoirs": socle.texte,
            "obligations_parcours": socle.obligations_parcours,
            "voies_recours": socle.voies_recours,
        },
        "duree_hebdo": {
            "minimum_legal": _heures(minimum),
            "total_plan": _heures(total),
            "amenagement": contrat.amenagement_duree,
            "motif_minoration": contrat.motif_minoration,
            "motif_dispense": contrat.motif_dispense,
        },
        "plan": [
            {
                # The action's id is the stable key a revision's diff matches actions by.
                "id": a.pk,
                "type": a.type_action,
                "type_libelle": TypeAction(a.type_action).label,
                "porteur": a.porteur,
                "porteur_libelle": PorteurAction(a.porteur).label,
                "description": a.description,
                "debut": a.debut.isoformat(),
                "fin": a.fin.isoformat() if a.fin else None,
                "heures_hebdo": _heures(a.heures_hebdo),
                "statut": a.statut,
                "lien": a.lien,
            }
            for a in actions
        ],
        "ore": ore,
    }


def _figer_version(contrat, *, acting_user):
    """Checks the plan against the hours rules and freezes a new version; raises ValidationError."""
    aujourdhui = timezone.localdate()
    socle = SocleDroitsDevoirs.objects.en_vigueur(contrat.parcours)
    if socle is None:
        raise ValidationError(
            f"Aucun socle de droits et devoirs n'est publié pour le {contrat.get_parcours_display().lower()} : "
            "le contrat ne peut pas être soumis."
        )
    actions = list(contrat.actions.exclude(statut=StatutAction.ABANDONNEE).order_by("debut", "pk"))
    total = regles.total_heures(a.heures_hebdo for a in actions)
    minimum = valeur("contrat.heures_hebdo_minimum", le=aujourdhui, departement=contrat.personne.departement_id)
    erreurs = regles.erreurs_duree(
        total,
        minimum=minimum,
        amenagement=contrat.amenagement_duree,
        motif_minoration=contrat.motif_minoration,
        motif_dispense=contrat.motif_dispense,
        demandee_par_personne=contrat.dispense_demandee_par_personne,
    )
    # A child under 12 when the dispense was recorded may have turned 12 since (L5411-6).
    erreurs = erreurs or dispense_parent_isole.erreurs_contrat(contrat, aujourdhui)
    if erreurs:
        raise ValidationError(erreurs)
    contenu = _instantane(contrat, socle, actions, minimum=minimum, total=total, aujourdhui=aujourdhui)
    numero = (contrat.versions.aggregate(m=Max("numero"))["m"] or 0) + 1
    contenu["version"] = numero
    return VersionContrat.objects.create(
        contrat=contrat, numero=numero, contenu=contenu, empreinte=regles.empreinte(contenu), soumise_par=acting_user
    )


# --- Drafting -------------------------------------------------------------------------------


@transaction.atomic
def rediger(personne, *, acting_user):
    """The draft contract of ``personne`` for their latest decided orientation (the existing one if any)."""
    # Serialises two drafts for the same person; no_key: the readers' access-log rows reference the
    # person, a plain FOR UPDATE would block them while the contract is drafted.
    Personne.objects.select_for_update(of=("self",), no_key=True).filter(pk=personne.pk).first()
    orientation = (
        personne.orientations.filter(statut__in=STATUTS_DECIDES)
        .select_related("organisme")
        .order_by("-decidee_le", "-pk")
        .first()
    )
    if orientation is None:
        raise ValidationError(
            "Cette personne n'a pas d'orientation décidée : le contrat d'engagement suit la décision d'orientation."
        )
    if orientation.notifiee_le is None:
        raise ValidationError(
            "La décision d'orientation n'a pas encore été notifiée : le délai de signature n'a pas commencé."
        )
    if not est_referent(acting_user, orientation.organisme_id, personne):
        raise ValidationError(REFUS_REFERENT)
    existant = ContratEngagement.objects.filter(personne=personne, orientation=orientation).first()
    if existant is not None:
        return existant
    notifiee_le = timezone.localdate(orientation.notifiee_le)
    cle = "contrat.delai_signature_reorientation" if orientation.reorientation_de_id else "contrat.delai_signature"
    delai = valeur(cle, le=notifiee_le, departement=personne.departement_id)
    contrat = ContratEngagement.objects.create(
        personne=personne,
        orientation=orientation,
        parcours=orientation.parcours,
        organisme=orientation.organisme,
        referent=acting_user,
        echeance_signature=regles.echeance_signature(notifiee_le, delai_mois=delai),
    )
    enregistrer(
        contrat,
        journal=JOURNAL,
        acting_user=acting_user,
        avant="",
        evenement=TypeEvenement.CONTRAT_REDIGE,
        audit={"orientation": orientation.pk},
    )
    return contrat


def _brouillon_du_referent(contrat, acting_user):
    contrat = _verrouiller(contrat)
    exiger_referent(acting_user, contrat)
    if contrat.statut != StatutContrat.BROUILLON:
        raise ValidationError(PAS_BROUILLON)
    return contrat


def _enregistrer_action(action):
    action.full_clean(exclude=["contrat"])
    action.save()
    return action


@transaction.atomic
def ajouter_action(contrat, *, acting_user, **champs):
    inconnus = set(champs) - set(CHAMPS_ACTION)
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    contrat = _brouillon_du_referent(contrat, acting_user)
    return _enregistrer_action(ActionPlan(contrat=contrat, **champs))


@transaction.atomic
def modifier_action(action, *, acting_user, **champs):
    inconnus = set(champs) - set(CHAMPS_ACTION)
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    _brouillon_du_referent(action.contrat, acting_user)
    action = ActionPlan.objects.select_for_update(of=("self",), no_key=True).get(pk=action.pk)
    for nom, val in champs.items():
        setattr(action, nom, val)
    return _enregistrer_action(action)


@transaction.atomic
def supprimer_action(action, *, acting_user):
    _brouillon_du_referent(action.contrat, acting_user)
    ActionPlan.objects.filter(pk=action.pk).delete()


@transaction.atomic
def amenager_duree(
    contrat,
    *,
    acting_user,
    amenagement,
    motif_minoration="",
    motif_dispense="",
    demandee_par_personne=False,
    demandee_le=None,
    enfant_naissance=None,
    justificatif_enfant="",
):
    """Lowers the weekly hours (with a reason) or waives them (at the person's request, legal ground).

    A dispense « parent isolé » needs a child under 12 (L5411-6): the file says so, or the
    référent records the child's birth date and the document seen (``contrats.dispense``).
    """
    contrat = _brouillon_du_referent(contrat, acting_user)
    motif_minoration = (motif_minoration or "").strip()
    erreurs = regles.erreurs_amenagement(
        amenagement,
        motif_minoration=motif_minoration,
        motif_dispense=motif_dispense,
        demandee_par_personne=demandee_par_personne,
    )
    if erreurs:
        raise ValidationError(erreurs)
    dispense = amenagement == AmenagementDuree.DISPENSE
    parent_isole = dispense and motif_dispense == MotifDispense.PARENT_ISOLE
    justificatif_enfant = (justificatif_enfant or "").strip() if parent_isole else ""
    enfant_naissance = enfant_naissance if parent_isole else None
    if parent_isole:
        refus = dispense_parent_isole.erreurs_parent_isole(
            contrat.personne, enfant_naissance=enfant_naissance, justificatif=justificatif_enfant
        )
        if refus:
            raise ValidationError(refus)
    contrat.amenagement_duree = amenagement
    contrat.motif_minoration = motif_minoration if amenagement == AmenagementDuree.MINORATION else ""
    contrat.motif_dispense = motif_dispense if dispense else ""
    contrat.dispense_demandee_par_personne = dispense
    contrat.dispense_demandee_le = (demandee_le or timezone.localdate()) if dispense else None
    contrat.dispense_enfant_naissance = enfant_naissance
    contrat.dispense_enfant_justificatif = justificatif_enfant
    contrat.save(
        update_fields=[
            "amenagement_duree",
            "motif_minoration",
            "motif_dispense",
            "dispense_demandee_par_personne",
            "dispense_demandee_le",
            "dispense_enfant_naissance",
            "dispense_enfant_justificatif",
            "updated_at",
        ]
    )
    enfant = {}
    if parent_isole:
        # Who established the child's age, and on which document (the birth date stays on the contract).
        enfant = {
            "enfant_age_etabli_par": "referent" if enfant_naissance else "dossier",
            "enfant_age": age_le(enfant_naissance, timezone.localdate()) if enfant_naissance else None,
            "justificatif_enfant": justificatif_enfant,
        }
    enregistrer_evenement(
        TypeEvenement.CONTRAT_DUREE_AMENAGEE,
        acting_user=acting_user,
        personne=contrat.personne,
        organisation=contrat.organisme,
        motif=contrat.motif_minoration,
        contrat=contrat.pk,
        amenagement=amenagement,
        motif_dispense=contrat.motif_dispense,
        **enfant,
    )
    return contrat


@transaction.atomic
def fixer_ore(contrat, *, acting_user, metiers, zone="", communes=(), salaire_attendu=None):
    """Sets the offre raisonnable d'emploi in the draft (never on the social parcours, L5411-6-1 II)."""
    contrat = _brouillon_du_referent(contrat, acting_user)
    if not regles.ore_possible(contrat.parcours):
        raise ValidationError("Il n'y a pas d'offre raisonnable d'emploi dans le parcours social (L5411-6-1 II).")
    metiers = [m.strip().upper() for m in metiers if m and m.strip()]
    if not metiers:
        raise ValidationError({"ore_metiers": "Indiquez au moins un métier recherché."})
    if not ((zone or "").strip() or communes):
        raise ValidationError({"ore_zone": "Indiquez la zone géographique de recherche."})
    if salaire_attendu is not None and salaire_attendu < 0:
        raise ValidationError({"ore_salaire_attendu": "Le salaire attendu ne peut pas être négatif."})
    contrat.ore_metiers = metiers
    contrat.ore_zone = (zone or "").strip()
    contrat.ore_communes = list(communes)
    contrat.ore_salaire_attendu = salaire_attendu
    contrat.ore_fixee_le = timezone.localdate()
    contrat.save(
        update_fields=["ore_metiers", "ore_zone", "ore_communes", "ore_salaire_attendu", "ore_fixee_le", "updated_at"]
    )
    return contrat


# --- Submission, acceptance, signature --------------------------------------------------------


@transaction.atomic
def soumettre(contrat, *, acting_user):
    """Checks the hours rules and submits a frozen version to the person."""
    contrat = _verrouiller(contrat)
    exiger_referent(acting_user, contrat)
    refus = "Seul un brouillon peut être soumis à la personne."
    if not can_proceed(contrat.vers_soumis):
        raise ValidationError(refus)
    version = _figer_version(contrat, acting_user=acting_user)
    transition(
        contrat,
        contrat.vers_soumis,
        journal=JOURNAL,
        acting_user=acting_user,
        refus=refus,
        evenement=TypeEvenement.CONTRAT_SOUMIS,
        historique={"version": version.numero},
        audit={"version": version.numero, "empreinte": version.empreinte},
    )
    _generer_apres_commit(version)
    notifier_personne(contrat, SOUMIS, f"v{version.numero}:soumis", version)
    return contrat


@transaction.atomic
def accepter(contrat, *, acting_user, empreinte=None):
    """The person accepts the submitted version; ``empreinte`` is the hash of the version they read."""
    contrat = _verrouiller(contrat)
    exiger_personne(acting_user, contrat)
    refus = "Ce contrat n'est pas en attente de votre acceptation."
    if not can_proceed(contrat.vers_accepte):
        raise ValidationError(refus)
    version = contrat.derniere_version()
    if empreinte is not None and empreinte != version.empreinte:
        raise ValidationError(
            "Le contrat a été modifié depuis votre lecture : relisez la dernière version avant de l'accepter."
        )
    # The document the person accepts: the worker has usually stored it at submission; if not
    # yet, it is rendered now, so the acceptance records the hash of an existing PDF.
    version = assurer_document(version)  # locked from here on
    maintenant = timezone.now()
    contrat.accepte_le = maintenant
    contrat.version_acceptee = version
    contrat.empreinte_acceptee = version.empreinte
    contrat.empreinte_document_acceptee = version.document_empreinte
    transition(
        contrat,
        contrat.vers_accepte,
        journal=JOURNAL,
        acting_user=acting_user,
        refus=refus,
        evenement=TypeEvenement.CONTRAT_ACCEPTE,
        historique={"version": version.numero},
        audit={
            "version": version.numero,
            "empreinte": version.empreinte,
            "empreinte_document": version.document_empreinte,
        },
    )
    version.acceptee_le = maintenant
    version.save(update_fields=["acceptee_le"])
    _attester(version, attestation_acceptee(version, le=maintenant), le=maintenant)
    notifier_referent(contrat, ACCEPTE, f"v{version.numero}:accepte", version)
    return contrat


@transaction.atomic
def demander_modification(contrat, *, acting_user, commentaire):
    """The person asks for changes to the submitted version: back to draft, with their comment."""
    commentaire = (commentaire or "").strip()
    contrat = _verrouiller(contrat)
    exiger_personne(acting_user, contrat)
    if not commentaire:
        raise ValidationError({"commentaire": "Indiquez les modifications que vous souhaitez."})
    refus = "Ce contrat n'est pas soumis à votre lecture : vous ne pouvez pas demander de modification."
    if not can_proceed(contrat.vers_brouillon_a_modifier):
        raise ValidationError(refus)
    version = contrat.derniere_version()
    transition(
        contrat,
        contrat.vers_brouillon_a_modifier,
        journal=JOURNAL,
        acting_user=acting_user,
        refus=refus,
        motif=commentaire,
        evenement=TypeEvenement.CONTRAT_MODIFICATION_DEMANDEE,
        historique={"version": version.numero},
        audit={"version": version.numero},
    )
    version.commentaire_modification = commentaire
    version.modification_demandee_le = timezone.now()
    version.save(update_fields=["commentaire_modification", "modification_demandee_le"])
    notifier_referent(
        contrat, MODIFICATION_DEMANDEE, f"v{version.numero}:modification", version, commentaire=commentaire
    )
    return contrat


@transaction.atomic
def contresigner(contrat, *, acting_user):
    """The référent countersigns the version the person accepted."""
    contrat = _verrouiller(contrat)
    exiger_referent(acting_user, contrat)
    refus = "Le contrat ne peut être contresigné qu'une fois accepté par la personne."
    if not can_proceed(contrat.vers_signe):
        raise ValidationError(refus)
    version = contrat.version_acceptee
    if (
        version is None
        or version.numero != contrat.derniere_version().numero
        or regles.empreinte(version.contenu) != contrat.empreinte_acceptee
    ):
        raise ValidationError(
            "La version acceptée par la personne ne correspond plus au contrat : soumettez-le à nouveau."
        )
    contrat.signe_le = timezone.now()
    contrat.contresigne_par = acting_user
    webhooks.emettre_signature(contrat, version)
    contrat.version_en_vigueur = version
    contrat.revision_ouverte_le = None
    transition(
        contrat,
        contrat.vers_signe,
        journal=JOURNAL,
        acting_user=acting_user,
        refus=refus,
        evenement=TypeEvenement.CONTRAT_SIGNE,
        historique={"version": version.numero},
        audit={"version": version.numero, "empreinte": version.empreinte},
    )
    version = VersionContrat.objects.select_for_update(of=("self",), no_key=True).get(pk=version.pk)
    if not version.attestation:  # accepted before the attestation existed: rebuilt from the contract
        version.attestation = attestation_acceptee(version, le=contrat.accepte_le)
    attestation = attestation_contresignee(
        version, par=acting_user, organisation=contrat.organisme, le=contrat.signe_le
    )
    _attester(version, attestation, le=contrat.signe_le)
    notifier_personne(contrat, SIGNE, f"v{version.numero}:signe", version)
    return contrat


@transaction.atomic
def enregistrer_signature_papier(contrat, *, acting_user, scan):
    """A contract signed on paper at a desk: the version signed is frozen (if not yet) and the scan
    kept as a ``Document`` of nature « signature_papier » attached to that version (checked by
    ``documents.depot``: type read from the content, antivirus; and opened by ``contrats.scan``).
    The contract page and the person read it through the documents' download (``contrats.documents``)."""
    contrat = _verrouiller(contrat)
    exiger_referent(acting_user, contrat)
    if not scan:
        raise ValidationError({"signature_papier": "Joignez le scan du contrat signé."})
    try:
        verifier_scan(scan)  # the file is opened, not sniffed (contrats/scan.py)
        if not getattr(scan, "type_fichier_verifie", None):  # the form's ChampDocument did it already
            depot.verifier(scan, NatureDocument.SIGNATURE_PAPIER)  # type from the content, antivirus
    except ValidationError as refus:
        raise ValidationError({"signature_papier": refus.messages}) from None
    if not can_proceed(contrat.vers_signe_sur_papier):
        raise ValidationError("Ce contrat est déjà accepté ou signé : il ne peut plus être signé sur papier.")
    version = (
        _figer_version(contrat, acting_user=acting_user)
        if contrat.statut == StatutContrat.BROUILLON
        else contrat.derniere_version()
    )
    # The document printed and signed at the desk, and the scan's hash: the signed copy prints both.
    version = assurer_document(version)  # locked from here on
    document = depot.deposer(
        scan, personne=contrat.personne, nature=NatureDocument.SIGNATURE_PAPIER, par=acting_user, objet=version
    )
    maintenant = timezone.now()
    avant = contrat.statut
    contrat.vers_signe_sur_papier()
    contrat.accepte_le = maintenant
    contrat.version_acceptee = version
    contrat.empreinte_acceptee = version.empreinte
    contrat.signe_le = maintenant
    contrat.contresigne_par = acting_user
    webhooks.emettre_signature(contrat, version)
    contrat.version_en_vigueur = version
    contrat.revision_ouverte_le = None
    contrat.save()
    version.acceptee_le = maintenant
    version.save(update_fields=["acceptee_le"])
    attestation = attestation_papier(
        version, scan_empreinte=document.empreinte, par=acting_user, organisation=contrat.organisme, le=maintenant
    )
    _attester(version, attestation, le=maintenant)
    # ``deposer`` wrote the DOCUMENT_DEPOSE event; the signature's own event names the document.
    enregistrer(
        contrat,
        journal=JOURNAL,
        acting_user=acting_user,
        avant=avant,
        motif="Signature sur papier",
        evenement=TypeEvenement.CONTRAT_SIGNE_PAPIER,
        historique={"version": version.numero},
        audit={"version": version.numero, "empreinte": version.empreinte, "scan": document.pk},
    )
    notifier_personne(contrat, SIGNE, f"v{version.numero}:signe", version)
    return contrat


# --- Revision and points d'étape --------------------------------------------------------------


@transaction.atomic
def ouvrir_revision(contrat, *, acting_user, motif):
    """A point d'étape revises the signed contract: back to draft; the signed version stays in force.

    The plan is edited as a draft, then submitted, accepted and countersigned (or signed on
    paper) again, which freezes a new version; the earlier versions are never touched.
    """
    motif = (motif or "").strip()
    contrat = _verrouiller(contrat)
    exiger_referent(acting_user, contrat)
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif de la révision (ce qu'a montré le point d'étape)."})
    en_vigueur = contrat.version_en_vigueur
    numero = en_vigueur.numero if en_vigueur else None
    # The acceptance recorded belongs to the signed version; the next one will be accepted anew.
    contrat.revision_ouverte_le = timezone.now()
    transition(
        contrat,
        contrat.vers_brouillon_en_revision,
        journal=JOURNAL,
        acting_user=acting_user,
        refus="Seul un contrat signé peut être révisé.",
        motif=motif,
        evenement=TypeEvenement.CONTRAT_REVISION_OUVERTE,
        historique={"version": numero},
        audit={"version": numero},
    )
    return contrat


@transaction.atomic
def fixer_rythme_points_etape(contrat, *, acting_user, semaines):
    """The agreed interval between two points d'étape, in weeks (1 to 52)."""
    contrat = _verrouiller(contrat)
    exiger_referent(acting_user, contrat)
    try:
        semaines = int(semaines)
    except (TypeError, ValueError):
        raise ValidationError({"rythme_points_etape": "Indiquez un nombre de semaines."}) from None
    if not 1 <= semaines <= RYTHME_MAXIMUM:
        raise ValidationError(
            {"rythme_points_etape": f"Le rythme des points d'étape va de 1 à {RYTHME_MAXIMUM} semaines."}
        )
    contrat.rythme_points_etape = semaines
    contrat.save(update_fields=["rythme_points_etape", "updated_at"])
    return contrat


# --- Socle des droits et devoirs (national staff, through the admin) ----------------------------


def prochaine_version_socle(parcours):
    return (SocleDroitsDevoirs.objects.filter(parcours=parcours).aggregate(m=Max("version"))["m"] or 0) + 1


@transaction.atomic
def publier_socle(socle, *, acting_user):
    """Publishes a draft socle: from now on it applies to contracts submitted on its parcours.

    A published version is never edited again: the next text is a new version.
    """
    exiger_equipe_nationale(acting_user)
    socle = SocleDroitsDevoirs.objects.select_for_update(of=("self",), no_key=True).get(pk=socle.pk)
    if socle.publie_le is not None:
        raise ValidationError(f"{socle} est déjà publié.")
    if not (socle.texte.strip() and socle.voies_recours.strip()):
        raise ValidationError(
            "Le socle doit contenir les droits et devoirs et les voies de recours avant publication."
        )
    socle.publie_le = timezone.now()
    socle.save(update_fields=["publie_le"])
    enregistrer_evenement(
        TypeEvenement.SOCLE_PUBLIE,
        acting_user=acting_user,
        socle=socle.pk,
        parcours=socle.parcours,
        version=socle.version,
    )
    return socle
