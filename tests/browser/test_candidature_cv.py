"""In a real Chromium (issue 21): a person applies to an offer with a CV. The antivirus refuses the EICAR
test file at the field (message kept, nothing sent); the PDF is accepted and shown in their applications.
The employer opens the application, downloads the CV (an attachment, the same bytes), and the download is
in the person's access log (« Pièce jointe », the employer, no organisation)."""

import datetime

import pytest
from django.db.models import Q

from entreprises.models import Candidature, Entreprise, Offre
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.fichiers import pdf_lisible

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "cv.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (CV)"
ENTREPRISE = "Fournil du test navigateur (CV)"
TITRE = "Boulanger ou boulangère de nuit (H/F)"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
MESSAGE = "Le travail au fournil me plaît ; mon CV est joint."


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom=AGENCE)
    entreprises = Entreprise.objects.filter(Q(nom=ENTREPRISE) | Q(membres__user__in=users)).distinct()
    Candidature.objects.filter(Q(personne__in=personnes) | Q(offre__entreprise__in=entreprises)).delete()
    Offre.objects.filter(entreprise__in=entreprises).delete()
    Entreprise.objects.filter(pk__in=list(entreprises.values_list("pk", flat=True))).delete()
    Document.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    personnes.delete()
    User.objects.filter(pk__in=list(users.values_list("pk", flat=True))).delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    agence = OrganisationFactory(nom=AGENCE, departement_id="62")
    conseiller = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}")
    entreprise = f.entreprise(
        nom=ENTREPRISE, commune=commune("59350"), referent=conseiller, organisation_referente=agence
    )
    employeur = f.employeur(entreprise, email=f"paul@{DOMAINE}", first_name="Paul", last_name="Lemoine")
    offre = f.offre(entreprise, titre=TITRE)
    user = UserFactory(email=f"nora@{DOMAINE}", first_name="Nora", last_name="Benali")
    personne = Personne.objects.create(
        user=user,
        nom_naissance="Benali",
        prenoms="Nora",
        date_naissance=datetime.date(1990, 4, 12),
        commune=commune("59350"),
        organisme_referent=agence,
        email=user.email,
    )
    try:
        yield {"personne": personne, "employeur": employeur, "offre": offre}
    finally:
        _nettoyer()


def test_la_personne_candidate_avec_son_cv_et_l_employeur_le_telecharge(serveur_web, navigateur, situation):
    page, personne, offre = navigateur, situation["personne"], situation["offre"]
    cv = pdf_lisible(2)

    # The person applies; EICAR is refused at the field, their message kept.
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/emploi/offres/{offre.pk}/postuler/")
    verifier_accessibilite(page)
    main = page.locator("main")
    main.get_by_label("Message à l'employeur").fill(MESSAGE)
    main.get_by_label("Votre CV (facultatif)").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": EICAR}
    )
    main.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_load_state("load")
    assert "contient un virus" in main.inner_text()
    assert main.get_by_label("Message à l'employeur").input_value() == MESSAGE
    verifier_accessibilite(page)
    assert not Candidature.objects.filter(personne=personne).exists()
    assert not Document.objects.filter(personne=personne).exists()

    main.get_by_label("Votre CV (facultatif)").set_input_files(
        {"name": "CV Nora Benali.pdf", "mimeType": "application/pdf", "buffer": cv}
    )
    main.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_load_state("load")
    assert "Votre candidature a été transmise à l'employeur." in page.locator("main").inner_text()
    assert "CV joint : CV Nora Benali.pdf" in page.locator("main").inner_text()
    verifier_accessibilite(page)
    candidature = Candidature.objects.get(personne=personne, offre=offre)
    document = Document.objects.get(personne=personne, nature=NatureDocument.CV)
    assert (document.objet_id, document.nom) == (candidature.pk, "CV Nora Benali.pdf")

    # The employer opens the application and downloads the CV: logged in the person's access log.
    employeur = _autre_navigateur(page)
    _connecter(employeur, serveur_web, situation["employeur"].email)
    employeur.goto(f"{serveur_web}/entreprise/candidatures/{candidature.pk}/")
    verifier_accessibilite(employeur)
    lien = employeur.locator("main").get_by_role("link", name="Télécharger le CV")
    with employeur.expect_download() as telechargement:
        lien.click()
    fichier = telechargement.value
    assert fichier.suggested_filename == "CV Nora Benali.pdf"
    with open(fichier.path(), "rb") as contenu:
        assert contenu.read() == cv
    lecture = JournalAcces.objects.get(user=situation["employeur"], partie=PartieDossier.DOCUMENT)
    assert (lecture.personne_id, lecture.organisation_id) == (personne.pk, None)

    # The person sees that read in « Qui a consulté mon dossier ».
    page.goto(f"{serveur_web}/mon-espace/acces-a-mon-dossier/")
    assert "Pièce jointe" in page.locator("main").inner_text()
