"""Orientation decisions through the API: read by whoever reads the person's file, decided by the competent
decider through the page's actions; refusals leave the decision as it was."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.reseau.enums import Role
from orientation import actions
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.api.personnes.outils import orienter
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet
from tests.partenaires.factories import appelant, client_api

LISTE = reverse("v1:orientation-list")


def _detail(decision, action=None):
    return reverse(f"v1:orientation-{action or 'detail'}", kwargs={"pk": decision.pk})


@pytest.fixture
def cd():
    return OrganisationFactory(conseil_departemental=True, departement_id="59")


@pytest.fixture
def brsa():
    """A bRSA of the Nord awaiting orientation: the Nord's departmental decider decides."""
    personne = PersonneFactory(organisme_referent=None)
    dossier_complet(personne, prestations=["rsa"])
    return actions.proposer(personne)


@pytest.fixture
def decideur(cd):
    return appelant(client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL))


def _modification(organisme, /, **donnees):
    return {"parcours": Parcours.SOCIAL, "organisme": organisme.pk, "motif": "Hébergement d'urgence."} | donnees


# --- Read -------------------------------------------------------------------------------------------------


def test_liste_des_decisions_visibles_journalisee_en_parcours(cd, brsa):
    agence = OrganisationFactory()
    # Adults: under 26 the rules propose a Mission locale, and the decision would be a modification.
    orientee = orienter(
        PersonneFactory(organisme_referent=None, date_naissance=datetime.date(1985, 3, 1)),
        vers=agence,
        par=professionnel(agence),
    )
    ailleurs = orienter(
        PersonneFactory(organisme_referent=None, commune=commune("62041"), date_naissance=datetime.date(1985, 3, 1)),
        vers=OrganisationFactory(departement_id="62"),
        par=professionnel(OrganisationFactory(departement_id="62")),
    )
    logiciel = client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL)

    reponse = appelant(logiciel).get(LISTE)

    assert reponse.status_code == 200, reponse.content
    resultats = {d["id"]: d for d in reponse.json()["results"]}
    assert set(resultats) == {brsa.pk, orientee.pk}
    assert ailleurs.pk not in resultats
    decidee = resultats[orientee.pk]
    assert decidee["organisme_nom"] == agence.nom
    assert decidee["statut"] == StatutDecision.CONFIRMEE
    assert decidee["statut_libelle"] == "Confirmée"
    assert decidee["parcours_libelle"]
    assert decidee["decideur"]
    assert decidee["decidee_le"]
    assert set(JournalAcces.objects.filter(user=logiciel.compte).values_list("personne_id", "partie", "canal")) == {
        (brsa.personne_id, PartieDossier.PARCOURS, Canal.API),
        (orientee.personne_id, PartieDossier.PARCOURS, Canal.API),
    }


def test_filtres_des_decisions(decideur, brsa, cd):
    assert [d["id"] for d in decideur.get(LISTE, {"ouverte": "true"}).json()["results"]] == [brsa.pk]
    assert decideur.get(LISTE, {"ouverte": "false"}).json()["results"] == []
    assert [d["id"] for d in decideur.get(LISTE, {"personne": brsa.personne_id}).json()["results"]] == [brsa.pk]
    assert decideur.get(LISTE, {"statut": "inconnu"}).status_code == 400


def test_lecture_d_une_decision_et_404_pour_une_autre_organisation(decideur, brsa):
    assert decideur.get(_detail(brsa)).json()["id"] == brsa.pk
    autre = appelant(
        client_api(
            OrganisationFactory(conseil_departemental=True, departement_id="62"), role=Role.DECIDEUR_DEPARTEMENTAL
        )
    )
    assert autre.get(_detail(brsa)).status_code == 404
    assert autre.get(reverse("v1:orientation-detail", kwargs={"pk": 2**63})).status_code == 404
    assert JournalAcces.objects.filter(partie=PartieDossier.PARCOURS).count() == 1


def test_lecture_sans_la_portee_403(cd, brsa):
    logiciel = client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    assert appelant(logiciel, portees=["personnes:read"]).get(LISTE).status_code == 403
    assert appelant(logiciel, portees=["orientation:read"]).get(LISTE).status_code == 200


def test_la_liste_a_un_nombre_de_requetes_fixe(decideur, cd, django_assert_max_num_queries):
    conseiller = professionnel(OrganisationFactory())

    def orienter_une():
        orienter(PersonneFactory(organisme_referent=None), vers=cd, par=conseiller)

    orienter_une()
    with django_assert_max_num_queries(14) as une:
        assert len(decideur.get(LISTE).json()["results"]) == 1
    for _ in range(6):
        orienter_une()
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(decideur.get(LISTE).json()["results"]) == 7


# --- Write ------------------------------------------------------------------------------------------------


