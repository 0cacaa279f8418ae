"""The one download view of attached documents: the nature's readers decide, a refusal and an unknown
id are the same 404 (nothing logged), a read is logged; the file is an attachment with a strict CSP."""

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument
from francetravail.reseau.enums import Role
from tests.documents.fichiers import pdf_lisible, televerse
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

pytestmark = pytest.mark.django_db


def deposer(personne, nature=NatureDocument.ABSENCE_EXCUSEE, nom="justificatif.pdf"):
    return depot.deposer(televerse(nom, pdf_lisible()), personne=personne, nature=nature, par=personne.user)


def adresse(document):
    return reverse("documents:telecharger", kwargs={"pk": document.pk})


@pytest.fixture
def personne():
    return PersonneFactory(avec_compte=True)


@pytest.fixture
def document(personne):
    return deposer(personne)


def test_la_personne_telecharge_son_document_en_piece_jointe(client, personne, document):
    client.force_login(personne.user)
    reponse = client.get(adresse(document))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == document.fichier.open("rb").read()
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert 'filename="justificatif.pdf"' in reponse["Content-Disposition"]
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in reponse["Cache-Control"]
    # A person reading their own file is not an access to report to them.
    assert not JournalAcces.objects.exists()


def test_le_referent_telecharge_et_la_lecture_est_journalisee(client, personne, document):
    conseiller = professionnel(organisation=personne.organisme_referent)
    client.force_login(conseiller)
    reponse = client.get(adresse(document))
    assert reponse.status_code == 200
    lecture = JournalAcces.objects.get()
    assert (lecture.personne_id, lecture.user_id, lecture.organisation_id, lecture.partie) == (
        personne.pk,
        conseiller.pk,
        personne.organisme_referent_id,
        PartieDossier.DOCUMENT,
    )


def test_le_document_d_une_autre_personne_par_son_identifiant_est_un_404(client, document):
    autre = PersonneFactory(avec_compte=True)
    deposer(autre)
    client.force_login(autre.user)
    assert client.get(adresse(document)).status_code == 404
    assert not JournalAcces.objects.exists()


def test_un_professionnel_sans_acces_au_dossier_recoit_un_404(client, document):
    ailleurs = professionnel(organisation=OrganisationFactory(departement_id="62"))
    client.force_login(ailleurs)
    assert client.get(adresse(document)).status_code == 404
    assert not JournalAcces.objects.exists()


def test_un_employeur_ne_lit_pas_un_justificatif_d_absence(client, document):
    client.force_login(UserFactory(employeur=True))
    assert client.get(adresse(document)).status_code == 404


def test_un_identifiant_inconnu_ou_hors_bornes_est_un_404(client, personne, document):
    client.force_login(personne.user)
    assert client.get(reverse("documents:telecharger", kwargs={"pk": document.pk + 1000})).status_code == 404
    assert client.get(f"/pieces-jointes/{2**63}/").status_code == 404


def test_sans_connexion_on_est_renvoye_a_la_connexion(client, document):
    reponse = client.get(adresse(document))
    assert reponse.status_code == 302
    assert "/comptes/" in reponse["Location"]


@pytest.mark.parametrize("champ", ["archivee_le", "anonymisee_le"])
def test_le_document_d_un_dossier_archive_n_est_plus_servi(client, personne, document, champ):
    conseiller = professionnel(organisation=personne.organisme_referent)
    setattr(personne, champ, timezone.now())
    personne.save(update_fields=[champ])
    for lecteur in (personne.user, conseiller):
        client.force_login(lecteur)
        assert client.get(adresse(document)).status_code == 404
    assert not JournalAcces.objects.exists()


def test_une_nature_sans_regle_de_lecture_n_est_lue_par_personne(client, personne, monkeypatch):
    from francetravail.documents import lecteurs

    document = deposer(personne)
    monkeypatch.setattr(lecteurs, "lecteurs", lambda: {})
    client.force_login(personne.user)
    assert client.get(adresse(document)).status_code == 404


def test_un_responsable_d_equipe_de_l_organisme_referent_lit_aussi(client, personne, document):
    responsable = professionnel(organisation=personne.organisme_referent, role=Role.RESPONSABLE_EQUIPE)
    client.force_login(responsable)
    assert client.get(adresse(document)).status_code == 200
