"""Issue 21's journey, in a real Chromium with a real Celery worker, a real clamd and a real SMTP server:
a person answers a prior notice in writing and attaches a PDF proof (checked by the antivirus before it
is stored); once the observations period is over, the decider reads the proof from the procedure's page
(served as an attachment, with a strict CSP; the read is in the access log, partie « Pièce jointe »);
the person then asks for a copy of her file from « Mes données », watches the worker build it, downloads
the ZIP and finds in it her proof (the same bytes), the access log (the decider's read of the proof
among them) and her contract's versions. axe-core checks every kind of page on the way."""

import contextlib
import datetime
import hashlib
import io
import json
import re
import time
import zipfile
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from contrats import actions as contrats
from contrats.enums import PorteurAction, TypeAction
from contrats.models import (
    ActionPlan,
    ContratEngagement,
    HistoriqueContrat,
    SocleDroitsDevoirs,
    VersionContrat,
)
from francetravail.audit.enums import PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.documents.models import Document
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from orientation.models import DecisionOrientation, HistoriqueDecision
from sanctions import actions as sanctions
from sanctions.enums import Mesure, Public, StatutProcedure, TypeManquement
from sanctions.models import Manquement, ProcedureSanction
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.contrats.factories import orientation_notifiee, socle
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.fichiers import pdf_lisible

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

S = StatutProcedure
DOMAINE = "donnees.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (données personnelles)"
AGENCE_REGIONALE = "Agence régionale du test navigateur (données personnelles)"
ORGANISATIONS = (AGENCE, AGENCE_REGIONALE)

