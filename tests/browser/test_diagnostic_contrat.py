"""In a real Chromium, with a real Celery worker and a real SMTP server: the référent
writes the diagnostic, drafts a contract whose plan totals 15 hours and submits it;
the person accepts it online and downloads its PDF, whose text layer is checked; the
référent countersigns. axe-core checks every page on the way."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q
from pypdf import PdfReader

from contrats.enums import StatutContrat
from contrats.models import (
    ActionPlan,
    ContratEngagement,
    DeclarationActivite,
    HistoriqueContrat,
    LigneDeclaration,
    SocleDroitsDevoirs,
    VersionContrat,
)
from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _cliquer, _connecter
from tests.contrats.factories import orientation_notifiee, socle
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "contrat.navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur (contrat)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    contrats = ContratEngagement.objects.filter(personne__in=personnes)
    LigneDeclaration.objects.filter(declaration__contrat__in=contrats).delete()
    DeclarationActivite.objects.filter(contrat__in=contrats).delete()
    HistoriqueContrat.objects.filter(contrat__in=contrats).delete()
    # The contract points at its versions (accepted, in force) and the versions at the contract.
    contrats.update(version_acceptee=None, version_en_vigueur=None)
    ActionPlan.objects.filter(contrat__in=contrats).delete()
    VersionContrat.objects.filter(contrat__in=contrats).delete()
    contrats.delete()
    VersionSection.objects.filter(diagnostic__personne__in=personnes).delete()
    Diagnostic.objects.filter(personne__in=personnes).delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the server thread and the worker share the settings
    _nettoyer()
    socle_cree = None
    with transaction.atomic():
        agence = OrganisationFactory(nom=ORGANISATION, departement_id="59")
        referent = professionnel(
            agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand"
        )
        user = UserFactory(email=f"nora@{DOMAINE}", first_name="Nora", last_name="Benali")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Benali",
            prenoms="Nora",
            date_naissance=datetime.date(1990, 4, 12),
            commune=commune("59350"),
            adresse="12 rue des Arts",
            code_postal="59000",  # Lille has five: letters print the person's own
            organisme_referent=agence,
            referent_unique=referent,
        )
        orientation_notifiee(personne, organisme=agence)
        if SocleDroitsDevoirs.objects.en_vigueur("professionnel") is None:
            socle_cree = socle(version=1000)
    try:
        yield {"referent": referent, "personne": personne}
    finally:
        _nettoyer()
        if socle_cree is not None:
            socle_cree.delete()


def _autre_navigateur(page):
    """A second browser profile (its own cookies), set up as the ``navigateur`` fixture's."""
    contexte = page.context.browser.new_context(bypass_csp=True, locale="fr-FR")
    contexte.set_default_timeout(15_000)
    autre = contexte.new_page()
    autre.erreurs_js = []
    autre.on("pageerror", lambda exc: autre.erreurs_js.append(str(exc)))
    return autre


def _ajouter_action(page, base, *, type_action, description, heures):
    page.goto(f"{base}actions/ajouter/")
    verifier_accessibilite(page)
    main = page.locator("main")
    main.get_by_label("Type d'action").select_option(type_action)
    main.get_by_label("La personne", exact=True).check()
    main.get_by_label("Description").fill(description)
    main.get_by_label("Début").fill(datetime.date.today().isoformat())
    main.get_by_label("Heures par semaine").fill(heures)
    _cliquer(page, "button", "Ajouter l’action")


