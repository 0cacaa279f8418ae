import pytest

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import AgendaFactory


@pytest.fixture
def org():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def conseiller(org):
    return professionnel(org, Role.CONSEILLER)


@pytest.fixture
def agenda(org):
    return AgendaFactory(organisation=org)


@pytest.fixture
def personne(org):
    return PersonneFactory(avec_compte=True, organisme_referent=org)
