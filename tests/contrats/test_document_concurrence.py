"""Two workers (or a worker and an acceptance) storing the same version's PDF at once store one.

Commits for real (``base_validee``): each thread has its own connection and must see the
rows. What the test commits is deleted at the end.
"""

import threading

import pytest
from django.db import connection, transaction

from contrats.document import assurer_document
from contrats.models import ActionPlan, ContratEngagement, HistoriqueContrat, SocleDroitsDevoirs, VersionContrat
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.reseau.models import Organisation
from orientation.models import DecisionOrientation
from tests.contrats.factories import Situation

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]


@pytest.fixture
def situation_validee(base_validee):
    socles = set(SocleDroitsDevoirs.objects.values_list("pk", flat=True))
    with transaction.atomic():
        s = Situation()
        contrat = s.soumis()
    yield s, contrat
    personne = s.personne
    ContratEngagement.objects.filter(pk=contrat.pk).update(version_acceptee=None, version_en_vigueur=None)
    HistoriqueContrat.objects.filter(contrat=contrat).delete()
    ActionPlan.objects.filter(contrat=contrat).delete()
    VersionContrat.objects.filter(contrat=contrat).delete()
    ContratEngagement.objects.filter(pk=contrat.pk).delete()
    AuditEvent.objects.filter(personne=personne).delete()
    DecisionOrientation.objects.filter(personne=personne).delete()
    personne.delete()
    User.objects.filter(pk__in=[s.referent.pk, personne.user_id]).delete()
    Organisation.objects.filter(pk=s.organisme.pk).delete()
    SocleDroitsDevoirs.objects.exclude(pk__in=socles).delete()


def test_deux_generations_simultanees_un_seul_document(situation_validee):
    s, contrat = situation_validee
    version = VersionContrat.objects.get(contrat=contrat)
    depart = threading.Barrier(2)
    noms = []

    def generer():
        try:
            depart.wait()
            noms.append(assurer_document(version).document.name)
        finally:
            connection.close()

    fils = [threading.Thread(target=generer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert len(noms) == 2 and noms[0] == noms[1]
    version.refresh_from_db()
    assert version.document.name == noms[0]
    assert (
        AuditEvent.objects.filter(personne=s.personne, event_type=TypeEvenement.CONTRAT_DOCUMENT_GENERE).count() == 1
    )
