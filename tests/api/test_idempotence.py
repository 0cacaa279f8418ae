"""An Idempotency-Key is honoured 24 hours: the stored answer is replayed until then, the key is free after,
whether or not the nightly purge has run (francetravail/api_idempotence.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats.models import ActionPlan
from francetravail.partenaires.models import RequeteIdempotente
from francetravail.reseau.enums import Role
from tests.api.contrats.test_contrats_ecriture import action_json
from tests.contrats.factories import Situation
from tests.partenaires.factories import appelant, client_api


@pytest.mark.parametrize(
    ("age", "rejouee", "actions"),
    [(timedelta(hours=24) - timedelta(minutes=1), True, 1), (timedelta(hours=24) + timedelta(minutes=1), False, 2)],
)
def test_une_cle_vaut_24_heures(age, rejouee, actions):
    s = Situation()
    contrat = s.brouillon()
    api = appelant(client_api(s.organisme, role=Role.CONSEILLER))
    url = reverse("v1:contrat-actions", kwargs={"pk": contrat.pk})
    premiere = api.post(url, action_json(), format="json", HTTP_IDEMPOTENCY_KEY="cle-24h")
    assert premiere.status_code == 201
    RequeteIdempotente.objects.filter(cle="cle-24h").update(cree_le=timezone.now() - age)

    seconde = api.post(url, action_json(), format="json", HTTP_IDEMPOTENCY_KEY="cle-24h")

    assert seconde.status_code == 201
    assert (seconde.get("Idempotency-Replayed") == "true") is rejouee
    assert ActionPlan.objects.filter(contrat=contrat).count() == actions
    assert RequeteIdempotente.objects.filter(cle="cle-24h").count() == 1
