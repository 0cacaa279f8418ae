"""The contract's PDF: rendering time of a typical contract, and documents per second with a real worker.

Targets (issue 4): ``bench: contract_pdf_mean`` ≤ 1 s for a typical contract (8 actions,
an ORE); ``bench: contract_pdf_worker`` reports how many documents per second a real
Celery worker (tests/fixtures_e2e.py: 4 threads on the test Redis) stores for a batch of
``BENCH_CONTRATS_N`` (default 1 000) submitted contracts.

Run: ``TEST_SUFFIX=bench .venv/bin/pytest tests/benchmarks/test_contrats.py -p no:xdist -s -q``.
"""

import datetime
import os
import statistics
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from contrats import actions, regles
from contrats.document import rendre_pdf
from contrats.enums import PorteurAction, TypeAction
from contrats.models import ContratEngagement, VersionContrat
from contrats.tasks import generer_document
from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Organisation
from orientation.enums import StatutDecision
from orientation.models import DecisionOrientation
from tests.benchmarks.conftest import bench
from tests.contrats.factories import Situation

N = int(os.environ.get("BENCH_CONTRATS_N", "1000"))
RENDUS = int(os.environ.get("BENCH_CONTRATS_RENDUS", "20"))


def contrat_typique():
    """A submitted contract of 8 actions (2 h each, 16 h a week) with an ORE: its version."""
    s = Situation(date_naissance=datetime.date(1985, 3, 2))
    contrat = s.brouillon()
    debut = timezone.localdate()
    for i in range(8):
        s.ajouter(
            contrat,
            "2",
            type_action=list(TypeAction)[i % len(TypeAction)],
            porteur=PorteurAction.PERSONNE if i % 3 else PorteurAction.ORGANISME,
            description=f"Action {i + 1} : démarche détaillée avec l'organisme, sur plusieurs lignes de texte "
            "pour ressembler à un vrai plan d'action rédigé par un référent.",
            debut=debut,
            fin=debut + datetime.timedelta(days=90),
        )
    actions.fixer_ore(
        contrat,
        acting_user=s.referent,
        metiers=["N1101", "N1103"],
        zone="Lille et 30 km",
        salaire_attendu=Decimal(1900),
    )
    return s, actions.soumettre(contrat, acting_user=s.referent).derniere_version()


@pytest.mark.django_db
def test_rendu_pdf_d_un_contrat_typique():
    _, version = contrat_typique()
    rendre_pdf(version)  # warm-up: fonts and templates loaded once per process
    durees = []
    for _ in range(RENDUS):
        debut = time.perf_counter()
        rendre_pdf(version)
        durees.append(time.perf_counter() - debut)
    bench("contract_pdf_mean", f"{statistics.mean(durees):.3f}", "s")
    bench("contract_pdf_max", f"{max(durees):.3f}", "s")
    assert statistics.mean(durees) <= 1.0


# What the worker bench commits; emptied after the run (the bench database only holds tests' rows).
_TABLES_ECRITES = (
    "contrats_lignedeclaration",
    "contrats_declarationactivite",
    "contrats_historiquecontrat",
    "contrats_actionplan",
    "contrats_versioncontrat",
    "contrats_contratengagement",
    "orientation_decisionorientation",
    "personnes_personne",
    "audit_auditevent",
    "contrats_actionplanevent",
    "contrats_versioncontratevent",
    "contrats_contratengagementevent",
    "orientation_decisionorientationevent",
    "personnes_personneevent",
    "pghistory_context",
)


@pytest.fixture
def lot_valide(base_validee):
    """Commits for real; empties what it wrote, and deletes the accounts and organisation it made
    (the factories' sequences restart with each run: their emails would collide next time)."""
    crees = []
    yield crees
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_TABLES_ECRITES)} CASCADE")
    for s in crees:
        User.objects.filter(pk__in=[s.referent.pk, s.personne.user_id]).delete()
        Organisation.objects.filter(pk=s.organisme.pk).delete()


def _lot(n, crees):
    """``n`` submitted contracts (one version each, the typical content), committed; their version ids."""
    with transaction.atomic():
        s, modele = contrat_typique()
    crees.append(s)
    maintenant = timezone.now()
    personnes = Personne.objects.bulk_create(
        Personne(
            nom_naissance=f"BENCH{i:05d}",
            prenoms=f"Prénom {i}",
            date_naissance=datetime.date(1980, 1, 1) + datetime.timedelta(days=i),
            organisme_referent=s.organisme,
        )
        for i in range(n)
    )
    orientations = DecisionOrientation.objects.bulk_create(
        DecisionOrientation(
            personne=p,
            statut=StatutDecision.CONFIRMEE,
            explication="Bench",
            parcours_propose=modele.contrat.parcours,
            parcours=modele.contrat.parcours,
            organisme=s.organisme,
            decidee_le=maintenant,
            notifiee_le=maintenant,
        )
        for p in personnes
    )
    contrats = ContratEngagement.objects.bulk_create(
        ContratEngagement(
            personne=o.personne,
            orientation=o,
            parcours=o.parcours,
            organisme=s.organisme,
            referent=s.referent,
            statut="soumis",
            echeance_signature=timezone.localdate() + datetime.timedelta(days=30),
        )
        for o in orientations
    )
    versions = []
    for c in contrats:
        contenu = {
            **modele.contenu,
            "contrat": c.pk,
            "personne": {**modele.contenu["personne"], "nom": c.personne.nom_naissance},
        }
        versions.append(
            VersionContrat(
                contrat=c, numero=1, contenu=contenu, empreinte=regles.empreinte(contenu), soumise_par=s.referent
            )
        )
    return [v.pk for v in VersionContrat.objects.bulk_create(versions)]


@pytest.mark.no_django_db
def test_documents_generes_par_un_vrai_worker(lot_valide, celery_worker_reel):
    tache = "contrats.tasks.generer_document"
    ids = _lot(N, lot_valide)
    # The model contract's own submission queued its document at commit: let it finish first.
    celery_worker_reel.attendre(tache, 1, timeout=60)
    deja = celery_worker_reel.terminees(tache)
    debut = time.perf_counter()
    for pk in ids:
        generer_document.delay(pk)
    celery_worker_reel.attendre(tache, deja + N, timeout=max(600, 2 * N))
    duree = time.perf_counter() - debut
    bench("contract_pdf_worker", f"{N / duree:.1f}", "docs/s")
    faits = VersionContrat.objects.filter(pk__in=ids).exclude(document_empreinte="")
    assert faits.count() == N
    # One document per version: distinct contents, distinct hashes.
    assert faits.values("document_empreinte").distinct().count() == N