FAITS = "Absente sans prévenir à l'atelier collectif du 3 mars, malgré le rappel envoyé la veille."
OBSERVATIONS = "J'étais hospitalisée ce jour-là : je joins le bulletin de situation de l'hôpital."
NOM_PREUVE = "Bulletin d'hospitalisation.pdf"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom__in=ORGANISATIONS)
    CopieDossier.objects.filter(personne__in=personnes).delete()
    Document.objects.filter(personne__in=personnes).delete()
    procedures = ProcedureSanction.objects.filter(personne__in=personnes)
    # Everything that points at the procedures (log, letters, appeals…): a few passes until the
    # protected links between them are gone.
    for _ in range(4):
        for relation in ProcedureSanction._meta.related_objects:
            with contextlib.suppress(ProtectedError):
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": procedures}).delete()
    procedures.delete()
    Manquement.objects.filter(personne__in=personnes).delete()
    contrats_ = ContratEngagement.objects.filter(personne__in=personnes)
    HistoriqueContrat.objects.filter(contrat__in=contrats_).delete()
    # The contract points at its versions (accepted, in force) and the versions at the contract.
    contrats_.update(version_acceptee=None, version_en_vigueur=None)
    ActionPlan.objects.filter(contrat__in=contrats_).delete()
    VersionContrat.objects.filter(contrat__in=contrats_).delete()
    contrats_.delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    Membership.objects.filter(user__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


def _contrat_signe(personne, referent):
    """A contract submitted, accepted by the person and countersigned: its versions go in the copy."""
    contrat = contrats.rediger(personne, acting_user=referent)
    contrats.ajouter_action(
        contrat,
        acting_user=referent,
        type_action=TypeAction.FORMATION,
        porteur=PorteurAction.PERSONNE,
        description="Formation de cariste (CACES R489)",
        debut=timezone.localdate(),
        heures_hebdo=Decimal("15"),
    )
    contrat = contrats.soumettre(contrat, acting_user=referent)
    contrat = contrats.accepter(contrat, acting_user=personne.user)
    return contrats.contresigner(contrat, acting_user=referent)


def _avertie(personne, referent, controleur):
    """A procedure whose prior notice was notified today: the person may answer for 10 days."""
    manquement = sanctions.signaler_manquement(
        personne,
        acting_user=referent,
        type_manquement=TypeManquement.M1,
        faits=FAITS,
        date_faits=timezone.localdate() - datetime.timedelta(days=20),
    )
    procedure = sanctions.ouvrir_procedure(manquement, acting_user=controleur, public=Public.ALLOCATION)
    procedure = sanctions.examiner(
        procedure,
        acting_user=controleur,
        examen="Situation revue : aucune difficulté signalée jusqu'ici.",
        accompagnement_fourni="Deux entretiens et un atelier CV proposés.",
    )
    return sanctions.notifier_avertissement_prealable(
        procedure,
        acting_user=controleur,
        mesure_envisagee=Mesure.SUSPENSION,
        sanction_envisagee="Suspension de 30 % de l'allocation pendant un mois.",
    )


@pytest.fixture
def situation(base_validee, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the server thread and the worker share the settings
    _nettoyer()
    socle_cree = None
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        referent = professionnel(
            agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand"
        )
        controleur = professionnel(
            agence, Role.CONSEILLER, email=f"yanis@{DOMAINE}", first_name="Yanis", last_name="Martin"
        )
        # The regional director's delegate decides for a person who receives an allowance.
        delegue = professionnel(
            OrganisationFactory(nom=AGENCE_REGIONALE, departement_id="59"),
            Role.DELEGUE_SANCTIONS,
            email=f"claire@{DOMAINE}",
            first_name="Claire",
            last_name="Lefebvre",
        )
        user = UserFactory(email=f"nora@{DOMAINE}", first_name="Nora", last_name="Benali")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Benali",
            prenoms="Nora",
            date_naissance=datetime.date(1990, 4, 12),
            email=user.email,
            commune=commune("59350"),
            adresse="12 rue des Arts",
            code_postal="59000",
            organisme_referent=agence,
            referent_unique=referent,
        )
        orientation_notifiee(personne, organisme=agence)
        if SocleDroitsDevoirs.objects.en_vigueur("professionnel") is None:
            socle_cree = socle(version=1000)
        contrat = _contrat_signe(personne, referent)
        procedure = _avertie(personne, referent, controleur)
    try:
        yield {
            "referent": referent,
            "controleur": controleur,
            "delegue": delegue,
            "personne": personne,
            "contrat": contrat,
            "procedure": procedure,
        }
    finally:
        _nettoyer()
        if socle_cree is not None:
            socle_cree.delete()


# --- Helpers ------------------------------------------------------------------------------


def _main(page):
    return page.locator("main")


def _champ(zone, libelle):
    """A field by its label, which may go on with the required marker or a hint."""
    return zone.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}(?![\w'’])"))


def _envoyer(page, bouton, dans=None):
    zone = dans if dans is not None else _main(page)
    with page.expect_navigation():
        zone.get_by_role("button", name=bouton, exact=True).click()


def _suivre(page, lien):
    with page.expect_navigation():
        _main(page).get_by_role("link", name=lien).first.click()


def _attendre(condition, quoi, timeout=60):
    limite = time.monotonic() + timeout
    while not (resultat := condition()):
        assert time.monotonic() < limite, f"{quoi} : toujours pas après {timeout} s"
        time.sleep(0.2)
    return resultat


def _procedure(pk):
    return ProcedureSanction.objects.get(pk=pk)


def _json(archive, motif):
    """The JSON file of the ZIP whose name matches ``motif``, decoded."""
    noms = [n for n in archive.namelist() if n.endswith(".json") and re.search(motif, n)]
    assert noms, f"aucun fichier JSON « {motif} » dans la copie : {archive.namelist()}"
    return json.loads(archive.read(noms[0]))


# --- The journey --------------------------------------------------------------------------


def test_preuve_jointe_aux_observations_lue_par_le_decideur_puis_retrouvee_dans_la_copie_du_dossier(
    serveur_web, navigateur, situation, celery_worker_reel
):
    personne, delegue, procedure = situation["personne"], situation["delegue"], situation["procedure"]
    preuve = pdf_lisible(pages=2)
    empreinte_preuve = hashlib.sha256(preuve).hexdigest()

    # 1. The person answers the prior notice in writing, with a PDF proof.
    page = page_personne = navigateur
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/sanctions/{procedure.pk}/")
    verifier_accessibilite(page)
    reponse_form = page.locator("#repondre")
    reponse_form.locator("label", has_text="J'envoie mes observations écrites").click()
    _champ(reponse_form, "Vos observations").fill(OBSERVATIONS)
    _champ(reponse_form, "Justificatif").set_input_files(
        {"name": NOM_PREUVE, "mimeType": "application/pdf", "buffer": preuve}
    )
    _envoyer(page, "Envoyer ma réponse", dans=reponse_form)
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.OBSERVATIONS_RECUES and procedure.observations == OBSERVATIONS
    document = Document.objects.get(personne=personne)
    assert document.empreinte == empreinte_preuve and document.nom.endswith(".pdf")
    assert document.depose_par_id == personne.user_id
    texte = _main(page).inner_text()
    assert "Votre réponse a été enregistrée." in texte and document.nom in texte
    verifier_accessibilite(page)

    # 2. The 10 days are over (the dates are moved back, as in the sanctions journey); the case goes
    # to the decider, who reads the proof from the procedure's page.
    onze_jours = datetime.timedelta(days=11)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        avertissement_notifie_le=procedure.avertissement_notifie_le - onze_jours,
        echeance_observations=procedure.echeance_observations - onze_jours,
        observations_recues_le=procedure.observations_recues_le - onze_jours,
    )
    # Her written answer does not end the period (R5412-7): the case waits for its last day, then the team sends it.
    sanctions.mettre_a_decider(_procedure(procedure.pk), acting_user=situation["controleur"])
    assert _procedure(procedure.pk).statut == S.A_DECIDER

    page = page_delegue = _autre_navigateur(page_personne)
    _connecter(page, serveur_web, delegue.email, totp=True)
    page.goto(f"{serveur_web}/conseiller/sanctions/{procedure.pk}/")
    verifier_accessibilite(page)
    assert OBSERVATIONS in _main(page).inner_text()
    lien = _main(page).get_by_role("link", name=re.compile(re.escape(document.nom.removesuffix(".pdf"))))
    lectures_avant = JournalAcces.objects.filter(user=delegue, personne=personne, partie=PartieDossier.DOCUMENT)
    assert lectures_avant.count() == 0
    reponse = page.request.get(f"{serveur_web}{lien.first.get_attribute('href')}")
    assert reponse.status == 200
    assert reponse.headers["content-type"] == "application/pdf"
    assert reponse.headers["content-disposition"].startswith("attachment")
    assert reponse.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in reponse.headers["content-security-policy"]
    assert hashlib.sha256(reponse.body()).hexdigest() == empreinte_preuve
    lecture = JournalAcces.objects.get(user=delegue, personne=personne, partie=PartieDossier.DOCUMENT)

    # 3. The person asks for a copy of her file from « Mes données »; the worker builds it while the
    # page shows its progress; she downloads the ZIP.
    page = page_personne
    page.goto(f"{serveur_web}/mon-espace/")
    _suivre(page, "Mes données")
    assert page.url == f"{serveur_web}/mon-espace/mes-donnees/"
    verifier_accessibilite(page)
    _envoyer(page, "Demander une copie de mon dossier")
    copie = CopieDossier.objects.get(personne=personne)
    assert copie.demandee_par_id == personne.user_id
    assert page.locator("#copie-progression").count() == 1  # the progress, followed by the page's script
    copie = _attendre(
        lambda: CopieDossier.objects.filter(pk=copie.pk, statut=StatutCopie.PRETE).first(),
        "copie du dossier prête",
        timeout=120,
    )
    # Once the copy is ready the page reloads itself: no button to press, no dead end.
    lien_copie = _main(page).get_by_role("link", name=re.compile("Télécharger"))
    lien_copie.first.wait_for(timeout=60_000)
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        lien_copie.first.click()
    contenu = open(telechargement.value.path(), "rb").read()  # noqa: PTH123, SIM115 (Playwright's temporary file)
    archive = zipfile.ZipFile(io.BytesIO(contenu))

    # 4. In the ZIP: the proof (same bytes), the access log with the decider's read, the contract's versions.
    fichiers = {nom: archive.read(nom) for nom in archive.namelist() if not nom.endswith("/")}
    assert any(hashlib.sha256(octets).hexdigest() == empreinte_preuve for octets in fichiers.values()), (
        "la preuve n'est pas dans la copie"
    )
    assert any(nom.lower().endswith(".pdf") and octets.startswith(b"%PDF") for nom, octets in fichiers.items())
    journal = json.dumps(_json(archive, r"acces|consultation|journal"), ensure_ascii=False)
    assert "Claire" in journal and "lefebvre" in journal.lower()
    assert PartieDossier.DOCUMENT.label in journal or PartieDossier.DOCUMENT.value in journal
    assert lecture.at.date().isoformat() in journal
    versions = json.dumps(_json(archive, r"donnees/contrats\.json$"), ensure_ascii=False)
    assert "Formation de cariste (CACES R489)" in versions
    assert AuditEvent.objects.filter(personne=personne, event_type=TypeEvenement.COPIE_TELECHARGEE).exists()

    page_delegue.context.close()
