"""In a real Chromium, with a real Celery worker and a real SMTP server: an appointment the
person missed becomes a manquement from the référent's report form; the control conseiller
reviews the situation and notifies the prior notice (its letter is a PDF in the person's
space, the e-mail only says it is there); the person reads it and answers in writing; once the
10 days are over (her answer does not shorten them) the case goes to the France Travail regional
director's delegate, who is refused 29 % and
decides 30 % for one month; the sanction starts, the référent records the remobilisation,
the delegate lifts it. The person then reads the whole history, never the internal note.
Each user has their own browser profile (a TOTP code is accepted once per user and window).
axe-core checks every kind of page on the way."""

import contextlib
import datetime
import re
import time

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions as rendezvous
from francetravail.rendezvous.enums import StatutManquement, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau, HistoriqueRendezVous, ManquementAExaminer, RendezVous
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from sanctions.enums import Mesure, Public, SourceManquement, StatutProcedure, TypeManquement
from sanctions.models import CourrierProcedure, DestinataireCourrier, Manquement, ProcedureSanction, TypeCourrier
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, rdv_reserve

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

S = StatutProcedure
DOMAINE = "sanctions.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (sanctions)"
AGENCE_REGIONALE = "Agence régionale du test navigateur (sanctions)"
ORGANISATIONS = (AGENCE, AGENCE_REGIONALE)

FAITS = "Absente sans prévenir à l'entretien de suivi, malgré le rappel envoyé la veille."
EXAMEN = "Situation revue dans son ensemble : ni problème de santé ni difficulté de garde signalés."
ACCOMPAGNEMENT = "Trois entretiens individuels et un atelier CV proposés depuis l'inscription."
NOTE_INTERNE = "Note réservée à l'équipe : dossier signalé par la CAF, à ne pas communiquer."
NOTE_LEVEE = "Note réservée : levée validée en réunion de service."
SANCTION_ENVISAGEE = "Suspension de 30 % de l'allocation pendant un mois."
OBSERVATIONS = "Mon enfant était malade ce jour-là et je n'ai pas pu prévenir. J'ai repris mes démarches."
MOTIVATION = "Absence non excusée à un entretien ; observations lues, aucun motif légitime justifié."
REMOBILISATION = "Contrat d'engagement actualisé et signé, deux entretiens honorés depuis la décision."
MOTIF_LEVEE = "La personne a repris ses démarches, comme constaté par sa référente."


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom__in=ORGANISATIONS)
    procedures = ProcedureSanction.objects.filter(personne__in=personnes)
    # Everything that points at the procedures (log, letters, appeals…): a few passes until
    # the protected links between them are gone.
    for _ in range(4):
        for relation in ProcedureSanction._meta.related_objects:
            with contextlib.suppress(ProtectedError):
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": procedures}).delete()
    procedures.delete()
    Manquement.objects.filter(personne__in=personnes).delete()
    ManquementAExaminer.objects.filter(personne__in=personnes).delete()
    HistoriqueRendezVous.objects.filter(rendez_vous__personne__in=personnes).delete()
    RendezVous.objects.filter(personne__in=personnes).delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    Membership.objects.filter(user__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the server thread and the worker share the settings
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        referent = professionnel(
            agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand"
        )
        controleur = professionnel(
            agence, Role.CONSEILLER, email=f"yanis@{DOMAINE}", first_name="Yanis", last_name="Martin"
        )
        # The regional director's delegate sits in another France Travail agency of the same region.
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
            code_postal="59000",  # Lille has five: letters print the person's own
            organisme_referent=agence,
            referent_unique=referent,
        )
        # An appointment two hours ago, booked; the référent records that she did not come.
        creneau = CreneauFactory(agenda=AgendaFactory(organisation=agence, conseiller=referent), passe=True)
        rdv = rdv_reserve(personne, creneau)
    rendezvous.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=referent)
    absence = ManquementAExaminer.objects.get(rendez_vous=rdv)
    try:
        yield {
            "referent": referent,
            "controleur": controleur,
            "delegue": delegue,
            "personne": personne,
            "creneau": creneau,
            "absence": absence,
        }
    finally:
        _nettoyer()


