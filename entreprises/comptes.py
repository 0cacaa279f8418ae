"""Employers' accounts and their companies: every change goes through this module.

- An employer (an ``EMPLOYEUR`` account, e-mail verified at sign-up by allauth) attaches to a
  company by its SIRET. A SIRET nobody has claimed yet: they create the company and become its
  admin at once, and a référent entreprise is designated automatically. A SIRET already known:
  their membership waits (``EN_ATTENTE``) for one of the company's admins, who are told through
  the outbox; an admin approves or refuses. A pending or refused member sees nothing of the company.
- Admins make other active members admin and remove members; the last admin can neither leave nor
  step down (the company would be left with nobody to approve anyone).
- The référent entreprise is a CONSEILLER of the network: chosen automatically in the France
  Travail agencies of the company's département (``choisir_referent``), reassigned by the
  network (``changer_referent``) to a conseiller of the company's organisation référente or of
  a France Travail agency of its département.
- Members write to their référent or to an offer's conseiller recrutement: an outbox e-mail,
  nothing else stored, at most ``MESSAGES_PAR_HEURE`` an hour per user.

Concurrency: every change of a company's members locks the company row first, so two admins
cannot remove each other at once; a SIRET is unique in the database, so two employers creating
the same company at the same instant end with one admin and one pending request.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from entreprises import acces
from entreprises import siret as siret_
from entreprises.acces import pk_ou_404
from entreprises.enums import STATUTS_OFFRE_CLOS, RoleEntreprise, StatutMembre, TrancheEffectif
from entreprises.models import Entreprise, MembreEntreprise, Offre
from entreprises.notifications import (
    COMPTE_DEMANDE,
    COMPTE_MESSAGE,
    COMPTE_RATTACHEMENT_ACCEPTE,
    COMPTE_RATTACHEMENT_REFUSE,
    COMPTE_REFERENT_DESIGNE,
)
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.comptes.models import User
from francetravail.notifications.actions import notifier
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Membership, Organisation

REFUS_EMPLOYEUR = "Seul un compte employeur peut se rattacher à une entreprise."
REFUS_MEMBRE = "Seuls les membres actifs de l'entreprise peuvent faire cela."
REFUS_ADMIN = "Seul un administrateur de l'entreprise peut faire cela."
REFUS_RESEAU = (
    "Seuls le référent de l'entreprise, les conseillers de son organisation référente et les conseillers "
    "France Travail de son département peuvent désigner son référent."
)
ENTREPRISE_INCONNUE = "Aucune entreprise n'a encore d'espace avec ce SIRET : renseignez-la pour la créer."
DEJA_MEMBRE = "Vous êtes déjà membre de l'espace de cette entreprise."
DEJA_DEMANDE = "Votre demande de rattachement à cette entreprise attend déjà la décision de son administrateur."
DEMANDE_REFUSEE = (
    "L'administrateur de cette entreprise a refusé votre demande. Adressez-vous directement à lui : "
    "il peut encore l'accepter depuis la liste des membres de l'entreprise."
)
DERNIER_ADMIN = (
    "Vous êtes le dernier administrateur de cette entreprise : nommez d'abord un autre membre administrateur."
)
NOM_VIDE = "Indiquez la raison sociale ou l'enseigne de l'établissement."
COMMUNE_VIDE = "Indiquez la commune de l'établissement."
MESSAGE_VIDE = "Écrivez votre message avant de l'envoyer."
DESTINATAIRE_INCONNU = "Ce conseiller ne suit pas votre entreprise ni aucune de ses offres en cours."

# Writing to one's conseillers: a busy recruiter may write several times an hour, a script may not.
MESSAGES_PAR_HEURE = 10
MESSAGE_LONGUEUR_MAX = 3000
_CLE_MESSAGE = "entreprise-message:{user}:"


@dataclass(frozen=True)
class Rattachement:
    membre: MembreEntreprise
    entreprise_creee: bool


# --- Who ----------------------------------------------------------------------------------------


def _admins_actifs(entreprise):
    return MembreEntreprise.objects.filter(
        entreprise=entreprise, role=RoleEntreprise.ADMIN, statut=StatutMembre.ACTIF, user__is_active=True
    )


# --- Helpers ------------------------------------------------------------------------------------


def _verrouiller(entreprise):
    """The company row, locked: the mutex of every change of its members and référent."""
    return (
        Entreprise.objects.select_for_update(of=("self",), no_key=True)
        .select_related("commune", "referent", "organisation_referente")
        .get(pk=entreprise.pk)
    )


def _membre_verrouille(membre, entreprise):
    try:
        return (
            # FOR UPDATE, not NO KEY: a member who leaves or is removed is deleted under this lock.
            MembreEntreprise.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=membre.pk, entreprise=entreprise)
        )
    except MembreEntreprise.DoesNotExist:
        raise ValidationError("Ce membre n'appartient plus à l'entreprise.") from None


def _auditer_rattachement(entreprise, membre, *, acting_user, decision, **data):
    return enregistrer_evenement(
        TypeEvenement.ENTREPRISE_RATTACHEMENT,
        acting_user=acting_user,
        organisation=None,
        entreprise=entreprise.pk,
        siret=entreprise.siret,
        membre=membre.pk,
        utilisateur=membre.user_id,
        decision=decision,
        **data,
    )


def _prevenir_le_membre(membre, type_notification, lien):
    """The requester hears of the admin's decision: an accepted member is sent to the company's page,
    a refused one to their space."""
    user = membre.user
    if not user.email:
        return
    notifier(
        user,
        type_notification,
        contexte={"prenom": user.first_name, "entreprise": membre.entreprise.nom},
        cle_idempotence=f"entreprise-membre:{membre.pk}:{membre.statut}:{membre.decide_le:%Y%m%d%H%M%S%f}",
        lien=lien,
    )


# --- Attaching to a company ---------------------------------------------------------------------


@transaction.atomic
def creer_entreprise(
    user,
    *,
    siret,
    nom,
    commune,
    code_naf=None,
    tranche_effectif=TrancheEffectif.NN,
    adresse="",
    accessibilite_handicap="",
):
    """Creates the company of ``siret`` with ``user`` as its admin, active at once.

    Should another employer have created the same SIRET in the meantime (between the page that
    said it was free and this call, or at the very same instant), the unique SIRET makes this
    insert fail: ``user`` then asks to join that company, as anyone arriving second does.
    """
    if not acces.est_employeur_actif(user):
        raise ValidationError(REFUS_EMPLOYEUR)
    siret = siret_.valider_siret(siret)
    nom = (nom or "").strip()
    erreurs = {}
    if not nom:
        erreurs["nom"] = NOM_VIDE
    if commune is None:
        erreurs["commune"] = COMMUNE_VIDE
    if erreurs:
        raise ValidationError(erreurs)
    try:
        # A savepoint: the failed insert must not spoil the rest of the transaction.
        with transaction.atomic():
            entreprise = Entreprise.objects.create(
                siret=siret,
                nom=nom,
                code_naf=code_naf,
                tranche_effectif=tranche_effectif or TrancheEffectif.NN,
                adresse=(adresse or "").strip(),
                commune=commune,
                accessibilite_handicap=(accessibilite_handicap or "").strip(),
            )
    except IntegrityError:
        existante = Entreprise.objects.filter(siret=siret).first()
        if existante is None:  # not the SIRET's uniqueness: nothing to fall back to
            raise
        return Rattachement(_demander(user, existante), entreprise_creee=False)
    membre = MembreEntreprise.objects.create(
        entreprise=entreprise,
        user=user,
        role=RoleEntreprise.ADMIN,
        statut=StatutMembre.ACTIF,
        decide_le=timezone.now(),
    )
    _auditer_rattachement(entreprise, membre, acting_user=user, decision="creation")
    designer_referent_automatiquement(entreprise)
    return Rattachement(membre, entreprise_creee=True)


@transaction.atomic
def demander_rattachement(user, *, siret):
    """Asks to join the (existing) company of ``siret``; its admins are told."""
    if not acces.est_employeur_actif(user):
        raise ValidationError(REFUS_EMPLOYEUR)
    siret = siret_.valider_siret(siret)
    entreprise = Entreprise.objects.filter(siret=siret).first()
    if entreprise is None:
        raise ValidationError(ENTREPRISE_INCONNUE)
    return Rattachement(_demander(user, entreprise), entreprise_creee=False)


def _demander(user, entreprise):
    entreprise = _verrouiller(entreprise)
    existant = MembreEntreprise.objects.filter(entreprise=entreprise, user=user).first()
    if existant is not None:
        raise ValidationError(
            {StatutMembre.ACTIF: DEJA_MEMBRE, StatutMembre.EN_ATTENTE: DEJA_DEMANDE}.get(
                existant.statut, DEMANDE_REFUSEE
            )
        )
    admins = list(_admins_actifs(entreprise).select_related("user"))
    if not admins:
        # A company nobody administers (its admins' accounts were closed, or the network recorded it
        # before any employer came): nobody could ever approve the request. Whoever proves the SIRET
        # first administers it, exactly as when creating it; the audit row says so.
        membre = MembreEntreprise.objects.create(
            entreprise=entreprise,
            user=user,
            role=RoleEntreprise.ADMIN,
            statut=StatutMembre.ACTIF,
            decide_le=timezone.now(),
        )
        _auditer_rattachement(entreprise, membre, acting_user=user, decision="premier_administrateur")
        return membre
    membre = MembreEntreprise.objects.create(entreprise=entreprise, user=user)
    _auditer_rattachement(entreprise, membre, acting_user=user, decision="demande")
    for admin in admins:
        if admin.user.email:
            # The e-mail says a request waits, not who asked: the name is behind the login.
            notifier(
                admin.user,
                COMPTE_DEMANDE,
                contexte={"entreprise": entreprise.nom},
                cle_idempotence=f"entreprise-membre:{membre.pk}:demande:{admin.user_id}",
                lien={"pk": entreprise.pk},
            )
    return membre


# --- The admins' decisions ----------------------------------------------------------------------


@transaction.atomic
def approuver_membre(membre, *, acting_user):
    """A pending (or earlier refused) request becomes an active membership (recruteur)."""
    entreprise = _verrouiller(membre.entreprise)
    if not acces.est_admin(acting_user, entreprise):
        raise ValidationError(REFUS_ADMIN)
    membre = _membre_verrouille(membre, entreprise)
    if membre.statut == StatutMembre.ACTIF:
        raise ValidationError("Ce membre est déjà actif.")
    avant = membre.statut
    membre.statut = StatutMembre.ACTIF
    membre.role = RoleEntreprise.RECRUTEUR
    membre.decide_le = timezone.now()
    membre.decide_par = acting_user
    membre.save(update_fields=["statut", "role", "decide_le", "decide_par"])
    membre.entreprise = entreprise
    _auditer_rattachement(entreprise, membre, acting_user=acting_user, decision="acceptee", avant=avant)
    _prevenir_le_membre(membre, COMPTE_RATTACHEMENT_ACCEPTE, {"pk": entreprise.pk})
    return membre


@transaction.atomic
def refuser_membre(membre, *, acting_user):
    entreprise = _verrouiller(membre.entreprise)
    if not acces.est_admin(acting_user, entreprise):
        raise ValidationError(REFUS_ADMIN)
    membre = _membre_verrouille(membre, entreprise)
    if membre.statut != StatutMembre.EN_ATTENTE:
        raise ValidationError(
            "Seule une demande en attente peut être refusée ; un membre actif se retire de l'entreprise."
        )
    membre.statut = StatutMembre.REFUSE
    membre.decide_le = timezone.now()
    membre.decide_par = acting_user
    membre.save(update_fields=["statut", "decide_le", "decide_par"])
    membre.entreprise = entreprise
    _auditer_rattachement(entreprise, membre, acting_user=acting_user, decision="refusee")
    _prevenir_le_membre(membre, COMPTE_RATTACHEMENT_REFUSE, {})
    return membre


@transaction.atomic
def nommer_admin(membre, *, acting_user):
    entreprise = _verrouiller(membre.entreprise)
    if not acces.est_admin(acting_user, entreprise):
        raise ValidationError(REFUS_ADMIN)
    membre = _membre_verrouille(membre, entreprise)
    if membre.statut != StatutMembre.ACTIF:
        raise ValidationError("Seul un membre actif peut devenir administrateur : acceptez d'abord sa demande.")
    if membre.role == RoleEntreprise.ADMIN:
        raise ValidationError("Ce membre est déjà administrateur.")
    membre.role = RoleEntreprise.ADMIN
    membre.save(update_fields=["role"])
    _auditer_rattachement(entreprise, membre, acting_user=acting_user, decision="administrateur")
    return membre


def autres_admins_actifs(membre):
    return _admins_actifs(membre.entreprise_id).exclude(pk=membre.pk)


def _dernier_admin(membre, entreprise):
    return (
        membre.statut == StatutMembre.ACTIF
        and membre.role == RoleEntreprise.ADMIN
        and not autres_admins_actifs(membre).exists()
    )


@transaction.atomic
def retirer_admin(membre, *, acting_user):
    """An admin becomes a recruteur (an admin may step down, or demote another admin)."""
    entreprise = _verrouiller(membre.entreprise)
    if not acces.est_admin(acting_user, entreprise):
        raise ValidationError(REFUS_ADMIN)
    membre = _membre_verrouille(membre, entreprise)
    if membre.role != RoleEntreprise.ADMIN:
        raise ValidationError("Ce membre n'est pas administrateur.")
    if _dernier_admin(membre, entreprise):
        raise ValidationError(DERNIER_ADMIN)
    membre.role = RoleEntreprise.RECRUTEUR
    membre.save(update_fields=["role"])
    _auditer_rattachement(entreprise, membre, acting_user=acting_user, decision="recruteur")
    return membre


@transaction.atomic
def retirer_membre(membre, *, acting_user):
    """An admin removes a member (or a request), or a member leaves. Never the last admin."""
    entreprise = _verrouiller(membre.entreprise)
    membre = _membre_verrouille(membre, entreprise)
    depart = membre.user_id == getattr(acting_user, "pk", None)
    if depart:
        if membre.statut != StatutMembre.ACTIF:
            raise ValidationError(REFUS_MEMBRE)
    else:
        if not acces.est_admin(acting_user, entreprise):
            raise ValidationError(REFUS_ADMIN)
    if _dernier_admin(membre, entreprise):
        raise ValidationError(DERNIER_ADMIN)
    _auditer_rattachement(
        entreprise, membre, acting_user=acting_user, decision="depart" if depart else "retire", avant=membre.statut
    )
    membre.delete()


@transaction.atomic
def modifier_entreprise(
    entreprise,
    *,
    acting_user,
    nom,
    commune,
    code_naf=None,
    tranche_effectif=TrancheEffectif.NN,
    adresse="",
    accessibilite_handicap="",
):
    """The admins keep the company's details up to date (the SIRET never changes: it is the company)."""
    entreprise = _verrouiller(entreprise)
    if not acces.est_admin(acting_user, entreprise):
        raise ValidationError(REFUS_ADMIN)
    nom = (nom or "").strip()
    erreurs = {}
    if not nom:
        erreurs["nom"] = NOM_VIDE
    if commune is None:
        erreurs["commune"] = COMMUNE_VIDE
    if erreurs:
        raise ValidationError(erreurs)
    entreprise.nom = nom
    entreprise.commune = commune
    entreprise.code_naf = code_naf
    entreprise.tranche_effectif = tranche_effectif or TrancheEffectif.NN
    entreprise.adresse = (adresse or "").strip()
    entreprise.accessibilite_handicap = (accessibilite_handicap or "").strip()
    entreprise.save(
        update_fields=["nom", "commune", "code_naf", "tranche_effectif", "adresse", "accessibilite_handicap"]
    )
    if entreprise.referent_id is None:
        # A company that had no France Travail agency in its former département may have one now.
        designer_referent_automatiquement(entreprise)
    return entreprise


