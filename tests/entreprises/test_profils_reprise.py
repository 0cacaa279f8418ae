"""After a hire, the job search starts again when the person or their référent says so."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from entreprises import appariement, profils
from entreprises.models import ProfilRecherche
from tests.entreprises.factories import offre, profil
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


@pytest.fixture
def situation():
    organisme = OrganisationFactory()
    referent = professionnel(organisme)
    personne = PersonneFactory(avec_compte=True, organisme_referent=organisme, referent_unique=referent)
    p = profil(personne)
    ProfilRecherche.objects.filter(pk=p.pk).update(en_emploi_depuis=timezone.localdate() - datetime.timedelta(days=3))
    return personne, referent


def listes(personne):
    return [c.personne_id for c in appariement.candidats_pour_offre(offre())].count(personne.pk)


def test_un_profil_en_emploi_n_est_pas_propose_puis_l_est_de_nouveau(situation):
    personne, referent = situation
    assert listes(personne) == 0
    profils.reprendre_recherche(personne, acting_user=referent)
    assert ProfilRecherche.objects.get(pk=personne.pk).en_emploi_depuis is None
    assert listes(personne) == 1


def test_un_autre_ne_peut_pas_reprendre_la_recherche(situation):
    personne, _ = situation
    for user in (professionnel(OrganisationFactory()), PersonneFactory(avec_compte=True).user):
        with pytest.raises(ValidationError):
            profils.reprendre_recherche(personne, acting_user=user)
    assert ProfilRecherche.objects.get(pk=personne.pk).en_emploi_depuis is not None


def test_par_les_pages(client, situation):
    personne, referent = situation
    client.force_login(personne.user)
    page = client.get("/mon-espace/emploi/profil/").content.decode()
    assert "Ma recherche d’emploi reprend" in page
    # A professional of another organisation (who does not read the file) gets a 404.
    intrus = professionnel(OrganisationFactory())
    client.force_login(intrus)
    assert client.post(f"/conseiller/personnes/{personne.pk}/recherche-emploi/reprendre/").status_code == 404
    client.force_login(referent)
    page = client.get(f"/conseiller/personnes/{personne.pk}/recherche-emploi/").content.decode()
    assert "La recherche d’emploi reprend" in page
    reponse = client.post(f"/conseiller/personnes/{personne.pk}/recherche-emploi/reprendre/")
    assert reponse.status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).en_emploi_depuis is None
    client.force_login(personne.user)
    assert client.post("/mon-espace/emploi/profil/reprendre/").status_code == 302  # already searching: unchanged


def test_le_retrait_et_la_reprise_sont_traces(situation):
    from francetravail.audit.enums import TypeEvenement
    from francetravail.audit.models import AuditEvent

    personne, referent = situation
    traces = AuditEvent.objects.filter(event_type=TypeEvenement.PROFIL_RECHERCHE, personne=personne)
    profils.enregistrer(personne, salaire_attendu=2000)  # visibility unchanged: no row
    assert not traces.exists()
    profils.enregistrer(personne, visible=False)
    profils.enregistrer(personne, visible=True)
    assert [(t.acting_user_id, t.data.get("visible")) for t in traces.order_by("pk")] == [
        (personne.user_id, False),
        (personne.user_id, True),
    ]
    profils.reprendre_recherche(personne, acting_user=referent)
    assert traces.order_by("-pk").first().acting_user_id == referent.pk
