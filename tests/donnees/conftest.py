import pytest

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


@pytest.fixture
def org():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def conseiller(org):
    return professionnel(org, Role.CONSEILLER)


@pytest.fixture
def personne(org, conseiller):
    return PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=conseiller)
