"""A deactivated account loses every read and every action at once, by every way in.

An administrator deactivates an account (``is_active``) when a professional leaves, an employer
is struck off, a person's account is closed. From that moment:

- through the pages and the API, the session still open in the browser opens nothing: every
  page the role read and every write it could make is refused, and nothing changes;
- the access gate itself refuses the account, whatever authenticated it (the gate functions,
  the views' decorator, the API's permission), and the professional's memberships count for
  nothing even when they are still in the shared cache (deactivated by a bulk update, which
  sends no signal to drop them);
- the actions, called outside any request (a shell, a task, a script) with
  ``acting_user=`` the deactivated account, refuse and change nothing; the same call succeeds
  once the account is active again (so the refusal is the deactivation's, not another rule's).

The scenario is the deep permission matrix's (``tests/test_permission_matrix_ecritures.py``),
built once for the module.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Membership
from francetravail.reseau.roles import contexte_professionnel
from inscription.actions import InscriptionRefusee
from tests.test_permission_matrix import MATRICE, ROLES
from tests.test_permission_matrix_ecritures import (
    ECRITURES,
    Constat,
    _dossier_media,  # noqa: F401 — fixtures of the scenario
    _ecritures_en_base,
    _media_du_scenario,  # noqa: F401
    _scenario_ecritures,  # noqa: F401
)

COMPTES = [r for r in ROLES if r != "anonyme"]
PROS = [r for r in COMPTES if r not in {"personne", "employeur", "staff"}]
ACCUEIL = {"personne": "personnes:espace", "employeur": "entreprises:espace"}


@pytest.fixture
def scenario(_scenario_ecritures, db):  # noqa: F811
    return _scenario_ecritures


def desactiver(user, *, en_masse=False):
    """As the admin does (a save: the signals drop the cached memberships), or by a bulk update
    (no signal: the memberships stay in the cache). Returns the account as read again."""
    if en_masse:
        User.objects.filter(pk=user.pk).update(is_active=False)
    else:
        user = User.objects.get(pk=user.pk)
        user.is_active = False
        user.save(update_fields=["is_active"])
    return User.objects.get(pk=user.pk)


def reactiver(user):
    User.objects.filter(pk=user.pk).update(is_active=True)
    return User.objects.get(pk=user.pk)


def _mettre_en_cache(user):
    """The professional's memberships as a request would leave them: in the shared cache (a request
    starts with no uncommitted change pending, which would keep them out of it)."""
    from django.core.cache import cache

    from francetravail.reseau.roles import _CLE, oublier_modifications_en_cours

    oublier_modifications_en_cours()
    contexte_professionnel(User.objects.get(pk=user.pk))
    assert cache.get(_CLE.format(user.pk))


# --- Through the pages and the API ----------------------------------------------------------------


def _lectures(role):
    """The matrix's rows this role reads (pages, API, admin) with a GET."""
    return [
        (name, kwargs, kind)
        for name, kwargs, method, kind, allowed in MATRICE
        if method == "get" and role in allowed and kind in {"page", "api", "suite", "admin"}
    ]


def _ecritures(role):
    """The deep matrix's writes this role makes (not the public ones: the receipt link needs no account)."""
    from tests.test_permission_matrix import TOUS

    return [(cle, e) for cle, e in ECRITURES.items() if role in e.autorises and e.autorises != TOUS and not e.comptes]


@pytest.mark.parametrize("en_masse", [False, True], ids=["par l'admin", "en masse"])
@pytest.mark.parametrize("role", COMPTES)
def test_la_session_ouverte_n_ouvre_plus_rien(scenario, role, en_masse):
    users, ids = scenario["users"], scenario["ids"]
    user = users[role]
    client = APIClient()
    client.force_login(user)
    accueil = reverse(ACCUEIL.get(role, "backoffice:accueil"))
    assert client.get(accueil).status_code == 200  # the session works, the memberships are cached
    desactiver(user, en_masse=en_masse)

    ouverts = []
    for name, kwargs, kind in _lectures(role):
        url = reverse(name, kwargs={k: ids[v] for k, v in kwargs.items()})
        response = client.get(url)
        refuse = response.status_code in (401, 403, 404) if kind == "api" else _refuse(response, kind)
        if not refuse:
            ouverts.append(f"GET {name} {response.status_code}")
    for (name, variante), ecriture in _ecritures(role):
        constat = Constat(ids=ids, users=users, user=user)
        url = reverse(name, kwargs={k: ids[v] for k, v in ecriture.kwargs.items()})
        avant = _ecritures_en_base()
        response = getattr(client, ecriture.methode)(
            url, constat.valeur(ecriture.corps), format="json" if name.startswith("v1:") else None
        )
        ecrits = set(_difference_tables(avant, _ecritures_en_base())) - {"django_session"}
        api = name.startswith("v1:")
        if ecrits or not (response.status_code in (401, 403, 404) if api else _refuse(response, "page")):
            ouverts.append(f"{ecriture.methode.upper()} {name} [{variante}] {response.status_code} {sorted(ecrits)}")
    assert not ouverts, f"Le compte désactivé ({role}) garde : {ouverts}"


