"""The implications written before invitations existed stay in force: the data migration marks them
accepted (when they began, by who added them) as co-référent, the powers they had."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from francetravail.personnes.models import Implication as Actuelle
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory

AVANT = [("personnes", "0008_code_postal")]
APRES = [("personnes", "0010_implications_existantes_acceptees")]


# In the test's transaction (PostgreSQL's DDL is transactional): rolled back at the end, the reference
# data (départements, communes) untouched. The rows' deferred foreign keys are checked before the
# schema changes (PostgreSQL refuses ALTER TABLE on a table with pending trigger events).
@pytest.mark.django_db
def test_les_implications_existantes_sont_acceptees_comme_co_referent():
    personne, organisation, createur = PersonneFactory(), OrganisationFactory(), UserFactory(professionnel=True)
    # Going back to AVANT also unapplies the later apps' migrations that depend on personnes (their
    # tables reference persons): the factories' rows are checked first, for the same reason.
    with connection.cursor() as curseur:
        curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    try:
        anciennes = executor.loader.project_state(AVANT).apps
        Implication = anciennes.get_model("personnes", "Implication")
        ancienne = Implication.objects.create(
            personne_id=personne.pk, organisation_id=organisation.pk, motif="Guichet", created_by_id=createur.pk
        )
        with connection.cursor() as curseur:
            curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(APRES)
    implication = Actuelle.objects.get(pk=ancienne.pk)
    assert (implication.statut, implication.role) == ("acceptee", "co_referent")
    assert (implication.accepted_at, implication.accepted_by_id) == (implication.debut, createur.pk)
    assert Actuelle.objects.actives().filter(pk=implication.pk).exists()
