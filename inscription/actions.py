"""Use cases of registration that change state."""

from django.db import transaction
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.models import Implication, Personne
from francetravail.rendezvous.actions import annuler_a_venir
from francetravail.reseau.roles import contexte_professionnel
from inscription import doublons, import_caf
from inscription.acces import (
    REFUS_FLUX,
    InscriptionRefusee,
    exiger_acteur,
    exiger_age_minimum,
    exiger_gestion_flux,
    exiger_referent_accompagnement,
    peut_lancer_import,
    peut_modifier_correspondance,
)
from inscription.cessation import CHAMPS_CESSATION, statut_rouvert, verrouiller
from inscription.enums import Canal, FormatFlux, MotifFinAccompagnement, StatutDoublon, StatutInscription, TypeFlux
from inscription.etapes import ETAPES, rang
from inscription.flux.tableur import CHAMPS
from inscription.models import (
    CorrespondanceColonnes,
    DossierInscription,
    DoublonPotentiel,
    FreinIdentifie,
    ImportFluxCAF,
)
from inscription.notifications import ACCOMPAGNEMENT_ROUVERT, ACCOMPAGNEMENT_TERMINE, notifier_personne
from inscription.regles import categorie_initiale
from inscription.tasks import importer_flux_caf


@transaction.atomic
def lancer_import_flux_caf(
    fichier,
    *,
    nom_fichier,
    acting_user=None,
    au_worker=True,
    format=FormatFlux.CSV_PLATEFORME,  # noqa: A002 — the model's field
    departement=None,
    correspondance=None,
):
    """Records an import of the CAF/MSA flow and queues it for a worker once committed
    (``au_worker=False``: the caller runs it, ``import_caf.executer``).

    ``format``: how the file is read (``FormatFlux``; a ``TABLEUR`` needs its ``correspondance``);
    ``departement``: the département that sends it (back-office upload, drop folder), None when national.
    """
    if acting_user is not None and not peut_lancer_import(acting_user, departement):
        raise InscriptionRefusee(REFUS_FLUX)
    imp = ImportFluxCAF(
        nom_fichier=nom_fichier,
        lance_par=acting_user,
        empreinte=import_caf.empreinte(fichier),
        format=format,
        departement=departement,
        correspondance=correspondance,
    )
    imp.fichier.save(nom_fichier, fichier, save=True)
    enregistrer_evenement(
        TypeEvenement.IMPORT_FLUX_CAF, acting_user=acting_user, import_id=imp.pk, fichier=nom_fichier
    )
    # robust: a broker down at commit time must not turn a recorded import into an error; the
    # sweep (import_caf.balayer_imports) sends it once it has waited FLUX_CAF_DELAI_SANS_NOUVELLES.
    if au_worker:
        transaction.on_commit(lambda: importer_flux_caf.delay(imp.pk), robust=True)
    return imp


def _identite_sur_personne(personne, donnees):
    personne.nom_naissance = donnees["nom_naissance"].strip()
    personne.nom_usage = donnees.get("nom_usage", "").strip()
    personne.prenoms = donnees["prenoms"].strip()
    personne.date_naissance = donnees["date_naissance"]


def _identite_sur_dossier(dossier, donnees):
    if donnees.get("nir"):
        dossier.nir = donnees["nir"]
    dossier.nationalite = donnees["nationalite"]
    dossier.titre_sejour_fin = donnees.get("titre_sejour_fin")
    dossier.pays_naissance = donnees.get("pays_naissance", "").strip()
    dossier.commune_naissance = donnees.get("commune_naissance_obj")


NIR_DEJA_ASSOCIE = (
    "Ce numéro de sécurité sociale est déjà associé à un autre dossier. "
    "Adressez-vous à un conseiller : il vérifiera votre situation avec vous."
)


def _nir_libre(nir, dossier):
    autres = DossierInscription.objects.filter(nir=nir)
    if dossier is not None:
        autres = autres.exclude(pk=dossier.pk)
    if nir and autres.exists():
        raise InscriptionRefusee(NIR_DEJA_ASSOCIE)


def _courriel_du_compte(personne, user):
    """Notices (the orientation decision among them) go to the file's e-mail: the account's, unless the
    person gave another one."""
    if not personne.email:
        personne.email = user.email


