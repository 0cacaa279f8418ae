"""The back-office dashboard's employers' tiles: tasks to do (overdue ones counted) and offers to review."""

import datetime

from django.utils import timezone

from entreprises.enums import StatutOffre, TypeTache
from entreprises.models import TacheConseiller
from francetravail.reseau.enums import Role
from tests.entreprises.factories import entreprise, offre
from tests.factories import OrganisationFactory, professionnel


def _tache(e, conseiller, echeance, type_tache=TypeTache.RAPPEL_48H, o=None):
    return TacheConseiller.objects.create(
        type_tache=type_tache, entreprise=e, offre=o, conseiller=conseiller, echeance=echeance
    )


def test_les_tuiles_comptent_les_taches_en_retard_et_les_offres_a_relire(client):
    org = OrganisationFactory()
    conseiller = professionnel(org)
    e = entreprise(organisation_referente=org, referent=conseiller)
    maintenant = timezone.now()
    _tache(e, conseiller, maintenant - datetime.timedelta(seconds=1))  # overdue by a second
    o = offre(e)
    _tache(e, conseiller, maintenant + datetime.timedelta(minutes=5), TypeTache.RELANCE_30J, o)  # due soon
    offre(e, statut=StatutOffre.A_VALIDER)
    client.force_login(conseiller)
    page = client.get("/conseiller/").content.decode()
    assert "2 à faire, dont 1 en retard" in page
    assert "1 à relire" in page


def test_sans_role_d_accompagnement_pas_de_tuile_entreprises(client):
    pilote = professionnel(OrganisationFactory(), role=Role.PILOTE)
    client.force_login(pilote)
    page = client.get("/conseiller/").content.decode()
    assert "Mes tâches entreprises" not in page
    assert "Indicateurs entreprises" in page
