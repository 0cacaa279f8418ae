"""Contracts through the API as a partner's software reads them: the référent's pages' gate and access log."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from contrats import actions, suivi
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import Role
from tests.contrats.factories import Situation, orientation_notifiee
from tests.factories import OrganisationFactory, PersonneFactory
from tests.partenaires.factories import appelant, client_api

LISTE = reverse("v1:contrat-list")


def detail(contrat):
    return reverse("v1:contrat-detail", kwargs={"pk": contrat.pk})


@pytest.fixture
def s():
    return Situation()


@pytest.fixture
def logiciel(s):
    return client_api(s.organisme, role=Role.CONSEILLER)


def journal(personne, partie):
    return list(JournalAcces.objects.filter(personne=personne, partie=partie).values_list("canal", "user_id"))


def test_lecture_d_un_contrat_signe_versions_plan_et_journal(s, logiciel, media):
    contrat = s.signe()
    reponse = appelant(logiciel).get(detail(contrat))
    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    assert corps["statut"] == "signe"
    assert corps["statut_libelle"] == "Signé"
    assert corps["organisme"] == {"id": s.organisme.pk, "nom": s.organisme.nom}
    assert corps["version_en_vigueur"] == 1
    assert corps["signe_le"] is not None
    [version] = corps["versions"]
    assert version["numero"] == 1
    assert version["acceptee_le"] is not None
    assert version["pdf"] == reverse("v1:contrat-pdf", kwargs={"pk": contrat.pk}) + "?version=1"
    assert [c["etat"] for c in version["changements"]] == ["ajoutee"]
    [action] = corps["plan"]
    assert action["type_action_libelle"] == "Formation"
    assert action["heures_hebdo"] == "15.0"
    assert corps["duree_hebdo"]["suffisante"] is True
    assert journal(s.personne, PartieDossier.CONTRAT) == [("api", logiciel.compte_id)]


def test_une_revision_dit_ce_qu_elle_change(s, logiciel, media):
    contrat = s.signe()
    contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape.")
    action = contrat.actions.get()
    actions.modifier_action(action, acting_user=s.referent, heures_hebdo=Decimal(20))
    actions.soumettre(contrat, acting_user=s.referent)
    corps = appelant(logiciel).get(detail(contrat)).json()
    assert [v["numero"] for v in corps["versions"]] == [2, 1]
    [changement] = corps["versions"][0]["changements"]
    assert changement["etat"] == "modifiee"
    assert changement["details"] == ["heures par semaine : 15 h → 20 h"]
    assert corps["version_en_vigueur"] == 1


def test_les_quinze_heures_des_deux_cotes(s, logiciel):
    contrat = s.brouillon()
    s.ajouter(contrat, "14.5")
    corps = appelant(logiciel).get(detail(contrat)).json()["duree_hebdo"]
    assert (corps["total_plan"], corps["minimum_legal"], corps["suffisante"]) == ("14.5", "15.0", False)
    assert corps["erreurs"] == [
        "Le plan d'action totalise 14,5 heures par semaine : il en faut au moins 15, sauf minoration motivée ou "
        "dispense à la demande de la personne."
    ]
    s.ajouter(contrat, "0.5", description="Atelier CV")
    corps = appelant(logiciel).get(detail(contrat)).json()["duree_hebdo"]
    assert (corps["total_plan"], corps["suffisante"], corps["erreurs"]) == ("15.0", True, [])


def test_liste_filtree_et_journalisee(s, logiciel):
    contrat = s.brouillon()
    autre = Situation()
    autre.brouillon()  # another organisation's person: not listed
    reponse = appelant(logiciel).get(LISTE)
    assert reponse.status_code == 200, reponse.content
    assert [c["id"] for c in reponse.json()["results"]] == [contrat.pk]
    assert journal(s.personne, PartieDossier.CONTRAT) == [("api", logiciel.compte_id)]
    assert not JournalAcces.objects.filter(personne=autre.personne).exists()
    assert appelant(logiciel).get(LISTE, {"statut": "signe"}).json()["results"] == []


def _contrats_en_plus(s, nombre):
    for _ in range(nombre):
        personne = PersonneFactory(organisme_referent=s.organisme)
        orientation_notifiee(personne)
        contrat = actions.rediger(personne, acting_user=s.referent)
        s.ajouter(contrat, "15")


def test_nombre_de_requetes_constant(s, logiciel, django_assert_max_num_queries):
    s.ajouter(s.brouillon(), "15")
    api = appelant(logiciel)
    with django_assert_max_num_queries(40) as une:
        assert len(api.get(LISTE).json()["results"]) == 1
    _contrats_en_plus(s, 5)
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(api.get(LISTE).json()["results"]) == 6


def test_pdf_de_la_version_en_vigueur_journalise_comme_document(s, logiciel, media):
    contrat = s.signe()
    reponse = appelant(logiciel).get(reverse("v1:contrat-pdf", kwargs={"pk": contrat.pk}))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    assert journal(s.personne, PartieDossier.CONTRAT_DOCUMENT) == [("api", logiciel.compte_id)]
    assert journal(s.personne, PartieDossier.CONTRAT) == []


def test_pdf_d_une_version_inexistante_404_en_problem_json(s, logiciel, media):
    contrat = s.signe()
    reponse = appelant(logiciel).get(
        reverse("v1:contrat-pdf", kwargs={"pk": contrat.pk}), {"version": "2"}, HTTP_ACCEPT="application/pdf"
    )
    assert reponse.status_code == 404
    assert reponse["Content-Type"] == "application/problem+json"


def test_pdf_d_un_brouillon_jamais_soumis_404(s, logiciel):
    contrat = s.brouillon()
    assert appelant(logiciel).get(reverse("v1:contrat-pdf", kwargs={"pk": contrat.pk})).status_code == 404


def test_suivi_heures_prevues_et_declarees_journalise_comme_suivi(s, logiciel, media):
    contrat = s.signe()
    action = contrat.actions.get()
    suivi.declarer_semaine(
        contrat, acting_user=s.personne.user, semaine=timezone.localdate(), heures={action.pk: "12.5"}
    )
    reponse = appelant(logiciel).get(reverse("v1:contrat-suivi", kwargs={"pk": contrat.pk}))
    assert reponse.status_code == 200, reponse.content
    semaine = reponse.json()["semaines"][0]
    assert (semaine["prevu"], semaine["declare"], semaine["ecart"]) == ("15.0", "12.5", "-2.5")
    assert semaine["lignes"][0]["action"] == "Formation : Formation de cariste"
    assert journal(s.personne, PartieDossier.SUIVI) == [("api", logiciel.compte_id)]


# --- Refusals ------------------------------------------------------------------------------------------


def test_contrat_d_une_autre_organisation_404_comme_inconnu_sans_journal(s):
    contrat = s.brouillon()
    etranger = client_api(OrganisationFactory(), role=Role.CONSEILLER)
    api = appelant(etranger)
    refuse = api.get(detail(contrat))
    inconnu = api.get(reverse("v1:contrat-detail", kwargs={"pk": 10**12}))
    assert (refuse.status_code, inconnu.status_code) == (404, 404)
    assert refuse.json() == inconnu.json()
    assert api.get(reverse("v1:contrat-pdf", kwargs={"pk": contrat.pk})).status_code == 404
    assert api.get(reverse("v1:contrat-detail", kwargs={"pk": 2**63})).status_code == 404
    assert not JournalAcces.objects.filter(personne=s.personne).exists()


def test_sans_la_portee_403_sans_jeton_401_jeton_expire_401(s, logiciel):
    contrat = s.brouillon()
    assert appelant(logiciel, portees=["personnes:read"]).get(detail(contrat)).status_code == 403
    assert APIClient().get(detail(contrat)).status_code == 401
    assert appelant(logiciel, expire_dans=timedelta(seconds=-1)).get(detail(contrat)).status_code == 401
    assert not JournalAcces.objects.filter(personne=s.personne).exists()


def test_un_mediateur_ne_lit_pas_les_contrats_comme_sur_le_site(s):
    contrat = s.brouillon()
    mediateur = client_api(s.organisme, role=Role.MEDIATEUR)
    assert appelant(mediateur).get(detail(contrat)).status_code == 403
    assert appelant(mediateur).get(LISTE).status_code == 403


def test_client_revoque_refuse(s, logiciel):
    contrat = s.brouillon()
    api = appelant(logiciel)
    ClientAPI.objects.filter(pk=logiciel.pk).update(revoque_le=timezone.now())
    assert api.get(detail(contrat)).status_code == 401
