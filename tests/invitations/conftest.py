import pytest

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


@pytest.fixture
def org():
    return OrganisationFactory(departement_id="59", telephone="03 20 00 00 00")


@pytest.fixture
def conseiller(org):
    return professionnel(org, Role.CONSEILLER)


@pytest.fixture
def personne(org):
    return PersonneFactory(organisme_referent=org, departement_id="59")


@pytest.fixture
def personnes(org):
    return PersonneFactory.create_batch(5, organisme_referent=org, departement_id="59")
