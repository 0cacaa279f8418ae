"""A recorded attendance corrected, with its reason: the absence's manquement follows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from francetravail.rendezvous import actions
from francetravail.rendezvous.enums import StatutManquement, StatutRendezVous
from francetravail.rendezvous.models import HistoriqueRendezVous, ManquementAExaminer
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel
from tests.rendezvous.factories import CreneauFactory, rdv_reserve


@pytest.fixture
def absent(personne, agenda, conseiller):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    return actions.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller)


def test_une_absence_corrigee_en_excuse_ferme_son_manquement_et_se_journalise(absent, conseiller):
    rdv = actions.corriger_presence(
        absent,
        StatutRendezVous.EXCUSE,
        acting_user=conseiller,
        motif="Hospitalisation",
        correction="Certificat reçu le lendemain",
    )
    assert (rdv.statut, rdv.motif) == (StatutRendezVous.EXCUSE, "Hospitalisation")
    assert ManquementAExaminer.objects.get(rendez_vous=rdv).statut == StatutManquement.PRESENCE_CORRIGEE
    dernier = HistoriqueRendezVous.objects.filter(rendez_vous=rdv).latest("pk")
    assert (dernier.statut_avant, dernier.statut_apres, dernier.user) == ("absent", "excuse", conseiller)
    assert dernier.motif == "Correction : Certificat reçu le lendemain"

    # Back to absent (the certificate was for another day): the same row is open again.
    actions.corriger_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller, correction="Erreur de date")
    assert ManquementAExaminer.objects.get(rendez_vous=rdv).statut == StatutManquement.A_EXAMINER
    assert ManquementAExaminer.objects.count() == 1


def test_une_presence_corrigee_en_absence_ouvre_un_manquement(personne, agenda, conseiller):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    rdv = actions.enregistrer_presence(rdv, StatutRendezVous.HONORE, acting_user=conseiller)
    assert not ManquementAExaminer.objects.exists()
    actions.corriger_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller, correction="Homonyme noté présent")
    assert ManquementAExaminer.objects.get(rendez_vous=rdv).statut == StatutManquement.A_EXAMINER


@pytest.mark.parametrize(
    ("statut", "correction", "motif", "message"),
    [
        (StatutRendezVous.HONORE, "  ", "", "Indiquez pourquoi la présence est corrigée."),
        (StatutRendezVous.ABSENT, "Pour voir", "", "déjà « Absent »"),
        (StatutRendezVous.EXCUSE, "Certificat", "", "Indiquez le motif de l'excuse."),
    ],
)
def test_correction_refusee_sans_raison_sans_changement_ou_sans_motif(
    absent, conseiller, statut, correction, motif, message
):
    with pytest.raises(ValidationError, match=message):
        actions.corriger_presence(absent, statut, acting_user=conseiller, correction=correction, motif=motif)
    absent.refresh_from_db()
    assert absent.statut == StatutRendezVous.ABSENT
    assert ManquementAExaminer.objects.get(rendez_vous=absent).statut == StatutManquement.A_EXAMINER


def test_pas_de_correction_avant_qu_une_presence_soit_enregistree(personne, agenda, conseiller):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    with pytest.raises(ValidationError, match="Aucune présence"):
        actions.corriger_presence(rdv, StatutRendezVous.HONORE, acting_user=conseiller, correction="x")


def test_une_absence_deja_examinee_ne_se_corrige_plus_ici(absent, conseiller):
    # A state the sanctions app will own (any state but the two of this app).
    ManquementAExaminer.objects.filter(rendez_vous=absent).update(statut="en_examen")
    with pytest.raises(ValidationError, match="déjà examinée"):
        actions.corriger_presence(absent, StatutRendezVous.HONORE, acting_user=conseiller, correction="x")
    absent.refresh_from_db()
    assert absent.statut == StatutRendezVous.ABSENT


def test_la_page_corrige_avec_sa_raison_et_refuse_les_autres_organisations(client, personne, absent, conseiller):
    url = reverse("backoffice:presence_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": absent.pk})
    intrus = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    client.force_login(intrus)
    assert client.post(url, {"statut": "honore", "correction": "x"}).status_code == 404

    client.force_login(conseiller)
    page = client.get(url).content.decode()
    assert "Corriger la présence" in page and "Présence enregistrée : « Absent »" in page
    reponse = client.post(url, {"statut": "honore", "correction": ""})
    assert "Indiquez pourquoi la présence est corrigée." in reponse.content.decode()
    assert client.post(url, {"statut": "honore", "correction": "Signature de la feuille retrouvée"}).status_code == 302
    absent.refresh_from_db()
    assert absent.statut == StatutRendezVous.HONORE
    assert ManquementAExaminer.objects.get(rendez_vous=absent).statut == StatutManquement.PRESENCE_CORRIGEE
