"""The justificatif of an absence: the person sends it from their space for an appointment booked,
missed or excused; the référent sees it where attendance is recorded and downloads it (logged). A
refused file stores nothing; at most ``JUSTIFICATIFS_MAX`` per appointment."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from francetravail.rendezvous import actions
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import HistoriqueRendezVous
from tests.documents.corps import poster_geant
from tests.documents.fichiers import EICAR, EXECUTABLE, image_lisible, televerse
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import CreneauFactory, rdv_reserve

MO = 1024 * 1024


@pytest.fixture
def rdv(personne, agenda):
    return rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))


def url(rdv):
    return reverse("rendezvous:justificatif", kwargs={"pk": rdv.pk})


def envoyer(client, user, rdv, fichier):
    client.force_login(user)
    return client.post(url(rdv), {"justificatif": fichier})


def texte(reponse):
    return html.unescape(reponse.content.decode())


def test_la_personne_envoie_un_justificatif_que_le_referent_lit(client, personne, conseiller, rdv):
    actions.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller)
    reponse = envoyer(client, personne.user, rdv, televerse("arret.jpg", image_lisible("JPEG"), "image/jpeg"))
    assert reponse.status_code == 302
    document = Document.objects.get()
    assert (document.nature, document.objet, document.nom) == (NatureDocument.ABSENCE_EXCUSEE, rdv, "arret.jpg")
    assert HistoriqueRendezVous.objects.filter(rendez_vous=rdv, motif="Justificatif d'absence joint.").exists()
    lien = reverse("documents:telecharger", kwargs={"pk": document.pk})
    assert lien in texte(client.get(reverse("rendezvous:liste")))

    client.force_login(conseiller)
    for page in (
        reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk}),
        reverse("backoffice:presence_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": rdv.pk}),
    ):
        assert lien in texte(client.get(page))
    JournalAcces.objects.all().delete()
    assert client.get(lien).status_code == 200
    lecture = JournalAcces.objects.get()
    assert (lecture.user_id, lecture.partie, lecture.organisation_id) == (
        conseiller.pk,
        PartieDossier.DOCUMENT,
        personne.organisme_referent_id,
    )
    # A professional elsewhere reads nothing, and nothing is logged.
    client.force_login(professionnel(OrganisationFactory(departement_id="62")))
    assert client.get(lien).status_code == 404
    assert JournalAcces.objects.count() == 1


@pytest.mark.parametrize(
    ("contenu", "message"),
    [(EICAR, "contient un virus"), (EXECUTABLE, "n'est pas un PDF, une image JPEG ou une image PNG")],
    ids=["eicar", "executable_renomme_pdf"],
)
def test_un_fichier_refuse_ne_laisse_rien(client, personne, rdv, contenu, message):
    reponse = envoyer(client, personne.user, rdv, televerse("justificatif.pdf", contenu))
    assert reponse.status_code == 200
    assert message in texte(reponse)
    assert not Document.objects.exists()
    assert not HistoriqueRendezVous.objects.filter(rendez_vous=rdv).exists()


def test_un_corps_de_200_mo_est_refuse_avant_d_etre_lu(client, personne, rdv):
    client.force_login(personne.user)
    reponse, corps = poster_geant(client, url(rdv), {}, 200 * MO)
    assert reponse.status_code == 413
    assert corps.lus == 0
    assert not Document.objects.exists()


def test_le_rendez_vous_d_une_autre_personne_est_un_404(client, rdv, agenda):
    autre = PersonneFactory(avec_compte=True, organisme_referent=agenda.organisation)
    assert envoyer(client, autre.user, rdv, televerse()).status_code == 404
    assert not Document.objects.exists()


def test_un_rendez_vous_honore_ou_annule_ne_prend_pas_de_justificatif(client, personne, conseiller, rdv):
    actions.enregistrer_presence(rdv, StatutRendezVous.HONORE, acting_user=conseiller)
    reponse = envoyer(client, personne.user, rdv, televerse())
    assert reponse.status_code == 302
    assert not Document.objects.exists()
    with pytest.raises(ValidationError, match="réservé, manqué ou excusé"):
        actions.joindre_justificatif_absence(rdv, acting_user=personne.user, fichier=televerse())
    assert not Document.objects.exists()


def test_au_plus_cinq_justificatifs_par_rendez_vous(personne, rdv):
    for _ in range(actions.JUSTIFICATIFS_MAX):
        actions.joindre_justificatif_absence(rdv, acting_user=personne.user, fichier=televerse())
    assert Document.objects.count() == actions.JUSTIFICATIFS_MAX == 5
    with pytest.raises(ValidationError, match="déjà 5 justificatifs"):
        actions.joindre_justificatif_absence(rdv, acting_user=personne.user, fichier=televerse())
    assert Document.objects.count() == 5


def test_un_professionnel_qui_ne_tient_pas_l_agenda_ne_joint_rien(personne, rdv):
    ailleurs = professionnel(OrganisationFactory(departement_id="62"))
    with pytest.raises(ValidationError):
        actions.joindre_justificatif_absence(rdv, acting_user=ailleurs, fichier=televerse())
    assert not Document.objects.exists()