@transaction.atomic
def commencer_inscription_en_ligne(user, donnees):
    """The person's first step: their file, found by NIR when the CAF/MSA flow already brought it.

    A file found by NIR is attached to the account only when the birth name and date
    also match and no other account holds it; otherwise nothing says whether it exists.
    """
    if not (user and user.is_authenticated and user.is_active and user.est_personne):
        raise InscriptionRefusee("Seul le titulaire d'un compte personne actif s'inscrit en ligne.")
    exiger_age_minimum(donnees)
    deja = Personne.objects.filter(user=user).first()
    existant = (
        DossierInscription.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne")
        .filter(nir=donnees["nir"])
        .first()
    )
    if existant is not None and deja is not None:
        # The account already has a file (opened by a conseiller without NIR): never merge two files silently.
        raise InscriptionRefusee(NIR_DEJA_ASSOCIE)
    if existant is not None:
        personne = existant.personne
        meme_identite = (
            personne.user_id is None
            and personne.nom_naissance.strip().upper() == donnees["nom_naissance"].strip().upper()
            and personne.date_naissance == donnees["date_naissance"]
        )
        if not meme_identite:
            raise InscriptionRefusee(NIR_DEJA_ASSOCIE)
        personne.user = user
        _identite_sur_personne(personne, donnees)
        _courriel_du_compte(personne, user)
        personne.save()
        _identite_sur_dossier(existant, donnees)
        existant.etape = "identite"
        existant.save()
        enregistrer_evenement(TypeEvenement.INSCRIPTION_RATTACHEE, acting_user=user, personne=personne)
        return personne, existant
    personne = deja or Personne(user=user)
    _identite_sur_personne(personne, donnees)
    _courriel_du_compte(personne, user)
    personne.save()
    dossier = DossierInscription(personne=personne, canal=Canal.EN_LIGNE, created_by=user, etape="identite")
    _identite_sur_dossier(dossier, donnees)
    dossier.save()
    doublons.signaler([personne.pk])
    enregistrer_evenement(
        TypeEvenement.INSCRIPTION_COMMENCEE, acting_user=user, personne=personne, canal=dossier.canal
    )
    return personne, dossier


@transaction.atomic
def commencer_inscription_guichet(conseiller, organisation, donnees):
    """A desk registration: the conseiller's organisation is involved in the file from the start."""
    if organisation.pk not in contexte_professionnel(conseiller).organisations_accompagnement:
        raise InscriptionRefusee("Seul un professionnel qui accompagne pour cette organisation inscrit en son nom.")
    exiger_age_minimum(donnees)
    _nir_libre(donnees["nir"], None)
    personne = Personne()
    _identite_sur_personne(personne, donnees)
    personne.save()
    dossier = DossierInscription(
        personne=personne, canal=Canal.GUICHET, organisation=organisation, created_by=conseiller, etape="identite"
    )
    _identite_sur_dossier(dossier, donnees)
    dossier.save()
    Implication.objects.create(
        personne=personne, organisation=organisation, motif="Inscription au guichet", created_by=conseiller
    )
    doublons.signaler([personne.pk])
    enregistrer_evenement(
        TypeEvenement.INSCRIPTION_COMMENCEE,
        acting_user=conseiller,
        personne=personne,
        organisation=organisation,
        canal=dossier.canal,
    )
    return personne, dossier


_CHAMPS_DOSSIER = {
    "situation": (
        "situation_familiale",
        "nb_enfants_charge",
        "enfant_moins_12_ans",
        "logement",
        "situation_professionnelle",
        "heures_travaillees_mois",
        "activite_deux_ans",
        "prestations",
        "permis_b",
        "niveau_francais",
    ),
    "projet": ("niveau_qualification", "diplome", "experiences", "disponibilite", "se_projette", "projet"),
    "accompagnement": ("maturite_projet", "accompagnement_souhaite", "preference_structure"),
}