def test_diagnostic_puis_contrat_de_15_heures_accepte_en_ligne(
    serveur_web, navigateur, situation, celery_worker_reel, smtp_sink
):
    page, personne, referent = navigateur, situation["personne"], situation["referent"]
    _connecter(page, serveur_web, referent.email, totp=True)

    # The référent writes the diagnostic: the competences, then a target job from the ROME referential.
    diagnostic_url = f"{serveur_web}/conseiller/personnes/{personne.pk}/diagnostic/"
    page.goto(diagnostic_url)
    verifier_accessibilite(page)
    page.goto(f"{diagnostic_url}competences/")
    verifier_accessibilite(page)
    page.locator("main").get_by_label("Expériences professionnelles et bénévoles").fill(
        "Six ans de préparation de commandes en entrepôt."
    )
    _cliquer(page, "button", "Enregistrer")
    assert "Six ans de préparation de commandes" in page.locator("main").inner_text()
    page.goto(f"{diagnostic_url}projet/")
    page.locator("main").get_by_label("Ajouter un métier").fill("cariste")
    _cliquer(page, "button", "Rechercher")
    verifier_accessibilite(page)
    page.locator("main input[type=checkbox][name=metiers]").first.check()
    _cliquer(page, "button", "Enregistrer")
    sections = set(VersionSection.objects.filter(diagnostic__personne=personne).values_list("section", flat=True))
    assert sections == {"competences", "projet"}
    assert "cariste" in page.locator("main").inner_text().lower()

    # The contract: a draft, two actions totalling exactly the legal 15 hours, submitted.
    base = f"{serveur_web}/conseiller/personnes/{personne.pk}/contrat/"
    page.goto(base)
    verifier_accessibilite(page)
    _cliquer(page, "button", "Ouvrir le contrat en brouillon")
    _ajouter_action(page, base, type_action="formation", description="Formation CACES R489", heures="10")
    _ajouter_action(page, base, type_action="recherche_emploi", description="Candidatures en logistique", heures="5")
    verifier_accessibilite(page)
    _cliquer(page, "button", "Soumettre le contrat à la personne")
    contrat = ContratEngagement.objects.get(personne=personne)
    assert contrat.statut == StatutContrat.SOUMIS
    version = contrat.versions.get()
    assert version.contenu["duree_hebdo"]["total_plan"] == "15"
    # The worker renders and stores the PDF of the submitted version.
    celery_worker_reel.attendre("contrats.tasks.generer_document", 1, timeout=30)
    version.refresh_from_db()
    assert version.document and len(version.document_empreinte) == 64

    # The person reads it in their space, in their own browser, and accepts that exact version.
    referent_page, page = page, _autre_navigateur(page)
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/contrat/")
    verifier_accessibilite(page)
    texte = page.locator("main").inner_text()
    assert "Formation CACES R489" in texte and "Candidatures en logistique" in texte
    # Without ticking "I have read it", the browser does not send the form (the server refuses it too:
    # tests/contrats/test_vues_espace.py).
    case = page.locator("main").get_by_label("J’ai lu ce contrat d’engagement et je l’accepte")
    _cliquer(page, "button", f"Accepter la version n° {version.numero}")
    assert case.evaluate("e => e.validationMessage")
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.SOUMIS
    page.locator("main label[for=id_confirmation]").click()  # the DSFR label covers the box, as for a user
    assert case.is_checked()
    _cliquer(page, "button", f"Accepter la version n° {version.numero}")
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.ACCEPTE
    assert contrat.version_acceptee_id == version.pk and contrat.empreinte_acceptee == version.empreinte
    assert contrat.empreinte_document_acceptee == version.document_empreinte
    verifier_accessibilite(page)

    # The PDF the person downloads is the stored signed copy (issue 15: once accepted, the copy that says who
    # accepted, when and how is the one served), and its text layer holds the contract.
    lien = page.locator("main").get_by_role("link", name=f"Télécharger (PDF) la version n° {version.numero}")
    with page.expect_download() as telechargement:
        lien.first.click()
    chemin = telechargement.value.path()
    with open(chemin, "rb") as fichier:
        contenu = fichier.read()
    version.refresh_from_db()
    assert hashlib.sha256(contenu).hexdigest() == version.document_signe_empreinte != version.document_empreinte
    texte_pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)
    texte_pdf = " ".join(texte_pdf.split())
    assert "en attente du contreseing" in texte_pdf and version.empreinte in texte_pdf.replace(" ", "")
    for attendu in ["Contrat d'engagement", "BENALI", "Formation CACES R489", "Candidatures en logistique", "15"]:
        assert attendu.lower() in texte_pdf.lower().replace("’", "'"), attendu
    assert "recours" in texte_pdf.lower()

    # The référent countersigns (still logged in: a TOTP code is not accepted twice in its 30 seconds);
    # the person was told by e-mail (outbox, then the real SMTP server).
    page.context.close()
    page = referent_page
    page.goto(base)
    _cliquer(page, "button", "Contresigner le contrat")
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.SIGNE and contrat.version_en_vigueur_id == version.pk
    verifier_accessibilite(page)
    assert sum(a.heures_hebdo for a in contrat.actions.all()) == Decimal(15)
    smtp_sink.wait_for(lambda m: m["To"] == personne.user.email, timeout=30)
    parties = set(JournalAcces.objects.filter(personne=personne, user=referent).values_list("partie", flat=True))
    assert {PartieDossier.DIAGNOSTIC, PartieDossier.CONTRAT} <= parties
