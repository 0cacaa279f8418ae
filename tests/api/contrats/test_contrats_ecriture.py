"""Writes on a contract through the API: the référent's page actions, their rules on both sides, refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats.enums import AmenagementDuree, StatutContrat
from contrats.models import ActionPlan, ContratEngagement
from francetravail.reseau.enums import Role
from tests.contrats.factories import Situation
from tests.factories import ImplicationFactory, OrganisationFactory
from tests.partenaires.factories import appelant, client_api


@pytest.fixture
def s():
    return Situation()


@pytest.fixture
def logiciel(s):
    return client_api(s.organisme, role=Role.CONSEILLER)


def url_actions(contrat):
    return reverse("v1:contrat-actions", kwargs={"pk": contrat.pk})


def url_action(contrat, action):
    return reverse("v1:contrat-action", kwargs={"pk": contrat.pk, "action_pk": action.pk})


def url_duree(contrat):
    return reverse("v1:contrat-duree", kwargs={"pk": contrat.pk})


def action_json(**valeurs):
    return {
        "type_action": "formation",
        "porteur": "personne",
        "description": "Formation de cariste",
        "debut": timezone.localdate().isoformat(),
        "heures_hebdo": "15",
        **valeurs,
    }


def etat(contrat):
    c = ContratEngagement.objects.get(pk=contrat.pk)
    return (c.statut, c.amenagement_duree, c.motif_minoration, list(c.actions.values_list("pk", "heures_hebdo")))


def test_ajouter_une_action_puis_le_total_atteint_15_heures(s, logiciel):
    contrat = s.brouillon()
    api = appelant(logiciel)
    reponse = api.post(url_actions(contrat), action_json(heures_hebdo="14.5"), format="json")
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["heures_hebdo"] == "14.5"
    detail = api.get(reverse("v1:contrat-detail", kwargs={"pk": contrat.pk})).json()
    assert detail["duree_hebdo"]["suffisante"] is False
    api.post(url_actions(contrat), action_json(heures_hebdo="0.5", description="Atelier CV"), format="json")
    detail = api.get(reverse("v1:contrat-detail", kwargs={"pk": contrat.pk})).json()
    assert (detail["duree_hebdo"]["total_plan"], detail["duree_hebdo"]["suffisante"]) == ("15.0", True)


def test_idempotency_key_ajoute_une_seule_fois(s, logiciel):
    contrat = s.brouillon()
    api = appelant(logiciel)
    premiere = api.post(url_actions(contrat), action_json(), format="json", HTTP_IDEMPOTENCY_KEY="cle-1")
    rejouee = api.post(url_actions(contrat), action_json(), format="json", HTTP_IDEMPOTENCY_KEY="cle-1")
    assert (premiere.status_code, rejouee.status_code) == (201, 201)
    assert rejouee["Idempotency-Replayed"] == "true"
    assert rejouee.json() == premiere.json()
    assert ActionPlan.objects.filter(contrat=contrat).count() == 1
    autre_corps = api.post(
        url_actions(contrat), action_json(heures_hebdo="3"), format="json", HTTP_IDEMPOTENCY_KEY="cle-1"
    )
    assert autre_corps.status_code == 422
    assert ActionPlan.objects.filter(contrat=contrat).count() == 1


@pytest.mark.parametrize(("heures", "attendu"), [("168", 201), ("168.1", 400), ("0", 201), ("-0.1", 400)])
def test_heures_d_une_action_de_0_a_168(s, logiciel, heures, attendu):
    contrat = s.brouillon()
    reponse = appelant(logiciel).post(url_actions(contrat), action_json(heures_hebdo=heures), format="json")
    assert reponse.status_code == attendu, reponse.content
    assert ActionPlan.objects.filter(contrat=contrat).count() == (1 if attendu == 201 else 0)
    if attendu == 400:
        assert reponse["Content-Type"] == "application/problem+json"
        assert "heures_hebdo" in reponse.json()["erreurs"]


def test_fin_avant_debut_refusee(s, logiciel):
    contrat = s.brouillon()
    debut = timezone.localdate()
    reponse = appelant(logiciel).post(
        url_actions(contrat), action_json(fin=(debut - timedelta(days=1)).isoformat()), format="json"
    )
    assert reponse.status_code == 400
    assert reponse.json()["erreurs"]["fin"] == ["La fin de l'action ne peut pas précéder son début."]
    assert not ActionPlan.objects.filter(contrat=contrat).exists()


def test_contrat_soumis_n_est_plus_modifiable_donnees_inchangees(s, logiciel):
    contrat = s.soumis()
    avant = etat(contrat)
    reponse = appelant(logiciel).post(url_actions(contrat), action_json(), format="json")
    assert reponse.status_code == 400
    assert reponse.json()["erreurs"]["non_field_errors"] == [
        "Le contrat n'est plus un brouillon : son plan d'action ne se modifie plus."
    ]
    assert etat(contrat) == avant


def test_modifier_les_heures_d_une_action(s, logiciel):
    contrat = s.brouillon()
    action = s.ajouter(contrat, "10")
    api = appelant(logiciel)
    reponse = api.patch(url_action(contrat, action), {"heures_hebdo": "15"}, format="json")
    assert reponse.status_code == 200, reponse.content
    assert ActionPlan.objects.get(pk=action.pk).heures_hebdo == Decimal(15)
    reponse = api.patch(url_action(contrat, action), {"heures_hebdo": "200"}, format="json")
    assert reponse.status_code == 400
    assert ActionPlan.objects.get(pk=action.pk).heures_hebdo == Decimal(15)


def test_action_d_un_autre_contrat_404(s, logiciel):
    contrat = s.brouillon()
    autre = Situation()
    action_autre = autre.ajouter(autre.brouillon(), "3")
    reponse = appelant(logiciel).patch(url_action(contrat, action_autre), {"heures_hebdo": "4"}, format="json")
    assert reponse.status_code == 404
    assert ActionPlan.objects.get(pk=action_autre.pk).heures_hebdo == Decimal(3)


def test_duree_minoree_avec_motif_puis_sans_motif_refusee(s, logiciel):
    contrat = s.brouillon()
    s.ajouter(contrat, "10")
    api = appelant(logiciel)
    sans_motif = api.put(url_duree(contrat), {"amenagement": "minoration"}, format="json")
    assert sans_motif.status_code == 400
    assert ContratEngagement.objects.get(pk=contrat.pk).amenagement_duree == AmenagementDuree.AUCUN
    reponse = api.put(
        url_duree(contrat), {"amenagement": "minoration", "motif_minoration": "Santé fragile."}, format="json"
    )
    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()["duree_hebdo"]
    assert (corps["amenagement"], corps["suffisante"], corps["erreurs"]) == ("minoration", False, [])


def test_dispense_sans_demande_de_la_personne_refusee(s, logiciel):
    contrat = s.brouillon()
    avant = etat(contrat)
    reponse = appelant(logiciel).put(
        url_duree(contrat), {"amenagement": "dispense", "motif_dispense": "sante"}, format="json"
    )
    assert reponse.status_code == 400
    assert "Une dispense de durée hebdomadaire n'est possible qu'à la demande de la personne." in str(reponse.json())
    assert etat(contrat) == avant


# --- Refusals: scope, role, organisation, token ---------------------------------------------------------


def test_sans_la_portee_d_ecriture_403(s):
    contrat = s.brouillon()
    logiciel = client_api(s.organisme, role=Role.CONSEILLER, portees=["contrats:read"])
    reponse = appelant(logiciel).post(url_actions(contrat), action_json(), format="json")
    assert reponse.status_code == 403
    assert "contrats:write" in reponse.json()["detail"]
    assert not ActionPlan.objects.filter(contrat=contrat).exists()


def test_jeton_expire_401(s, logiciel):
    contrat = s.brouillon()
    reponse = appelant(logiciel, expire_dans=timedelta(seconds=-1)).post(url_actions(contrat), action_json())
    assert reponse.status_code == 401
    assert not ActionPlan.objects.filter(contrat=contrat).exists()


def test_un_lecteur_departemental_lit_mais_n_ecrit_pas(s):
    contrat = s.brouillon()
    cd = OrganisationFactory(conseil_departemental=True, departement_id=s.personne.departement_id)
    decideur = client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    api = appelant(decideur)
    assert api.get(reverse("v1:contrat-detail", kwargs={"pk": contrat.pk})).status_code == 200
    assert api.post(url_actions(contrat), action_json(), format="json").status_code == 403
    assert not ActionPlan.objects.filter(contrat=contrat).exists()


def test_une_organisation_impliquee_lit_mais_n_est_pas_referente(s):
    contrat = s.brouillon()
    associee = OrganisationFactory()
    ImplicationFactory(personne=s.personne, organisation=associee)
    api = appelant(client_api(associee, role=Role.CONSEILLER))
    assert api.get(reverse("v1:contrat-detail", kwargs={"pk": contrat.pk})).status_code == 200
    assert api.post(url_actions(contrat), action_json(), format="json").status_code == 404
    assert not ActionPlan.objects.filter(contrat=contrat).exists()


def test_statut_inchange_par_une_ecriture_refusee(s, logiciel):
    contrat = s.brouillon()
    autre = client_api(OrganisationFactory(), role=Role.CONSEILLER)
    assert appelant(autre).put(url_duree(contrat), {"amenagement": "aucun"}, format="json").status_code == 404
    assert ContratEngagement.objects.get(pk=contrat.pk).statut == StatutContrat.BROUILLON