@transaction.atomic
def enregistrer_etape(personne, dossier, etape, donnees, *, acting_user):
    """Saves one step (identity, contact, situation, project, barriers) and remembers where the person is."""
    exiger_acteur(acting_user, personne)
    if dossier.statut == StatutInscription.INSCRIT and acting_user == personne.user and etape == "identite":
        # Once registered, identity changes go through a conseiller (they match records).
        raise InscriptionRefusee(
            "Votre inscription est confirmée : pour corriger votre identité, adressez-vous à votre conseiller."
        )
    if etape == "identite":
        exiger_age_minimum(donnees)
        if donnees.get("nir"):
            _nir_libre(donnees["nir"], dossier)
        _identite_sur_personne(personne, donnees)
        _identite_sur_dossier(dossier, donnees)
        personne.save()
        dossier.save()
        doublons.signaler([personne.pk])
    elif etape == "coordonnees":
        # The same action as the API: same rule of who may, same audit row.
        email = (donnees.get("email") or "").strip()
        if not email and acting_user.pk == personne.user_id:
            # Left empty by the person: the account's address, where they already receive our mail.
            email = acting_user.email
        modifier_coordonnees(
            personne,
            acting_user=acting_user,
            email=email,
            telephone=donnees.get("telephone", ""),
            adresse=donnees["adresse"],
            commune=donnees["commune_obj"],
            # The form gives it (checked against the commune): the postcode letters print.
            **({"code_postal": donnees["code_postal"]} if "code_postal" in donnees else {}),
        )
    elif etape in _CHAMPS_DOSSIER:
        for champ in _CHAMPS_DOSSIER[etape]:
            setattr(dossier, champ, donnees.get(champ))
        if "urgence" in donnees:  # the desk form only
            dossier.urgence = donnees["urgence"]
        if dossier.situation_professionnelle != "activite_reduite":
            dossier.heures_travaillees_mois = None
    elif etape == "freins":
        for type_frein, intensite in donnees.items():
            FreinIdentifie.objects.update_or_create(
                dossier=dossier, type_frein=type_frein, defaults={"intensite": intensite}
            )
    else:
        raise ValueError(etape)
    if not dossier.etape or rang(etape) >= rang(dossier.etape):
        dossier.etape = etape
    dossier.save()
    return dossier


@transaction.atomic
def terminer_inscription(dossier, *, acting_user):
    """The summary confirmed: registered, with the initial category (G for RSA claimants)."""
    dossier = (
        DossierInscription.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne")
        .get(pk=dossier.pk)
    )
    exiger_acteur(acting_user, dossier.personne)
    if dossier.accompagnement_termine:
        raise InscriptionRefusee(
            f"L'accompagnement est terminé depuis le {dossier.cessee_le:%d/%m/%Y} : seul le référent peut le rouvrir."
        )
    if dossier.statut == StatutInscription.CESSEE:
        # C. trav. R5412-5: a radiation bars re-registration for its whole duration (inscription.cessation).
        raise InscriptionRefusee(
            f"L'inscription est cessée jusqu'au {dossier.cessee_jusqu_au:%d/%m/%Y} inclus (radiation de la liste "
            "des demandeurs d'emploi) : elle ne peut être confirmée de nouveau avant sa réouverture."
        )
    manquantes = [e.titre for e in ETAPES[:-1] if rang(e.slug) > rang(dossier.etape or "identite")]
    if manquantes or dossier.personne.commune_id is None:
        raise InscriptionRefusee(f"Il reste des étapes à remplir : {', '.join(manquantes) or 'Coordonnées'}.")
    if dossier.statut == StatutInscription.INSCRIT:
        return dossier
    dossier.statut = StatutInscription.INSCRIT
    dossier.categorie = categorie_initiale(dossier)
    dossier.inscrit_le = timezone.now()
    dossier.etape = "recapitulatif"
    dossier.save(update_fields=["statut", "categorie", "inscrit_le", "etape", "updated_at"])
    enregistrer_evenement(
        TypeEvenement.INSCRIPTION_TERMINEE,
        acting_user=acting_user,
        personne=dossier.personne,
        canal=dossier.canal,
        categorie=dossier.categorie,
    )
    return dossier


@transaction.atomic
def ecarter_doublon(doublon, *, acting_user):
    """A person checked: two different people. The pair is not flagged again."""
    doublon = DoublonPotentiel.objects.select_for_update(of=("self",), no_key=True).get(pk=doublon.pk)
    if doublon.statut != StatutDoublon.A_EXAMINER:
        return doublon
    doublon.statut = StatutDoublon.ECARTE
    doublon.examine_par = acting_user
    doublon.examine_le = timezone.now()
    doublon.save(update_fields=["statut", "examine_par", "examine_le"])
    enregistrer_evenement(
        TypeEvenement.DOUBLON_ECARTE, acting_user=acting_user, personne=doublon.personne, autre_id=doublon.autre_id
    )
    return doublon


# The precision is read by the person in their space and by the professionals on the person page.
PRECISION_MAX = 500


def _dossier_du_referent(personne, acting_user):
    """Checks the référent's side, then locks the person's registration (refused without one)."""
    exiger_referent_accompagnement(acting_user, personne)
    dossier = verrouiller(personne)
    if dossier is None:
        raise InscriptionRefusee(
            "Cette personne n'a pas de dossier d'inscription : il n'y a pas d'accompagnement à terminer."
        )
    return dossier


