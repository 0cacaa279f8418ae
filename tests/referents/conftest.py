import datetime

import pytest
from django.utils import timezone

from francetravail.reseau.enums import Role
from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel


def oriente(organisation, *, canal=Canal.FLUX_CAF_MSA, code_commune="59350", decidee_le=None, avec_compte=True, **kw):
    """A person whose orientation to ``organisation`` is decided: the queue's case."""
    personne = PersonneFactory(
        organisme_referent=organisation, commune=commune(code_commune), avec_compte=avec_compte, **kw
    )
    DossierInscription.objects.create(personne=personne, canal=canal, statut=StatutInscription.INSCRIT)
    DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Orientation de test",
        parcours=Parcours.PROFESSIONNEL,
        organisme=organisation,
        decidee_le=decidee_le or timezone.now(),
    )
    return personne


@pytest.fixture
def agence():
    return OrganisationFactory(nom="Agence de Lille-Centre")


@pytest.fixture
def responsable(agence):
    return professionnel(agence, role=Role.RESPONSABLE_EQUIPE, first_name="Rachida", last_name="Responsable")


@pytest.fixture
def conseillers(agence):
    return [
        professionnel(agence, first_name=prenom, last_name=nom, telephone="0320000000")
        for prenom, nom in (("Alice", "Arnaud"), ("Bruno", "Bernard"), ("Chloé", "Caron"))
    ]


@pytest.fixture
def autre_agence():
    return OrganisationFactory(nom="Agence de Roubaix")


@pytest.fixture
def hier():
    return timezone.now() - datetime.timedelta(days=1)
