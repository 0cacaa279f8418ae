"""The access log's plain INSERT writes exactly what the model describes."""

import pytest
from django.utils import timezone

from francetravail.audit.actions import journaliser_acces
from francetravail.audit.models import JournalAcces
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


def test_une_lecture_ecrit_une_ligne_complete():
    org = OrganisationFactory()
    lecteur = professionnel(org)
    personne = PersonneFactory(organisme_referent=org)
    avant = timezone.now()
    journaliser_acces(
        personne_id=personne.pk, user_id=lecteur.pk, organisation_id=org.pk, partie="synthese", canal="api"
    )
    ligne = JournalAcces.objects.get(personne=personne)
    assert (ligne.user, ligne.organisation, ligne.partie, ligne.canal) == (lecteur, org, "synthese", "api")
    assert avant <= ligne.at <= timezone.now()


@pytest.mark.parametrize(("partie", "canal"), [("diagnostic_tout", "web"), ("synthese", "fax")])
def test_une_partie_ou_un_canal_inconnu_est_refuse(partie, canal):
    org = OrganisationFactory()
    personne = PersonneFactory(organisme_referent=org)
    with pytest.raises(ValueError, match="inconnu pour le journal"):
        journaliser_acces(
            personne_id=personne.pk, user_id=professionnel(org).pk, organisation_id=None, partie=partie, canal=canal
        )
    assert not JournalAcces.objects.filter(personne=personne).exists()
