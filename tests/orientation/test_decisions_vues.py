"""Orientation pages: the deciders' queue, the decision page, the person's « Pourquoi cette orientation »."""

import datetime

import pytest
from django.urls import reverse

from francetravail.reseau.enums import Role
from inscription.enums import Categorie
from inscription.models import DossierInscription
from orientation import actions
from orientation.enums import StatutDecision
from orientation.models import DecisionOrientation
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.orientation.test_decisions import dossier_complet


@pytest.fixture
def agence():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def conseiller(agence):
    return professionnel(agence, Role.CONSEILLER)


def proposition(agence, **kwargs):
    personne = PersonneFactory(avec_compte=True, organisme_referent=agence, date_naissance=datetime.date(1990, 5, 1))
    dossier_complet(personne, **kwargs)
    return actions.proposer(personne)


def test_file_du_conseiller_et_nombre_de_requetes(client, agence, conseiller, django_assert_max_num_queries):
    client.force_login(conseiller)
    proposition(agence)
    url = reverse("backoffice:orientations")
    with django_assert_max_num_queries(30) as avant:
        response = client.get(url)
    assert response.status_code == 200
    for _ in range(5):
        proposition(agence)
    proposition(agence, se_projette="")  # giratoire
    with django_assert_max_num_queries(len(avant.captured_queries)):
        response = client.get(url)
    contenu = response.content.decode()
    assert contenu.count('name="decisions"') == 6
    assert "0 jour" in contenu
    response = client.get(url, {"statut": "giratoire"})
    assert response.content.decode().count("Entretien giratoire</td>") == 1


def test_confirmation_en_lot(client, agence, conseiller):
    a, b = proposition(agence), proposition(agence)
    autre_dep = proposition(OrganisationFactory(departement_id="62"))
    client.force_login(conseiller)
    response = client.post(reverse("backoffice:orientations"), {"decisions": [a.pk, b.pk, autre_dep.pk]})
    assert response.status_code == 302
    statuts = dict(DecisionOrientation.objects.values_list("pk", "statut"))
    assert statuts[a.pk] == statuts[b.pk] == StatutDecision.CONFIRMEE
    assert statuts[autre_dep.pk] == StatutDecision.PROPOSEE
    assert DossierInscription.objects.get(personne=a.personne).categorie in (Categorie.A, Categorie.B, "")


def test_decideur_d_un_autre_departement_404(client, agence):
    decision = proposition(agence, prestations=["rsa"])
    autre = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="62"), Role.DECIDEUR_DEPARTEMENTAL
    )
    client.force_login(autre)
    url = reverse("backoffice:orientation_personne", kwargs={"pk": decision.personne_id})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "modifier"}).status_code == 404
    assert decision.personne.nom_complet not in client.get(reverse("backoffice:orientations")).content.decode()


def test_page_de_decision_modifier_sans_motif_puis_avec(client, agence, conseiller):
    decision = proposition(agence)
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    client.force_login(conseiller)
    url = reverse("backoffice:orientation_personne", kwargs={"pk": decision.personne_id})
    response = client.get(url)
    assert response.status_code == 200
    assert decision.explication in response.content.decode()
    donnees = {"action": "modifier", "modifier-parcours": "social", "modifier-organisme": cd.pk, "modifier-motif": ""}
    response = client.post(url, donnees)
    assert response.status_code == 200
    assert "Erreur" in response.content.decode()
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.PROPOSEE
    response = client.post(url, {**donnees, "modifier-motif": "Hébergement d'urgence."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.MODIFIEE
    assert decision.organisme == cd


def test_confirmation_sur_la_page(client, agence, conseiller):
    decision = proposition(agence)
    client.force_login(conseiller)
    url = reverse("backoffice:orientation_personne", kwargs={"pk": decision.personne_id})
    response = client.post(url, {"action": "confirmer", "confirmer-organisme": agence.pk})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.CONFIRMEE


def test_la_personne_lit_pourquoi_et_recue_le_une_fois(client, agence, conseiller):
    decision = actions.confirmer(proposition(agence), acting_user=conseiller, organisme=agence)
    client.force_login(decision.personne.user)
    url = reverse("orientation:pourquoi")
    response = client.get(url)
    assert response.status_code == 200
    contenu = response.content.decode()
    assert "Pourquoi cette orientation" in contenu
    assert decision.explication in contenu
    assert decision.criteres[0] in contenu
    decision.refresh_from_db()
    premiere = decision.recue_le
    assert premiere is not None
    client.get(url)
    decision.refresh_from_db()
    assert decision.recue_le == premiere


def test_la_personne_demande_une_reorientation(client, agence, conseiller):
    decision = actions.confirmer(proposition(agence), acting_user=conseiller, organisme=agence)
    client.force_login(decision.personne.user)
    response = client.post(reverse("orientation:pourquoi"), {"motif": "Je ne peux plus me déplacer."})
    assert response.status_code == 302
    nouvelle = DecisionOrientation.objects.get(personne=decision.personne, reorientation_de=decision)
    assert nouvelle.ouverte


def test_personne_sans_orientation(client):
    personne = PersonneFactory(avec_compte=True, date_naissance=datetime.date(1990, 1, 1))
    client.force_login(personne.user)
    response = client.get(reverse("orientation:pourquoi"))
    assert response.status_code == 200
    assert "pas encore d’orientation" in response.content.decode()
