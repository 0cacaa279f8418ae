"""« Où j'en suis » on the person's space: the step and what to do next, for each way in."""

import pytest
from django.urls import reverse

from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription
from tests.contrats.factories import Situation

URL = reverse("personnes:espace")


@pytest.mark.parametrize("canal", [None, Canal.EN_LIGNE, Canal.GUICHET, Canal.FLUX_CAF_MSA])
def test_un_contrat_signe_ne_dit_pas_que_l_inscription_n_est_pas_terminee(client, canal):
    """A person accompanied under a signed contract is past registration, however they came in:
    registered online, at the desk, or brought by the CAF/MSA flow (whose file stays « en cours »)."""
    situation = Situation()
    if canal is not None:
        statut = StatutInscription.EN_COURS if canal == Canal.FLUX_CAF_MSA else StatutInscription.INSCRIT
        DossierInscription.objects.create(personne=situation.personne, canal=canal, statut=statut, categorie="A")
    situation.signe()
    client.force_login(situation.personne.user)

    page = client.get(URL).content.decode()

    assert "Votre inscription n’est pas terminée" not in page
    assert "Où j’en suis" in page
    assert "Étape actuelle : Accompagnement" in page


def test_un_contrat_soumis_se_lit_et_s_accepte_avant_son_echeance(client):
    situation = Situation()
    contrat = situation.soumis()
    client.force_login(situation.personne.user)

    page = client.get(URL).content.decode()

    assert "Étape actuelle : Contrat d’engagement" in page
    assert f'href="{reverse("contrats:contrat")}">Lire et accepter mon contrat d’engagement</a>' in page
    assert f"avant le {contrat.echeance_signature.day} " in page


def test_un_contrat_signe_demande_la_semaine_a_declarer(client):
    situation = Situation()
    situation.signe()
    client.force_login(situation.personne.user)

    page = client.get(URL).content.decode()

    assert f'href="{reverse("contrats:activite")}">Déclarer mon activité de la semaine du' in page


def test_oriente_par_le_flux_caf_sans_contrat_attend_son_premier_rendez_vous(client):
    situation = Situation()
    DossierInscription.objects.create(
        personne=situation.personne, canal=Canal.FLUX_CAF_MSA, statut=StatutInscription.EN_COURS, categorie="G"
    )
    client.force_login(situation.personne.user)

    page = client.get(URL).content.decode()

    assert "Étape actuelle : Premier rendez-vous" in page
    assert "Votre inscription n’est pas terminée" not in page
