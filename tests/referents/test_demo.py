"""The demo of ``make run`` shows the référents: a manager with twenty people to assign from the CAF/MSA flow,
a team of three with different loads, a rule set."""

import pytest
from django.urls import reverse

from demo.charger import charger_demo
from francetravail.comptes.models import User
from francetravail.referents import queries
from francetravail.referents.models import RegleAttribution

pytestmark = pytest.mark.django_db


def test_la_demo_montre_la_file_l_equipe_et_la_regle(client):
    charger_demo()
    responsable = User.objects.get(email__startswith="responsable.equipe@")
    client.force_login(responsable)
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Personnes à attribuer (20)" in tableau
    organisation = responsable.memberships.get().organisation
    charges = sorted(m.charge for m in queries.equipe(organisation.pk))
    assert len(charges) == 3 and len(set(charges)) == 3
    assert RegleAttribution.objects.get(organisation=organisation).communes.count() == 1
    file = client.get(reverse("backoffice:referents_a_attribuer", kwargs={"pk": organisation.pk}))
    assert file.context["page"].paginator.count == 20
    assert "Flux CAF/MSA" in file.content.decode()