def _refuse(response, kind):
    """Sent to log in (Django's session backend drops an inactive account: the session is that of an
    anonymous visitor now), or a 404 (our gate, if another backend let the account through)."""
    connexion = reverse("admin:login") if kind == "admin" else reverse("account_login")
    return response.status_code == 404 or (response.status_code == 302 and response["Location"].startswith(connexion))


def _difference_tables(avant, apres):
    return [t for t, compte in apres.items() if compte != avant.get(t, (0, 0, 0))]


# --- The gate itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("en_masse", [False, True], ids=["par l'admin", "en masse"])
@pytest.mark.parametrize("role", ["personne", *PROS])
def test_la_porte_ne_connait_plus_le_compte(scenario, role, en_masse):
    """The file gate, its lists and the professional's memberships, whatever authenticated the account."""
    from francetravail.personnes.acces import est_la_personne, organisation_donnant_acces, personnes_visibles

    users, ids = scenario["users"], scenario["ids"]
    user = users[role]
    personne = Personne.objects.get(pk=ids["moi"] if role == "personne" else ids["p"])
    if role in PROS:
        _mettre_en_cache(user)
        assert contexte_professionnel(User.objects.get(pk=user.pk)).roles
    visible_avant = personnes_visibles(user).filter(pk=personne.pk).exists()

    inactif = desactiver(user, en_masse=en_masse)
    assert organisation_donnant_acces(inactif, personne) is None
    assert not est_la_personne(inactif, personne)
    assert not personnes_visibles(inactif).exists()
    assert not contexte_professionnel(inactif).roles
    assert not Membership.objects.actives().filter(user=inactif).exists()
    # What the account read before (so the refusal above is the deactivation's).
    # The data protection officer reads no active file (only archived ones, through their own pages).
    assert (
        role in {"pilote", "admin_organisation", "travailleur_social", "mediateur", "protection_donnees"}
        or visible_avant
    )


@pytest.mark.parametrize("en_masse", [False, True], ids=["par l'admin", "en masse"])
@pytest.mark.parametrize("role", COMPTES)
def test_le_decorateur_des_vues_refuse_le_compte(scenario, role, en_masse):
    """A request that carries the deactivated account (authenticated by any means) gets no page."""
    user = scenario["users"][role]
    if role in PROS:
        _mettre_en_cache(user)
    inactif = desactiver(user, en_masse=en_masse)
    url = reverse(ACCUEIL.get(role, "backoffice:accueil"))
    request = RequestFactory().get(url)
    request.user = inactif
    with pytest.raises(Http404):
        resolve(url).func(request)


@pytest.mark.parametrize("en_masse", [False, True], ids=["par l'admin", "en masse"])
@pytest.mark.parametrize("role", ["conseiller", "decideur_departemental"])
def test_l_api_refuse_le_compte(scenario, role, en_masse):
    from francetravail.personnes.api.views import PersonneViewSet

    user = scenario["users"][role]
    _mettre_en_cache(user)
    inactif = desactiver(user, en_masse=en_masse)
    liste = PersonneViewSet.as_view({"get": "list"})
    request = APIRequestFactory().get("/api/v1/personnes/")
    force_authenticate(request, user=inactif)
    assert _comme_une_requete(liste, request).status_code == 403
    request = APIRequestFactory().patch(f"/api/v1/personnes/{scenario['ids']['p']}/", {"telephone": "0700000001"})
    force_authenticate(request, user=inactif)
    detail = PersonneViewSet.as_view({"patch": "partial_update"})
    assert _comme_une_requete(detail, request, pk=scenario["ids"]["p"]).status_code == 403
    assert Personne.objects.get(pk=scenario["ids"]["p"]).telephone != "0700000001"


