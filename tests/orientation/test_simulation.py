"""Before publishing: a draft departmental version simulated on the registered people of its département."""

import datetime

from django.urls import reverse

from orientation.simulation import population, simuler_version
from tests.factories import PersonneFactory, UserFactory, commune
from tests.inscription.factories import dossier_complet
from tests.orientation.factories import ReferentielFactory, RegleFactory, VersionReferentielFactory


def _inscrite(intensite, code_commune="59350"):
    personne = PersonneFactory(date_naissance=datetime.date(1985, 1, 1), commune=commune(code_commune))
    dossier_complet(personne, freins=[intensite])
    return personne


def _brouillon_59():
    version = VersionReferentielFactory(referentiel=ReferentielFactory(departement_id="59"))
    # Locally, barriers "moyen" lead to the département's socio-professional path.
    RegleFactory(version=version, code="local_freins_moyens", conditions={"intensite_freins": ["moyen"]})
    return version


def test_la_simulation_compte_et_nomme_ceux_qui_changeraient():
    concernee = _inscrite("moyen")
    _inscrite("sans_impact")
    _inscrite("moyen", code_commune="75056")  # another département: not simulated
    resultat = simuler_version(_brouillon_59())
    assert resultat.nombre_situations == 2
    assert resultat.nombre_changements == 1
    assert [c.personne_id for c in resultat.changements] == [concernee.pk]
    assert resultat.changements[0].apres.type_organisme == "conseil_departemental"


def test_la_population_est_lue_par_lots_a_nombre_de_requetes_constant(django_assert_max_num_queries):
    for _ in range(6):
        _inscrite("moyen")
    with django_assert_max_num_queries(4):
        assert len(list(population("59"))) == 6


def test_la_page_de_simulation_est_reservee_au_personnel(client):
    _inscrite("moyen")
    version = _brouillon_59()
    url = reverse("admin:orientation_versionreferentiel_simulation", args=[version.pk])
    client.force_login(UserFactory(professionnel=True))
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    page = client.get(url).content.decode()
    assert "changerai(en)t de proposition" in page and "<strong>1</strong>" in page
