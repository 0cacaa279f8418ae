"""The follow-up status (``SuiviRendezVous``) through the API: the people the caller reads, filtered by status
(a département's software asks who has no appointment booked yet), each read logged."""

from django.urls import reverse

from francetravail.audit.models import JournalAcces
from francetravail.rendezvous import suivi
from francetravail.rendezvous.enums import Motif, StatutSuivi
from tests.factories import PersonneFactory

SUIVIS = reverse("v1:suivi-list")


def _ids(reponse):
    assert reponse.status_code == 200, reponse.content
    return [s["id"] for s in reponse.json()["results"]]


def _noter(personne, statut, org, motif=Motif.SUIVI):
    return suivi.noter(personne.pk, motif, statut, organisation_id=org.pk)


def test_suivis_des_personnes_lues_avec_libelles_et_journalises(api, logiciel, personne, org):
    ligne = _noter(personne, StatutSuivi.INVITE, org)
    ailleurs = PersonneFactory()
    _noter(ailleurs, StatutSuivi.INVITE, ailleurs.organisme_referent)
    corps = api.get(SUIVIS).json()
    assert [s["id"] for s in corps["results"]] == [ligne.pk]
    resultat = corps["results"][0]
    assert (resultat["statut"], resultat["statut_libelle"], resultat["motif_libelle"]) == (
        "invite",
        "Invité",
        "Entretien de suivi",
    )
    assert resultat["organisation"] == {"id": org.pk, "nom": org.nom}
    journal = JournalAcces.objects.get(personne=personne)
    assert (journal.user_id, journal.canal, journal.partie) == (logiciel.compte_id, "api", "synthese")
    assert not JournalAcces.objects.filter(personne=ailleurs).exists()


def test_qui_n_a_pas_encore_de_rendez_vous_pris(api, org):
    invite, relance, pris = (PersonneFactory(organisme_referent=org) for _ in range(3))
    a = _noter(invite, StatutSuivi.INVITE, org)
    _noter(relance, StatutSuivi.INVITE, org)
    b = _noter(relance, StatutSuivi.RELANCE, org)
    _noter(pris, StatutSuivi.RDV_PRIS, org)
    assert _ids(api.get(SUIVIS + "?statut=invite&statut=relance&statut=expire")) == [a.pk, b.pk]
    assert _ids(api.get(SUIVIS, {"statut": "rdv_pris", "personne": invite.pk})) == []
    assert _ids(api.get(SUIVIS, {"motif": Motif.DIAGNOSTIC})) == []
    assert api.get(SUIVIS, {"statut": "pas-un-statut"}).status_code == 400


def test_un_suivi_d_une_autre_organisation_404(api, personne, org):
    ailleurs = PersonneFactory()
    autre = _noter(ailleurs, StatutSuivi.INVITE, ailleurs.organisme_referent)
    assert api.get(reverse("v1:suivi-detail", kwargs={"pk": autre.pk})).status_code == 404
    mien = _noter(personne, StatutSuivi.INVITE, org)
    assert api.get(reverse("v1:suivi-detail", kwargs={"pk": mien.pk})).json()["statut"] == "invite"
    assert JournalAcces.objects.filter(personne=personne, canal="api").count() == 1
    assert not JournalAcces.objects.filter(personne=ailleurs).exists()


def test_liste_des_suivis_en_nombre_de_requetes_fixe(api, org, django_assert_max_num_queries):
    _noter(PersonneFactory(organisme_referent=org), StatutSuivi.INVITE, org)
    with django_assert_max_num_queries(14) as peu:
        api.get(SUIVIS)
    for _ in range(20):
        _noter(PersonneFactory(organisme_referent=org), StatutSuivi.INVITE, org)
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert len(_ids(api.get(SUIVIS))) == 21
