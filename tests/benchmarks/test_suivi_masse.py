"""The follow-up status moved in bulk for 10 000 people (``rendezvous.suivi.noter_en_masse``): a bulk
invitation creates the rows, the relance sweep moves them; then the dashboard's follow-up counts and the
share of first appointments within the delay for that organisation.

``bench: suivi_masse_invite_s`` / ``suivi_masse_relance_s`` (seconds, with their statement counts
``suivi_masse_requetes``: three whatever the number), ``bench: suivi_tableau_ms`` (the counts and the share).
"""

import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from francetravail.personnes.models import Personne
from francetravail.rendezvous import suivi
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import SuiviRendezVous
from francetravail.rendezvous.suivi_affichage import compter
from francetravail.reseau.enums import Role
from orientation import premier_rdv
from tests.benchmarks.conftest import bench
from tests.factories import OrganisationFactory, professionnel

N = int(os.environ.get("BENCH_N", "10000"))


@pytest.mark.django_db
def test_suivi_en_masse():
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    personnes = Personne.objects.bulk_create(
        [
            Personne(
                nom_naissance=f"SUIVI{agence.pk}-{i:05d}",
                prenoms="Test",
                date_naissance="1990-01-01",
                departement_id="59",
                organisme_referent=agence,
            )
            for i in range(N)
        ],
        batch_size=2000,
    )
    lignes = [(p.pk, agence.pk, None) for p in personnes]
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        deplaces = suivi.noter_en_masse(
            lignes, Motif.ENTRETIEN_ORIENTATION, StatutSuivi.INVITE, acting_user=conseiller
        )
        bench(f"suivi_masse_invite_s_{N}", round(time.perf_counter() - debut, 3), "s")
    assert len(deplaces) == N
    bench("suivi_masse_requetes", len(requetes.captured_queries), "requêtes")
    debut = time.perf_counter()
    suivi.noter_en_masse(lignes, Motif.ENTRETIEN_ORIENTATION, StatutSuivi.RELANCE)
    bench(f"suivi_masse_relance_s_{N}", round(time.perf_counter() - debut, 3), "s")
    assert SuiviRendezVous.objects.filter(organisation=agence, statut=StatutSuivi.RELANCE).count() == N
    debut = time.perf_counter()
    assert compter(conseiller)[StatutSuivi.RELANCE] == N
    premier_rdv.part_dans_le_delai([agence.pk])
    bench(f"suivi_tableau_ms_{N}", round((time.perf_counter() - debut) * 1000), "ms")
