"""The conseiller's portfolio with 250 and with 2 500 people.

Targets (issue 3): the same query count, and the page at 2 500 people no more than
10 times as slow as at 250 (``bench: portfolio_time_2500_vs_250``).
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from inscription.models import DossierInscription
from tests.benchmarks.conftest import bench
from tests.factories import OrganisationFactory, professionnel


def _peupler(agence, conseiller, jusqu_a):
    deja = Personne.objects.filter(organisme_referent=agence).count()
    personnes = Personne.objects.bulk_create(
        [
            Personne(
                nom_naissance=f"PORTEFEUILLE{i:05d}",
                prenoms="Test",
                date_naissance="1990-01-01",
                commune_id="59350",
                departement_id="59",
                organisme_referent=agence,
                referent_unique=conseiller,
            )
            for i in range(deja, jusqu_a)
        ]
    )
    DossierInscription.objects.bulk_create(
        [DossierInscription(personne=p, canal="guichet", statut="inscrit", categorie="A") for p in personnes]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE personnes_personne; ANALYZE inscription_dossierinscription")


def _mesurer(client, url, fois=30):
    from django.template import Template
    from django.test.utils import _TestState

    instrumented, Template._render = Template._render, _TestState.saved_data.template_render
    try:
        for _ in range(5):
            client.get(url)
        durees = []
        for _ in range(fois):
            debut = time.perf_counter()
            assert client.get(url).status_code == 200
            durees.append(time.perf_counter() - debut)
        with CaptureQueriesContext(connection) as requetes:
            client.get(url)
        return statistics.median(durees), len(requetes.captured_queries)
    finally:
        Template._render = instrumented


def test_portefeuille_250_et_2500():
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    client = Client()
    client.force_login(conseiller)
    url = reverse("backoffice:personnes") + "?portefeuille=1"

    _peupler(agence, conseiller, 250)
    temps_250, requetes_250 = _mesurer(client, url)
    _peupler(agence, conseiller, 2500)
    temps_2500, requetes_2500 = _mesurer(client, url)

    bench("portfolio_queries_250", requetes_250, "queries")
    bench("portfolio_queries_2500", requetes_2500, "queries")
    bench("portfolio_ms_250", round(temps_250 * 1000, 1), "ms")
    bench("portfolio_ms_2500", round(temps_2500 * 1000, 1), "ms")
    bench("portfolio_time_2500_vs_250", round(temps_2500 / temps_250, 2), "x")
    assert requetes_2500 == requetes_250
    assert temps_2500 <= 10 * temps_250
