"""The deep side of the permission matrix: every route that changes something × every role.

``tests/test_permission_matrix.py`` asks "who gets this URL?". This module asks "who can
change something through it?": each state-changing route (its view accepts POST or PATCH,
found by reading the URLconf: ``test_chaque_route_qui_ecrit_a_son_cas_profond`` fails for a
route without a case here) is posted by every role with the body a real user submits on that
page (``ECRITURES``), then:

- the roles allowed to act must produce the change (a per-route check: the row changed or was
  created, the status moved, the action's audit event was written);
- every other role must change nothing: no INSERT, UPDATE or DELETE in any table of the
  database during the request (PostgreSQL counts them per transaction,
  ``pg_stat_xact_user_tables``: nothing escapes, whatever the model), no e-mail, no task or
  notification queued for after the commit. Only the session may move, and the access log
  (``JournalAcces``) only for the roles that may read that file anyway (``lecteurs``): they may
  get the page back with an error, a redirect with a message, or a 404. Everyone else gets the
  refusal the matrix expects (404, the login page for the anonymous, 403/404 from the API).

One scenario for the module (the matrix's, plus the objects the writes need: a person with a
signed contract, one whose contract was accepted, one oriented without a contract, a proposal
to decide, free slots…), built once in a transaction rolled back at the end; each case runs in
its own savepoint, so each role starts from the same state.
"""

import datetime
import inspect
import re
from dataclasses import dataclass, field

import pytest
from celery.signals import before_task_publish
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.factories import PersonneFactory, professionnel
from tests.fichiers import pdf_lisible
from tests.test_permission_matrix import (
    ACCOMPAGNEMENT,
    LECTEURS_DE_P,
    MATRICE,
    ROLES,
    TOUS,
    _construire_scenario,
    _dossier_media,  # noqa: F401 — fixtures used by this module too
    _media_du_scenario,  # noqa: F401
)

# Called when a body is built (bodies with dates are built per case, not at collection).
AUJOURDHUI = timezone.localdate


# --- The scenario ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _scenario_ecritures(django_db_setup, django_db_blocker, _dossier_media):  # noqa: F811
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_dossier_media), transaction.atomic():
        scenario = _construire_scenario()
        scenario["ids"] |= _construire_extras(scenario)
        yield scenario
        transaction.set_rollback(True)


@pytest.fixture
def scenario(_scenario_ecritures, db):
    return _scenario_ecritures


def _construire_extras(scenario):
    """What the writes need beyond the matrix's scenario (which is left as it is)."""
    from francetravail.personnes.models import Personne

    users, ids = scenario["users"], scenario["ids"]
    p = Personne.objects.select_related("organisme_referent").get(pk=ids["p"])
    org = p.organisme_referent
    extras = {"moi": users["personne"].personne.pk, "etape_coordonnees": "coordonnees"}
    extras |= {
        "etape_offre_soumettre": "soumettre",
        "etape_offre_pourvoir": "pourvoir",
        "etape_offre_publier": "publier",
    }
    extras |= _extras_contrats(org, users, ids)
    extras |= _extras_orientation(org, users)
    extras |= _extras_rendezvous(users, ids)
    extras |= _extras_employeurs(org, p, users, ids)
    extras |= _extras_rsa(users)
    extras |= _extras_fin_accompagnement(org)
    # A person whose organisme référent is the CD du Nord: its travailleur social has a list to invite.
    extras["p_cd"] = PersonneFactory(
        organisme_referent=users["travailleur_social"].memberships.get().organisation, departement_id="59"
    ).pk
    extras |= _extras_lien(org)
    return extras


def _extras_lien(org):
    """An invitation of A to book a slot through its link (no account): its token is the credential."""
    from francetravail.invitations import lien
    from tests.invitations.factories_lien import invitation

    inv = invitation(PersonneFactory(organisme_referent=org), org)
    return {"invitation_lien": inv.pk, "jeton_invitation": lien.jeton(inv)}


def _extras_fin_accompagnement(org):
    """A person followed by A whose accompaniment the référent ended (to reopen it)."""
    from inscription.enums import Canal, MotifFinAccompagnement, StatutInscription

    p_termine = PersonneFactory(organisme_referent=org)
    DossierInscription.objects.create(
        personne=p_termine,
        canal=Canal.GUICHET,
        organisation=org,
        statut=StatutInscription.CESSEE,
        inscrit_le=timezone.now(),
        cessee_le=AUJOURDHUI(),
        motif_cessation="Reprise d'emploi",
        motif_fin_accompagnement=MotifFinAccompagnement.REPRISE_EMPLOI,
    )
    return {"p_termine": p_termine.pk}


def _extras_contrats(org, users, ids):
    """Three more people followed by A: oriented without a contract (to draft one), a contract
    accepted by the person (to countersign), a contract signed on paper (to revise, to propose a
    point d'étape, for its person to declare their week's activity)."""
    from decimal import Decimal

    from contrats import actions
    from contrats.document import assurer_document
    from tests.contrats.factories import orientation_notifiee

    conseiller = users["conseiller"]

    def contrat_avec_plan(personne):
        orientation_notifiee(personne, organisme=org)
        contrat = actions.rediger(personne, acting_user=conseiller)
        contrat.action = actions.ajouter_action(
            contrat,
            acting_user=conseiller,
            type_action="formation",
            porteur="personne",
            description="Formation de cariste",
            debut=AUJOURDHUI() - datetime.timedelta(days=14),
            heures_hebdo=Decimal(15),
        )
        return contrat

    p_oriente = PersonneFactory(organisme_referent=org)
    orientation_notifiee(p_oriente, organisme=org)

    p_accepte = PersonneFactory(avec_compte=True, organisme_referent=org)
    contrat = actions.soumettre(contrat_avec_plan(p_accepte), acting_user=conseiller)
    assurer_document(contrat.derniere_version())  # rendered once here, not in every case
    actions.accepter(contrat, acting_user=p_accepte.user)

    p_signe = PersonneFactory(avec_compte=True, organisme_referent=org)
    scan = SimpleUploadedFile("contrat.pdf", pdf_lisible(), content_type="application/pdf")  # opened, not sniffed
    signe = contrat_avec_plan(p_signe)
    actions.enregistrer_signature_papier(signe, acting_user=conseiller, scan=scan)
    users["personne_signee"] = p_signe.user

    # The version submitted to the logged-in person: its document is rendered once here too.
    from contrats.models import VersionContrat

    assurer_document(VersionContrat.objects.get(pk=ids["version_moi"]))
    return {
        "p_oriente": p_oriente.pk,
        "p_accepte": p_accepte.pk,
        "p_signe": p_signe.pk,
        "action_signe": signe.action.pk,
    }


def _extras_orientation(org, users):
    """A proposal of the rules for a person followed by A (France Travail: A's conseiller decides),
    and the token of the logged-in person's notified decision (the e-mail's receipt link)."""
    from orientation import accuse
    from orientation import actions as orientation_actions
    from orientation.models import DecisionOrientation
    from tests.inscription.factories import dossier_complet

    p_propose = PersonneFactory(organisme_referent=org, date_naissance=datetime.date(1990, 5, 1))
    dossier_complet(p_propose)  # what the rules need to propose a parcours (not a giratoire interview)
    decision = orientation_actions.proposer(p_propose)
    decision_moi = DecisionOrientation.objects.filter(personne__user=users["personne"]).get()
    return {
        "p_propose": p_propose.pk,
        "decision_proposee": decision.pk,
        "decision_moi": decision_moi.pk,
        "jeton_moi": accuse.jeton(decision_moi),
    }


def _extras_rendezvous(users, ids):
    """Free slots of A's agenda (to book, to move to, a point d'étape), a slot offered to the
    logged-in person (to choose) and an upcoming appointment of P (the conseiller moves or cancels it)."""
    from francetravail.personnes.models import Personne
    from francetravail.rendezvous.enums import Motif, StatutRendezVous
    from francetravail.rendezvous.models import Agenda, RendezVous
    from tests.rendezvous.factories import CreneauFactory, dans, rdv_reserve

    agenda = Agenda.objects.get(pk=ids["agenda"])
    libre = CreneauFactory(agenda=agenda, debut=dans(5))
    CreneauFactory(agenda=agenda, debut=dans(6, heure=14), motif=Motif.POINT_ETAPE)
    propose = CreneauFactory(agenda=agenda, debut=dans(8))
    moi = users["personne"].personne
    rdv_propose = RendezVous.objects.create(personne=moi, creneau=propose, statut=StatutRendezVous.PROPOSE)
    rdv_p_futur = rdv_reserve(Personne.objects.get(pk=ids["p"]), CreneauFactory(agenda=agenda, debut=dans(9)))
    return {
        "creneau_libre": libre.pk,
        "creneau_point_etape": agenda.creneaux.get(motif=Motif.POINT_ETAPE).pk,
        "rdv_propose_moi": rdv_propose.pk,
        "rdv_p_futur": rdv_p_futur.pk,
    }


def _extras_rsa(users):
    """An RSA procedure waiting for the département's decision: a person followed by the conseil
    départemental (the scenario's, the Nord's first: it decides), run by its social worker, past
    the prior notice's delay. The département's decider decides, its équipe pluridisciplinaire
    gives its opinion (the matrix's other procedure is France Travail's, where they do neither)."""
    from sanctions import actions
    from sanctions.models import ProcedureSanction

    ts = users["travailleur_social"]
    cd = ts.memberships.get().organisation
    personne = PersonneFactory(organisme_referent=cd)
    manquement = actions.signaler_manquement(
        personne,
        acting_user=ts,
        type_manquement="rsa_non_respect",
        faits="Contrat d'engagement non respecté.",
        date_faits=AUJOURDHUI() - datetime.timedelta(days=30),
    )
    procedure = actions.ouvrir_procedure(manquement, acting_user=ts, public="rsa")
    procedure = actions.examiner(procedure, acting_user=ts, examen="Revue.", accompagnement_fourni="Suivi.")
    ProcedureSanction.objects.filter(pk=procedure.pk).update(examine_le=timezone.now() - datetime.timedelta(days=60))
    procedure = actions.notifier_avertissement_prealable(
        ProcedureSanction.objects.get(pk=procedure.pk),
        acting_user=ts,
        mesure_envisagee="suspension",
        sanction_envisagee="Suspension de 30 % pendant un mois.",
        notifie_le=AUJOURDHUI() - datetime.timedelta(days=11),
    )
    procedure = actions.mettre_a_decider(actions.constater_delai_expire(procedure))
    assert procedure.organisation_decisionnaire_id == cd.pk and not procedure.sur_proposition
    return {
        "sanction_rsa": procedure.pk,
        "etape_decider": "decider",
        "etape_avis_equipe": "avis_equipe",
        "etape_foyer": "foyer",
        "etape_demande_audition": "demande_audition",
    }


def _extras_employeurs(org, p, users, ids):
    """A second published offer (nobody applied yet), a SIRET nobody registered, another conseiller
    of A (to become E's référent), an immersion of the logged-in person awaiting their agreement,
    and two job searches paused by a hire (the person's, P's)."""
    from entreprises import immersions
    from entreprises.models import Entreprise, ProfilRecherche
    from francetravail.rome.models import FicheRome
    from tests.entreprises import factories as fe

    e = Entreprise.objects.get(pk=ids["entreprise_e"])
    autre_offre = fe.offre(e, titre="Autre offre publiée")
    conseiller_bis = professionnel(org, Role.CONSEILLER)
    moi = users["personne"].personne
    debut = timezone.localdate() + datetime.timedelta(days=10)
    immersion = immersions.demander(
        moi,
        acting_user=professionnel(moi.organisme_referent, Role.CONSEILLER),
        entreprise=e,
        fiche_rome=FicheRome.objects.get(pk="D1102"),
        objectif="decouvrir",
        objectifs_detail="Découvrir le métier.",
        tuteur_nom="Tuteur",
        date_debut=debut,
        date_fin=debut,
        horaires="9 h – 17 h",
    )
    for personne in (moi, p):
        profil = fe.profil(personne)
        ProfilRecherche.objects.filter(pk=profil.pk).update(en_emploi_depuis=AUJOURDHUI())
    return {
        "offre_publiee_2": autre_offre.pk,
        "siret_libre": fe.siret_valide(),
        "membership_bis": conseiller_bis.memberships.get().pk,
        "immersion_moi_demandee": immersion.pk,
    }


# --- What a case checks ---------------------------------------------------------------------------