# --- The référent entreprise --------------------------------------------------------------------


def _conseillers_actifs():
    return Membership.objects.actives().sans_comptes_techniques().filter(role=Role.CONSEILLER)


def _agences_ft(departement_id):
    return Organisation.objects.filter(
        actif=True, type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL, departement_id=departement_id
    )


def choisir_referent(departement_id):
    """The conseiller who becomes référent of a new company of ``departement_id``, with their agency.

    Deterministic, to spread the load: among the département's active France Travail agencies that
    have an active conseiller, the one referring the fewest companies (then the lowest id); in it,
    the conseiller referring the fewest companies overall (then the lowest id). ``(None, None)``
    when the département has no such agency: the company waits for the network to designate one.
    """
    if not departement_id:
        return None, None
    agence = (
        _agences_ft(departement_id)
        .filter(Exists(_conseillers_actifs().filter(organisation=OuterRef("pk"))))
        .annotate(nb=Count("entreprises_suivies"))
        .order_by("nb", "pk")
        .first()
    )
    if agence is None:
        return None, None
    suivies = (
        Entreprise.objects.filter(referent=OuterRef("pk"))
        .order_by()
        .values("referent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    conseiller = (
        User.objects.filter(pk__in=_conseillers_actifs().filter(organisation=agence).values("user_id"))
        .annotate(nb=Coalesce(Subquery(suivies, output_field=IntegerField()), Value(0)))
        .order_by("nb", "pk")
        .first()
    )
    return conseiller, agence


def _prevenir_le_referent(entreprise, referent):
    if not referent.email:
        return
    notifier(
        referent,
        COMPTE_REFERENT_DESIGNE,
        contexte={
            "entreprise": entreprise.nom,
            "commune": entreprise.commune.nom if entreprise.commune_id else "",
        },
        cle_idempotence=f"entreprise-referent:{entreprise.pk}:{referent.pk}:{uuid.uuid4().hex}",
        lien={"pk": entreprise.pk},
    )


def designer_referent_automatiquement(entreprise):
    """Designates the référent of a company that has none; False when no conseiller could be found."""
    if entreprise.referent_id is not None or not entreprise.commune_id:
        return False
    conseiller, agence = choisir_referent(entreprise.commune.departement_id)
    if conseiller is None:
        return False
    entreprise.referent = conseiller
    entreprise.organisation_referente = agence
    entreprise.save(update_fields=["referent", "organisation_referente"])
    enregistrer_evenement(
        TypeEvenement.ENTREPRISE_REFERENT,
        acting_user=None,
        organisation=agence,
        entreprise=entreprise.pk,
        referent=conseiller.pk,
        automatique=True,
    )
    _prevenir_le_referent(entreprise, conseiller)
    return True


def conseillers_eligibles(entreprise):
    """Who may become the company's référent: the active conseillers of its organisation référente
    and of the active France Travail agencies of its département (one row per conseiller and agency)."""
    departement_id = entreprise.commune.departement_id if entreprise.commune_id else None
    organisations = (
        Q(organisation_id=entreprise.organisation_referente_id) if entreprise.organisation_referente_id else Q()
    )
    if departement_id:
        organisations |= Q(organisation__in=_agences_ft(departement_id))
    if not organisations:
        return Membership.objects.none()
    return (
        _conseillers_actifs()
        .filter(organisations)
        .select_related("user", "organisation")
        .order_by("organisation__nom", "user__last_name", "user__first_name", "pk")
    )


@transaction.atomic
def changer_referent(entreprise, *, acting_user, membership):
    """Makes ``membership``'s conseiller the company's référent, their organisation its organisation référente."""
    entreprise = _verrouiller(entreprise)
    if not acces.peut_designer_referent(acting_user, entreprise):
        raise ValidationError(REFUS_RESEAU)
    choisi = conseillers_eligibles(entreprise).filter(pk=getattr(membership, "pk", None)).first()
    if choisi is None:
        raise ValidationError(
            {
                "referent": "Ce conseiller ne peut pas être référent de cette entreprise : choisissez un conseiller "
                "de son organisation référente ou d'une agence France Travail de son département."
            }
        )
    if (entreprise.referent_id, entreprise.organisation_referente_id) == (choisi.user_id, choisi.organisation_id):
        raise ValidationError({"referent": "Ce conseiller est déjà le référent de l'entreprise."})
    ancien = entreprise.referent_id
    entreprise.referent = choisi.user
    entreprise.organisation_referente = choisi.organisation
    entreprise.save(update_fields=["referent", "organisation_referente"])
    enregistrer_evenement(
        TypeEvenement.ENTREPRISE_REFERENT,
        acting_user=acting_user,
        organisation=choisi.organisation,
        entreprise=entreprise.pk,
        referent=choisi.user_id,
        ancien_referent=ancien,
        automatique=False,
    )
    if choisi.user_id != acting_user.pk:
        _prevenir_le_referent(entreprise, choisi.user)
    return entreprise


# --- Writing to one's conseillers ---------------------------------------------------------------


@dataclass
class Contact:
    """A conseiller an employer may write to, and why: référent of the company, conseiller recrutement of offers."""

    user: User
    referent: bool = False
    organisation: Organisation | None = None
    offres: list = field(default_factory=list)

    @property
    def description(self):
        """What this conseiller is to the employer, in one sentence."""
        parties = []
        if self.referent:
            parties.append(
                f"votre référent entreprise ({self.organisation.nom})"
                if self.organisation
                else "votre référent entreprise"
            )
        if self.offres:
            titres = ", ".join(f"« {o.titre} »" for o in self.offres)
            de = "de l'offre" if len(self.offres) == 1 else "des offres"
            parties.append(f"conseiller recrutement {de} {titres}")
        texte = ", et ".join(parties)
        return texte[:1].upper() + texte[1:]


def contacts(entreprise):
    """The company's référent and its open offers' conseillers recrutement (active accounts), référent first."""
    par_user = {}
    if entreprise.referent_id and entreprise.referent.is_active:
        par_user[entreprise.referent_id] = Contact(
            entreprise.referent, referent=True, organisation=entreprise.organisation_referente
        )
    offres = (
        Offre.objects.filter(entreprise=entreprise, conseiller_recrutement__is_active=True)
        .exclude(statut__in=STATUTS_OFFRE_CLOS)
        .select_related("conseiller_recrutement")
        .order_by("titre", "pk")
    )
    for offre in offres:
        contact = par_user.setdefault(offre.conseiller_recrutement_id, Contact(offre.conseiller_recrutement))
        contact.offres.append(offre)
    return list(par_user.values())


def messages_recents(user, *, maintenant=None):
    """How many messages ``user`` sent their conseillers in the last hour (the outbox is the record)."""
    maintenant = maintenant or timezone.now()
    # cle_idempotence is unique, hence indexed for prefix searches (varchar_pattern_ops).
    return Notification.objects.filter(
        cle_idempotence__startswith=_CLE_MESSAGE.format(user=user.pk),
        created_at__gt=maintenant - datetime.timedelta(hours=1),
    ).count()


@transaction.atomic
def ecrire_au_conseiller(entreprise, *, acting_user, destinataire_id, message):
    """Sends ``message`` by e-mail to the company's référent or to one of its offers' conseillers recrutement.

    The outbox row is the only trace (the e-mail carries the message and a link to the company's
    back-office page, where the employer's contact details are). ``MESSAGES_PAR_HEURE`` an hour at most.
    """
    if acces.membre_actif(acting_user, entreprise) is None:
        raise ValidationError(REFUS_MEMBRE)
    # The sender's row is the lock: two messages sent at the same instant are counted one after the other.
    User.objects.select_for_update(of=("self",), no_key=True).filter(pk=acting_user.pk).first()
    if messages_recents(acting_user) >= MESSAGES_PAR_HEURE:
        raise ValidationError(
            f"Vous avez déjà envoyé {MESSAGES_PAR_HEURE} messages au cours de la dernière heure : "
            "réessayez un peu plus tard, ou téléphonez à votre agence si c'est urgent."
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": MESSAGE_VIDE})
    if len(message) > MESSAGE_LONGUEUR_MAX:
        raise ValidationError(
            {
                "message": f"Votre message est trop long : {MESSAGE_LONGUEUR_MAX} caractères au plus "
                f"(il en compte {len(message)})."
            }
        )
    contact = next((c for c in contacts(entreprise) if c.user.pk == pk_ou_none(destinataire_id)), None)
    if contact is None:
        raise ValidationError(DESTINATAIRE_INCONNU)
    if contact.referent:
        qualite = "référent entreprise"
    else:
        titres = ", ".join(f"« {o.titre} »" for o in contact.offres)
        de = "de l'offre" if len(contact.offres) == 1 else "des offres"
        qualite = f"conseiller recrutement {de} {titres}"
    return notifier(
        contact.user,
        COMPTE_MESSAGE,
        contexte={
            "entreprise": entreprise.nom,
            "siret": siret_.formater(entreprise.siret),
            "expediteur": acting_user.get_full_name() or acting_user.email,
            "expediteur_email": acting_user.email,
            "qualite": qualite,
            "message": message,
        },
        cle_idempotence=f"{_CLE_MESSAGE.format(user=acting_user.pk)}{entreprise.pk}:{uuid.uuid4().hex}",
        lien={"pk": entreprise.pk},
    )


def pk_ou_none(valeur):
    try:
        return pk_ou_404(valeur)
    except Http404:
        return None


# --- What the network sees ----------------------------------------------------------------------
