import pytest

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory
from tests.partenaires.factories import appelant, client_api
from tests.rendezvous.factories import AgendaFactory


@pytest.fixture
def org():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def logiciel(org):
    """A département's or agency's software acting as a conseiller of ``org``, with every scope its role may hold."""
    return client_api(org, role=Role.CONSEILLER)


@pytest.fixture
def api(logiciel):
    return appelant(logiciel)


@pytest.fixture
def agenda(org):
    return AgendaFactory(organisation=org)


@pytest.fixture
def personne(org):
    return PersonneFactory(avec_compte=True, organisme_referent=org)
