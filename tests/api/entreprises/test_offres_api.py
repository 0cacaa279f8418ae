"""Offers and applications through the API: an employer's recruitment software, and the network's conseillers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entreprises import candidatures
from entreprises.enums import StatutOffre
from entreprises.models import Offre
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from tests.entreprises import factories as fe
from tests.factories import PersonneFactory
from tests.partenaires.factories import appelant, client_api, client_api_entreprise

OFFRES = reverse("v1:offre-list")
CANDIDATURES = reverse("v1:candidature-list")


def url(nom, offre):
    return reverse(f"v1:offre-{nom}", kwargs={"pk": offre.pk})


@pytest.fixture
def e():
    return fe.entreprise()


@pytest.fixture
def ats(e):
    return client_api_entreprise(e)


def offre_json(**valeurs):
    return {
        "titre": "Boulanger / Boulangère (H/F)",
        "fiche_rome": "d1102",
        "description": "Fabrication du pain et des viennoiseries, du mardi au samedi, en équipe de quatre.",
        "type_contrat": "cdi",
        "temps_travail": "plein",
        "heures_hebdo": "35",
        "salaire_min": "2100",
        "commune": "59350",
        "date_debut": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        **valeurs,
    }


def test_un_ats_cree_puis_publie_une_offre_avec_ses_noms_et_codes(e, ats):
    api = appelant(ats)
    creee = api.post(OFFRES, offre_json(), format="json", HTTP_IDEMPOTENCY_KEY="offre-1")
    assert creee.status_code == 201, creee.content
    corps = creee.json()
    assert corps["statut"] == "brouillon"
    assert corps["entreprise"] == {"id": e.pk, "nom": e.nom}
    assert corps["metier"]["code"] == "D1102"
    assert corps["metier"]["libelle"]
    assert corps["commune"] == {"code_insee": "59350", "nom": "Lille"}
    rejouee = api.post(OFFRES, offre_json(), format="json", HTTP_IDEMPOTENCY_KEY="offre-1")
    assert rejouee.json()["id"] == corps["id"]
    assert Offre.objects.filter(entreprise=e).count() == 1
    offre = Offre.objects.get(pk=corps["id"])
    publiee = api.post(url("soumettre", offre))
    assert publiee.status_code == 200, publiee.content
    assert publiee.json()["statut"] == "publiee"
    assert publiee.json()["expire_le"] is not None
    retiree = api.post(url("retirer", offre))
    assert retiree.json()["statut"] == "retiree"


@pytest.mark.parametrize(
    ("temps", "heures", "attendu"),
    [("plein", "35", 201), ("plein", "34.5", 400), ("partiel", "34.5", 201), ("partiel", "35", 400)],
)
def test_temps_plein_a_partir_de_35_heures(e, ats, temps, heures, attendu):
    reponse = appelant(ats).post(OFFRES, offre_json(temps_travail=temps, heures_hebdo=heures), format="json")
    assert reponse.status_code == attendu, reponse.content
    assert Offre.objects.filter(entreprise=e).count() == (1 if attendu == 201 else 0)
    if attendu == 400:
        assert "heures_hebdo" in reponse.json()["erreurs"]


def test_code_rome_inconnu_refuse_par_l_action(e, ats):
    reponse = appelant(ats).post(OFFRES, offre_json(fiche_rome="Z9999"), format="json")
    assert reponse.status_code == 400
    assert "fiche_rome" in reponse.json()["erreurs"]
    assert not Offre.objects.filter(entreprise=e).exists()


def test_modifier_un_brouillon_pas_une_offre_publiee(e, ats):
    brouillon = fe.offre(e, statut=StatutOffre.BROUILLON)
    publiee = fe.offre(e, titre="Publiée")
    api = appelant(ats)
    assert api.patch(url("detail", brouillon), {"titre": "Vendeur"}, format="json").json()["titre"] == "Vendeur"
    refus = api.patch(url("detail", publiee), {"titre": "Autre"}, format="json")
    assert refus.status_code == 400
    assert Offre.objects.get(pk=publiee.pk).titre == "Publiée"


def test_l_offre_d_une_autre_entreprise_est_inconnue(e, ats):
    autre = fe.offre(fe.entreprise(nom="Autre"), statut=StatutOffre.BROUILLON)
    api = appelant(ats)
    assert api.get(url("detail", autre)).status_code == 404
    assert api.patch(url("detail", autre), {"titre": "Piratée"}, format="json").status_code == 404
    assert api.post(url("soumettre", autre)).status_code == 404
    assert Offre.objects.get(pk=autre.pk).statut == StatutOffre.BROUILLON
    assert api.get(OFFRES).json()["results"] == []


def test_sans_la_portee_d_ecriture_403(e):
    lecteur = appelant(client_api_entreprise(e, portees=["offres:read"]))
    assert lecteur.post(OFFRES, offre_json(), format="json").status_code == 403
    assert lecteur.get(OFFRES).status_code == 200
    assert not Offre.objects.filter(entreprise=e).exists()


def test_un_conseiller_du_reseau_lit_les_offres_publiees_sans_ecrire(e):
    publiee = fe.offre(e)
    fe.offre(e, statut=StatutOffre.BROUILLON)
    conseiller = appelant(client_api(role=Role.CONSEILLER, portees=["offres:read"]))
    assert [o["id"] for o in conseiller.get(OFFRES).json()["results"]] == [publiee.pk]
    assert conseiller.post(OFFRES, offre_json(), format="json").status_code == 403
    mediateur = appelant(client_api(role=Role.MEDIATEUR, portees=["offres:read"]))
    assert mediateur.get(OFFRES).status_code == 403


def test_liste_des_offres_en_requetes_constantes(e, ats, django_assert_max_num_queries):
    fe.offre(e)
    api = appelant(ats)
    with django_assert_max_num_queries(30) as une:
        api.get(OFFRES)
    for i in range(5):
        fe.offre(e, titre=f"Offre {i}", code_rome="N1103")
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(api.get(OFFRES).json()["results"]) == 6


# --- Applications -------------------------------------------------------------------------------------------


def _candidature(offre):
    personne = PersonneFactory(avec_compte=True)
    fe.profil(personne, codes_rome=("D1102",))
    return candidatures.candidater(offre, personne, personne.user)


def test_l_ats_lit_les_candidatures_journalisees_comme_sur_la_page(e, ats, django_assert_max_num_queries):
    offre = fe.offre(e)
    candidature = _candidature(offre)
    api = appelant(ats)
    with django_assert_max_num_queries(30) as une:
        reponse = api.get(CANDIDATURES, {"offre": offre.pk})
    [lue] = reponse.json()["results"]
    assert lue["nom_complet"] == candidature.personne.nom_complet
    assert lue["profil"]["metiers"][0]["code"] == "D1102"
    assert lue["profil"]["metiers"][0]["libelle"]
    journal = JournalAcces.objects.filter(personne=candidature.personne, partie=PartieDossier.CANDIDATURE)
    assert list(journal.values_list("canal", "user_id")) == [("api", ats.compte_id)]
    for _ in range(4):
        _candidature(offre)
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert len(api.get(CANDIDATURES).json()["results"]) == 5
    detail = api.get(reverse("v1:candidature-detail", kwargs={"pk": candidature.pk}))
    assert detail.status_code == 200
    assert journal.count() == 3  # the first list, the second list, the read
    assert detail.json()["statut"] == "envoyee"  # reading through the API does not mark it seen


def test_candidature_d_une_autre_entreprise_inconnue_sans_journal(e, ats):
    candidature = _candidature(fe.offre(fe.entreprise(nom="Autre")))
    api = appelant(ats)
    assert api.get(reverse("v1:candidature-detail", kwargs={"pk": candidature.pk})).status_code == 404
    assert api.get(CANDIDATURES).json()["results"] == []
    assert not JournalAcces.objects.filter(personne=candidature.personne).exists()


def test_un_conseiller_ne_lit_pas_les_candidatures_par_cette_route(e):
    _candidature(fe.offre(e))
    conseiller = appelant(client_api(role=Role.CONSEILLER, portees=["offres:read"]))
    assert conseiller.get(CANDIDATURES).status_code == 403