def test_le_decideur_du_departement_decide_par_l_action_de_la_page(decideur, brsa, cd):
    reponse = decideur.post(_detail(brsa, "modifier"), _modification(cd), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["statut"] == StatutDecision.MODIFIEE
    assert reponse.json()["organisme_nom"] == cd.nom
    brsa.refresh_from_db()
    assert (brsa.statut, brsa.organisme_id, brsa.parcours) == (StatutDecision.MODIFIEE, cd.pk, Parcours.SOCIAL)
    assert brsa.personne.organisme_referent_id == cd.pk
    assert AuditEvent.objects.filter(event_type=TypeEvenement.ORIENTATION_DECIDEE, personne=brsa.personne).count() == 1
    # A retry with the same key replays the answer; the decision is not taken twice.
    rejeu = decideur.post(_detail(brsa, "modifier"), _modification(cd), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert rejeu.status_code == 200
    assert rejeu["Idempotency-Replayed"] == "true"
    assert AuditEvent.objects.filter(event_type=TypeEvenement.ORIENTATION_DECIDEE, personne=brsa.personne).count() == 1
    # Once decided: a new attempt is refused as on the page.
    encore = decideur.post(_detail(brsa, "modifier"), _modification(cd), format="json")
    assert encore.status_code == 400
    assert actions.DEJA_DECIDEE in str(encore.json()["erreurs"])


def _inchangee(decision):
    avant = DecisionOrientation.objects.filter(pk=decision.pk).values().get()
    return lambda: DecisionOrientation.objects.filter(pk=decision.pk).values().get() == avant


def test_un_conseiller_ne_decide_pas_d_un_brsa(brsa, cd):
    inchangee = _inchangee(brsa)
    agence = OrganisationFactory()
    session = APIClient()
    session.force_login(professionnel(agence))  # reads the Nord's people awaiting orientation, not a bRSA's decider
    reponse = session.post(_detail(brsa, "modifier"), _modification(cd), format="json")
    assert reponse.status_code == 403
    assert reponse.json()["detail"] == "Vous n'êtes pas compétent pour décider de l'orientation de cette personne."
    assert inchangee()


def test_un_jeton_de_lecture_ne_decide_pas(brsa, cd):
    inchangee = _inchangee(brsa)
    logiciel = client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    lecture = appelant(logiciel, portees=["orientation:read"])
    assert lecture.post(_detail(brsa, "modifier"), _modification(cd), format="json").status_code == 403
    assert inchangee()


def test_un_decideur_d_un_autre_departement_404(brsa, cd):
    inchangee = _inchangee(brsa)
    autre = appelant(
        client_api(
            OrganisationFactory(conseil_departemental=True, departement_id="62"), role=Role.DECIDEUR_DEPARTEMENTAL
        )
    )
    assert autre.post(_detail(brsa, "modifier"), _modification(cd), format="json").status_code == 404
    assert inchangee()


@pytest.mark.parametrize(
    ("donnees", "champ"),
    [
        ({"motif": "  "}, "motif"),
        ({"parcours": "inconnu"}, "parcours"),
        ({"organisme": 0}, "organisme"),
        ({"organisme": "abc"}, "organisme"),
    ],
)
def test_donnees_invalides_400_par_champ(decideur, brsa, cd, donnees, champ):
    inchangee = _inchangee(brsa)
    reponse = decideur.post(_detail(brsa, "modifier"), _modification(cd, **donnees), format="json")
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/problem+json"
    assert champ in reponse.json()["erreurs"]
    assert inchangee()


def test_un_organisme_d_un_autre_departement_est_refuse(decideur, brsa, cd):
    inchangee = _inchangee(brsa)
    ailleurs = OrganisationFactory(conseil_departemental=True, departement_id="62")
    reponse = decideur.post(_detail(brsa, "modifier"), _modification(ailleurs), format="json")
    assert reponse.status_code == 400
    assert "organisme" in reponse.json()["erreurs"]
    assert inchangee()


def test_confirmer_avec_un_organisme_du_type_propose(cd):
    """A non-bRSA's proposal confirmed by a France Travail conseiller of the Nord (session), type checked."""
    agence = OrganisationFactory()
    # Past 26 (a younger person is proposed a Mission locale).
    personne = PersonneFactory(organisme_referent=None, date_naissance=datetime.date(1985, 1, 1))
    dossier_complet(personne, freins=["sans_impact"])
    decision = actions.proposer(personne)
    session = APIClient()
    session.force_login(professionnel(agence))
    mauvais_type = session.post(_detail(decision, "confirmer"), {"organisme": cd.pk}, format="json")
    assert mauvais_type.status_code == 400
    assert "organisme" in mauvais_type.json()["erreurs"]
    reponse = session.post(_detail(decision, "confirmer"), {"organisme": agence.pk}, format="json")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["statut"] == StatutDecision.CONFIRMEE


def test_decidee_depuis_des_deux_cotes_de_la_borne(decideur, cd):
    borne = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)
    conseiller = professionnel(OrganisationFactory())
    avant, pile = (orienter(PersonneFactory(organisme_referent=None), vers=cd, par=conseiller) for _ in range(2))
    DecisionOrientation.objects.filter(pk=avant.pk).update(decidee_le=borne - datetime.timedelta(seconds=1))
    DecisionOrientation.objects.filter(pk=pile.pk).update(decidee_le=borne)

    def ids(depuis):
        return [d["id"] for d in decideur.get(LISTE, {"decidee_depuis": depuis}).json()["results"]]

    assert ids("2026-03-01T10:00:00Z") == [pile.pk]
    assert ids("2026-03-01T09:59:59Z") == [avant.pk, pile.pk]
