"""The implications written before invitations existed stay in force: the data migration marks them
accepted (when they began, by who added them) as co-référent, the powers they had.

The migration's function is run on today's schema (its columns are unchanged since): going back to the
schema of personnes 0008 would unapply every later migration of every app that depends on it (the
monthly partitions among them), minutes of work for one UPDATE. The graph itself is applied in full
each time the test database is created."""

import importlib

import pytest
from django.apps import apps

from francetravail.personnes.models import Implication
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory

MIGRATION = importlib.import_module("francetravail.personnes.migrations.0010_implications_existantes_acceptees")


@pytest.mark.django_db
def test_les_implications_existantes_sont_acceptees_comme_co_referent():
    personne, organisation, createur = PersonneFactory(), OrganisationFactory(), UserFactory(professionnel=True)
    # What the desk and the admin wrote before invitations: no acceptance, the fields' defaults.
    ancienne = Implication.objects.create(
        personne=personne, organisation=organisation, motif="Guichet", created_by=createur
    )
    Implication.objects.filter(pk=ancienne.pk).update(accepted_at=None, accepted_by=None, statut="proposee")
    deja_acceptee = Implication.objects.create(
        personne=PersonneFactory(), organisation=organisation, motif="Invitation", created_by=createur
    )
    Implication.objects.filter(pk=deja_acceptee.pk).update(
        statut="refusee", accepted_at=deja_acceptee.debut, accepted_by=createur
    )

    MIGRATION.marquer_acceptees(apps, None)

    implication = Implication.objects.get(pk=ancienne.pk)
    assert (implication.statut, implication.role) == ("acceptee", "co_referent")
    assert (implication.accepted_at, implication.accepted_by_id) == (implication.debut, createur.pk)
    assert Implication.objects.actives().filter(pk=implication.pk).exists()
    # A row already answered is left as it is.
    assert Implication.objects.get(pk=deja_acceptee.pk).statut == "refusee"