def _comme_une_requete(vue, request, **kwargs):
    """In its own atomic block, as ATOMIC_REQUESTS runs a view (DRF marks it for rollback on a refusal)."""
    from django.db import transaction

    with transaction.atomic():
        return vue(request, **kwargs)


# --- The actions, outside any request -------------------------------------------------------------


def _contrat(ids, cle):
    from contrats.models import ContratEngagement

    return ContratEngagement.objects.filter(personne_id=ids[cle]).order_by("-pk").first()


def _procedure(ids, cle):
    from sanctions.models import ProcedureSanction

    return ProcedureSanction.objects.select_related("personne").get(pk=ids[cle])


def _rdv(ids, cle):
    from francetravail.rendezvous.models import RendezVous

    return RendezVous.objects.select_related("personne", "creneau__agenda").get(pk=ids[cle])


def _creneau(ids, cle="creneau_libre"):
    from francetravail.rendezvous.models import Creneau

    return Creneau.objects.get(pk=ids[cle])


def _personne(ids, cle="p"):
    return Personne.objects.select_related("organisme_referent").get(pk=ids[cle])


def _a(modele, ids, cle):
    return modele.objects.get(pk=ids[cle])


def _contrats():
    from contrats import actions, suivi

    def plan(ids, u):
        actions.ajouter_action(
            _contrat(ids, "p"),
            acting_user=u,
            type_action="formation",
            porteur="personne",
            description="Atelier (désactivé)",
            debut=timezone.localdate(),
            heures_hebdo=Decimal(2),
        )

    def declarer(ids, u):
        contrat = _contrat(ids, "p_signe")
        suivi.declarer_semaine(
            contrat, acting_user=u, semaine=timezone.localdate(), heures={ids["action_signe"]: Decimal(15)}
        )

    return [
        ("contrats.rediger", "conseiller", lambda ids, u: actions.rediger(_personne(ids, "p_oriente"), acting_user=u)),
        ("contrats.ajouter_action", "conseiller", plan),
        ("contrats.soumettre", "conseiller", lambda ids, u: actions.soumettre(_contrat(ids, "p"), acting_user=u)),
        (
            "contrats.contresigner",
            "conseiller",
            lambda ids, u: actions.contresigner(_contrat(ids, "p_accepte"), acting_user=u),
        ),
        (
            "contrats.ouvrir_revision",
            "conseiller",
            lambda ids, u: actions.ouvrir_revision(_contrat(ids, "p_signe"), acting_user=u, motif="Point d'étape."),
        ),
        (
            "contrats.accepter (la personne)",
            "personne",
            lambda ids, u: actions.accepter(_contrat(ids, "moi"), acting_user=u),
        ),
        (
            "contrats.demander_modification (la personne)",
            "personne",
            lambda ids, u: actions.demander_modification(_contrat(ids, "moi"), acting_user=u, commentaire="Moins."),
        ),
        ("contrats.suivi.declarer_semaine (la personne)", "personne_signee", declarer),
    ]


def _sanctions():
    from sanctions import actions
    from sanctions.models import Recours

    def signaler(ids, u):
        actions.signaler_manquement(
            _personne(ids),
            acting_user=u,
            type_manquement="m1",
            faits="Absent (désactivé).",
            date_faits=timezone.localdate() - datetime.timedelta(days=2),
        )

    return [
        ("sanctions.signaler_manquement", "conseiller", signaler),
        (
            "sanctions.tenir_audition",
            "conseiller",
            lambda ids, u: actions.tenir_audition(_procedure(ids, "sanction_p"), acting_user=u, compte_rendu="Vu."),
        ),
        (
            "sanctions.enregistrer_observations (la personne)",
            "personne",
            lambda ids, u: actions.enregistrer_observations(
                _procedure(ids, "sanction_moi"), acting_user=u, observations="J'étais malade."
            ),
        ),
        (
            "sanctions.instruire_recours",
            "mediateur",
            lambda ids, u: actions.instruire_recours(_a(Recours, ids, "recours_q"), acting_user=u),
        ),
    ]


