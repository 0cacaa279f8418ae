"""End to end through a real Celery worker: a radiation decided to start tomorrow ceases the registration
on that day (``sanctions.tasks.appliquer_radiations``), and the registrations whose radiation ended
yesterday reopen while those ending today stay ceased (``inscription.rouvrir_inscriptions``), each once,
with overlapping runs on the worker's four threads (SKIP LOCKED, re-check, one transaction per case)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from inscription.enums import StatutInscription
from inscription.models import DossierInscription
from inscription.tasks import rouvrir_inscriptions
from sanctions import actions
from sanctions.enums import Mesure, Public, TypeManquement
from sanctions.models import ProcedureSanction
from sanctions.tasks import appliquer_radiations
from tests.inscription.factories import dossier_complet
from tests.sanctions.factories import Situation
from tests.sanctions.test_balayages import _nettoyer

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

N = 8


def _radiee(*, debut=None):
    s = Situation(public=Public.SANS_ALLOCATION)
    dossier_complet(s.personne)
    procedure = actions.decider(
        s.a_decider(type_manquement=TypeManquement.M3),
        acting_user=s.delegue,
        mesure=Mesure.RADIATION,
        radiation_mois=2,
        debut=debut,
        motivation="Deux offres raisonnables d'emploi refusées.",
    )
    return s, procedure


def _statut(s):
    return DossierInscription.objects.get(personne=s.personne).statut


def test_un_worker_reel_applique_les_radiations_et_rouvre_les_inscriptions(base_validee, celery_worker_reel):
    aujourdhui = timezone.localdate()
    hier, demain = aujourdhui - datetime.timedelta(days=1), aujourdhui + datetime.timedelta(days=1)
    situations = []
    try:
        with transaction.atomic():
            for i in range(N):
                s, procedure = _radiee()
                situations.append(s)
                # Half the radiations ended yesterday, half end today (their last day).
                dernier = hier if i % 2 == 0 else aujourdhui
                debut = dernier - datetime.timedelta(days=60)
                ProcedureSanction.objects.filter(pk=procedure.pk).update(debut=debut, fin=dernier)
                DossierInscription.objects.filter(personne=s.personne).update(cessee_le=debut, cessee_jusqu_au=dernier)
            plus_tard, _ = _radiee(debut=demain)
            situations.append(plus_tard)
        assert _statut(plus_tard) == StatutInscription.INSCRIT

        # The radiation decided to start tomorrow: nothing today, ceased tomorrow, once.
        nom = appliquer_radiations.name
        appliquer_radiations.delay(aujourdhui=aujourdhui.isoformat())
        celery_worker_reel.attendre(nom, 1, timeout=60)
        assert _statut(plus_tard) == StatutInscription.INSCRIT
        for _ in range(3):
            appliquer_radiations.delay(aujourdhui=demain.isoformat())
        celery_worker_reel.attendre(nom, 4, timeout=60)
        assert _statut(plus_tard) == StatutInscription.CESSEE
        cessations = AuditEvent.objects.filter(
            event_type=TypeEvenement.INSCRIPTION_CESSEE, personne=plus_tard.personne
        )
        assert cessations.count() == 1

        # The reopening sweep: many small overlapping runs.
        nom = rouvrir_inscriptions.name
        envois = 8
        for _ in range(envois):
            rouvrir_inscriptions.delay(limit=2, aujourdhui=aujourdhui.isoformat())
        celery_worker_reel.attendre(nom, envois, timeout=120)
        for i, s in enumerate(situations[:N]):
            attendu = StatutInscription.INSCRIT if i % 2 == 0 else StatutInscription.CESSEE
            assert _statut(s) == attendu, i
            rouvertures = AuditEvent.objects.filter(event_type=TypeEvenement.INSCRIPTION_ROUVERTE, personne=s.personne)
            assert rouvertures.count() == (1 if i % 2 == 0 else 0)
        # The day after today's last days, the others reopen too.
        rouvrir_inscriptions.delay(aujourdhui=demain.isoformat())
        celery_worker_reel.attendre(nom, envois + 1, timeout=60)
        assert {_statut(s) for s in situations[:N]} == {StatutInscription.INSCRIT}
    finally:
        for s in situations:
            _nettoyer(s)
