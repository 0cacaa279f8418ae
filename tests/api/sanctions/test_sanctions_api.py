"""Manquements and procedures through the API: the sanctions pages' readers, the référent's report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from sanctions.enums import Public, StatutProcedure
from sanctions.models import Manquement, ProcedureSanction
from tests.factories import OrganisationFactory
from tests.partenaires.factories import appelant, client_api
from tests.sanctions.factories import Situation

PROCEDURES = reverse("v1:procedure-list")
MANQUEMENTS = reverse("v1:manquement-list")


def detail(procedure):
    return reverse("v1:procedure-detail", kwargs={"pk": procedure.pk})


def journal(personne):
    return list(
        JournalAcces.objects.filter(personne=personne, partie=PartieDossier.SANCTIONS).values_list(
            "canal", "user_id", "organisation_id"
        )
    )


@pytest.fixture
def s():
    return Situation()


@pytest.fixture
def equipe(s):
    """The software of the organisme référent, which runs the control (a conseiller's rights)."""
    return client_api(s.organisme, role=Role.CONSEILLER)


def signalement(s, **valeurs):
    return {
        "personne": s.personne.pk,
        "type_manquement": "m1",
        "public": "allocation",
        "date_faits": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "faits": "Absent sans motif à l'atelier.",
        **valeurs,
    }


# --- Procedures -------------------------------------------------------------------------------------------


def test_l_equipe_lit_la_procedure_ses_etapes_et_ses_delais(s, equipe):
    procedure = s.avertie()
    reponse = appelant(equipe).get(detail(procedure))
    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    assert corps["statut"] == StatutProcedure.AVERTISSEMENT_NOTIFIE
    assert corps["statut_libelle"] == "Avertissement préalable notifié"
    assert corps["organisation"] == {"id": s.organisme.pk, "nom": s.organisme.nom}
    assert corps["echeances"]["observations_jusqu_au"] == procedure.echeance_observations.isoformat()
    assert [e["statut_apres"] for e in corps["etapes"]] == ["ouverte", "examen", "avertissement_notifie"]
    assert corps["etapes"][-1]["statut_apres_libelle"] == "Avertissement préalable notifié"
    assert journal(s.personne) == [("api", equipe.compte_id, s.organisme.pk)]


def test_le_decideur_du_departement_lit_la_procedure_rsa_par_sa_mission():
    s = Situation(public=Public.RSA)
    procedure = s.a_decider()
    decideur = client_api(s.conseil, role=Role.DECIDEUR_DEPARTEMENTAL)
    reponse = appelant(decideur).get(detail(procedure))
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["echeances"]["decision_due_le"] == procedure.decision_due_le.isoformat()
    assert journal(s.personne) == [("api", decideur.compte_id, s.conseil.pk)]
    assert [p["id"] for p in appelant(decideur).get(PROCEDURES).json()["results"]] == [procedure.pk]


def test_liste_des_procedures_journalisee_et_bornee_en_requetes(s, equipe, django_assert_max_num_queries):
    procedure = s.ouverte()
    api = appelant(equipe)
    with django_assert_max_num_queries(40) as une:
        reponse = api.get(PROCEDURES)
    assert [p["id"] for p in reponse.json()["results"]] == [procedure.pk]
    assert journal(s.personne) == [("api", equipe.compte_id, s.organisme.pk)]
    for _ in range(4):
        Situation(organisme=s.organisme).ouverte()
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(api.get(PROCEDURES).json()["results"]) == 5


def test_une_autre_organisation_404_comme_inconnue_et_liste_vide(s):
    procedure = s.ouverte()
    autre = appelant(client_api(OrganisationFactory(), role=Role.CONSEILLER))
    refuse, inconnue = autre.get(detail(procedure)), autre.get(reverse("v1:procedure-detail", kwargs={"pk": 10**12}))
    assert (refuse.status_code, inconnue.status_code) == (404, 404)
    assert refuse.json() == inconnue.json()
    assert autre.get(PROCEDURES).json()["results"] == []
    assert autre.get(MANQUEMENTS).json()["results"] == []
    assert journal(s.personne) == []


def test_un_mediateur_n_a_pas_les_pages_des_sanctions(s):
    s.ouverte()
    mediateur = appelant(client_api(s.organisme, role=Role.MEDIATEUR))
    assert mediateur.get(PROCEDURES).status_code == 403
    assert mediateur.get(MANQUEMENTS).status_code == 403


def test_sans_la_portee_403(s):
    procedure = s.ouverte()
    logiciel = client_api(s.organisme, role=Role.CONSEILLER, portees=["personnes:read"])
    assert appelant(logiciel).get(detail(procedure)).status_code == 403
    assert journal(s.personne) == []


# --- Manquements ------------------------------------------------------------------------------------------


def test_le_referent_signale_et_la_procedure_s_ouvre_comme_sur_le_site(s):
    referent = client_api(s.organisme, role=Role.CONSEILLER)
    reponse = appelant(referent).post(MANQUEMENTS, signalement(s), format="json")
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    manquement = Manquement.objects.get(personne=s.personne)
    procedure = ProcedureSanction.objects.get(manquement=manquement)
    assert (corps["id"], corps["procedure_ouverte"], corps["procedures"]) == (
        manquement.pk,
        procedure.pk,
        [procedure.pk],
    )
    assert corps["type_manquement_libelle"].startswith("M1")
    assert manquement.signale_par_id == referent.compte_id


@pytest.mark.parametrize(("decalage", "attendu"), [(0, 201), (1, 400)])
def test_date_des_faits_aujourd_hui_au_plus_tard(s, equipe, decalage, attendu):
    jour = timezone.localdate() + datetime.timedelta(days=decalage)
    reponse = appelant(equipe).post(MANQUEMENTS, signalement(s, date_faits=jour.isoformat()), format="json")
    assert reponse.status_code == attendu, reponse.content
    assert Manquement.objects.filter(personne=s.personne).count() == (1 if attendu == 201 else 0)
    if attendu == 400:
        assert reponse.json()["erreurs"] == {"non_field_errors": ["La date des faits ne peut pas être dans le futur."]}
        assert not ProcedureSanction.objects.filter(personne=s.personne).exists()


def test_idempotency_key_signale_une_seule_fois(s, equipe):
    api = appelant(equipe)
    premiere = api.post(MANQUEMENTS, signalement(s), format="json", HTTP_IDEMPOTENCY_KEY="m-1")
    seconde = api.post(MANQUEMENTS, signalement(s), format="json", HTTP_IDEMPOTENCY_KEY="m-1")
    assert (premiere.status_code, seconde.status_code) == (201, 201)
    assert seconde["Idempotency-Replayed"] == "true"
    assert Manquement.objects.filter(personne=s.personne).count() == 1


def test_signalement_refuse_hors_du_referent_donnees_inchangees(s):
    autre = appelant(client_api(OrganisationFactory(), role=Role.CONSEILLER))
    assert autre.post(MANQUEMENTS, signalement(s), format="json").status_code == 404
    decideur = appelant(client_api(s.conseil, role=Role.DECIDEUR_DEPARTEMENTAL))
    assert decideur.post(MANQUEMENTS, signalement(s), format="json").status_code == 403
    lecteur = appelant(client_api(s.organisme, role=Role.CONSEILLER, portees=["sanctions:read"]))
    assert lecteur.post(MANQUEMENTS, signalement(s), format="json").status_code == 403
    assert not Manquement.objects.filter(personne=s.personne).exists()


def test_lecture_des_manquements_signales_et_journal(s, equipe, django_assert_max_num_queries):
    manquement = s.manquement()
    api = appelant(equipe)
    with django_assert_max_num_queries(40) as une:
        reponse = api.get(MANQUEMENTS)
    assert [m["id"] for m in reponse.json()["results"]] == [manquement.pk]
    assert journal(s.personne) == [("api", equipe.compte_id, s.organisme.pk)]
    for _ in range(4):
        Situation(organisme=s.organisme).ouverte()
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(api.get(MANQUEMENTS).json()["results"]) == 5
    lu = api.get(reverse("v1:manquement-detail", kwargs={"pk": manquement.pk}))
    assert lu.status_code == 200
    assert lu.json()["faits"] == manquement.faits
