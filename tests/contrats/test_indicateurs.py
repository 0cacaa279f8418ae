"""The pilotes' contract indicators: counts per organisme référent of their territory only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contrats import regles
from contrats.indicateurs import organisations_du_territoire, tableau
from contrats.models import ContratEngagement
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, professionnel

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:indicateurs_contrats")


def _dans(organisme, **kwargs):
    """A Situation whose organisme référent is ``organisme``."""
    s = Situation(**kwargs)
    s.organisme = organisme
    s.personne.organisme_referent = organisme
    s.personne.save(update_fields=["organisme_referent"])
    s.orientation.organisme = organisme
    s.orientation.save(update_fields=["organisme"])
    s.referent = professionnel(organisme)
    return s


def _ligne(organisme):
    return next(ligne for ligne in tableau(Organisation.objects.filter(pk=organisme.pk)))


def test_un_pilote_lit_les_organisations_de_son_departement_seulement():
    agence = OrganisationFactory(departement_id="59")
    voisine = OrganisationFactory(departement_id="59")
    ailleurs = OrganisationFactory(departement_id="62")
    pilote = professionnel(agence, Role.PILOTE)
    territoire = set(organisations_du_territoire(pilote))
    assert {agence, voisine} <= territoire and ailleurs not in territoire
    assert not organisations_du_territoire(professionnel(agence, Role.CONSEILLER)).exists()


def test_les_comptes_par_statut_et_le_retard_a_l_echeance():
    agence = OrganisationFactory(departement_id="59")
    _dans(agence).brouillon()
    _dans(agence).soumis()
    _dans(agence).accepte()
    _dans(agence).signe()
    en_retard = _dans(agence).brouillon()
    hier = timezone.localdate() - datetime.timedelta(days=1)
    ContratEngagement.objects.filter(pk=en_retard.pk).update(echeance_signature=hier)
    a_l_echeance = _dans(agence).brouillon()
    ContratEngagement.objects.filter(pk=a_l_echeance.pk).update(echeance_signature=timezone.localdate())
    ligne = _ligne(agence)
    assert (ligne.brouillons, ligne.soumis, ligne.acceptes, ligne.signes) == (3, 1, 1, 1)
    assert ligne.en_retard == 1  # the deadline day itself is not late, the day after is
    assert ligne.total == 6


def test_signes_dans_le_delai_et_apres():
    agence = OrganisationFactory(departement_id="59")
    a_temps = _dans(agence).signe()
    tard = _dans(agence).signe()
    ContratEngagement.objects.filter(pk=tard.pk).update(
        echeance_signature=timezone.localdate(tard.signe_le) - datetime.timedelta(days=1)
    )
    ContratEngagement.objects.filter(pk=a_temps.pk).update(echeance_signature=timezone.localdate(a_temps.signe_le))
    ligne = _ligne(agence)
    assert (ligne.signes, ligne.signes_dans_le_delai, ligne.taux_dans_le_delai) == (2, 1, 50)


@pytest.mark.parametrize(("jours_de_plus", "compte"), [(0, 1), (-1, 0)])
def test_sans_ore_apres_six_mois_de_signature(jours_de_plus, compte):
    agence = OrganisationFactory(departement_id="59")
    contrat = _dans(agence).signe()
    aujourdhui = timezone.localdate()
    signe_le = regles.ajouter_mois(aujourdhui, -6) + datetime.timedelta(days=-jours_de_plus)
    ContratEngagement.objects.filter(pk=contrat.pk).update(
        signe_le=timezone.make_aware(datetime.datetime.combine(signe_le, datetime.time(23, 59)))
    )
    assert _ligne(agence).sans_ore == compte


@pytest.mark.parametrize(("jours", "compte"), [(20, 0), (40, 1)])
def test_les_orientations_sans_contrat_apres_l_echeance(jours, compte):
    agence = OrganisationFactory(departement_id="59")
    _dans(agence, notifiee_le=timezone.now() - datetime.timedelta(days=jours))
    assert _ligne(agence).orientations_sans_contrat_en_retard == compte


def test_une_orientation_suivie_d_un_contrat_n_est_pas_comptee_sans_contrat():
    agence = OrganisationFactory(departement_id="59")
    _dans(agence, notifiee_le=timezone.now() - datetime.timedelta(days=40)).brouillon()
    assert _ligne(agence).orientations_sans_contrat_en_retard == 0


def test_la_page_du_pilote_et_son_nombre_de_requetes(client):
    agence = OrganisationFactory(departement_id="59", nom="Agence pilotée")
    client.force_login(professionnel(agence, Role.PILOTE))
    _dans(agence).signe()
    client.get(URL)  # the first request of a session also checks the second factor and caches the memberships
    with CaptureQueriesContext(connection) as avec_un:
        page = client.get(URL).content.decode()
    assert "Agence pilotée" in page and "Indicateurs du contrat" in page
    for _ in range(5):
        _dans(OrganisationFactory(departement_id="59")).soumis()
    with CaptureQueriesContext(connection) as avec_six:
        client.get(URL)
    assert len(avec_six) == len(avec_un)


def test_un_conseiller_n_y_accede_pas(client):
    client.force_login(professionnel(OrganisationFactory(), Role.CONSEILLER))
    assert client.get(URL).status_code == 404
