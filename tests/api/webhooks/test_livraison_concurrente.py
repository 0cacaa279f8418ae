"""Two workers on the same delivery, with real commits: the receiver is called once."""

import threading

import pytest
from django.db import connections

from francetravail.audit.models import AuditEvent
from francetravail.partenaires.enums import StatutLivraison
from francetravail.partenaires.livraison import balayer, livrer
from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.reseau.models import Membership, Organisation
from tests.api.webhooks.outils import abonner, livraison
from tests.recepteur_webhooks import Recepteur

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]


def _en_parallele(*cibles):
    resultats = [None] * len(cibles)

    def executer(i, cible):
        try:
            resultats[i] = cible()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=executer, args=(i, c)) for i, c in enumerate(cibles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return resultats


def test_deux_workers_et_le_balayage_en_meme_temps_ne_livrent_qu_une_fois(base_validee):
    with Recepteur(attente=0.5) as recepteur:
        abonnement, admin = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        try:
            resultats = _en_parallele(lambda: livrer(une.pk), lambda: livrer(une.pk), lambda: balayer())
            assert len(recepteur.recues) == 1
            assert sorted(map(int, resultats)) == [0, 0, 1]
            assert LivraisonWebhook.objects.get(pk=une.pk).statut == StatutLivraison.LIVREE
        finally:
            organisation_id = abonnement.organisation_id
            LivraisonWebhook.objects.filter(abonnement__organisation_id=organisation_id).delete()
            AbonnementWebhook.objects.filter(organisation_id=organisation_id).delete()
            Membership.objects.filter(organisation_id=organisation_id).delete()
            AuditEvent.objects.filter(acting_user=admin).delete()
            admin.delete()
            Organisation.objects.filter(pk=organisation_id).delete()