@dataclass
class Constat:
    """What one request did: the scenario's ids and users, the response, the tables written,
    the audit events and notifications created."""

    ids: dict
    users: dict
    user: object
    response: object = None
    ecrits: dict = field(default_factory=dict)
    evenements: list = field(default_factory=list)

    def valeur(self, v):
        return v(self) if callable(v) else v


def etat(modele, cle, **attendu):
    """The row ``ids[cle]`` of ``modele`` now has these values (a callable is given the Constat)."""

    def verifier(c):
        objet = modele.objects.get(pk=c.ids[cle])
        for nom, valeur in attendu.items():
            assert getattr(objet, nom) == c.valeur(valeur), f"{modele.__name__}.{nom} : {getattr(objet, nom)!r}"

    verifier.description = f"{modele.__name__} {cle} {attendu}"
    return verifier


def existe(modele, **filtre):
    """A row of ``modele`` matching ``filtre`` exists (it was created: each case starts without it)."""

    def verifier(c):
        valeurs = {k: c.valeur(v) for k, v in filtre.items()}
        assert modele.objects.filter(**valeurs).exists(), f"aucun {modele.__name__} {valeurs}"

    return verifier


def renvoie_a_la_verification(c):
    """Sent back to the booking link's identity check, nothing written but the session."""
    assert c.response is not None and c.response.status_code == 302, "pas de renvoi"
    assert c.response["Location"] == reverse("invitations:lien", kwargs={"jeton": c.ids["jeton_invitation"]})
    assert not {t for t in c.ecrits if t != "django_session"}, c.ecrits


def absent(modele, cle):
    def verifier(c):
        assert not modele.objects.filter(pk=c.ids[cle]).exists(), f"{modele.__name__} {cle} toujours là"

    return verifier


def _lot_imprime_par(c):
    from francetravail.invitations.models import LotCourriers

    lot = LotCourriers.objects.get(pk=c.ids["lot_courriers"])
    assert lot.imprime_le is not None and lot.imprime_par == c.user, "lot non marqué imprimé par ce compte"


def evenement(*types):
    """The action wrote these audit events (``AuditEvent.event_type``)."""

    def verifier(c):
        manquants = [t for t in types if t not in c.evenements]
        assert not manquants, f"événements d'audit manquants : {manquants} (écrits : {c.evenements})"

    return verifier


def notifie():
    """The action queued a notification (the outbox row is how anything is sent)."""

    def verifier(c):
        assert "notifications_notification" in c.ecrits, "aucune notification écrite"

    return verifier


def lue(cle):
    """The notification ``ids[cle]`` is now read."""

    def verifier(c):
        assert Notification.objects.get(pk=c.ids[cle]).lue_le is not None, f"notification {cle} non lue"

    return verifier


def toutes_lues():
    """The acting user had unread notifications (the scenario gives everyone one) and has none left."""

    def verifier(c):
        assert not Notification.objects.filter(destinataire=c.user, lue_le__isnull=True).exists(), "non lues"

    return verifier


@dataclass(frozen=True)
class Ecriture:
    """One write: the URL (name, kwargs as keys of the scenario's ids), the body a real user submits
    (a dict, or a callable given the Constat), what must have changed for an allowed role
    (checks), who may act (``roles``; None: the roles of the same row of ``MATRICE``), who
    reads the file but may not act (``lecteurs``), and which account plays a role when the
    object belongs to another one than the scenario's default (``comptes``)."""

    nom: str
    kwargs: dict
    corps: object
    effets: tuple
    roles: frozenset | None
    lecteurs: frozenset = frozenset()
    methode: str = "post"
    comptes: dict = field(default_factory=dict)
    # Request headers (a dict, or a callable given the Constat), e.g. an API write's If-Match.
    entetes: object = field(default_factory=dict)

    @property
    def autorises(self):
        if self.roles is not None:
            return frozenset(self.roles)
        lignes = [
            allowed
            for name, kwargs, method, _kind, allowed in MATRICE
            if (name, kwargs, method) == (self.nom, self.kwargs, self.methode)
        ]
        assert len(lignes) == 1, f"{self.nom} {self.kwargs} {self.methode} : pas de ligne unique dans MATRICE"
        return frozenset(lignes[0])


def E(nom, kwargs, corps, *effets, roles, lecteurs=(), methode="post", comptes=None, entetes=None):  # noqa: N802
    return Ecriture(
        nom,
        kwargs,
        corps,
        effets,
        None if roles is None else frozenset(roles),
        frozenset(lecteurs),
        methode,
        comptes or {},
        entetes or {},
    )


# --- The writes -----------------------------------------------------------------------------------

from contrats.enums import StatutContrat  # noqa: E402
from contrats.models import ActionPlan, ContratEngagement, DeclarationActivite  # noqa: E402
from diagnostic.models import Diagnostic, PieceDiagnostic, VersionSection  # noqa: E402
from entreprises.enums import StatutCandidature, StatutMembre, StatutOffre  # noqa: E402
from entreprises.models import (  # noqa: E402
    Candidature,
    Entreprise,
    Immersion,
    MembreEntreprise,
    Offre,
    ProfilRecherche,
    TacheConseiller,
)
from francetravail.accompagnement.models import (  # noqa: E402
    ColonnesPortefeuille,
    ModaliteAccompagnement,
    ModalitePersonne,
)
from francetravail.audit.enums import TypeEvenement as T  # noqa: E402
from francetravail.documents.models import Document  # noqa: E402
from francetravail.donnees.models import CopieDossier, DemandeRectification  # noqa: E402
from francetravail.invitations.models import DemandeRappel, Formulation, Invitation, LotInvitations  # noqa: E402
from francetravail.messagerie.models import Message  # noqa: E402
from francetravail.partenaires.models import AbonnementWebhook, ClientAPI, LivraisonWebhook  # noqa: E402
from francetravail.personnes.models import Implication, Personne  # noqa: E402
from francetravail.referents.models import RegleAttribution  # noqa: E402
from francetravail.rendezvous.enums import StatutRendezVous  # noqa: E402
from francetravail.rendezvous.models import Agenda, Creneau, Indisponibilite, PlageOuverture, RendezVous  # noqa: E402
from francetravail.reseau.enums import StatutRattachement  # noqa: E402
from francetravail.reseau.models import Membership  # noqa: E402
from inscription import apercus  # noqa: E402
from inscription.models import (  # noqa: E402
    CorrespondanceColonnes,
    DossierInscription,
    FoyerRSA,
    ImportFluxCAF,
    ReglagesFluxDepartement,
)
from orientation.enums import StatutDecision  # noqa: E402
from orientation.models import DecisionOrientation  # noqa: E402
from sanctions.enums import StatutProcedure, StatutRecours  # noqa: E402
from sanctions.models import CorrectionFoyer, FinDroitRSA, Manquement, ProcedureSanction, Recours  # noqa: E402


def redirige_vers(fragment):
    """The allowed role was sent on to a page whose address holds ``fragment``."""

    def verifier(c):
        assert c.response is not None and c.response.status_code == 302, "pas de redirection"
        assert fragment in c.response["Location"], c.response["Location"]

    return verifier


def depot_flux(cle, abandonne=False, **attendu):
    """The file waiting for its import ``ids[cle]`` (inscription/apercus.py) is gone, or has these values."""

    def verifier(c):
        assert c.response is not None, "aucune requête"
        depot = apercus.lire(c.ids[cle])
        if abandonne:
            assert depot is None, "le fichier en attente est toujours là"
            return
        for nom, valeur in attendu.items():
            assert depot[nom] == c.valeur(valeur), f"dépôt {cle} : {nom} = {depot[nom]!r}"

    return verifier


def contrat(cle, **attendu):
    """The current contract of the person ``ids[cle]`` now has these values."""

    def verifier(c):
        objet = ContratEngagement.objects.filter(personne_id=c.ids[cle]).order_by("-pk").first()
        for nom, valeur in attendu.items():
            assert getattr(objet, nom) == valeur, f"contrat de {cle} : {nom} = {getattr(objet, nom)!r}"

    return verifier


def non_vide(modele, cle, nom):
    def verifier(c):
        assert getattr(modele.objects.get(pk=c.ids[cle]), nom) is not None, f"{modele.__name__}.{nom} vide"

    return verifier


def _nir(numero, naissance):
    import random

    from tests.inscription.flux import nir

    return nir(random.Random(numero), naissance, numero)


def _identite(nom, numero):
    naissance = datetime.date(1990, 4, 12)
    return {
        "nom_naissance": nom,
        "nom_usage": "",
        "prenoms": "Léa Anne",
        "date_naissance": naissance.isoformat(),
        "nir": _nir(numero, naissance),
        "nationalite": "francaise",
        "pays_naissance": "France",
        "commune_naissance": "",
    }


# The offer's fields the API takes (the form's, without its buttons and search box).
_CHAMPS_API = {
    "titre",
    "fiche_rome",
    "description",
    "type_contrat",
    "temps_travail",
    "heures_hebdo",
    "salaire_min",
    "date_debut",
    "nb_postes",
}


def _offre(titre):
    """The offer form as a browser sends it (``tests/entreprises/test_offres_vues.py``)."""
    return {
        "titre": titre,
        "recherche_metier": "",
        "fiche_rome": "D1102",
        "description": "Accueil des clients, encaissement, mise en rayon.",
        "type_contrat": "cdi",
        "duree_mois": "",
        "temps_travail": "plein",
        "heures_hebdo": "35",
        "salaire_min": "1900",
        "salaire_max": "",
        "commune": "Lille (59000)",
        "date_debut": (AUJOURDHUI() + datetime.timedelta(days=10)).isoformat(),
        "nb_postes": "1",
        "conditions_handicap": "",
        "competences": "Encaissement",
        "langues": "",
        "enregistrer": "1",
    }


def _action_plan(description):
    return {
        "type_action": "formation",
        "porteur": "personne",
        "description": description,
        "debut": AUJOURDHUI().isoformat(),
        "fin": "",
        "heures_hebdo": "2",
        "statut": "prevue",
        "lien": "",
    }


def _scan(c):
    return {"signature_papier": SimpleUploadedFile("signe.pdf", pdf_lisible(), "application/pdf")}


def _justificatif_absence(c):
    return {"justificatif": SimpleUploadedFile("certificat.pdf", pdf_lisible(), "application/pdf")}


def _piece_diagnostic(c):
    return {"section": "situation", "fichier": SimpleUploadedFile("attestation.pdf", pdf_lisible(), "application/pdf")}


def _entreprise_form(nom, siret=None):
    corps = {
        "nom": nom,
        "code_naf": "",
        "tranche_effectif": "NN",
        "adresse": "1 place du Beffroi",
        "code_postal": "59000",
        "commune": "Lille",
        "accessibilite_handicap": "",
    }
    return corps if siret is None else {"etape": "creation", "siret": siret, **corps}


def _immersion(c):
    debut = AUJOURDHUI() + datetime.timedelta(days=14)
    return {
        "siret": Entreprise.objects.get(pk=c.ids["entreprise_e"]).siret,
        "fiche_rome": "D1102",
        "objectif": "confirmer",
        "objectifs_detail": "Confirmer le projet de boulanger.",
        "tuteur_nom": "Tuteur de la matrice",
        "tuteur_email": "tuteur@exemple.fr",
        "date_debut": debut.isoformat(),
        "date_fin": (debut + datetime.timedelta(days=4)).isoformat(),
        "horaires": "Du mardi au samedi, 5 h – 12 h",
    }


def _premiere_organisation(user):
    membership = user.memberships.order_by("pk").first() if user is not None and user.is_authenticated else None
    return membership.organisation_id if membership else ""


P = {"pk": "p"}
MOI = {"personne": "personne"}
SIGNEE = {"personne": "personne_signee"}
ACCORD = {"etape": "accord", "accord-confirme": "on"}

