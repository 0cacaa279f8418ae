"""The matching pages: ranked candidates for whoever manages an offer, offers for a person (both sides)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entreprises.enums import StatutOffre
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from tests.entreprises.factories import employeur, entreprise, offre, profil
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


@pytest.fixture
def scene():
    """A company followed by organisation A (its référent entreprise is a conseiller of A), an offer
    whose conseiller recrutement works at mission locale B, and two candidates: one followed by A,
    one followed by organisation C."""
    a = OrganisationFactory()
    b = OrganisationFactory(mission_locale=True)
    c = OrganisationFactory(departement_id="62")
    societe = entreprise(organisation_referente=a)
    recruteur = professionnel(b)
    o = offre(societe, conseiller_recrutement=recruteur)
    suivi_par_a = profil(PersonneFactory(avec_compte=True, organisme_referent=a, email="a@exemple.fr"))
    suivi_par_c = profil(PersonneFactory(organisme_referent=c), commune_code="62041")
    return {
        "a": a,
        "b": b,
        "societe": societe,
        "recruteur": recruteur,
        "offre": o,
        "suivi_par_a": suivi_par_a,
        "suivi_par_c": suivi_par_c,
    }


def _url(o):
    return reverse("backoffice:offre_candidats", kwargs={"pk": o.pk})


@pytest.mark.parametrize("qui", ["recruteur", "referent_entreprise", "conseiller_organisation_referente"])
def test_ceux_qui_gerent_l_offre_voient_les_candidats_de_tout_le_reseau(client, scene, qui):
    user = {
        "recruteur": lambda: scene["recruteur"],
        "referent_entreprise": lambda: scene["societe"].referent,
        "conseiller_organisation_referente": lambda: professionnel(scene["a"]),
    }[qui]()
    client.force_login(user)
    response = client.get(_url(scene["offre"]))
    assert response.status_code == 200
    candidats = response.context["candidats"]
    assert [c.personne_id for c in candidats] == [scene["suivi_par_a"].pk, scene["suivi_par_c"].pk]
    page = response.content.decode()
    assert "Même commune (Lille)" in page and "Même région (Hauts-de-France)" in page
    assert "Boulanger / Boulangère (D1102)" in page
    assert "a@exemple.fr" in page
    assert reverse("backoffice:offre", kwargs={"pk": scene["offre"].pk}) in page
    # Each candidate shown (identity, contact, career) is logged once in their access log; nobody else is.
    lignes = JournalAcces.objects.filter(user=user)
    assert sorted(lignes.values_list("personne_id", flat=True)) == sorted(c.personne_id for c in candidats)
    assert set(lignes.values_list("partie", flat=True)) == {PartieDossier.PARCOURS}


def test_le_dossier_ne_s_ouvre_que_si_la_porte_l_ouvre(client, scene):
    conseiller_a = professionnel(scene["a"])
    client.force_login(conseiller_a)
    response = client.get(_url(scene["offre"]))
    acces = {c.personne_id: c.dossier_accessible for c in response.context["candidats"]}
    assert acces == {scene["suivi_par_a"].pk: True, scene["suivi_par_c"].pk: False}
    page = response.content.decode()
    assert reverse("backoffice:fiche_personne", kwargs={"pk": scene["suivi_par_a"].pk}) in page
    assert reverse("backoffice:fiche_personne", kwargs={"pk": scene["suivi_par_c"].pk}) not in page
    # The recruiter from B follows neither: no link at all, the names and contacts are shown.
    client.force_login(scene["recruteur"])
    response = client.get(_url(scene["offre"]))
    assert not any(c.dossier_accessible for c in response.context["candidats"])


@pytest.mark.parametrize(
    "qui",
    [
        "autre_conseiller",
        "travailleur_social",
        "decideur_departemental",
        "pilote_organisation_referente",
        "mediateur_organisation_referente",
        "admin_organisation_referente",
        "employeur",
        "personne",
    ],
)
def test_les_autres_n_ont_pas_la_liste(client, scene, qui):
    cd = OrganisationFactory(conseil_departemental=True)
    user = {
        "autre_conseiller": lambda: professionnel(OrganisationFactory()),
        "travailleur_social": lambda: professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        "decideur_departemental": lambda: professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
        "pilote_organisation_referente": lambda: professionnel(scene["a"], Role.PILOTE),
        "mediateur_organisation_referente": lambda: professionnel(scene["a"], Role.MEDIATEUR),
        "admin_organisation_referente": lambda: professionnel(scene["a"], Role.ADMIN_ORGANISATION),
        "employeur": lambda: employeur(scene["societe"]),
        "personne": lambda: scene["suivi_par_a"].personne.user,
    }[qui]()
    client.force_login(user)
    assert client.get(_url(scene["offre"])).status_code == 404


def test_anonyme_et_identifiants_inconnus(client, scene):
    assert client.get(_url(scene["offre"])).status_code == 302
    client.force_login(scene["recruteur"])
    assert client.get(reverse("backoffice:offre_candidats", kwargs={"pk": 999_999_999})).status_code == 404
    assert client.get(f"/conseiller/offres/{2**63}/candidats/").status_code == 404


@pytest.mark.parametrize("statut", [StatutOffre.BROUILLON, StatutOffre.A_VALIDER, StatutOffre.POURVUE])
def test_une_offre_non_publiee_n_a_pas_de_candidats(client, scene, statut):
    o = offre(scene["societe"], statut=statut, conseiller_recrutement=scene["recruteur"])
    client.force_login(scene["recruteur"])
    response = client.get(_url(o))
    assert response.status_code == 200
    assert response.context["candidats"] == []
    assert "les candidats sont recherchés une fois l’offre publiée" in response.content.decode()


def test_nombre_de_requetes_constant(client, scene, django_assert_num_queries):
    client.force_login(scene["recruteur"])
    client.get(_url(scene["offre"]))  # the professional context is cached from here on
    with CaptureQueriesContext(connection) as deux:
        assert len(client.get(_url(scene["offre"])).context["candidats"]) == 2
    for _ in range(6):
        profil(PersonneFactory(organisme_referent=scene["a"]), codes_rome=["D1104"])
    with django_assert_num_queries(len(deux)):
        response = client.get(_url(scene["offre"]))
    assert len(response.context["candidats"]) == 8


# --- The person's side --------------------------------------------------------------------------


def test_la_personne_voit_les_offres_qui_lui_correspondent(client, scene):
    personne = scene["suivi_par_a"].personne
    client.force_login(personne.user)
    response = client.get(reverse("emploi:offres"))
    assert response.status_code == 200
    assert [o.offre_id for o in response.context["offres"]] == [scene["offre"].pk]
    page = response.content.decode()
    assert scene["offre"].titre in page and "Même métier (D1102)" in page
    assert reverse("emploi:offre", kwargs={"pk": scene["offre"].pk}) in page


def test_sans_metier_la_personne_est_invitee_a_completer(client):
    personne = PersonneFactory(avec_compte=True)
    client.force_login(personne.user)
    response = client.get(reverse("emploi:offres"))
    assert "Indiquez les métiers que vous recherchez" in response.content.decode()
    assert reverse("emploi:profil") in response.content.decode()


def test_offre_publiee_seulement(client, scene):
    personne = PersonneFactory(avec_compte=True)
    profil(personne)
    client.force_login(personne.user)
    response = client.get(reverse("emploi:offre", kwargs={"pk": scene["offre"].pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert scene["offre"].description in page and "Même métier (D1102)" in page
    for statut in (StatutOffre.BROUILLON, StatutOffre.A_VALIDER, StatutOffre.POURVUE, StatutOffre.EXPIREE):
        autre = offre(scene["societe"], statut=statut)
        assert client.get(reverse("emploi:offre", kwargs={"pk": autre.pk})).status_code == 404
    assert client.get(reverse("emploi:offre", kwargs={"pk": 999_999_999})).status_code == 404


@pytest.mark.parametrize("qui", ["conseiller", "employeur"])
def test_les_pages_de_la_personne_sont_refusees_aux_autres(client, scene, qui):
    client.force_login(scene["recruteur"] if qui == "conseiller" else employeur(scene["societe"]))
    assert client.get(reverse("emploi:offres")).status_code == 404
    assert client.get(reverse("emploi:offre", kwargs={"pk": scene["offre"].pk})).status_code == 404


def test_le_referent_voit_les_offres_d_une_personne(client, scene):
    personne = scene["suivi_par_a"].personne
    conseiller = professionnel(scene["a"])
    client.force_login(conseiller)
    response = client.get(reverse("backoffice:offres_pour_personne", kwargs={"pk": personne.pk}))
    assert response.status_code == 200
    assert [o.offre_id for o in response.context["offres"]] == [scene["offre"].pk]
    assert "Même métier (D1102)" in response.content.decode()
    assert reverse("backoffice:offre", kwargs={"pk": scene["offre"].pk}) in response.content.decode()
    assert JournalAcces.objects.filter(personne=personne, user=conseiller, partie=PartieDossier.PARCOURS).exists()
    # Another organisation's conseiller: the gate's 404.
    client.force_login(scene["recruteur"])
    assert client.get(reverse("backoffice:offres_pour_personne", kwargs={"pk": personne.pk})).status_code == 404


def test_offres_de_la_personne_nombre_de_requetes_constant(client, scene, django_assert_num_queries):
    personne = scene["suivi_par_a"].personne
    client.force_login(personne.user)
    client.get(reverse("emploi:offres"))
    with CaptureQueriesContext(connection) as une:
        assert len(client.get(reverse("emploi:offres")).context["offres"]) == 1
    for _ in range(5):
        offre(scene["societe"], code_rome="D1104")
    with django_assert_num_queries(len(une)):
        assert len(client.get(reverse("emploi:offres")).context["offres"]) == 6


def test_le_decideur_departemental_lit_les_offres_sans_lien_vers_l_offre(client, scene):
    """He reads the person's file by département, but the offer's page is the conseillers' (their 404)."""
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decideur = professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL)
    client.force_login(decideur)
    personne = scene["suivi_par_a"].personne
    response = client.get(reverse("backoffice:offres_pour_personne", kwargs={"pk": personne.pk}))
    assert response.status_code == 200
    assert [o.offre_id for o in response.context["offres"]] == [scene["offre"].pk]
    assert reverse("backoffice:offre", kwargs={"pk": scene["offre"].pk}) not in response.content.decode()
