"""The API's list of people shows identity and contact details: each person returned is a logged read."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from francetravail.audit.enums import Canal, PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.personnes.acces import organisation_donnant_acces
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonneFactory,
    UserFactory,
    commune,
    professionnel,
)

LISTE = reverse("v1:personne-list")


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_chaque_personne_de_la_page_est_journalisee_avec_l_organisation_du_lecteur():
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    suivies = PersonneFactory.create_batch(3, organisme_referent=agence)
    cachee = PersonneFactory()

    response = _client(conseiller).get(LISTE)

    assert response.status_code == 200
    assert {p["id"] for p in response.json()["results"]} == {p.pk for p in suivies}
    lignes = JournalAcces.objects.filter(user=conseiller)
    assert sorted(lignes.values_list("personne_id", flat=True)) == sorted(p.pk for p in suivies)
    assert set(lignes.values_list("organisation_id", "partie", "canal")) == {
        (agence.pk, PartieDossier.IDENTITE, Canal.API)
    }
    assert not JournalAcces.objects.filter(personne=cachee).exists()


def test_seule_la_page_renvoyee_est_journalisee():
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    PersonneFactory.create_batch(3, organisme_referent=agence)
    response = _client(conseiller).get(LISTE, {"taille": 2})
    renvoyees = {p["id"] for p in response.json()["results"]}
    assert len(renvoyees) == 2
    assert set(JournalAcces.objects.values_list("personne_id", flat=True)) == renvoyees


def test_chaque_personne_est_journalisee_avec_l_organisation_qui_ouvre_son_dossier():
    """A reader of several organisations: each row names the organisation through which that file is open."""
    agence = OrganisationFactory()
    cd = OrganisationFactory(conseil_departemental=True)
    mission_locale = OrganisationFactory(mission_locale=True, departement_id="62")
    lecteur = professionnel(agence, Role.CONSEILLER)
    MembershipFactory(user=lecteur, organisation=cd, role=Role.EQUIPE_PLURIDISCIPLINAIRE)
    MembershipFactory(user=lecteur, organisation=mission_locale, role=Role.CONSEILLER)
    referent = PersonneFactory(organisme_referent=agence)
    du_departement = PersonneFactory(organisme_referent=OrganisationFactory())
    impliquee = PersonneFactory(organisme_referent=OrganisationFactory(departement_id="62"), commune=None)
    Implication.objects.create(
        personne=impliquee, organisation=mission_locale, motif="Suivi", created_by=UserFactory()
    )

    assert _client(lecteur).get(LISTE).status_code == 200

    assert dict(JournalAcces.objects.filter(user=lecteur).values_list("personne_id", "organisation_id")) == {
        referent.pk: agence.pk,
        du_departement.pk: cd.pk,
        impliquee.pk: mission_locale.pk,
    }


def test_la_version_ensembliste_de_la_porte_dit_comme_la_porte():
    """organisations_donnant_acces is organisation_donnant_acces for a list: same answer for every person."""
    from francetravail.personnes.acces import organisations_donnant_acces

    agence = OrganisationFactory()
    cd = OrganisationFactory(conseil_departemental=True)
    mission_locale = OrganisationFactory(mission_locale=True, departement_id="62")
    mediation = OrganisationFactory(departement_id="75")
    lecteur = professionnel(agence, Role.CONSEILLER)
    MembershipFactory(user=lecteur, organisation=cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    MembershipFactory(user=lecteur, organisation=mission_locale, role=Role.CONSEILLER)
    MembershipFactory(user=lecteur, organisation=mediation, role=Role.MEDIATEUR)
    # A département-wide role held outside a conseil départemental: both versions must say the same of it.
    agence_62 = OrganisationFactory(departement_id="62")
    MembershipFactory(user=lecteur, organisation=agence_62, role=Role.EQUIPE_PLURIDISCIPLINAIRE)
    personnes = [
        PersonneFactory(organisme_referent=OrganisationFactory(departement_id="62"), commune=commune("62041")),
        PersonneFactory(organisme_referent=agence),
        PersonneFactory(organisme_referent=OrganisationFactory()),
        PersonneFactory(organisme_referent=None),
        PersonneFactory(organisme_referent=OrganisationFactory(departement_id="75"), commune=None),
        PersonneFactory(organisme_referent=OrganisationFactory(departement_id="75"), commune=None),
        PersonneFactory(organisme_referent=OrganisationFactory(departement_id="75"), commune=None),
    ]
    createur = UserFactory()
    Implication.objects.create(personne=personnes[4], organisation=mission_locale, motif="A", created_by=createur)
    Implication.objects.create(personne=personnes[5], organisation=mediation, motif="B", created_by=createur)
    personnes = list(Personne.objects.filter(pk__in=[p.pk for p in personnes]))
    moi = PersonneFactory(avec_compte=True)

    attendu = {p.pk: organisation_donnant_acces(lecteur, p) for p in personnes}
    assert organisations_donnant_acces(lecteur, personnes) == attendu
    # Two files stay closed: the Pas-de-Calais one (a département-wide role held in an agency reads
    # nothing, issue 14) and the last one (nobody gave access).
    assert list(attendu.values()).count(None) == 2
    assert organisations_donnant_acces(moi.user, [moi, *personnes]) == {
        moi.pk: False,
        **dict.fromkeys(attendu, None),
    }
    lecteur.is_active = False
    lecteur.save(update_fields=["is_active"])
    assert organisations_donnant_acces(lecteur, personnes) == dict.fromkeys(attendu, None)


@pytest.mark.parametrize("n", [2, 25])  # 2 × 25: a full page
def test_la_liste_a_un_nombre_de_requetes_constant(django_assert_max_num_queries, n):
    agence = OrganisationFactory()
    mission_locale = OrganisationFactory(mission_locale=True, departement_id="62")
    conseiller = professionnel(agence)
    MembershipFactory(user=conseiller, organisation=mission_locale, role=Role.CONSEILLER)
    createur = UserFactory()
    for personne in PersonneFactory.create_batch(n, organisme_referent=OrganisationFactory(departement_id="62")):
        Implication.objects.create(personne=personne, organisation=mission_locale, motif="X", created_by=createur)
    PersonneFactory.create_batch(n, organisme_referent=agence)
    client = _client(conseiller)
    with django_assert_max_num_queries(13):
        response = client.get(LISTE)
    assert response.status_code == 200
    assert JournalAcces.objects.count() == 2 * n