def _entreprises():
    from entreprises import candidatures, comptes, immersions, offres, profils, taches
    from entreprises.models import Candidature, Entreprise, Immersion, MembreEntreprise, Offre, TacheConseiller

    return [
        (
            "entreprises.comptes.approuver_membre",
            "employeur",
            lambda ids, u: comptes.approuver_membre(_a(MembreEntreprise, ids, "membre_e"), acting_user=u),
        ),
        (
            "entreprises.offres.soumettre",
            "employeur",
            lambda ids, u: offres.soumettre(_a(Offre, ids, "offre_brouillon"), acting_user=u),
        ),
        (
            "entreprises.offres.renvoyer",
            "conseiller",
            lambda ids, u: offres.renvoyer(_a(Offre, ids, "offre_a_valider"), acting_user=u, motif="Horaires ?"),
        ),
        (
            "entreprises.candidatures.proposer_entretien",
            "employeur",
            lambda ids, u: candidatures.proposer_entretien(_a(Candidature, ids, "candidature_e"), acting_user=u),
        ),
        (
            "entreprises.candidatures.candidater (la personne)",
            "personne",
            lambda ids, u: candidatures.candidater(_a(Offre, ids, "offre_publiee_2"), _personne(ids, "moi"), u),
        ),
        (
            "entreprises.candidatures.mettre_en_relation",
            "conseiller",
            lambda ids, u: candidatures.mettre_en_relation(_a(Offre, ids, "offre_publiee_2"), _personne(ids), u),
        ),
        (
            "entreprises.immersions.accord_personne (la personne)",
            "personne",
            lambda ids, u: immersions.accord_personne(_a(Immersion, ids, "immersion_moi_demandee"), acting_user=u),
        ),
        (
            "entreprises.immersions.accord_entreprise",
            "employeur",
            lambda ids, u: immersions.accord_entreprise(_a(Immersion, ids, "immersion_p"), acting_user=u),
        ),
        (
            "entreprises.immersions.accord_referent",
            "conseiller",
            lambda ids, u: immersions.accord_referent(_a(Immersion, ids, "immersion_p"), acting_user=u),
        ),
        (
            "entreprises.taches.marquer_faite",
            "conseiller",
            lambda ids, u: taches.marquer_faite(
                _a(TacheConseiller, ids, "tache_e"), acting_user=u, compte_rendu="Fait."
            ),
        ),
        (
            "entreprises.comptes.changer_referent",
            "conseiller",
            lambda ids, u: comptes.changer_referent(
                _a(Entreprise, ids, "entreprise_e"), acting_user=u, membership=_a(Membership, ids, "membership_bis")
            ),
        ),
        (
            "entreprises.profils.reprendre_recherche",
            "conseiller",
            lambda ids, u: _changement(profils.reprendre_recherche(_personne(ids), acting_user=u), "en_emploi_depuis"),
        ),
        (
            "entreprises.profils.reprendre_recherche (la personne)",
            "personne",
            lambda ids, u: _changement(
                profils.reprendre_recherche(_personne(ids, "moi"), acting_user=u), "en_emploi_depuis"
            ),
        ),
    ]


def _changement(profil, champ):
    assert getattr(profil, champ) is None


