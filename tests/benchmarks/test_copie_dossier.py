"""The copy of a person's file (issue 21): how long the worker takes to build the ZIP of a busy file.

``bench: export_person_s`` — one copy (every category's JSON, the documents, the PDF summary) of a file
with a signed contract and ``BENCH_COPIE_EVENEMENTS`` (default 500) audit events and as many reads in
the access log, built as the worker does (``copie_zip.construire``).

Run: ``TEST_SUFFIX=bench .venv/bin/pytest tests/benchmarks/test_copie_dossier.py -p no:xdist -s -q``.
"""

import datetime
import io
import os
import time
import zipfile

import pytest
from django.utils import timezone

from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.donnees import copie_actions, copie_zip
from francetravail.donnees.enums import StatutCopie
from tests.benchmarks.conftest import bench
from tests.contrats.factories import Situation

N = int(os.environ.get("BENCH_COPIE_EVENEMENTS", "500"))


@pytest.mark.django_db
def test_copie_d_un_dossier_de_500_evenements():
    s = Situation()
    s.signe()
    maintenant = timezone.now()
    types = [TypeEvenement.COPIE_DEMANDEE, TypeEvenement.DOCUMENT_DEPOSE, TypeEvenement.CONTRAT_DOCUMENT_GENERE]
    AuditEvent.objects.bulk_create(
        AuditEvent(
            event_type=types[i % len(types)],
            acting_user=s.referent,
            personne=s.personne,
            organisation=s.organisme,
            motif=f"Événement {i}",
            data={"i": i},
            at=maintenant - datetime.timedelta(minutes=i),
        )
        for i in range(N)
    )
    JournalAcces.objects.bulk_create(
        JournalAcces(
            personne=s.personne,
            user=s.referent,
            organisation=s.organisme,
            partie=PartieDossier.SYNTHESE,
            canal=Canal.WEB,
            at=maintenant - datetime.timedelta(minutes=i),
        )
        for i in range(N)
    )
    copie = copie_actions.demander_copie(s.personne, par=s.personne.user)
    # Warm-up, as in a running worker: WeasyPrint loads its fonts once per process (about 3 s).
    copie_zip.rendre_resume(s.personne, [], [], genere_le=maintenant, expire_le=maintenant)

    debut = time.perf_counter()
    copie_zip.construire(copie.pk)
    duree = time.perf_counter() - debut

    copie.refresh_from_db()
    assert copie.statut == StatutCopie.PRETE, copie.erreur
    with copie.fichier.open("rb") as ouvert:
        archive = zipfile.ZipFile(io.BytesIO(ouvert.read()))
    assert "resume.pdf" in archive.namelist()
    bench("export_person_s", f"{duree:.2f}", "s")
    bench("export_person_zip_kb", f"{copie.taille / 1024:.0f}", "kB")
    assert duree < 30