@transaction.atomic
def terminer_accompagnement(personne, *, acting_user, motif, precision="", le=None):
    """The référent ends the person's accompaniment: the registration is « cessée » from ``le`` (today by
    default, never later), for ``motif`` (``MotifFinAccompagnement``; « autre » needs ``precision``), with no
    last day: unlike a radiation (``inscription.cessation``), only ``rouvrir_accompagnement`` ends it.

    From then on the person is off the lists of people to chase (portfolio lateness, appointments,
    orientation proposals, the contracts' reminders: ``inscription.cessation``'s docstring lists them).
    Audited (``ACCOMPAGNEMENT_TERMINE``, the person's history); the person is told, unless they died.
    A registration already ceased by a radiation becomes an ended accompaniment (it will not reopen at the
    radiation's end); one already ended is refused.
    """
    aujourdhui = timezone.localdate()
    le = le or aujourdhui
    try:
        motif = MotifFinAccompagnement(motif)
    except ValueError:
        raise InscriptionRefusee(
            "Choisissez le motif de la fin de l'accompagnement dans la liste.", champ="motif"
        ) from None
    precision = (precision or "").strip()
    if len(precision) > PRECISION_MAX:
        raise InscriptionRefusee(f"La précision tient en {PRECISION_MAX} caractères au plus.", champ="precision")
    if motif == MotifFinAccompagnement.AUTRE and not precision:
        raise InscriptionRefusee("Précisez le motif « Autre » de la fin de l'accompagnement.", champ="precision")
    if le > aujourdhui:
        raise InscriptionRefusee(
            f"La fin de l'accompagnement ne peut pas être datée après aujourd'hui ({aujourdhui:%d/%m/%Y}).", champ="le"
        )
    dossier = _dossier_du_referent(personne, acting_user)
    if dossier.accompagnement_termine:
        raise InscriptionRefusee(
            f"L'accompagnement de cette personne est déjà terminé depuis le {dossier.cessee_le:%d/%m/%Y}."
        )
    avant = dossier.statut
    dossier.statut = StatutInscription.CESSEE
    dossier.cessee_le, dossier.cessee_jusqu_au = le, None
    dossier.motif_fin_accompagnement = motif
    dossier.motif_cessation = f"{motif.label} : {precision}" if precision else motif.label
    dossier.rouverte_le, dossier.motif_reouverture = None, ""
    dossier.save(update_fields=[*CHAMPS_CESSATION, "updated_at"])
    enregistrer_evenement(
        TypeEvenement.ACCOMPAGNEMENT_TERMINE,
        acting_user=acting_user,
        personne=personne,
        organisation=personne.organisme_referent,
        motif=dossier.motif_cessation,
        motif_fin=motif.value,
        avant=avant,
        le=le.isoformat(),
    )
    # The appointments still to come are cancelled (their reminders with them): nobody is expected any more.
    annuler_a_venir(
        personne,
        acting_user=acting_user,
        motif=f"Accompagnement terminé : {dossier.motif_cessation}",
        informer=motif != MotifFinAccompagnement.DECES,
    )
    if motif != MotifFinAccompagnement.DECES:
        notifier_personne(
            dossier,
            ACCOMPAGNEMENT_TERMINE,
            cle=f"fin:{le:%Y%m%d}:{dossier.updated_at:%Y%m%d%H%M%S%f}",
            organisme=personne.organisme_referent.nom,
            le=f"{le:%d/%m/%Y}",
        )
    return dossier


@transaction.atomic
def rouvrir_accompagnement(personne, *, acting_user, motif):
    """The référent reopens an accompaniment they (or a colleague) ended, with a reason: the registration
    goes back to « inscrit » (or « en cours » if it never was), the person is told, the step is audited.
    Only an ended accompaniment: a radiation reopens at its end or on appeal (``inscription.cessation``)."""
    motif = (motif or "").strip()
    if not motif:
        raise InscriptionRefusee("Indiquez le motif de la réouverture de l'accompagnement.", champ="motif")
    dossier = _dossier_du_referent(personne, acting_user)
    if not dossier.accompagnement_termine:
        raise InscriptionRefusee("L'accompagnement de cette personne n'est pas terminé : il n'y a rien à rouvrir.")
    aujourdhui = timezone.localdate()
    motif_fin = dossier.motif_fin_accompagnement
    dossier.statut = statut_rouvert(dossier)
    dossier.rouverte_le, dossier.motif_reouverture = aujourdhui, motif
    dossier.save(update_fields=[*CHAMPS_CESSATION, "updated_at"])
    enregistrer_evenement(
        TypeEvenement.ACCOMPAGNEMENT_ROUVERT,
        acting_user=acting_user,
        personne=personne,
        organisation=personne.organisme_referent,
        motif=motif,
        motif_fin=motif_fin,
        apres=dossier.statut,
        cessee_le=dossier.cessee_le.isoformat(),
    )
    notifier_personne(
        dossier,
        ACCOMPAGNEMENT_ROUVERT,
        cle=f"reouverture:{dossier.updated_at:%Y%m%d%H%M%S%f}",
        organisme=personne.organisme_referent.nom,
        le=f"{aujourdhui:%d/%m/%Y}",
    )
    return dossier


