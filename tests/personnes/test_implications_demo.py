"""The demo shows the people around a file: Karim Lefebvre (CD du Nord) co-référent in Marie Dupont's
file, accepted, and an invitation into Julien Blanc's file waiting on his dashboard."""

import pytest
from django.urls import reverse

from demo.charger import charger_demo
from demo.reseau import trouver_personne
from francetravail.comptes.models import User
from francetravail.personnes.enums import StatutImplication
from francetravail.personnes.models import Implication

pytestmark = pytest.mark.django_db


def test_la_demo_montre_un_travailleur_social_implique_et_une_invitation_en_attente(client):
    charger_demo()
    karim = User.objects.get(email__startswith="travailleur.social@")
    marie, julien = trouver_personne("Dupont", "Marie"), trouver_personne("Blanc", "Julien")
    acceptee = Implication.objects.get(personne=marie, organisation__nom="Conseil départemental du Nord")
    assert (acceptee.statut, acceptee.professionnel) == (StatutImplication.ACCEPTEE, karim)
    en_attente = Implication.objects.get(personne=julien, organisation__nom="Conseil départemental du Nord")
    assert en_attente.statut == StatutImplication.PROPOSEE

    client.force_login(karim)
    assert "Invitations reçues (1)" in client.get(reverse("backoffice:accueil")).content.decode()
    assert client.get(reverse("backoffice:fiche_personne", kwargs={"pk": marie.pk})).status_code == 200
    assert client.get(reverse("backoffice:fiche_personne", kwargs={"pk": julien.pk})).status_code == 404