ECRITURES = {
    # The copy of one's file (issue 21): the person asks in their space; the référent's side asks on the
    # person's request (p_signe has an account: a copy is only made for someone who can download it).
    ("donnees:copie_demander", "demande"): E(
        "donnees:copie_demander",
        {},
        {},
        existe(CopieDossier, personne_id=lambda c: c.ids["moi"], statut="en_attente"),
        evenement(T.COPIE_DEMANDEE),
        roles=None,
    ),
    ("backoffice:copie_dossier", "pour la personne"): E(
        "backoffice:copie_dossier",
        {"pk": "p_signe"},
        {"demande_de_la_personne": "oui"},
        existe(CopieDossier, personne_id=lambda c: c.ids["p_signe"], demandee_par_id=lambda c: c.user.pk),
        evenement(T.COPIE_DEMANDEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    # An archived file (issue 21): the data protection officer opens it with a written reason, logged.
    ("backoffice:archive", "motif"): E(
        "backoffice:archive",
        {"pk": "p_archivee"},
        {"motif": "Demande d'accès du tribunal administratif (matrice)."},
        evenement(T.ARCHIVE_CONSULTEE),
        roles={"protection_donnees"},
    ),
    # --- The person's space -----------------------------------------------------------------------
    # Rectification requests (issue 21): the person asks; A's conseiller answers the request of P sent to A.
    ("donnees:rectification_demander", "demande"): E(
        "donnees:rectification_demander",
        {},
        {"categorie": "identite", "texte": "Mon prénom est Zoé, pas Zoe (matrice)."},
        existe(DemandeRectification, texte="Mon prénom est Zoé, pas Zoe (matrice)."),
        evenement(T.RECTIFICATION_DEMANDEE),
        roles={"personne"},
    ),
    ("backoffice:rectification", "reponse"): E(
        "backoffice:rectification",
        {"pk": "rectification_p"},
        {"statut": "rectifiee", "reponse": "Nom corrigé dans le dossier (matrice)."},
        etat(
            DemandeRectification,
            "rectification_p",
            statut="rectifiee",
            reponse="Nom corrigé dans le dossier (matrice).",
        ),
        evenement(T.RECTIFICATION_TRAITEE),
        roles={"conseiller"},
    ),
    ("backoffice:rectification_prolonger", "motif"): E(
        "backoffice:rectification_prolonger",
        {"pk": "rectification_p"},
        {"motif_prolongation": "Vérification auprès de la CAF (matrice)."},
        etat(DemandeRectification, "rectification_p", motif_prolongation="Vérification auprès de la CAF (matrice)."),
        evenement(T.RECTIFICATION_PROLONGEE),
        roles={"conseiller"},
    ),
    ("inscription:etape", "identité"): E(
        "inscription:etape",
        {"slug": "etape"},
        _identite("Matrice-en-ligne", 7001),
        existe(DossierInscription, personne__user=lambda c: c.user),
        evenement(T.INSCRIPTION_COMMENCEE),
        roles={"personne"},
    ),
    ("rendezvous:choisir", "proposé"): E(
        "rendezvous:choisir",
        {"pk": "rdv_propose_moi"},
        {},
        etat(RendezVous, "rdv_propose_moi", statut=StatutRendezVous.RESERVE),
        roles={"personne"},
    ),
    # An appointment's justificatif (issue 21): the person sends it; it becomes a Document of their file.
    ("rendezvous:justificatif", "réservé"): E(
        "rendezvous:justificatif",
        {"pk": "rdv_moi"},
        _justificatif_absence,
        # The scenario already holds a justificatif on this appointment (the readers' matrix): this one by its name.
        existe(Document, personne_id=lambda c: c.ids["moi"], nature="absence_excusee", nom="certificat.pdf"),
        evenement(T.DOCUMENT_DEPOSE),
        roles={"personne"},
    ),
    ("rendezvous:annuler", "réservé"): E(
        "rendezvous:annuler",
        {"pk": "rdv_moi"},
        {"motif": "Empêchement (matrice)"},
        etat(RendezVous, "rdv_moi", statut=StatutRendezVous.ANNULE),
        roles={"personne"},
    ),
    ("rendezvous:deplacer", "réservé"): E(
        "rendezvous:deplacer",
        {"pk": "rdv_moi"},
        lambda c: {"creneau": c.ids["creneau_libre"], "motif": "Entretien d'embauche (matrice)"},
        etat(RendezVous, "rdv_moi", creneau_id=lambda c: c.ids["creneau_libre"]),
        roles={"personne"},
    ),
    ("orientation:pourquoi", "réorientation"): E(
        "orientation:pourquoi",
        {},
        {"motif": "Mon projet a changé (matrice)."},
        existe(DecisionOrientation, personne__user=lambda c: c.user, motif_demande="Mon projet a changé (matrice)."),
        evenement(T.ORIENTATION_REORIENTATION_DEMANDEE),
        roles={"personne"},
    ),
    # The booking link: the token is the credential, whoever holds it. Anyone may try the identity check
    # (a wrong birth date is counted on the invitation); the pages behind it send whoever has not passed
    # it in their session (which the matrix cannot hold) back to it, writing nothing (tests/invitations).
    ("invitations:lien", "verification"): E(
        "invitations:lien",
        {"jeton": "jeton_invitation"},
        {"methode": "naissance", "jour": "1", "mois": "1", "annee": "1901"},
        etat(Invitation, "invitation_lien", echecs_verification=1),
        roles=TOUS,
    ),
    ("invitations:reserver", "sans verification"): E(
        "invitations:reserver",
        {"jeton": "jeton_invitation"},
        lambda c: {"creneau": c.ids["creneau_libre"]},
        renvoie_a_la_verification,
        roles=TOUS,
    ),
    ("invitations:annuler", "sans verification"): E(
        "invitations:annuler",
        {"jeton": "jeton_invitation"},
        {"motif": "Je ne peux pas venir (matrice)."},
        renvoie_a_la_verification,
        roles=TOUS,
    ),
    ("invitations:espace", "sans verification"): E(
        "invitations:espace",
        {"jeton": "jeton_invitation"},
        {"email": "lien.matrice@exemple.fr", "prenom": "Lien", "nom": "Matrice", "mot_de_passe": "Tilleul-vert-2026"},
        renvoie_a_la_verification,
        roles=TOUS,
    ),
    ("invitations:rappel", "sans verification"): E(
        "invitations:rappel",
        {"jeton": "jeton_invitation"},
        {"telephone": "0611223344", "disponibilites": "le matin"},
        renvoie_a_la_verification,
        roles=TOUS,
    ),
    # The e-mail's link: the token is the credential, whoever follows it (the page shows no personal data).
    ("orientation:accuse", "jeton"): E(
        "orientation:accuse",
        {"jeton": "jeton_moi"},
        {},
        non_vide(DecisionOrientation, "decision_moi", "recue_le"),
        roles=TOUS,
    ),
    ("contrats:contrat", "accepter"): E(
        "contrats:contrat",
        {},
        lambda c: {
            "action": "accepter",
            "empreinte": ContratEngagement.objects.get(personne__user=c.users["personne"])
            .derniere_version()
            .empreinte,
            "confirmation": "on",
        },
        contrat("moi", statut=StatutContrat.ACCEPTE),
        evenement(T.CONTRAT_ACCEPTE),
        roles=None,
    ),
    ("contrats:contrat", "modifier"): E(
        "contrats:contrat",
        {},
        {"action": "modifier", "commentaire": "Je voudrais moins d'heures de formation (matrice)."},
        contrat("moi", statut=StatutContrat.BROUILLON),
        evenement(T.CONTRAT_MODIFICATION_DEMANDEE),
        roles=None,
    ),
    ("contrats:activite", "semaine"): E(
        "contrats:activite",
        {},
        lambda c: {f"heures_{c.ids['action_signe']}": "15", "commentaire": "Semaine de la matrice"},
        existe(
            DeclarationActivite, contrat__personne_id=lambda c: c.ids["p_signe"], commentaire="Semaine de la matrice"
        ),
        evenement(T.DECLARATION_ACTIVITE),
        roles=None,
        comptes=SIGNEE,
    ),
    ("messagerie:fil", "message"): E(
        "messagerie:fil",
        {},
        {"corps": "Bonjour, une question (matrice)."},
        existe(Message, corps="Bonjour, une question (matrice).", de_la_personne=True),
        evenement(T.MESSAGE_ENVOYE),
        roles=None,
    ),
    ("notifications:lue", "lue"): E(
        "notifications:lue",
        {"pk": "notif_moi"},
        {"page": "1"},
        lue("notif_moi"),
        roles=None,
    ),
    ("notifications:toutes_lues", "toutes"): E("notifications:toutes_lues", {}, {}, toutes_lues(), roles=None),
    ("backoffice:notification_lue", "lue"): E(
        "backoffice:notification_lue",
        {"pk": "notif_conseiller"},
        {"page": "1"},
        lue("notif_conseiller"),
        roles=None,
    ),
    ("backoffice:notifications_toutes_lues", "toutes"): E(
        "backoffice:notifications_toutes_lues", {}, {}, toutes_lues(), roles=None
    ),
    ("sanctions:procedure", "observations"): E(
        "sanctions:procedure",
        {"pk": "sanction_moi"},
        {"repondre": "1", "choix": "ecrit", "observations": "J'étais malade (matrice).", "accompagnant": ""},
        etat(ProcedureSanction, "sanction_moi", statut=StatutProcedure.OBSERVATIONS_RECUES),
        roles=None,
    ),
    ("sanctions:procedure", "demande d'audition"): E(
        "sanctions:procedure",
        {"pk": "sanction_moi"},
        {"repondre": "1", "choix": "entendu", "observations": "", "accompagnant": "Ma sœur (matrice)"},
        etat(ProcedureSanction, "sanction_moi", statut=StatutProcedure.AUDITION_DEMANDEE),
        evenement(T.SANCTION_TRANSITION),
        roles=None,
    ),
    ("emploi:profil", "profil"): E(
        "emploi:profil",
        {},
        {
            "metiers": ["D1102"],
            "recherche_metier": "",
            "commune": "",
            "disponible_le": "",
            "types_contrat": ["cdd"],
            "temps_travail": "partiel",
            "salaire_attendu": "1777",
            "enregistrer": "1",
        },
        existe(ProfilRecherche, personne__user=lambda c: c.user, salaire_attendu=1777, types_contrat=["cdd"]),
        roles=None,
    ),
    ("emploi:profil_reprendre", "reprise"): E(
        "emploi:profil_reprendre",
        {},
        {},
        existe(ProfilRecherche, personne__user=lambda c: c.user, en_emploi_depuis__isnull=True),
        evenement(T.PROFIL_RECHERCHE),
        roles=None,
    ),
    ("emploi:candidater", "autre offre"): E(
        "emploi:candidater",
        {"pk": "offre_publiee_2"},
        {"message": "Je suis disponible (matrice)."},
        existe(Candidature, personne__user=lambda c: c.user, offre_id=lambda c: c.ids["offre_publiee_2"]),
        roles={"personne"},
    ),
    ("emploi:candidature_retirer", "désistement"): E(
        "emploi:candidature_retirer",
        {"pk": "candidature_moi"},
        {"precision": "J'ai trouvé (matrice)."},
        etat(Candidature, "candidature_moi", statut=StatutCandidature.REFUSEE),
        roles={"personne"},
    ),
    ("emploi:immersion", "accord"): E(
        "emploi:immersion",
        {"pk": "immersion_moi_demandee"},
        ACCORD,
        non_vide(Immersion, "immersion_moi_demandee", "accord_personne_le"),
        roles={"personne"},
    ),
    ("emploi:immersion", "annuler"): E(
        "emploi:immersion",
        {"pk": "immersion_moi"},
        {"etape": "annuler", "annuler-motif": "J'ai trouvé un emploi (matrice)."},
        etat(Immersion, "immersion_moi", statut="annulee"),
        roles={"personne"},
    ),
    # --- The employer's space ---------------------------------------------------------------------
    ("entreprises:rattachement", "création"): E(
        "entreprises:rattachement",
        {},
        lambda c: _entreprise_form("Matrice SARL", c.ids["siret_libre"]),
        existe(Entreprise, siret=lambda c: c.ids["siret_libre"], membres__user=lambda c: c.user),
        evenement(T.ENTREPRISE_RATTACHEMENT),
        roles=None,
    ),
    ("entreprises:entreprise", "informations"): E(
        "entreprises:entreprise",
        {"pk": "entreprise_e"},
        _entreprise_form("Boulangerie du Beffroi (matrice)"),
        etat(Entreprise, "entreprise_e", nom="Boulangerie du Beffroi (matrice)"),
        roles=None,
    ),
    ("entreprises:membre", "approuver"): E(
        "entreprises:membre",
        {"pk": "entreprise_e", "membre_pk": "membre_e"},
        {"decision": "approuver"},
        etat(MembreEntreprise, "membre_e", statut=StatutMembre.ACTIF),
        roles=None,
    ),
    ("entreprises:ecrire", "au référent"): E(
        "entreprises:ecrire",
        {"pk": "entreprise_e"},
        lambda c: {
            "pour": c.users["conseiller"].pk,
            f"contact-{c.users['conseiller'].pk}-message": "Pouvez-vous me rappeler ? (matrice)",
        },
        notifie(),
        roles=None,
    ),
    ("entreprises:offre_nouvelle", "brouillon"): E(
        "entreprises:offre_nouvelle",
        {},
        lambda c: _offre("Offre de l'employeur (matrice)"),
        existe(Offre, titre="Offre de l'employeur (matrice)", statut=StatutOffre.BROUILLON),
        roles={"employeur"},
    ),
    ("entreprises:offre_modifier", "brouillon"): E(
        "entreprises:offre_modifier",
        {"pk": "offre_brouillon"},
        lambda c: _offre("Brouillon corrigé par l'employeur (matrice)"),
        etat(Offre, "offre_brouillon", titre="Brouillon corrigé par l'employeur (matrice)"),
        roles={"employeur"},
    ),
    ("entreprises:offre_etape", "soumettre"): E(
        "entreprises:offre_etape",
        {"pk": "offre_brouillon", "etape": "etape_offre_soumettre"},
        {},
        lambda c: _statut_different(Offre, c.ids["offre_brouillon"], StatutOffre.BROUILLON),
        evenement(T.OFFRE_TRANSITION),
        roles={"employeur"},
    ),
    ("entreprises:offre_etape", "retirer"): E(
        "entreprises:offre_etape",
        {"pk": "offre_brouillon", "etape": "etape_offre_retirer"},
        {},
        etat(Offre, "offre_brouillon", statut=StatutOffre.RETIREE),
        roles=None,
    ),
    ("entreprises:candidature", "entretien"): E(
        "entreprises:candidature",
        {"pk": "candidature_e"},
        {"etape": "entretien", "entretien-message": "Mardi 10 h à la boutique (matrice)."},
        etat(Candidature, "candidature_e", statut=StatutCandidature.ENTRETIEN),
        roles=None,
    ),
    ("entreprises:candidature", "refuser"): E(
        "entreprises:candidature",
        {"pk": "candidature_e"},
        {"etape": "refuser", "refuser-motif": "poste_pourvu", "refuser-precision": ""},
        etat(Candidature, "candidature_e", statut=StatutCandidature.REFUSEE),
        roles={"employeur"},
    ),
    ("entreprises:membre", "refuser"): E(
        "entreprises:membre",
        {"pk": "entreprise_e", "membre_pk": "membre_e"},
        {"decision": "refuser"},
        etat(MembreEntreprise, "membre_e", statut=StatutMembre.REFUSE),
        roles={"employeur"},
    ),
    ("entreprises:offre_etape", "pourvoir"): E(
        "entreprises:offre_etape",
        {"pk": "offre_publiee", "etape": "etape_offre_pourvoir"},
        {},
        etat(Offre, "offre_publiee", statut=StatutOffre.POURVUE),
        roles={"employeur"},
    ),
    ("entreprises:immersion", "annuler"): E(
        "entreprises:immersion",
        {"pk": "immersion_p"},
        {"etape": "annuler", "annuler-motif": "Le tuteur est absent ce mois-ci (matrice)."},
        etat(Immersion, "immersion_p", statut="annulee"),
        roles={"employeur"},
    ),
    ("entreprises:immersion", "accord"): E(
        "entreprises:immersion",
        {"pk": "immersion_p"},
        ACCORD,
        non_vide(Immersion, "immersion_p", "accord_entreprise_le"),
        roles=None,
    ),
    # --- The back-office --------------------------------------------------------------------------
    ("backoffice:inscription_nouvelle", "guichet"): E(
        "backoffice:inscription_nouvelle",
        {},
        _identite("Matrice-guichet", 7002),
        existe(Personne, nom_naissance__iexact="Matrice-guichet"),
        evenement(T.INSCRIPTION_COMMENCEE),
        roles=ACCOMPAGNEMENT,
    ),
    ("backoffice:terminer_accompagnement", "reprise d'emploi"): E(
        "backoffice:terminer_accompagnement",
        P,
        lambda c: {"motif": "reprise_emploi", "precision": "", "le": AUJOURDHUI().isoformat()},
        existe(
            DossierInscription,
            personne_id=lambda c: c.ids["p"],
            statut="cessee",
            motif_fin_accompagnement="reprise_emploi",
        ),
        evenement(T.ACCOMPAGNEMENT_TERMINE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    # A département's CAF/MSA flows (issue 18, inscription/droits_absents.py): its CD's staff only.
    ("backoffice:examiner_droit_absent", "clore"): E(
        "backoffice:examiner_droit_absent",
        {"departement": "dep", "pk": "foyer_absent"},
        lambda c: {
            f"foyer{c.ids['foyer_absent']}-decision": "clore",
            f"foyer{c.ids['foyer_absent']}-motif": "Fin du droit confirmée par la CAF.",
        },
        existe(FoyerRSA, pk=lambda c: c.ids["foyer_absent"], etat="5", absent_du_stock_le__isnull=True),
        roles={"pilote"},
    ),
    ("backoffice:reglages_flux", "clore"): E(
        "backoffice:reglages_flux",
        {"departement": "dep"},
        {"absents_du_stock": "clore"},
        existe(ReglagesFluxDepartement, departement_id="59", absents_du_stock="clore"),
        evenement(T.REGLAGES_FLUX_MODIFIES),
        roles={"pilote"},
    ),
    # A département's wording of its invitations (francetravail/invitations/views/formulations.py): its CD's staff.
    ("backoffice:formulation", "enregistrer"): E(
        "backoffice:formulation",
        {"departement": "dep", "cle": "cle_formulation"},
        {"texte": "Le Nord vous invite : {{ lien }}", "action": "enregistrer"},
        existe(Formulation, departement_id="59", cle="invitation_sms", texte="Le Nord vous invite : {{ lien }}"),
        evenement(T.FORMULATION_REDIGEE),
        roles={"pilote"},
    ),
    ("backoffice:formulation_national", "national"): E(
        "backoffice:formulation_national",
        {"departement": "dep", "cle": "cle_formulation_perso"},
        {},
        existe(Formulation, departement_id="59", cle="relance_sms", texte=""),
        evenement(T.FORMULATION_NATIONALE),
        roles={"pilote"},
    ),
    # Modalities and « mon portefeuille » (francetravail/accompagnement).
    ("backoffice:modalite_personne", "suivi"): E(
        "backoffice:modalite_personne",
        P,
        lambda c: {"modalite": ModaliteAccompagnement.objects.get(code="suivi").pk},
        existe(ModalitePersonne, personne_id=lambda c: c.ids["p"], modalite__code="suivi", fin__isnull=True),
        evenement(T.MODALITE_CHOISIE),
        roles={"conseiller", "responsable_equipe"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:personnes_colonnes", "choix"): E(
        "backoffice:personnes_colonnes",
        {},
        {"colonnes": ["modalite", "point_etape"]},
        existe(ColonnesPortefeuille, user=lambda c: c.user, colonnes=["modalite", "point_etape"]),
        roles=None,
    ),
    ("backoffice:entourage", "inviter"): E(
        "backoffice:entourage",
        P,
        lambda c: {"organisation": c.ids["ml"], "role": "intervenant", "motif": "Atelier CV (matrice)"},
        existe(
            Implication, personne_id=lambda c: c.ids["p"], organisation_id=lambda c: c.ids["ml"], statut="proposee"
        ),
        evenement(T.IMPLICATION_PROPOSEE),
        roles={"conseiller", "responsable_equipe"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:terminer_implication", "retrait"): E(
        "backoffice:terminer_implication",
        {"pk": "p", "implication_pk": "invitation"},
        {"motif": "Invitation retirée (matrice)"},
        etat(Implication, "invitation", statut="terminee"),
        evenement(T.IMPLICATION_TERMINEE),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:invitation", "accepter"): E(
        "backoffice:invitation",
        {"pk": "invitation"},
        {"reponse": "accepter"},
        etat(Implication, "invitation", statut="acceptee"),
        evenement(T.IMPLICATION_ACCEPTEE),
        roles={"travailleur_social"},
    ),
    ("backoffice:invitation", "refuser"): E(
        "backoffice:invitation",
        {"pk": "invitation"},
        {"reponse": "refuser", "motif": "Pas de place (matrice)"},
        etat(Implication, "invitation", statut="refusee"),
        evenement(T.IMPLICATION_REFUSEE),
        roles={"travailleur_social"},
    ),
    ("backoffice:rouvrir_accompagnement", "terminé"): E(
        "backoffice:rouvrir_accompagnement",
        {"pk": "p_termine"},
        {"motif": "Période d'essai non concluante (matrice)"},
        existe(DossierInscription, personne_id=lambda c: c.ids["p_termine"], statut="inscrit"),
        evenement(T.ACCOMPAGNEMENT_ROUVERT),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    # A move in the same département: the address only (a transfer is tested in tests/inscription/test_demenagement.py).
    ("backoffice:demenagement", "même département"): E(
        "backoffice:demenagement",
        P,
        {"adresse": "8 rue Pierre Motte (matrice)", "code_postal": "59100", "commune": "Roubaix"},
        etat(Personne, "p", adresse="8 rue Pierre Motte (matrice)", commune_id="59512"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:inscription_etape", "coordonnées"): E(
        "backoffice:inscription_etape",
        {"pk": "p", "slug": "etape_coordonnees"},
        {
            "email": "p.matrice@exemple.fr",
            "telephone": "06 12 34 56 78",
            "adresse": "12 rue de la Matrice",
            "code_postal": "59000",
            "commune": "Lille",
        },
        etat(Personne, "p", adresse="12 rue de la Matrice"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    # --- A département's CAF/MSA flows (inscription/views/flux.py): the CD du Nord's pilote ------------
    ("backoffice:flux_caf_televerser", "tableur"): E(
        "backoffice:flux_caf_televerser",
        {"departement": "dep"},
        lambda c: {
            "fichier": SimpleUploadedFile(
                "export.csv", "N° CAF;Nom;Prénom;Date de naissance\n1;A;B;1990-01-01\n".encode()
            ),
            "correspondance": c.ids["correspondance_flux"],
        },
        redirige_vers("/apercu/"),
        roles={"pilote"},
    ),
    ("backoffice:flux_caf_apercu", "autre correspondance"): E(
        "backoffice:flux_caf_apercu",
        {"departement": "dep", "jeton": "jeton_flux_choix"},
        lambda c: {"correspondance": CorrespondanceColonnes.objects.get(departement=None).pk},
        redirige_vers("/apercu/"),
        depot_flux(
            "jeton_flux_choix", correspondance=lambda c: CorrespondanceColonnes.objects.get(departement=None).pk
        ),
        roles={"pilote"},
    ),
    ("backoffice:flux_caf_associer", "colonne"): E(
        "backoffice:flux_caf_associer",
        {"departement": "dep", "jeton": "jeton_flux"},
        {"colonne_5": "identifiant_departement"},
        etat(CorrespondanceColonnes, "correspondance_flux", colonnes={"identifiant_departement": ["Divers"]}),
        evenement(T.CORRESPONDANCE_FLUX),
        roles=None,
    ),
    ("backoffice:flux_caf_importer", "importer"): E(
        "backoffice:flux_caf_importer",
        {"departement": "dep", "jeton": "jeton_flux_import"},
        {},
        existe(ImportFluxCAF, departement_id="59", nom_fichier="import.csv", format="tableur"),
        evenement(T.IMPORT_FLUX_CAF),
        roles=None,
    ),
    ("backoffice:flux_caf_abandonner", "abandonner"): E(
        "backoffice:flux_caf_abandonner",
        {"departement": "dep", "jeton": "jeton_flux_abandon"},
        {},
        redirige_vers("/flux-caf/59/"),
        depot_flux("jeton_flux_abandon", abandonne=True),
        roles=None,
    ),
    ("backoffice:flux_caf_correspondance_nouvelle", "nouvelle"): E(
        "backoffice:flux_caf_correspondance_nouvelle",
        {"departement": "dep"},
        {"nom": "Solis (matrice)", "type_flux": "I", "colonnes_numero_allocataire": "Matricule"},
        existe(CorrespondanceColonnes, departement_id="59", nom="Solis (matrice)"),
        evenement(T.CORRESPONDANCE_FLUX),
        roles={"pilote"},
    ),
    ("backoffice:flux_caf_correspondance", "modifier"): E(
        "backoffice:flux_caf_correspondance",
        {"departement": "dep", "pk": "correspondance_flux"},
        {"nom": "Export IODAS (matrice)", "type_flux": "M"},
        etat(CorrespondanceColonnes, "correspondance_flux", type_flux="M"),
        evenement(T.CORRESPONDANCE_FLUX),
        roles={"pilote"},
    ),
    ("backoffice:flux_caf_copier", "copier"): E(
        "backoffice:flux_caf_copier",
        {"departement": "dep", "pk": "correspondance_flux"},
        {},
        existe(CorrespondanceColonnes, departement_id="59", nom="Copie de Export IODAS (matrice)"),
        evenement(T.CORRESPONDANCE_FLUX),
        roles=None,
    ),
    ("backoffice:membres", "nouveau"): E(
        "backoffice:membres",
        {"pk": "org"},
        {
            "email": "matrice.nouvelle@france-travail.fr",
            "first_name": "Nouvelle",
            "last_name": "Matrice",
            "role": Role.CONSEILLER,
        },
        existe(Membership, user__email="matrice.nouvelle@france-travail.fr", organisation_id=lambda c: c.ids["org"]),
        evenement(T.RATTACHEMENT_AJOUTE),
        roles={"admin_organisation"},
    ),
    # API clients (issue 20, clients).
    ("backoffice:clients_api", "nouveau"): E(
        "backoffice:clients_api",
        {"pk": "org"},
        {"nom": "Logiciel de la matrice", "role": Role.CONSEILLER, "portees": ["personnes:read"]},
        existe(ClientAPI, nom="Logiciel de la matrice", organisation_id=lambda c: c.ids["org"]),
        evenement(T.CLIENT_API_CREE),
        roles=None,
    ),
    ("backoffice:client_api", "portees"): E(
        "backoffice:client_api",
        {"pk": "org", "client_pk": "client_api_a"},
        {"portees": ["personnes:read", "rendezvous:read"]},
        etat(ClientAPI, "client_api_a", portees=["personnes:read", "rendezvous:read"]),
        evenement(T.CLIENT_API_PORTEES),
        roles=None,
    ),
    ("backoffice:renouveler_client_api", "renouveler"): E(
        "backoffice:renouveler_client_api",
        {"pk": "org", "client_pk": "client_api_a"},
        {},
        evenement(T.CLIENT_API_SECRET_RENOUVELE),
        roles=None,
    ),
    ("backoffice:revoquer_client_api", "revoquer"): E(
        "backoffice:revoquer_client_api",
        {"pk": "org", "client_pk": "client_api_a"},
        {},
        existe(ClientAPI, pk=lambda c: c.ids["client_api_a"], revoque_le__isnull=False),
        evenement(T.CLIENT_API_REVOQUE),
        roles=None,
    ),
    ("entreprises:clients_api", "nouveau"): E(
        "entreprises:clients_api",
        {"pk": "entreprise_e"},
        {"nom": "ATS de la matrice", "portees": ["offres:read", "offres:write"]},
        existe(ClientAPI, nom="ATS de la matrice", entreprise_api__entreprise_id=lambda c: c.ids["entreprise_e"]),
        evenement(T.CLIENT_API_CREE),
        roles=None,
    ),
    ("entreprises:client_api", "portees"): E(
        "entreprises:client_api",
        {"pk": "entreprise_e", "client_pk": "client_api_e"},
        {"portees": ["offres:read", "offres:write"]},
        etat(ClientAPI, "client_api_e", portees=["offres:read", "offres:write"]),
        evenement(T.CLIENT_API_PORTEES),
        roles=None,
    ),
    ("entreprises:renouveler_client_api", "renouveler"): E(
        "entreprises:renouveler_client_api",
        {"pk": "entreprise_e", "client_pk": "client_api_e"},
        {},
        evenement(T.CLIENT_API_SECRET_RENOUVELE),
        roles=None,
    ),
    ("entreprises:revoquer_client_api", "revoquer"): E(
        "entreprises:revoquer_client_api",
        {"pk": "entreprise_e", "client_pk": "client_api_e"},
        {},
        existe(ClientAPI, pk=lambda c: c.ids["client_api_e"], revoque_le__isnull=False),
        evenement(T.CLIENT_API_REVOQUE),
        roles=None,
    ),
    ("backoffice:retirer_membre", "retrait"): E(
        "backoffice:retirer_membre",
        {"pk": "org", "membership_pk": "m"},
        {},
        etat(Membership, "m", actif=False),
        evenement(T.RATTACHEMENT_RETIRE),
        roles=None,
    ),
    ("backoffice:confirmer_rattachement", "confirmer"): E(
        "backoffice:confirmer_rattachement",
        {"pk": "org", "membership_pk": "m_en_attente"},
        {},
        etat(Membership, "m_en_attente", statut=StatutRattachement.CONFIRME),
        evenement(T.RATTACHEMENT_CONFIRME),
        notifie(),
        roles=None,
    ),
    ("backoffice:refuser_rattachement", "refuser"): E(
        "backoffice:refuser_rattachement",
        {"pk": "org", "membership_pk": "m_en_attente"},
        {},
        etat(Membership, "m_en_attente", statut=StatutRattachement.REFUSE),
        evenement(T.RATTACHEMENT_REFUSE),
        notifie(),
        roles=None,
    ),
    ("backoffice:rendez_vous_personne", "réserver"): E(
        "backoffice:rendez_vous_personne",
        P,
        lambda c: {"action": "reserver", "reserver-creneau": c.ids["creneau_libre"]},
        existe(
            RendezVous,
            personne_id=lambda c: c.ids["p"],
            creneau_id=lambda c: c.ids["creneau_libre"],
            statut=StatutRendezVous.RESERVE,
        ),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:rendez_vous_personne", "proposer"): E(
        "backoffice:rendez_vous_personne",
        P,
        lambda c: {"action": "proposer", "proposer-creneaux": [c.ids["creneau_libre"]]},
        existe(
            RendezVous,
            personne_id=lambda c: c.ids["p"],
            creneau_id=lambda c: c.ids["creneau_libre"],
            statut=StatutRendezVous.PROPOSE,
        ),
        notifie(),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:modifier_rendez_vous", "déplacer"): E(
        "backoffice:modifier_rendez_vous",
        {"pk": "p", "rdv_pk": "rdv_p_futur"},
        lambda c: {
            "action": "deplacer",
            "deplacer-creneau": c.ids["creneau_libre"],
            "deplacer-motif": "Conseiller en formation (matrice)",
        },
        etat(RendezVous, "rdv_p_futur", creneau_id=lambda c: c.ids["creneau_libre"]),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:presence_rendez_vous", "présente"): E(
        "backoffice:presence_rendez_vous",
        {"pk": "p", "rdv_pk": "rdv_p"},
        {"statut": "honore", "motif": ""},
        etat(RendezVous, "rdv_p", statut=StatutRendezVous.HONORE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    # Invitations (francetravail/invitations): one person, a list (every file the conseiller reads), a callback.
    ("backoffice:inviter_personne", "courriel"): E(
        "backoffice:inviter_personne",
        P,
        lambda c: {"motif": "diagnostic", "organisation": c.ids["org"], "canaux": ["email"]},
        existe(Invitation, personne_id=lambda c: c.ids["p"], motif="diagnostic"),
        evenement(T.INVITATION_ENVOYEE),
        notifie(),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:inviter_liste", "lot"): E(
        "backoffice:inviter_liste",
        {},
        # The list of every file the user reads, invited on behalf of their own organisation.
        lambda c: {
            "liste": "",
            "inv-motif": "diagnostic",
            "inv-organisation": _premiere_organisation(c.user),
            "inv-canaux": ["sms"],
        },
        existe(LotInvitations, created_by=lambda c: c.user, motif="diagnostic"),
        evenement(T.INVITATIONS_LOT),
        roles=ACCOMPAGNEMENT,
    ),
    ("backoffice:traiter_demande_rappel", "traitée"): E(
        "backoffice:traiter_demande_rappel",
        {"pk": "demande_rappel"},
        {"compte_rendu": "Rendez-vous fixé (matrice)"},
        etat(DemandeRappel, "demande_rappel", statut="traitee", compte_rendu="Rendez-vous fixé (matrice)"),
        evenement(T.DEMANDE_RAPPEL_TRAITEE),
        roles={"conseiller"},
    ),
    ("backoffice:modifier_rendez_vous", "annuler"): E(
        "backoffice:modifier_rendez_vous",
        {"pk": "p", "rdv_pk": "rdv_p_futur"},
        {"action": "annuler", "annuler-motif": "Conseiller absent (matrice)"},
        etat(RendezVous, "rdv_p_futur", statut=StatutRendezVous.ANNULE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:agenda", "créneau"): E(
        "backoffice:agenda",
        {"pk": "agenda"},
        lambda c: {
            "jour": (AUJOURDHUI() + datetime.timedelta(days=20)).isoformat(),
            "heure_debut": "09:00",
            "heure_fin": "09:45",
            "motif": "suivi",
            "modalite": "sur_place",
            "lieu": "Salle de la matrice",
            "capacite": "1",
        },
        existe(Creneau, agenda_id=lambda c: c.ids["agenda"], lieu="Salle de la matrice"),
        roles={"conseiller", "admin_organisation", "responsable_equipe"},
    ),
    # Running A's agenda (no conseiller of its own): its managers only; the conseiller books in it.
    ("backoffice:agenda", "plage récurrente"): E(
        "backoffice:agenda",
        {"pk": "agenda"},
        lambda c: {
            "action": "plage",
            "plage-jours": ["1", "3"],
            "plage-heure_debut": "14:00",
            "plage-heure_fin": "16:00",
            "plage-duree_minutes": "30",
            "plage-capacite": "1",
            "plage-motif": "suivi",
            "plage-modalite": "telephone",
            "plage-toutes_les_semaines": "2",
            "plage-valide_du": AUJOURDHUI().isoformat(),
        },
        existe(PlageOuverture, agenda_id=lambda c: c.ids["agenda"], toutes_les_semaines=2),
        existe(Creneau, agenda_id=lambda c: c.ids["agenda"], plage__isnull=False),
        roles={"admin_organisation", "responsable_equipe"},
    ),
    ("backoffice:agenda", "session collective"): E(
        "backoffice:agenda",
        {"pk": "agenda"},
        lambda c: {
            "action": "session",
            "session-intitule": "Information collective (matrice)",
            "session-jour": (AUJOURDHUI() + datetime.timedelta(days=12)).isoformat(),
            "session-heure_debut": "14:00",
            "session-heure_fin": "16:00",
            "session-capacite": "12",
            "session-modalite": "sur_place",
            "session-lieu": "Salle des sessions",
        },
        existe(Creneau, agenda_id=lambda c: c.ids["agenda"], intitule="Information collective (matrice)", capacite=12),
        roles={"admin_organisation", "responsable_equipe"},
    ),
    ("backoffice:agenda", "absence"): E(
        "backoffice:agenda",
        {"pk": "agenda"},
        lambda c: {
            "action": "indisponibilite",
            "absence-type_indisponibilite": "conge",
            "absence-debut": f"{(AUJOURDHUI() + datetime.timedelta(days=30)).isoformat()}T08:00",
            "absence-fin": f"{(AUJOURDHUI() + datetime.timedelta(days=31)).isoformat()}T18:00",
            "absence-motif": "Congés (matrice)",
        },
        existe(Indisponibilite, agenda_id=lambda c: c.ids["agenda"], motif="Congés (matrice)"),
        roles={"admin_organisation", "responsable_equipe"},
    ),
    ("backoffice:agenda", "fermer l'agenda"): E(
        "backoffice:agenda",
        {"pk": "agenda"},
        {"action": "fermer_agenda"},
        etat(Agenda, "agenda", actif=False),
        roles={"admin_organisation", "responsable_equipe"},
    ),
    # A closure of the whole of A (a bridge day): its managers only.
    ("backoffice:agendas", "fermeture de l'organisation"): E(
        "backoffice:agendas",
        {},
        lambda c: {
            "fermeture-organisation": c.ids["org"],
            "fermeture-debut": f"{(AUJOURDHUI() + datetime.timedelta(days=40)).isoformat()}T00:00",
            "fermeture-fin": f"{(AUJOURDHUI() + datetime.timedelta(days=41)).isoformat()}T00:00",
            "fermeture-motif": "Pont (matrice)",
        },
        existe(Indisponibilite, organisation_id=lambda c: c.ids["org"], agenda__isnull=True, motif="Pont (matrice)"),
        roles={"admin_organisation", "responsable_equipe"},
    ),
    # A conseiller creates their own individual agenda; the managers create any agenda of A.
    ("backoffice:agenda_nouveau", "agenda individuel du conseiller"): E(
        "backoffice:agenda_nouveau",
        {},
        lambda c: {
            "organisation": c.ids["org"],
            "type_agenda": "individuel",
            "libelle": "Agenda individuel (matrice)",
            "conseiller": c.users["conseiller"].pk,
            "lieu": "",
        },
        existe(Agenda, libelle="Agenda individuel (matrice)", conseiller=lambda c: c.users["conseiller"]),
        roles={"conseiller", "admin_organisation", "responsable_equipe"},
        # The CD's social worker opens the form (for the CD's agendas): A is not among its choices.
        lecteurs={"travailleur_social"},
    ),
    ("backoffice:courriers_imprime", "marquer imprimé"): E(
        "backoffice:courriers_imprime",
        {"pk": "lot_courriers"},
        {},
        lambda c: _lot_imprime_par(c),
        evenement("invitations.courriers_imprimes"),
        roles=None,
    ),
    ("backoffice:orientations", "confirmer la sélection"): E(
        "backoffice:orientations",
        {},
        lambda c: {"decisions": [c.ids["decision_proposee"]]},
        etat(DecisionOrientation, "decision_proposee", statut=StatutDecision.CONFIRMEE),
        evenement(T.ORIENTATION_DECIDEE),
        roles={"conseiller"},
        lecteurs={"decideur_departemental"},
    ),
    ("backoffice:orientation_personne", "confirmer"): E(
        "backoffice:orientation_personne",
        {"pk": "p_propose"},
        lambda c: {"action": "confirmer", "confirmer-organisme": c.ids["org"]},
        etat(DecisionOrientation, "decision_proposee", statut=StatutDecision.CONFIRMEE),
        evenement(T.ORIENTATION_DECIDEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:orientation_personne", "réorienter"): E(
        "backoffice:orientation_personne",
        P,
        {"action": "reorienter", "reorienter-motif": "Le projet a changé (matrice)."},
        existe(DecisionOrientation, personne_id=lambda c: c.ids["p"], motif_demande="Le projet a changé (matrice)."),
        evenement(T.ORIENTATION_REORIENTATION_DEMANDEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:diagnostic", "demander une réorientation"): E(
        "backoffice:diagnostic",
        P,
        {"action": "reorienter", "reorienter-motif": "Le diagnostic montre un besoin social (matrice)."},
        existe(Diagnostic, personne_id=lambda c: c.ids["p"], reorientation_demandee_le__isnull=False),
        evenement(T.DIAGNOSTIC_REORIENTATION_DEMANDEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:diagnostic", "confirmer le parcours"): E(
        "backoffice:diagnostic",
        P,
        {"action": "confirmer"},
        existe(Diagnostic, personne_id=lambda c: c.ids["p"], parcours_confirme_le__isnull=False),
        evenement(T.DIAGNOSTIC_PARCOURS_CONFIRME),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:diagnostic_section", "compétences"): E(
        "backoffice:diagnostic_section",
        {"pk": "p", "section": "section_diagnostic"},
        {"version_lue": "0", "diplome": "CAP boulanger (matrice)", "experiences": "Deux ans en boulangerie."},
        existe(VersionSection, diagnostic__personne_id=lambda c: c.ids["p"], section="competences"),
        evenement(T.DIAGNOSTIC_ENREGISTRE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:diagnostic_section", "santé"): E(
        "backoffice:diagnostic_section",
        {"pk": "p", "section": "section_sensible"},
        {"version_lue": "0", "details": "Suivi médical en cours (matrice).", "restrictions": "", "demarches": ""},
        existe(VersionSection, diagnostic__personne_id=lambda c: c.ids["p"], section="sante"),
        evenement(T.DIAGNOSTIC_ENREGISTRE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:diagnostic_piece", "pièce justificative"): E(
        "backoffice:diagnostic_piece",
        P,
        _piece_diagnostic,
        existe(PieceDiagnostic, diagnostic__personne_id=lambda c: c.ids["p"]),
        evenement(T.DOCUMENT_DEPOSE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_rediger", "orientée"): E(
        "backoffice:contrat_rediger",
        {"pk": "p_oriente"},
        {},
        existe(ContratEngagement, personne_id=lambda c: c.ids["p_oriente"]),
        evenement(T.CONTRAT_REDIGE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_action_ajouter", "action"): E(
        "backoffice:contrat_action_ajouter",
        P,
        lambda c: _action_plan("Atelier CV (matrice)"),
        existe(ActionPlan, contrat__personne_id=lambda c: c.ids["p"], description="Atelier CV (matrice)"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_action_modifier", "action"): E(
        "backoffice:contrat_action_modifier",
        {"pk": "p", "action_pk": "action_p"},
        lambda c: _action_plan("Formation de cariste, session d'automne (matrice)"),
        etat(ActionPlan, "action_p", description="Formation de cariste, session d'automne (matrice)"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_action_supprimer", "action"): E(
        "backoffice:contrat_action_supprimer",
        {"pk": "p", "action_pk": "action_p"},
        {},
        absent(ActionPlan, "action_p"),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_duree", "minoration"): E(
        "backoffice:contrat_duree",
        P,
        {
            "amenagement": "minoration",
            "motif_minoration": "Soins réguliers (matrice).",
            "motif_dispense": "",
            "demandee_le": "",
        },
        contrat("p", amenagement_duree="minoration"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_ore", "ORE"): E(
        "backoffice:contrat_ore",
        P,
        {"metiers": "D1102", "zone": "Lille et 30 km autour (matrice)", "communes": "", "salaire_attendu": ""},
        contrat("p", ore_zone="Lille et 30 km autour (matrice)"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_soumettre", "révision"): E(
        "backoffice:contrat_soumettre",
        P,
        {},
        contrat("p", statut=StatutContrat.SOUMIS),
        evenement(T.CONTRAT_SOUMIS),
        notifie(),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_contresigner", "accepté"): E(
        "backoffice:contrat_contresigner",
        {"pk": "p_accepte"},
        {},
        contrat("p_accepte", statut=StatutContrat.SIGNE),
        evenement(T.CONTRAT_SIGNE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_signature_papier", "scan"): E(
        "backoffice:contrat_signature_papier",
        P,
        _scan,
        contrat("p", statut=StatutContrat.SIGNE),
        evenement(T.CONTRAT_SIGNE_PAPIER),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_revision", "signé"): E(
        "backoffice:contrat_revision",
        {"pk": "p_signe"},
        {"motif": "Point d'étape du jour (matrice)."},
        contrat("p_signe", statut=StatutContrat.BROUILLON),
        evenement(T.CONTRAT_REVISION_OUVERTE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_rythme", "rythme"): E(
        "backoffice:contrat_rythme",
        P,
        {"rythme_points_etape": "6"},
        contrat("p", rythme_points_etape=6),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:contrat_point_etape", "proposer"): E(
        "backoffice:contrat_point_etape",
        {"pk": "p_signe"},
        lambda c: {"creneaux": [c.ids["creneau_point_etape"]]},
        existe(RendezVous, personne_id=lambda c: c.ids["p_signe"], creneau_id=lambda c: c.ids["creneau_point_etape"]),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:messages_personne", "message"): E(
        "backoffice:messages_personne",
        P,
        {"corps": "Votre rendez-vous est confirmé (matrice)."},
        existe(
            Message,
            personne_id=lambda c: c.ids["p"],
            corps="Votre rendez-vous est confirmé (matrice).",
            de_la_personne=False,
        ),
        evenement(T.MESSAGE_ENVOYE),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:sanction_etape", "audition"): E(
        "backoffice:sanction_etape",
        {"pk": "sanction_p", "etape": "etape_sanction"},
        {
            "audition-compte_rendu": "La personne explique son absence (matrice).",
            "audition-tenue_le": "",
            "audition-assistee_par": "",
            "audition-note_interne": "",
        },
        etat(ProcedureSanction, "sanction_p", statut=StatutProcedure.AUDITION_TENUE),
        evenement(T.SANCTION_TRANSITION),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:sanction_etape", "décider (RSA, le département)"): E(
        "backoffice:sanction_etape",
        {"pk": "sanction_rsa", "etape": "etape_decider"},
        {
            "decider-mesure": "suspension",
            "decider-taux": "30",
            "decider-duree_mois": "1",
            "decider-debut": "",
            "decider-fin": "",
            "decider-motivation": "Contrat non respecté malgré les relances (matrice).",
            "decider-montant_mensuel": "",
            "decider-note_interne": "",
        },
        etat(ProcedureSanction, "sanction_rsa", statut=StatutProcedure.DECISION_NOTIFIEE),
        evenement(T.SANCTION_DECIDEE),
        notifie(),
        roles={"decideur_departemental"},
        lecteurs={"travailleur_social", "equipe_pluridisciplinaire"},
    ),
    ("backoffice:sanction_etape", "demande d'audition reçue au guichet"): E(
        "backoffice:sanction_etape",
        {"pk": "sanction_p", "etape": "etape_demande_audition"},
        {
            "demande_audition-demandee_le": "",
            "demande_audition-accompagnant": "Son frère (matrice)",
            "demande_audition-observations": "",
        },
        etat(ProcedureSanction, "sanction_p", statut=StatutProcedure.AUDITION_DEMANDEE),
        evenement(T.SANCTION_TRANSITION),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:sanction_etape", "corriger le foyer (RSA, le département)"): E(
        "backoffice:sanction_etape",
        {"pk": "sanction_rsa", "etape": "etape_foyer"},
        {
            "foyer-nb_personnes": "1",
            "foyer-majoration_isolement": "non",
            "foyer-motif": "Attestation CAF : la personne vit seule (matrice).",
        },
        existe(CorrectionFoyer, procedure_id=lambda c: c.ids["sanction_rsa"], nb_personnes=1),
        evenement(T.SANCTION_FOYER_CORRIGE),
        roles={"decideur_departemental"},
        lecteurs={"travailleur_social", "equipe_pluridisciplinaire"},
    ),
    ("backoffice:sanction_etape", "avis de l'équipe pluridisciplinaire (RSA)"): E(
        "backoffice:sanction_etape",
        {"pk": "sanction_rsa", "etape": "etape_avis_equipe"},
        {"avis_equipe-avis": "Avis favorable à une suspension courte (matrice).", "avis_equipe-rendu_le": ""},
        existe(
            ProcedureSanction,
            pk=lambda c: c.ids["sanction_rsa"],
            avis_equipe_pluridisciplinaire__startswith="Avis favorable",
        ),
        evenement(T.SANCTION_AVIS_EQUIPE),
        roles={"equipe_pluridisciplinaire"},
        lecteurs={"travailleur_social", "decideur_departemental"},
    ),
    # The end of the RSA right (CASF R262-68): the département's decider only; the social worker running
    # R's procedure and the équipe pluridisciplinaire read the page.
    ("backoffice:sanction_fin_droit", "décider"): E(
        "backoffice:sanction_fin_droit",
        {"pk": "fin_droit_possible"},
        {
            "decider": "1",
            "fin_droit-motivation": "Toujours aucune démarche à l'issue des 4 mois (matrice).",
            "fin_droit-effet_le": "",
            "fin_droit-note_interne": "",
        },
        existe(FinDroitRSA, procedure_id=lambda c: c.ids["fin_droit_possible"]),
        evenement(T.SANCTION_FIN_DROIT_RSA, T.DROIT_RSA_CLOS),
        notifie(),
        roles={"decideur_departemental"},
        lecteurs={"travailleur_social", "equipe_pluridisciplinaire"},
    ),
    # A RAPO received by post against the logged-in person's end of right: recorded by the département.
    ("backoffice:sanction_fin_droit", "recours reçu"): E(
        "backoffice:sanction_fin_droit",
        {"pk": "sanction_fin_droit_moi"},
        {"recours": "1", "recours-motifs": "RAPO reçu par courrier (matrice).", "recours-forme_le": ""},
        existe(Recours, fin_droit__procedure_id=lambda c: c.ids["sanction_fin_droit_moi"]),
        evenement(T.SANCTION_RECOURS),
        roles={"decideur_departemental"},
        lecteurs={"equipe_pluridisciplinaire"},
    ),
    ("sanctions:recours_fin_droit", "RAPO"): E(
        "sanctions:recours_fin_droit",
        {"pk": "sanction_fin_droit_moi"},
        {"recours_fin_droit-motifs": "J'ai repris mes démarches (matrice)."},
        existe(Recours, fin_droit__procedure_id=lambda c: c.ids["sanction_fin_droit_moi"], forme_par=lambda c: c.user),
        evenement(T.SANCTION_RECOURS),
        roles={"personne"},
    ),
    ("backoffice:manquement_signaler", "signalement"): E(
        "backoffice:manquement_signaler",
        P,
        lambda c: {
            "type_manquement": "m1",
            "public": "allocation",
            "source": "signalement",
            "date_faits": (AUJOURDHUI() - datetime.timedelta(days=2)).isoformat(),
            "faits": "Absent à l'atelier collectif (matrice).",
            "elements_preuve": "",
        },
        existe(Manquement, personne_id=lambda c: c.ids["p"], faits="Absent à l'atelier collectif (matrice)."),
        evenement(T.SANCTION_MANQUEMENT_SIGNALE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:sanction_recours_etape", "instruire"): E(
        "backoffice:sanction_recours_etape",
        {"pk": "recours_q", "etape": "etape_recours"},
        {},
        etat(Recours, "recours_q", statut=StatutRecours.INSTRUCTION),
        roles=None,
    ),
    ("backoffice:entreprise_referent", "autre conseiller"): E(
        "backoffice:entreprise_referent",
        {"pk": "entreprise_e"},
        lambda c: {"referent": c.ids["membership_bis"]},
        etat(
            Entreprise,
            "entreprise_e",
            referent_id=lambda c: Membership.objects.get(pk=c.ids["membership_bis"]).user_id,
        ),
        evenement(T.ENTREPRISE_REFERENT),
        roles=None,
    ),
    ("backoffice:offre_modifier", "brouillon"): E(
        "backoffice:offre_modifier",
        {"pk": "offre_brouillon"},
        lambda c: _offre("Brouillon corrigé par le conseiller (matrice)"),
        etat(Offre, "offre_brouillon", titre="Brouillon corrigé par le conseiller (matrice)"),
        roles={"conseiller"},
    ),
    ("backoffice:offre_etape", "renvoyer"): E(
        "backoffice:offre_etape",
        {"pk": "offre_a_valider", "etape": "etape_offre_renvoyer"},
        {"renvoyer-motif": "Précisez les horaires (matrice)."},
        etat(Offre, "offre_a_valider", statut=StatutOffre.BROUILLON),
        evenement(T.OFFRE_TRANSITION),
        roles=None,
    ),
    ("backoffice:offre_etape", "publier"): E(
        "backoffice:offre_etape",
        {"pk": "offre_a_valider", "etape": "etape_offre_publier"},
        {"publier-motif": "Relue avec l'employeur (matrice)."},
        etat(Offre, "offre_a_valider", statut=StatutOffre.PUBLIEE),
        evenement(T.OFFRE_TRANSITION),
        roles={"conseiller"},
    ),
    ("backoffice:offre_nouvelle", "brouillon"): E(
        "backoffice:offre_nouvelle",
        {"pk": "entreprise_e"},
        lambda c: _offre("Offre rédigée avec l'employeur (matrice)"),
        existe(Offre, titre="Offre rédigée avec l'employeur (matrice)"),
        roles={"conseiller"},
    ),
    ("backoffice:tache_entreprise_faite", "rappel"): E(
        "backoffice:tache_entreprise_faite",
        {"pk": "tache_e"},
        lambda c: {f"tache-{c.ids['tache_e']}-compte_rendu": "Rappelé, besoin confirmé (matrice)."},
        non_vide(TacheConseiller, "tache_e", "faite_le"),
        evenement(T.TACHE_ENTREPRISE_FAITE),
        roles=None,
    ),
    ("backoffice:profil_recherche_reprendre", "reprise"): E(
        "backoffice:profil_recherche_reprendre",
        P,
        {},
        existe(ProfilRecherche, personne_id=lambda c: c.ids["p"], en_emploi_depuis__isnull=True),
        evenement(T.PROFIL_RECHERCHE),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:mettre_en_relation", "autre offre"): E(
        "backoffice:mettre_en_relation",
        {"pk": "offre_publiee_2", "personne_pk": "p"},
        {"message": "Profil solide en boulangerie (matrice)."},
        existe(Candidature, personne_id=lambda c: c.ids["p"], offre_id=lambda c: c.ids["offre_publiee_2"]),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:immersion", "accord"): E(
        "backoffice:immersion",
        {"pk": "immersion_p"},
        ACCORD,
        non_vide(Immersion, "immersion_p", "accord_referent_le"),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:immersion", "annuler"): E(
        "backoffice:immersion",
        {"pk": "immersion_p"},
        {"etape": "annuler", "annuler-motif": "La personne commence une formation (matrice)."},
        etat(Immersion, "immersion_p", statut="annulee"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:immersion_nouvelle", "demande"): E(
        "backoffice:immersion_nouvelle",
        P,
        _immersion,
        existe(Immersion, personne_id=lambda c: c.ids["p"], tuteur_nom="Tuteur de la matrice"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    # --- The API ----------------------------------------------------------------------------------
    ("v1:personne-detail", "téléphone"): E(
        "v1:personne-detail",
        P,
        {"telephone": "0700000000"},
        etat(Personne, "p", telephone="0700000000"),
        roles=None,
        lecteurs=LECTEURS_DE_P,
        methode="patch",
    ),
    # The partners' API: appointments and diagnostic (issue 20, rdvdiag). A browser session has no scopes:
    # the roles decide, as on the pages (the scopes are tested in tests/api/rdvdiag/).
    ("v1:rendezvous-list", "réserver"): E(
        "v1:rendezvous-list",
        {},
        lambda c: {"personne": c.ids["p"], "creneau": c.ids["creneau_libre"]},
        existe(
            RendezVous,
            personne_id=lambda c: c.ids["p"],
            creneau_id=lambda c: c.ids["creneau_libre"],
            statut=StatutRendezVous.RESERVE,
        ),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("v1:rendezvous-presence", "honoré"): E(
        "v1:rendezvous-presence",
        {"pk": "rdv_p"},
        {"statut": "honore"},
        etat(RendezVous, "rdv_p", statut=StatutRendezVous.HONORE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("v1:diagnostic-detail", "compétences"): E(
        "v1:diagnostic-detail",
        {"personne_pk": "p", "section": "section_diagnostic"},
        {"contenu": {"diplome": "CAP boulanger (API, matrice)"}},
        existe(VersionSection, diagnostic__personne_id=lambda c: c.ids["p"], section="competences"),
        evenement(T.DIAGNOSTIC_ENREGISTRE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
        methode="put",
        entetes=lambda c: {"If-Match": f'"diagnostic-{c.ids["p"]}-competences.v0"'},
    ),
    ("v1:diagnostic-detail", "santé"): E(
        "v1:diagnostic-detail",
        {"personne_pk": "p", "section": "section_sensible"},
        {"contenu": {"details": "Suivi médical en cours (API, matrice)."}},
        existe(VersionSection, diagnostic__personne_id=lambda c: c.ids["p"], section="sante"),
        evenement(T.DIAGNOSTIC_ENREGISTRE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
        methode="patch",
        entetes=lambda c: {"If-Match": f'"diagnostic-{c.ids["p"]}-sante.v0"'},
    ),
    # Partner API (i20-contrats): the same actions as the pages, the same roles (sessions here; the tokens' scopes
    # are tested in tests/api/). P's contract is a draft under revision; A's conseiller is its référent.
    ("v1:contrat-actions", "action"): E(
        "v1:contrat-actions",
        {"pk": "contrat_p"},
        lambda c: {
            "type_action": "atelier_collectif",
            "porteur": "personne",
            "description": "Atelier CV (API, matrice)",
            "debut": AUJOURDHUI().isoformat(),
            "heures_hebdo": "3",
        },
        existe(ActionPlan, contrat__personne_id=lambda c: c.ids["p"], description="Atelier CV (API, matrice)"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("v1:contrat-action", "heures"): E(
        "v1:contrat-action",
        {"pk": "contrat_p", "action_pk": "action_p"},
        {"description": "Formation de cariste, session de printemps (API, matrice)"},
        etat(ActionPlan, "action_p", description="Formation de cariste, session de printemps (API, matrice)"),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
        methode="patch",
    ),
    ("v1:contrat-duree", "minoration"): E(
        "v1:contrat-duree",
        {"pk": "contrat_p"},
        {"amenagement": "minoration", "motif_minoration": "Soins réguliers (API, matrice)."},
        contrat("p", amenagement_duree="minoration"),
        evenement(T.CONTRAT_DUREE_AMENAGEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
        methode="put",
    ),
    ("v1:manquement-list", "signalement"): E(
        "v1:manquement-list",
        {},
        lambda c: {
            "personne": c.ids["p"],
            "type_manquement": "m1",
            "public": "allocation",
            "date_faits": (AUJOURDHUI() - datetime.timedelta(days=2)).isoformat(),
            "faits": "Absent à l'atelier collectif (API, matrice).",
        },
        existe(Manquement, personne_id=lambda c: c.ids["p"], faits="Absent à l'atelier collectif (API, matrice)."),
        evenement(T.SANCTION_MANQUEMENT_SIGNALE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("v1:offre-list", "brouillon"): E(
        "v1:offre-list",
        {},
        lambda c: {
            **{k: v for k, v in _offre("Offre du logiciel de recrutement (matrice)").items() if k in _CHAMPS_API},
            "commune": "59350",
            "competences": ["Encaissement"],
        },
        existe(Offre, titre="Offre du logiciel de recrutement (matrice)", statut=StatutOffre.BROUILLON),
        roles={"employeur"},
    ),
    ("v1:offre-detail", "brouillon"): E(
        "v1:offre-detail",
        {"pk": "offre_brouillon"},
        {"titre": "Brouillon corrigé par le logiciel (matrice)"},
        etat(Offre, "offre_brouillon", titre="Brouillon corrigé par le logiciel (matrice)"),
        roles={"employeur"},
        methode="patch",
    ),
    ("v1:offre-soumettre", "soumettre"): E(
        "v1:offre-soumettre",
        {"pk": "offre_brouillon"},
        {},
        lambda c: _statut_different(Offre, c.ids["offre_brouillon"], StatutOffre.BROUILLON),
        evenement(T.OFFRE_TRANSITION),
        roles={"employeur"},
    ),
    ("v1:offre-retirer", "retirer"): E(
        "v1:offre-retirer",
        {"pk": "offre_brouillon"},
        {},
        etat(Offre, "offre_brouillon", statut=StatutOffre.RETIREE),
        roles={"employeur"},
    ),
    ("v1:offre-pourvoir", "pourvoir"): E(
        "v1:offre-pourvoir",
        {"pk": "offre_publiee"},
        {},
        etat(Offre, "offre_publiee", statut=StatutOffre.POURVUE),
        roles={"employeur"},
    ),
    # Partner API (issue 20, personnes): the NIR search logs its search; decisions and the flux push go through
    # the pages' actions.
    ("v1:personne-recherche-nir", "NIR"): E(
        "v1:personne-recherche-nir",
        {},
        {"nir": "185015935012375"},
        evenement(T.RECHERCHE_NATIONALE),
        roles=None,
    ),
    ("v1:orientation-confirmer", "confirmer"): E(
        "v1:orientation-confirmer",
        {"pk": "decision_proposee"},
        lambda c: {"organisme": c.ids["org"]},
        etat(DecisionOrientation, "decision_proposee", statut=StatutDecision.CONFIRMEE),
        evenement(T.ORIENTATION_DECIDEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("v1:orientation-modifier", "modifier"): E(
        "v1:orientation-modifier",
        {"pk": "decision_proposee"},
        lambda c: {"parcours": "social", "organisme": c.ids["org"], "motif": "Freins constatés (matrice)."},
        etat(DecisionOrientation, "decision_proposee", statut=StatutDecision.MODIFIEE),
        evenement(T.ORIENTATION_DECIDEE),
        roles={"conseiller"},
        lecteurs=LECTEURS_DE_P,
    ),
    ("v1:flux-caf-list", "dépôt"): E(
        "v1:flux-caf-list",
        {},
        lambda c: {
            "fichier": SimpleUploadedFile(
                "api.csv", "N° CAF;Nom;Prénom;Date de naissance\n7654321;Durand;Paul;01/02/1980\n".encode()
            ),
            "correspondance": c.ids["correspondance_flux"],
        },
        existe(ImportFluxCAF, departement_id="59", nom_fichier="api.csv", format="tableur"),
        evenement(T.IMPORT_FLUX_CAF),
        roles={"pilote"},
    ),
    # Référents (francetravail/referents): P has no référent; p_oriente is in A's « à attribuer » queue.
    ("backoffice:referent_personne", "désignation"): E(
        "backoffice:referent_personne",
        P,
        lambda c: {"conseiller": c.users["conseiller"].pk},
        etat(Personne, "p", referent_unique_id=lambda c: c.users["conseiller"].pk),
        evenement(T.REFERENT_DESIGNE),
        roles=None,
        lecteurs=LECTEURS_DE_P,
    ),
    ("backoffice:referents_a_attribuer", "lot"): E(
        "backoffice:referents_a_attribuer",
        {"pk": "org"},
        lambda c: {"action": "designer", "personnes": [c.ids["p_oriente"]], "conseiller": c.users["conseiller"].pk},
        etat(Personne, "p_oriente", referent_unique_id=lambda c: c.users["conseiller"].pk),
        evenement(T.REFERENT_DESIGNE),
        roles=None,
    ),
    # Webhooks (issue 20, webhooks engineer).
    ("backoffice:webhook_nouveau", "abonnement"): E(
        "backoffice:webhook_nouveau",
        {"pk": "org"},
        {"url": "http://127.0.0.1:8765/matrice", "evenements": ["rendezvous.pris"]},
        existe(AbonnementWebhook, url="http://127.0.0.1:8765/matrice", organisation_id=lambda c: c.ids["org"]),
        evenement(T.ABONNEMENT_WEBHOOK_CREE),
        roles=None,
    ),
    ("backoffice:webhook_secret", "régénérer"): E(
        "backoffice:webhook_secret",
        {"pk": "org", "abonnement_pk": "abonnement"},
        {},
        evenement(T.ABONNEMENT_WEBHOOK_MODIFIE),
        roles=None,
    ),
    ("backoffice:webhook_desactiver", "désactiver"): E(
        "backoffice:webhook_desactiver",
        {"pk": "org", "abonnement_pk": "abonnement"},
        {},
        etat(AbonnementWebhook, "abonnement", actif=False),
        evenement(T.ABONNEMENT_WEBHOOK_MODIFIE),
        roles=None,
    ),
    ("backoffice:webhook_rejouer", "rejouer"): E(
        "backoffice:webhook_rejouer",
        {"pk": "org", "livraison_pk": "livraison_echec"},
        {},
        etat(LivraisonWebhook, "livraison_echec", statut="en_attente", tentatives=0),
        evenement(T.LIVRAISON_WEBHOOK_REJOUEE),
        roles=None,
    ),
    ("backoffice:referents_equipe", "règle"): E(
        "backoffice:referents_equipe",
        {"pk": "org"},
        {"action": "regle", "critere": "moins_charge"},
        existe(RegleAttribution, organisation_id=lambda c: c.ids["org"], critere="moins_charge"),
        evenement(T.REGLE_ATTRIBUTION_MODIFIEE),
        roles=None,
    ),
}


def _statut_different(modele, pk, ancien):
    statut = modele.objects.values_list("statut", flat=True).get(pk=pk)
    assert statut != ancien, f"{modele.__name__} toujours {ancien}"


# --- Running a case -------------------------------------------------------------------------------

# Written by any request that is let in: the session (login, messages, last activity).
TOUJOURS_TOLERES = {"django_session"}
JOURNAL = "audit_journalacces"


def _ecritures_en_base():
    """Rows inserted, updated and deleted so far in this transaction, per table (savepoints included:
    PostgreSQL counts the attempts, so the numbers only grow within the test's transaction)."""
    with connection.cursor() as cursor:
        # A partitioned table (the access log, the outbox: issue 21) is counted in its monthly partitions:
        # each is reported under its parent's name, so that the expected tables keep their model's name.
        cursor.execute(
            "SELECT coalesce(parent.relname, s.relname), sum(s.n_tup_ins), sum(s.n_tup_upd), sum(s.n_tup_del) "
            "FROM pg_stat_xact_user_tables s "
            "LEFT JOIN pg_inherits i ON i.inhrelid = s.relid LEFT JOIN pg_class parent ON parent.oid = i.inhparent "
            "GROUP BY 1"
        )
        return {table: (int(ins), int(upd), int(dele)) for table, ins, upd, dele in cursor.fetchall()}


def _difference(avant, apres):
    ecrits = {}
    for table, compte in apres.items():
        delta = tuple(b - a for a, b in zip(avant.get(table, (0, 0, 0)), compte, strict=True))
        if any(delta):
            ecrits[table] = dict(zip(("insert", "update", "delete"), delta, strict=True))
    return ecrits


def _cas():
    for (nom, variante), ecriture in ECRITURES.items():
        autorises = ecriture.autorises
        for role in ROLES:
            yield pytest.param(nom, variante, role, role in autorises, id=f"{nom}[{variante}]-{role}")


@pytest.mark.parametrize(("nom", "variante", "role", "autorise"), list(_cas()))
def test_ecriture(scenario, nom, variante, role, autorise):
    from francetravail.audit.models import AuditEvent

    ecriture = ECRITURES[(nom, variante)]
    users, ids = scenario["users"], scenario["ids"]
    user = users[ecriture.comptes.get(role, role)] if role != "anonyme" else None
    client = APIClient()
    if user is not None:
        client.force_login(user)
    constat = Constat(ids=ids, users=users, user=user)
    url = reverse(nom, kwargs={k: ids[v] for k, v in ecriture.kwargs.items()})
    corps = constat.valeur(ecriture.corps)
    api = nom.startswith("v1:")

    publiees = []

    def publication(sender=None, **kwargs):
        publiees.append(sender)

    before_task_publish.connect(publication, weak=False)
    dernier_evenement = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    nb_courriels, nb_apres_commit = len(mail.outbox), len(connection.run_on_commit)
    avant = _ecritures_en_base()
    try:
        entetes = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in constat.valeur(ecriture.entetes).items()}
        fichier = isinstance(corps, dict) and any(isinstance(v, SimpleUploadedFile) for v in corps.values())
        response = getattr(client, ecriture.methode)(
            url, corps, format="json" if api and not fichier else None, **entetes
        )
    finally:
        before_task_publish.disconnect(publication)
    constat.response = response
    constat.ecrits = _difference(avant, _ecritures_en_base())
    constat.evenements = list(
        AuditEvent.objects.filter(pk__gt=dernier_evenement).order_by("pk").values_list("event_type", flat=True)
    )
    status = response.status_code

    if autorise:
        assert status in (200, 201, 202, 302), f"{role} autorisé : réponse {status}"
        assert "login" not in response.get("Location", ""), "autorisé mais renvoyé vers la connexion"
        for effet in ecriture.effets:
            effet(constat)
        return

    toleres = TOUJOURS_TOLERES | ({JOURNAL} if role in ecriture.lecteurs else set())
    interdits = {t: n for t, n in constat.ecrits.items() if t not in toleres}
    assert not interdits, f"{role} refusé a écrit en base : {interdits}"
    assert not constat.evenements
    assert len(mail.outbox) == nb_courriels, "un courriel est parti"
    assert len(connection.run_on_commit) == nb_apres_commit, "un envoi attend la validation de la transaction"
    assert not publiees, f"une tâche a été publiée : {publiees}"
    if role in ecriture.lecteurs:
        # The API's equivalent of a page given back with its error: 400 (e.g. a slot of another agenda).
        assert status in (200, 302, 403, 404, *((400,) if api else ())), f"lecteur {role} : réponse {status}"
        assert "login" not in response.get("Location", "")
    elif role == "anonyme":
        assert status in (401, 403) if api else status == 302
        if not api:
            assert response["Location"].startswith(reverse("account_login"))
    elif api:
        assert status in (403, 404)
    else:
        assert status == 404, f"{role} refusé : réponse {status}, 404 attendu"


# --- Every route that writes has its deep case ----------------------------------------------------

# The apps whose views may read a request's body (the frameworks' own pages are gated elsewhere:
# the admin, allauth; see tests/test_consistency.py).
APPS = ("francetravail", "inscription", "orientation", "diagnostic", "contrats", "sanctions", "entreprises")
LIT_LE_CORPS = re.compile(r"request\.(POST|FILES|data)\b|[\"']POST[\"']")
METHODES_LECTURE = {"GET", "HEAD", "OPTIONS"}


def _chaine(view):
    """The view and every function it wraps (decorators keep ``__wrapped__``)."""
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def _methodes_declarees(view):
    """The methods of ``require_http_methods`` / ``require_POST`` on the view, or None."""
    for fonction in _chaine(view):
        try:
            variables = inspect.getclosurevars(fonction).nonlocals
        except TypeError:
            continue
        if "request_method_list" in variables:
            return set(variables["request_method_list"])
    return None


def _source(fonction, profondeur=3, vues=None):
    """The view's source and that of the project's functions it calls, a few calls deep."""
    vues = set() if vues is None else vues
    module = inspect.getmodule(fonction)
    if fonction in vues or profondeur < 0 or module is None or module.__name__.split(".")[0] not in APPS:
        return ""
    vues.add(fonction)
    try:
        texte = inspect.getsource(fonction)
    except (OSError, TypeError):
        return ""
    for nom in set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", texte)):
        appelee = fonction.__globals__.get(nom)
        if inspect.isfunction(appelee):
            texte += _source(appelee, profondeur - 1, vues)
    return texte


def methodes_qui_ecrivent(view):
    """The methods by which ``view`` may change something: POST (forms, buttons), PATCH/PUT/DELETE (API)."""
    if getattr(view, "actions", None) is not None:  # a DRF viewset's route
        permises = set(getattr(view.cls, "http_method_names", ())) or set(view.actions)
        return {m.upper() for m in view.actions if m in permises} - METHODES_LECTURE
    declarees = _methodes_declarees(view)
    if declarees is not None:
        return declarees - METHODES_LECTURE
    return {"POST"} if LIT_LE_CORPS.search(_source(list(_chaine(view))[-1])) else set()


def routes_qui_ecrivent():
    from tests.test_consistency import GATES_EXTERNES, urls_du_projet

    routes = {}
    for nom, route, view in urls_du_projet():
        if route.startswith(tuple(GATES_EXTERNES)):
            continue
        methodes = methodes_qui_ecrivent(view)
        if methodes:
            routes.setdefault(nom, set()).update(methodes)
    return routes


def test_le_releve_des_routes_qui_ecrivent_voit_chaque_forme():
    """The reading of the URLconf finds each way a view takes a body, and not the pages that only read."""
    routes = routes_qui_ecrivent()
    assert routes["backoffice:contrat_soumettre"] == {"POST"}  # @require_http_methods(["POST"])
    assert routes["backoffice:retirer_membre"] == {"POST"}  # @require_POST
    assert routes["messagerie:fil"] == {"POST"}  # request.POST in a helper of the view
    assert routes["backoffice:inscription_etape"] == {"POST"}  # request.method in a shared step page
    assert routes["v1:personne-detail"] == {"PATCH"}  # a viewset; PUT is not among its http_method_names
    for lecture in ("backoffice:fiche_personne", "backoffice:contrat", "v1:personne-list", "pages:accueil"):
        assert lecture not in routes


def test_chaque_route_qui_ecrit_a_son_cas_profond():
    couvertes = {}
    for ecriture in ECRITURES.values():
        couvertes.setdefault(ecriture.nom, set()).add(ecriture.methode.upper())
    manquantes = {
        nom: sorted(methodes - couvertes.get(nom, set()))
        for nom, methodes in routes_qui_ecrivent().items()
        if methodes - couvertes.get(nom, set())
    }
    assert not manquantes, f"Routes qui écrivent sans cas dans ECRITURES (corps valide, effet vérifié) : {manquantes}"


def test_les_roles_des_ecritures_sont_ceux_de_la_matrice():
    """Where MATRICE has the same URL and method, both tables name the same roles (they cannot drift)."""
    for (nom, variante), ecriture in ECRITURES.items():
        for name, kwargs, method, _kind, allowed in MATRICE:
            if (name, kwargs, method) == (nom, ecriture.kwargs, ecriture.methode):
                assert ecriture.autorises == frozenset(allowed), f"{nom} [{variante}]"


@pytest.mark.parametrize(("nom", "variante"), list(ECRITURES))
def test_chaque_effet_attendu_n_est_pas_deja_vrai(scenario, nom, variante):
    """Each check of an allowed write fails on the scenario as built: it sees the change, not a state
    that held anyway (a wrong body would then fail the allowed role's case)."""
    ecriture, users = ECRITURES[(nom, variante)], scenario["users"]
    role = "personne" if ecriture.autorises == TOUS else sorted(ecriture.autorises)[0]
    constat = Constat(ids=scenario["ids"], users=users, user=users[ecriture.comptes.get(role, role)])
    for effet in ecriture.effets:
        with pytest.raises(AssertionError):
            effet(constat)