# --- A département's column mappings (issue 18) ----------------------------------------------------


def _journaliser_correspondance(correspondance, acting_user, quoi):
    enregistrer_evenement(
        TypeEvenement.CORRESPONDANCE_FLUX,
        acting_user=acting_user,
        correspondance_id=correspondance.pk,
        departement=correspondance.departement_id,
        action=quoi,
    )


@transaction.atomic
def creer_correspondance(
    departement, *, acting_user, nom, feuille="", type_flux=TypeFlux.QUOTIDIEN, colonnes=None, valeurs=None
):
    """A new mapping of ``departement``'s exports, by its staff (``acces.peut_gerer_flux``)."""
    exiger_gestion_flux(acting_user, departement)
    correspondance = CorrespondanceColonnes.objects.create(
        departement_id=getattr(departement, "code", departement),
        nom=nom,
        feuille=feuille,
        type_flux=type_flux,
        colonnes=colonnes or {},
        valeurs=valeurs or {},
        modifie_par=acting_user,
    )
    _journaliser_correspondance(correspondance, acting_user, "creee")
    return correspondance


@transaction.atomic
def modifier_correspondance(correspondance, *, acting_user, **changements):
    """Changes ``nom``, ``feuille``, ``type_flux``, ``colonnes`` or ``valeurs`` of a département's
    mapping; the national one is read-only (copied instead)."""
    correspondance = CorrespondanceColonnes.objects.select_for_update(of=("self",), no_key=True).get(
        pk=correspondance.pk
    )
    if not peut_modifier_correspondance(acting_user, correspondance):
        raise InscriptionRefusee(REFUS_FLUX)
    inconnus = set(changements) - {"nom", "feuille", "type_flux", "colonnes", "valeurs"}
    if inconnus:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")
    for champ, valeur in changements.items():
        setattr(correspondance, champ, valeur)
    correspondance.modifie_par = acting_user
    correspondance.save(update_fields=[*changements, "modifie_par", "modifie_le"])
    _journaliser_correspondance(correspondance, acting_user, "modifiee")
    return correspondance


@transaction.atomic
def copier_correspondance(source, departement, *, acting_user):
    """A copy of ``source`` (the national mapping, or one of the département's) for ``departement``."""
    exiger_gestion_flux(acting_user, departement)
    code = getattr(departement, "code", departement)
    if source.departement_id not in (None, code):
        raise InscriptionRefusee(REFUS_FLUX)
    base = f"Copie de {source.nom}"[:110]
    nom, rang = base, 1
    while CorrespondanceColonnes.objects.filter(departement_id=code, nom=nom).exists():
        rang += 1
        nom = f"{base} ({rang})"
    return creer_correspondance(
        code,
        acting_user=acting_user,
        nom=nom,
        feuille=source.feuille,
        type_flux=source.type_flux,
        colonnes=source.colonnes,
        valeurs=source.valeurs,
    )


@transaction.atomic
def associer_colonnes(correspondance, associations, *, acting_user):
    """Adds each header of ``associations`` ({header: field}) to the headers its field may carry
    (the preview's « columns not recognised »)."""
    correspondance = CorrespondanceColonnes.objects.select_for_update(of=("self",), no_key=True).get(
        pk=correspondance.pk
    )
    colonnes = {champ: list(entetes) for champ, entetes in (correspondance.colonnes or {}).items()}
    for entete, champ in associations.items():
        if champ not in CHAMPS:
            raise InscriptionRefusee(f"Champ inconnu : « {champ} ».")
        entetes = colonnes.setdefault(champ, [])
        if entete not in entetes:
            entetes.append(entete)
    return modifier_correspondance(correspondance, acting_user=acting_user, colonnes=colonnes)
