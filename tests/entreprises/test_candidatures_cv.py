"""A CV with an application (issue 21): chosen by the person when they apply, checked (type read from
the content, antivirus) and stored as a ``Document`` of nature « cv » attached to the application.
A refused file leaves no application and no document."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from entreprises import candidatures
from entreprises.enums import StatutMembre
from entreprises.models import Candidature
from francetravail.audit.enums import PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.documents.enums import NatureDocument, TypeFichier
from francetravail.documents.models import Document
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.fichiers import pdf_lisible

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def cv(nom="Mon CV.pdf", contenu=None, type_="application/pdf"):
    return SimpleUploadedFile(nom, pdf_lisible() if contenu is None else contenu, content_type=type_)


class Scenario:
    def __init__(self):
        self.org = OrganisationFactory()
        self.personne = PersonneFactory(avec_compte=True, organisme_referent=self.org)
        self.entreprise = f.entreprise(nom="Boulangerie du Beffroi")
        self.employeur = f.employeur(self.entreprise)
        self.offre = f.offre(self.entreprise, titre="Boulanger de nuit")


@pytest.fixture
def s():
    return Scenario()


def documents_cv():
    return Document.objects.filter(nature=NatureDocument.CV)


# --- The action -----------------------------------------------------------------------------------


def test_candidater_avec_un_cv_le_joint_a_la_candidature(s):
    candidature = candidatures.candidater(s.offre, s.personne, s.personne.user, "Bonjour", cv=cv("../../Mon CV.pdf"))
    document = documents_cv().get()
    assert (document.personne, document.objet, document.depose_par) == (s.personne, candidature, s.personne.user)
    assert (document.nom, document.type_fichier) == ("Mon CV.pdf", TypeFichier.PDF)
    assert candidatures.cv_de(candidature) == document
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.DOCUMENT_DEPOSE)
    assert (evenement.personne, evenement.data["nature"], evenement.data["document_id"]) == (
        s.personne,
        NatureDocument.CV,
        document.pk,
    )
    assert evenement.data["objet"] == f"entreprises.candidature:{candidature.pk}"


def test_candidater_sans_cv_n_ajoute_aucun_document(s):
    candidature = candidatures.candidater(s.offre, s.personne, s.personne.user, "")
    assert not documents_cv().exists()
    assert candidatures.cv_de(candidature) is None


@pytest.mark.parametrize(
    ("fichier", "message"),
    [
        (cv("cv.pdf", EICAR), "virus"),
        (cv("cv.pdf", b"MZ\x90\x00" + b"\x00" * 200), "n'est pas un PDF"),  # an executable renamed .pdf
        (cv("cv.pdf", b""), "vide"),
    ],
)
def test_un_cv_refuse_ne_laisse_ni_candidature_ni_document(s, fichier, message):
    with pytest.raises(ValidationError) as refus:
        candidatures.candidater(s.offre, s.personne, s.personne.user, "", cv=fichier)
    assert message in " ".join(refus.value.messages)
    assert not Candidature.objects.exists()
    assert not Document.objects.exists()


def test_un_cv_trop_lourd_est_refuse_juste_au_dessus_de_la_limite(s, settings):
    contenu = pdf_lisible()
    settings.DOCUMENTS_TAILLE_MAX = len(contenu)
    candidatures.candidater(s.offre, s.personne, s.personne.user, "", cv=cv(contenu=contenu))  # at the limit
    autre = f.offre(s.entreprise, titre="Pâtissier")
    settings.DOCUMENTS_TAILLE_MAX = len(contenu) - 1
    with pytest.raises(ValidationError, match="taille maximale"):
        candidatures.candidater(autre, s.personne, s.personne.user, "", cv=cv(contenu=contenu))
    assert not Candidature.objects.filter(offre=autre).exists()
    assert documents_cv().count() == 1


def test_un_conseiller_ne_joint_pas_de_cv_a_la_place_de_la_personne(s):
    # The person applies; nobody else can apply for them, with or without a CV.
    autre = PersonneFactory(avec_compte=True)
    with pytest.raises(ValidationError):
        candidatures.candidater(s.offre, s.personne, autre.user, "", cv=cv())
    assert not Document.objects.exists()


# --- The person's form ------------------------------------------------------------------------------


def test_le_formulaire_de_candidature_envoie_le_cv(client, s):
    client.force_login(s.personne.user)
    url = reverse("emploi:candidater", kwargs={"pk": s.offre.pk})
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="cv"' in page
    reponse = client.post(url, {"message": "Disponible", "cv": cv("CV Marie.pdf")})
    assert reponse.status_code == 302
    candidature = Candidature.objects.get(offre=s.offre, personne=s.personne)
    assert candidatures.cv_de(candidature).nom == "CV Marie.pdf"


def test_le_formulaire_refuse_eicar_et_garde_le_message(client, s):
    client.force_login(s.personne.user)
    url = reverse("emploi:candidater", kwargs={"pk": s.offre.pk})
    reponse = client.post(url, {"message": "Mon message gardé", "cv": cv("cv.pdf", EICAR)})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "contient un virus" in page and "Mon message gardé" in page
    assert not Candidature.objects.exists() and not Document.objects.exists()


def test_le_formulaire_refuse_un_cv_trop_lourd_avant_de_le_lire(client, s, settings):
    settings.DOCUMENTS_TAILLE_MAX = 1000
    client.force_login(s.personne.user)
    url = reverse("emploi:candidater", kwargs={"pk": s.offre.pk})
    reponse = client.post(url, {"message": "m", "cv": cv("gros.pdf", b"%PDF-1.4\n" + b"0" * 5000)})
    assert reponse.status_code == 200
    assert "dépasse la taille maximale autorisée" in reponse.content.decode()
    assert not Candidature.objects.exists() and not Document.objects.exists()


# --- Who reads the CV (entreprises/documents.py, through the documents' download) --------------------


def _telecharger(client, user, document):
    client.force_login(user)
    return client.get(reverse("documents:telecharger", kwargs={"pk": document.pk}))


@pytest.fixture
def avec_cv(s):
    candidature = candidatures.candidater(s.offre, s.personne, s.personne.user, "", cv=cv("CV Marie.pdf"))
    return candidature, candidatures.cv_de(candidature)


def test_l_employeur_lit_le_cv_depuis_la_page_de_la_candidature_et_c_est_journalise(client, s, avec_cv):
    candidature, document = avec_cv
    client.force_login(s.employeur)
    page = client.get(reverse("entreprises:candidature", kwargs={"pk": candidature.pk})).content.decode()
    url = reverse("documents:telecharger", kwargs={"pk": document.pk})
    assert url in page and "CV Marie.pdf" in page
    avant = JournalAcces.objects.filter(user=s.employeur, partie=PartieDossier.DOCUMENT).count()
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == pdf_lisible()
    assert reponse["Content-Disposition"].startswith("attachment")
    lecture = JournalAcces.objects.filter(user=s.employeur, partie=PartieDossier.DOCUMENT)
    assert lecture.count() == avant + 1
    assert (lecture.latest("at").personne_id, lecture.latest("at").organisation_id) == (s.personne.pk, None)


def test_la_personne_relit_son_cv_sans_ligne_au_journal(client, s, avec_cv):
    _, document = avec_cv
    client.force_login(s.personne.user)
    assert "CV Marie.pdf" in client.get(reverse("emploi:candidatures")).content.decode()
    assert _telecharger(client, s.personne.user, document).status_code == 200
    assert not JournalAcces.objects.filter(user=s.personne.user).exists()


def test_le_referent_lit_le_cv_par_la_porte(client, s, avec_cv):
    candidature, document = avec_cv
    referent = professionnel(s.org, Role.CONSEILLER)
    assert _telecharger(client, referent, document).status_code == 200
    assert JournalAcces.objects.filter(user=referent, partie=PartieDossier.DOCUMENT, organisation=s.org).exists()


def test_personne_d_autre_ne_lit_le_cv(client, s, avec_cv):
    candidature, document = avec_cv
    autre_entreprise = f.entreprise(nom="Concurrent")
    membre_en_attente = f.employeur(s.entreprise, statut=StatutMembre.EN_ATTENTE)
    refuses = {
        "autre_employeur": f.employeur(autre_entreprise),
        "membre_en_attente": membre_en_attente,
        "autre_personne": PersonneFactory(avec_compte=True).user,
        "conseiller_ailleurs": professionnel(OrganisationFactory(departement_id="13")),
        "pilote": professionnel(s.org, Role.PILOTE),
    }
    for qui, user in refuses.items():
        assert _telecharger(client, user, document).status_code == 404, qui
        assert not JournalAcces.objects.filter(user=user).exists(), qui


def test_un_employeur_ne_lit_pas_un_cv_attache_a_une_autre_candidature_de_la_personne(client, s, avec_cv):
    # The same person applied elsewhere with another CV: the first employer never reads that one.
    autre_entreprise = f.entreprise(nom="Concurrent")
    autre_offre = f.offre(autre_entreprise, titre="Vendeur")
    ailleurs = candidatures.candidater(autre_offre, s.personne, s.personne.user, "", cv=cv("CV vendeur.pdf"))
    assert _telecharger(client, s.employeur, candidatures.cv_de(ailleurs)).status_code == 404
    assert _telecharger(client, f.employeur(autre_entreprise), avec_cv[1]).status_code == 404


def test_un_dossier_archive_ne_sert_plus_le_cv(client, s, avec_cv):
    _, document = avec_cv
    Personne.objects.filter(pk=s.personne.pk).update(archivee_le=timezone.now())
    assert _telecharger(client, s.employeur, document).status_code == 404