def _autres():
    from diagnostic import actions as diagnostic
    from diagnostic.enums import Section
    from francetravail.messagerie import actions as messagerie
    from francetravail.rendezvous import actions as rdv
    from francetravail.rendezvous.models import Agenda
    from francetravail.reseau.models import Organisation
    from orientation import actions as orientation_actions
    from orientation.models import DecisionOrientation

    def creneau(ids, u):
        debut = timezone.now() + datetime.timedelta(days=20)
        rdv.creer_creneau(
            _a(Agenda, ids, "agenda"),
            acting_user=u,
            debut=debut,
            fin=debut + datetime.timedelta(minutes=45),
            motif="suivi",
            modalite="telephone",
        )

    return [
        (
            "messagerie.envoyer_message",
            "conseiller",
            lambda ids, u: messagerie.envoyer_message(_personne(ids), acting_user=u, corps="Bonjour."),
        ),
        (
            "messagerie.envoyer_message (la personne)",
            "personne",
            lambda ids, u: messagerie.envoyer_message(_personne(ids, "moi"), acting_user=u, corps="Bonjour."),
        ),
        (
            "rendezvous.reserver (la personne)",
            "personne",
            lambda ids, u: rdv.reserver(_personne(ids, "moi"), _rdv(ids, "rdv_propose_moi").creneau, acting_user=u),
        ),
        (
            "rendezvous.annuler (la personne)",
            "personne",
            lambda ids, u: rdv.annuler(_rdv(ids, "rdv_moi"), acting_user=u, motif="Empêchement."),
        ),
        (
            "rendezvous.deplacer (la personne)",
            "personne",
            lambda ids, u: rdv.deplacer(_rdv(ids, "rdv_moi"), _creneau(ids), acting_user=u, motif="Empêchement."),
        ),
        (
            "rendezvous.reserver",
            "conseiller",
            lambda ids, u: rdv.reserver(_personne(ids), _creneau(ids), acting_user=u),
        ),
        (
            "rendezvous.proposer_creneaux",
            "conseiller",
            lambda ids, u: rdv.proposer_creneaux(_personne(ids), [_creneau(ids)], acting_user=u),
        ),
        (
            "rendezvous.annuler",
            "conseiller",
            lambda ids, u: rdv.annuler(_rdv(ids, "rdv_p_futur"), acting_user=u, motif="Conseiller absent."),
        ),
        (
            "rendezvous.enregistrer_presence",
            "conseiller",
            lambda ids, u: rdv.enregistrer_presence(_rdv(ids, "rdv_p"), "honore", acting_user=u),
        ),
        ("rendezvous.creer_creneau", "conseiller", creneau),
        (
            "orientation.confirmer",
            "conseiller",
            lambda ids, u: orientation_actions.confirmer(
                _a(DecisionOrientation, ids, "decision_proposee"),
                acting_user=u,
                organisme=_a(Organisation, ids, "org"),
            ),
        ),
        (
            "orientation.demander_reorientation (la personne)",
            "personne",
            lambda ids, u: orientation_actions.demander_reorientation(
                _personne(ids, "moi"), acting_user=u, motif="Projet."
            ),
        ),
        (
            "diagnostic.enregistrer_section",
            "conseiller",
            lambda ids, u: diagnostic.enregistrer_section(
                _personne(ids), Section.COMPETENCES, acting_user=u, contenu={"diplome": "CAP"}, version_lue=0
            ),
        ),
        (
            "diagnostic.confirmer_parcours",
            "conseiller",
            lambda ids, u: diagnostic.confirmer_parcours(_personne(ids), acting_user=u),
        ),
    ]


def _inscription():
    from francetravail.reseau.models import Commune, Organisation
    from inscription import actions
    from inscription.models import DossierInscription
    from tests.test_permission_matrix_ecritures import _identite

    def identite(numero):
        donnees = _identite("Désactivé", numero)
        donnees["date_naissance"] = datetime.date.fromisoformat(donnees["date_naissance"])
        return {**donnees, "titre_sejour_fin": None, "commune_naissance_obj": None}

    def coordonnees(ids, u):
        personne = _personne(ids)
        actions.enregistrer_etape(
            personne,
            DossierInscription.objects.get(personne=personne),
            "coordonnees",
            {"email": "", "telephone": "", "adresse": "1 rue Neuve", "commune_obj": Commune.objects.get(pk="59350")},
            acting_user=u,
        )

    return [
        ("inscription.enregistrer_etape", "conseiller", coordonnees),
        (
            "inscription.commencer_inscription_guichet",
            "conseiller",
            lambda ids, u: actions.commencer_inscription_guichet(u, _a(Organisation, ids, "org"), identite(7101)),
        ),
        (
            "inscription.commencer_inscription_en_ligne (la personne)",
            "personne",
            lambda ids, u: actions.commencer_inscription_en_ligne(u, identite(7102)),
        ),
    ]


ACTIONS = [*_contrats(), *_sanctions(), *_entreprises(), *_autres(), *_inscription()]
REFUS = (ValidationError, PermissionDenied, Http404, InscriptionRefusee)


@pytest.mark.parametrize("en_masse", [False, True], ids=["par l'admin", "en masse"])
@pytest.mark.parametrize(("action", "role", "appel"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_l_action_refuse_le_compte_desactive(scenario, action, role, appel, en_masse):
    users, ids = scenario["users"], scenario["ids"]
    user = users[role]
    if role in PROS:
        _mettre_en_cache(user)
    inactif = desactiver(user, en_masse=en_masse)
    avant, apres_commit = _ecritures_en_base(), len(connection.run_on_commit)
    with pytest.raises(REFUS):
        appel(ids, inactif)
    assert not _difference_tables(avant, _ecritures_en_base()), "l'action refusée a écrit en base"
    assert len(connection.run_on_commit) == apres_commit, "l'action refusée a laissé un envoi en attente"
    # Active again, the same call goes through: the refusal was the deactivation's.
    appel(ids, reactiver(user))
