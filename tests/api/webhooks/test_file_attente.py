"""Queuing the sending after the commit: with the real Redis broker a task names the deliveries; with the broker
down the action is not slowed down nor failed, and the deliveries wait for beat's sweep."""

import time

import pytest

from francetravail.partenaires.enums import StatutLivraison
from francetravail.partenaires.livraison import balayer
from francetravail.partenaires.models import LivraisonWebhook
from francetravail.partenaires.tasks import planifier_livraisons
from tests.api.webhooks.outils import abonner, livraison
from tests.notifications.conftest import Broker
from tests.recepteur_webhooks import Recepteur

TACHE = "francetravail.partenaires.tasks.livrer_webhooks"


@pytest.fixture
def broker(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    b = Broker()
    b.purger()
    yield b
    b.retablir()
    b.purger()
    b._redis.close()


def test_la_tache_nommant_les_livraisons_part_sur_le_broker(broker):
    abonnement, _ = abonner()
    une = livraison(abonnement)
    planifier_livraisons([une.pk])
    assert broker.messages() == [(TACHE, [[une.pk]])]


def test_broker_coupe_l_envoi_attend_le_balayage_sans_ralentir_ni_echouer(broker):
    with Recepteur() as recepteur:
        abonnement, _ = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        broker.couper()
        debut = time.monotonic()
        planifier_livraisons([une.pk])  # must not raise
        assert time.monotonic() - debut < 3
        broker.retablir()
        assert broker.messages() == []
        assert LivraisonWebhook.objects.get(pk=une.pk).statut == StatutLivraison.EN_ATTENTE
        assert balayer() == 1  # what beat runs every minute
    assert LivraisonWebhook.objects.get(pk=une.pk).statut == StatutLivraison.LIVREE