# --- Helpers ------------------------------------------------------------------------------


def _main(page):
    return page.locator("main")


def _etape(page, nom):
    """The form of one step on the procedure page (``sanctions/backoffice/_etape.html``)."""
    return page.locator(f"#etape-{nom}")


def _champ(zone, libelle):
    """A field by its label, which may go on with the required marker or a hint."""
    return zone.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}(?![\w'’])"))


def _envoyer(page, bouton, dans=None):
    """Clicks a submit button and waits for the page the server answers (redirect or form with errors)."""
    zone = dans if dans is not None else _main(page)
    with page.expect_navigation():
        zone.get_by_role("button", name=bouton, exact=True).click()


def _suivre(page, lien):
    with page.expect_navigation():
        _main(page).get_by_role("link", name=lien).first.click()


def _procedure(pk):
    return ProcedureSanction.objects.get(pk=pk)


def _attendre(condition, quoi, timeout=30):
    limite = time.monotonic() + timeout
    while not (resultat := condition()):
        assert time.monotonic() < limite, f"{quoi} : toujours pas après {timeout} s"
        time.sleep(0.1)
    return resultat


def _lettre(procedure, type_courrier):
    """The person's copy of a letter, once its PDF is stored (rendered after the action's commit)."""
    return _attendre(
        lambda: CourrierProcedure.objects.filter(
            procedure=procedure,
            type_courrier=type_courrier,
            destinataire=DestinataireCourrier.PERSONNE,
            genere_le__isnull=False,
        ).first(),
        f"PDF du courrier {type_courrier}",
    )


def _courriel(smtp_sink, destinataire, courrier_label):
    """The e-mail announcing a letter; it carries no part of the letter, only where to read it."""
    message = smtp_sink.wait_for(
        lambda m: m["To"] == destinataire and courrier_label.lower() in str(m["Subject"]).lower(), timeout=30
    )
    assert not message.is_multipart() and not list(message.iter_attachments())
    corps = message.get_body(preferencelist=("plain",)).get_content()
    assert "/mon-espace/sanctions/" in corps
    return corps


# --- The journey --------------------------------------------------------------------------


def test_absence_avertissement_observations_decision_puis_levee_par_remobilisation(
    serveur_web, navigateur, situation, celery_worker_reel, smtp_sink
):
    referent, controleur, delegue = situation["referent"], situation["controleur"], situation["delegue"]
    personne, absence = situation["personne"], situation["absence"]
    jour_rdv = timezone.localdate(situation["creneau"].debut)
    envoyer_notification = "francetravail.notifications.tasks.envoyer_notification"
    envois_avant = celery_worker_reel.terminees(envoyer_notification)

    # 1. The référent opens the person's page and reports the missed appointment.
    page_referent = navigateur
    _connecter(page_referent, serveur_web, referent.email, totp=True)
    page = page_referent
    page.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/")
    verifier_accessibilite(page)
    _suivre(page, "Signaler un manquement")
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/manquements/signaler/")
    verifier_accessibilite(page)
    formulaire = _main(page).locator("form")
    choix_absence = _champ(formulaire, "Absence non excusée à l'origine du signalement")
    assert f"Rendez-vous du {jour_rdv:%d/%m/%Y}" in choix_absence.inner_text()
    choix_absence.select_option(str(absence.pk))
    _champ(formulaire, "Manquement").select_option(TypeManquement.M1)
    _champ(formulaire, "Ce que perçoit la personne").select_option(Public.ALLOCATION)
    _champ(formulaire, "Date des faits").fill(jour_rdv.isoformat())
    _champ(formulaire, "Faits constatés").fill(FAITS)
    _envoyer(page, "Signaler")
    procedure = ProcedureSanction.objects.get(personne=personne)
    assert page.url.endswith(f"/conseiller/sanctions/{procedure.pk}/")
    assert procedure.statut == S.OUVERTE and procedure.organisation_id == personne.organisme_referent_id
    assert procedure.manquement.source == SourceManquement.ABSENCE
    assert procedure.manquement.manquement_rdv_id == absence.pk and procedure.manquement.date_faits == jour_rdv
    assert ManquementAExaminer.objects.get(pk=absence.pk).statut == StatutManquement.RETENUE
    assert "la procédure est ouverte" in _main(page).inner_text()
    verifier_accessibilite(page)
    url_procedure = page.url

    # 2. The control conseiller finds it in the queue, reviews the situation and notifies the prior notice.
    page = page_controleur = _autre_navigateur(page_referent)
    _connecter(page, serveur_web, controleur.email, totp=True)
    page.goto(f"{serveur_web}/conseiller/sanctions/")
    verifier_accessibilite(page)
    _suivre(page, "Nora BENALI")
    assert page.url == url_procedure
    examen = _etape(page, "examiner")
    _champ(examen, "Examen global de la situation").fill(EXAMEN)
    _champ(examen, "Accompagnement effectivement proposé").fill(ACCOMPAGNEMENT)
    _champ(examen, "Note interne").fill(NOTE_INTERNE)
    _envoyer(page, "Enregistrer l’examen", dans=examen)
    assert _procedure(procedure.pk).statut == S.EXAMEN
    assert "Examen de la situation enregistré." in _main(page).inner_text()
    avertissement = _etape(page, "avertir")
    assert _champ(avertissement, "Mesure envisagée").input_value() == Mesure.SUSPENSION
    _champ(avertissement, "Sanction envisagée").fill(SANCTION_ENVISAGEE)
    _envoyer(page, "Notifier l’avertissement préalable", dans=avertissement)
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.AVERTISSEMENT_NOTIFIE
    assert procedure.avertissement_notifie_le == timezone.localdate() and procedure.echeance_observations
    verifier_accessibilite(page)
    lettre_avertissement = _lettre(procedure, TypeCourrier.AVERTISSEMENT_PREALABLE)
    assert len(lettre_avertissement.empreinte) == 64
    # The outbox hands the announcement to the real worker, which sends it to the SMTP server.
    corps = _courriel(smtp_sink, personne.email, TypeCourrier.AVERTISSEMENT_PREALABLE.label)
    celery_worker_reel.attendre(envoyer_notification, envois_avant + 1, timeout=30)
    for contenu_de_la_lettre in (SANCTION_ENVISAGEE, FAITS, EXAMEN, NOTE_INTERNE, "30 %", "%PDF"):
        assert contenu_de_la_lettre not in corps

    # 3. The person, in her own browser, reads the letter and answers in writing.
    page = page_personne = _autre_navigateur(page_referent)
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/")
    _suivre(page, "Voir les procédures qui me concernent, y répondre ou former un recours")
    verifier_accessibilite(page)
    assert "Vous pouvez répondre jusqu’au" in _main(page).inner_text()
    _suivre(page, f"faits du {jour_rdv:%d/%m/%Y}")
    assert page.url == f"{serveur_web}/mon-espace/sanctions/{procedure.pk}/"
    verifier_accessibilite(page)
    texte = _main(page).inner_text()
    assert SANCTION_ENVISAGEE in texte and NOTE_INTERNE not in texte
    lien = _main(page).get_by_role("link", name="Avertissement préalable").first
    reponse = page.request.get(f"{serveur_web}{lien.get_attribute('href')}")
    assert reponse.status == 200 and reponse.headers["content-type"] == "application/pdf"
    assert reponse.body().startswith(b"%PDF")
    lettre_avertissement.refresh_from_db()
    assert lettre_avertissement.recu_le == timezone.localdate()  # opening it in her space is its receipt
    reponse_form = page.locator("#repondre")
    reponse_form.locator("label", has_text="J'envoie mes observations écrites").click()
    assert _champ(reponse_form, "J'envoie mes observations écrites").is_checked()
    _champ(reponse_form, "Vos observations").fill(OBSERVATIONS)
    _envoyer(page, "Envoyer ma réponse", dans=reponse_form)
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.OBSERVATIONS_RECUES and procedure.observations == OBSERVATIONS
    texte = _main(page).inner_text()
    assert "Votre réponse a été enregistrée." in texte and OBSERVATIONS in texte
    # Until the period's last day she may still ask to be heard (her written answer does not end it).
    assert (
        f"Vous pouvez encore demander à être entendu(e) jusqu’au {procedure.echeance_observations:%d/%m/%Y} inclus"
        in texte
    )
    assert "Je demande à être entendu(e)" in page.locator("#repondre").inner_text()
    verifier_accessibilite(page)

    # 4. The control conseiller sees the observations; they do not end the period (R5412-7): she may
    # still ask to be heard until its last day, so the case waits. Eleven days later it goes to the decider.
    page = page_controleur
    page.goto(url_procedure)
    texte = _main(page).inner_text()
    assert OBSERVATIONS in texte
    assert (
        f"encore demander à être entendue ou compléter ses observations jusqu’au {procedure.echeance_observations:%d/%m/%Y} inclus"
        in texte
    )
    assert _etape(page, "a_decider").count() == 0
    onze_jours = datetime.timedelta(days=11)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        avertissement_notifie_le=procedure.avertissement_notifie_le - onze_jours,
        echeance_observations=procedure.echeance_observations - onze_jours,
        observations_recues_le=procedure.observations_recues_le - onze_jours,
    )
    page.goto(url_procedure)
    _envoyer(page, "Transmettre au décideur", dans=_etape(page, "a_decider"))
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.A_DECIDER and procedure.decision_due_le
    assert "Procédure transmise pour décision." in _main(page).inner_text()
    assert _etape(page, "decider").count() == 0  # the team does not decide

    # 5. The delegate finds it in her queue and decides next to the legal range.
    page = page_delegue = _autre_navigateur(page_referent)
    _connecter(page, serveur_web, delegue.email, totp=True)
    page.goto(f"{serveur_web}/conseiller/")  # she follows no person: her way in is the dashboard
    verifier_accessibilite(page)
    _suivre(page, "Procédures de sanction")
    assert page.url == f"{serveur_web}/conseiller/sanctions/"
    _suivre(page, "Nora BENALI")
    assert page.url == url_procedure
    verifier_accessibilite(page)
    plage = page.locator("#plage-legale").inner_text()
    assert "Ce que la loi permet pour ce manquement" in plage
    assert "Suspension" in plage and "de 30 % à 100 %" in plage
    assert NOTE_INTERNE in _main(page).inner_text()  # the professionals read the internal note
    decision = _etape(page, "decider")
    assert _champ(decision, "Mesure").input_value() == Mesure.SUSPENSION
    _champ(decision, "Taux (%)").fill("29")
    _champ(decision, "Durée (mois)").fill("1")
    _champ(decision, "Motivation de la décision").fill(MOTIVATION)
    _envoyer(page, "Notifier la décision", dans=decision)
    # Refused at the field, with what was typed kept.
    assert _procedure(procedure.pk).statut == S.A_DECIDER
    assert page.title().startswith("Erreur")
    decision = _etape(page, "decider")
    taux = _champ(decision, "Taux (%)")
    assert taux.input_value() == "29"
    # The error is the field's own description, as a screen reader announces it.
    assert taux.get_attribute("aria-invalid") == "true"
    erreur_taux = page.locator(f"#{taux.get_attribute('aria-describedby')}").inner_text()
    assert "30 %" in erreur_taux and "taux" in erreur_taux.lower()
    assert _champ(decision, "Durée (mois)").input_value() == "1"
    assert _champ(decision, "Motivation de la décision").input_value() == MOTIVATION
    verifier_accessibilite(page)  # the form with its error
    taux.fill("30")
    _envoyer(page, "Notifier la décision", dans=decision)
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.DECISION_NOTIFIEE and procedure.decidee_par_id == delegue.pk
    assert (procedure.mesure, procedure.taux, procedure.duree_mois) == (Mesure.SUSPENSION, 30, 1)
    assert "Décision notifiée." in _main(page).inner_text()
    lettre_decision = _lettre(procedure, TypeCourrier.DECISION)
    _courriel(smtp_sink, personne.email, TypeCourrier.DECISION.label)
    celery_worker_reel.attendre(envoyer_notification, envois_avant + 2, timeout=30)

    # 6. The sanction starts; the référent records the remobilisation; the delegate lifts the sanction.
    _envoyer(page, "Démarrer la sanction", dans=_etape(page, "demarrer"))
    assert _procedure(procedure.pk).statut == S.SANCTION_EN_COURS
    assert _etape(page, "lever").count() == 0  # not before the référent's finding

    page = page_referent
    page.goto(url_procedure)
    remobilisation = _etape(page, "remobilisation")
    _champ(remobilisation, "Remobilisation constatée").fill(REMOBILISATION)
    _envoyer(page, "Enregistrer la remobilisation", dans=remobilisation)
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.SANCTION_EN_COURS and procedure.remobilisation_le == timezone.localdate()
    assert "Remobilisation enregistrée." in _main(page).inner_text()
    assert _etape(page, "lever").count() == 0  # the référent never lifts their own person's sanction

    page = page_delegue
    page.goto(url_procedure)
    levee = _etape(page, "lever")
    _champ(levee, "Motif de la levée").fill(MOTIF_LEVEE)
    _champ(levee, "Note interne").fill(NOTE_LEVEE)
    _envoyer(page, "Lever la sanction", dans=levee)
    procedure = _procedure(procedure.pk)
    assert procedure.statut == S.LEVEE and procedure.terminee_le == timezone.localdate()
    assert S.LEVEE.label == "Levée par remobilisation"
    assert _main(page).locator(".fr-badge", has_text=S.LEVEE.label).count() == 1
    assert "Sanction levée." in _main(page).inner_text()
    verifier_accessibilite(page)
    _lettre(procedure, TypeCourrier.LEVEE)
    _courriel(smtp_sink, personne.email, TypeCourrier.LEVEE.label)

    # The person reads the whole history and her three letters, never an internal note.
    page = page_personne
    page.goto(f"{serveur_web}/mon-espace/sanctions/{procedure.pk}/")
    verifier_accessibilite(page)
    texte = _main(page).inner_text()
    assert S.LEVEE.label in texte
    assert MOTIVATION in texte and "30 %" in texte
    for etape in (
        S.OUVERTE,
        S.EXAMEN,
        S.AVERTISSEMENT_NOTIFIE,
        S.OBSERVATIONS_RECUES,
        S.A_DECIDER,
        S.DECISION_NOTIFIEE,
        S.SANCTION_EN_COURS,
        S.LEVEE,
    ):
        assert f"— {etape.label}" in texte, etape.label
    for lettre in (TypeCourrier.AVERTISSEMENT_PREALABLE, TypeCourrier.DECISION, TypeCourrier.LEVEE):
        assert _main(page).get_by_role("link", name=lettre.label).count() >= 1, lettre.label
    contenu = page.content()
    for interne in (NOTE_INTERNE, NOTE_LEVEE, "Note interne"):
        assert interne not in contenu
    reponse = page.request.get(f"{serveur_web}/mon-espace/sanctions/{procedure.pk}/courriers/{lettre_decision.pk}/")
    assert reponse.status == 200 and reponse.body().startswith(b"%PDF")
    page.goto(f"{serveur_web}/mon-espace/sanctions/")
    assert NOTE_INTERNE not in page.content()
    assert _main(page).locator(".fr-badge", has_text=S.LEVEE.label).count() == 1

    for autre in (page_controleur, page_delegue, page_personne):
        autre.context.close()
