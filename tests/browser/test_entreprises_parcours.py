"""In a real Chromium, with a real Celery worker and a real SMTP server: an employer signs up,
confirms their address from the e-mail, attaches their bakery by its SIRET and finds the
référent entreprise designated for it; writes a first offer with an age criterion (flagged, left
for a conseiller's review, and the 48-hour callback of a new employer is planned), then two clean
offers published at once. The référent entreprise (a France Travail conseiller, second factor)
sees the callback with its due date and the offer under review, opens the published offer's
ranked candidates and puts the person forward; the person finds the offers that fit them and
applies to the other one. The employer opens the application (seen, logged in the person's
access log, nothing of the file beyond identity, contact and career), proposes an interview,
retains it and records the hire: the offer (one position) is filled, the person reads
« Embauche » in their space and their job-search profile is « en emploi ».

Design of step 4 (one application per offer and person): the conseiller puts the person forward
for offer B, and the person applies from their own space to offer C of the same company, so that
both ways in are real; the hire is recorded on B, the offer whose candidates the conseiller worked.

The département is the Somme (80), Amiens: no other test commits France Travail agencies there,
so the automatic designation of the référent (the agency of the département referring the
fewest companies) picks this test's agency; the fixture checks it before anything starts.
Each user has their own browser profile (a TOTP code is accepted once per user and window).
"""

import datetime
import re
import time

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone, translation

from entreprises.comptes import choisir_referent
from entreprises.enums import (
    OrigineCandidature,
    RoleEntreprise,
    StatutCandidature,
    StatutMembre,
    StatutOffre,
    TypeTache,
)
from entreprises.models import Candidature, Entreprise, Offre, ProfilRecherche, TacheConseiller
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import lien_dans, verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.entreprises.factories import profil, siret_valide
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "entreprises.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (entreprises)"
ENTREPRISE = "Boulangerie du test navigateur"
DEPARTEMENT = "80"
COMMUNE = "80021"  # Amiens (INSEE); its postal code is 80000, which is no INSEE code
CODE_POSTAL = "80000"
LIEU = "Amiens (80000)"  # the commune as the employer names it (what the suggestions write)
MOT_DE_PASSE_EMPLOYEUR = "Un-mot-de-passe-2026"

TITRE_A = "Boulanger ou boulangère — fournil (H/F)"
TITRE_B = "Boulanger ou boulangère (H/F)"
TITRE_C = "Boulanger-pâtissier ou boulangère-pâtissière (H/F)"
DESCRIPTION_DISCRIMINANTE = (
    "Nous recherchons un jeune de moins de 30 ans, motivé, pour la fabrication du pain et des viennoiseries."
)
DESCRIPTION = "Fabrication du pain et des viennoiseries au fournil, du mardi au samedi, de 4 h à 11 h 30."
MESSAGE_CONSEILLER = (
    "Nora a fait un stage de trois mois en boulangerie artisanale ; elle est disponible tout de suite."
)
MESSAGE_PERSONNE = "Le travail au fournil me plaît ; je peux commencer dès que vous le souhaitez."
ENTRETIEN = "Entretien jeudi à 9 h, à la boulangerie, 3 rue des Trois Cailloux."
ADRESSE_PERSONNE = "12 rue des Arts"
NAISSANCE = datetime.date(1990, 4, 12)


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom=AGENCE)
    entreprises = list(
        Entreprise.objects.filter(
            Q(membres__user__in=users) | Q(referent__in=users) | Q(organisation_referente__in=orgs) | Q(nom=ENTREPRISE)
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    offres = Offre.objects.filter(entreprise__in=entreprises)
    ProfilRecherche.objects.filter(personne__in=personnes).delete()
    Candidature.objects.filter(Q(offre__in=offres) | Q(personne__in=personnes)).delete()  # with their history
    TacheConseiller.objects.filter(entreprise__in=entreprises).delete()
    offres.delete()
    Entreprise.objects.filter(pk__in=entreprises).delete()  # the members go with it (CASCADE)
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    Membership.objects.filter(user__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id=DEPARTEMENT)
        conseiller = professionnel(
            agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand"
        )
        user = UserFactory(email=f"nora@{DOMAINE}", first_name="Nora", last_name="Benali")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Benali",
            prenoms="Nora",
            date_naissance=NAISSANCE,
            email=user.email,
            telephone="0601020304",
            commune=commune(COMMUNE),
            adresse=ADRESSE_PERSONNE,
            code_postal="80000",  # Amiens has three: letters print the person's own
            organisme_referent=agence,
            referent_unique=conseiller,
        )
        # In the parcours professionnel, looking for a job of baker in Amiens, available now.
        profil(personne, codes_rome=("D1102",), commune_code=COMMUNE)
    choisi = choisir_referent(DEPARTEMENT)
    assert choisi == (conseiller, agence), (
        f"Une autre agence France Travail du {DEPARTEMENT} serait choisie comme référente ({choisi}) : "
        "des données d'un autre test sont restées dans la base."
    )
    try:
        yield {"agence": agence, "conseiller": conseiller, "personne": personne}
    finally:
        _nettoyer()


# --- Helpers ------------------------------------------------------------------------------


def _main(page):
    return page.locator("main")


def _champ(zone, libelle):
    """A field by its label, which may go on with the required marker or a hint."""
    return zone.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}(?![\w'’])"))


def _envoyer(page, bouton, dans=None):
    """Clicks a submit button and waits for the page the server answers (redirect or form with errors)."""
    zone = dans if dans is not None else _main(page)
    with page.expect_navigation():
        zone.get_by_role("button", name=bouton, exact=True).click()


def _suivre(page, lien, dans=None):
    zone = dans if dans is not None else _main(page)
    with page.expect_navigation():
        zone.get_by_role("link", name=lien).first.click()


def _cocher(zone, libelle):
    """A DSFR radio or checkbox: the input is hidden behind its label, which is what a user clicks."""
    zone.locator("label", has_text=libelle).first.click()


def _attendre(condition, quoi, timeout=30):
    limite = time.monotonic() + timeout
    while not (resultat := condition()):
        assert time.monotonic() < limite, f"{quoi} : toujours pas après {timeout} s"
        time.sleep(0.1)
    return resultat


def _courriel(smtp_sink, destinataire, sujet):
    return smtp_sink.wait_for(
        lambda m: m["To"] == destinataire and sujet.lower() in str(m["Subject"]).lower(), timeout=30
    )


def _accessible(page, defauts):
    """axe-core on the page (``verifier_accessibilite``); a violation is kept and the journey goes on, so
    that one run lists every page's violations. The test fails at its end if any was found."""
    try:
        verifier_accessibilite(page)
    except AssertionError as exc:
        defauts.append(str(exc).splitlines()[0])


def _date_longue(moment):
    with translation.override("fr"):
        return dateformat.format(timezone.localtime(moment), "j F Y à H:i")


def _remplir_offre(page, *, titre, description, heures="35", lieu=LIEU, date_debut):
    """The offer form, as an employer fills it: the job is searched in the ROME, then chosen."""
    formulaire = _main(page).locator("form")
    _champ(formulaire, "Intitulé du poste").fill(titre)
    _champ(formulaire, "Rechercher le métier").fill("boulanger")
    _envoyer(page, "Rechercher")  # posts the form without saving it: what was typed is kept
    formulaire = _main(page).locator("form")
    assert _champ(formulaire, "Intitulé du poste").input_value() == titre
    assert "trouvés : choisissez le métier ci-dessous" in formulaire.inner_text()
    _cocher(formulaire, "D1102 — Boulanger / Boulangère")
    assert formulaire.locator("input[name=fiche_rome][value=D1102]").is_checked()
    _champ(formulaire, "Description du poste").fill(description)
    _champ(formulaire, "Type de contrat").select_option("cdi")
    _champ(formulaire, "Temps de travail").select_option("plein")
    _champ(formulaire, "Heures par semaine").fill(heures)
    _champ(formulaire, "Salaire brut mensuel minimum (euros)").fill("2100")
    _champ(formulaire, "Lieu de travail (commune)").fill(lieu)
    _champ(formulaire, "Date de prise de poste").fill(date_debut.isoformat())
    assert _champ(formulaire, "Nombre de postes").input_value() == "1"
    return formulaire


def _rediger_offre_publiee(page, serveur_web, *, titre, date_debut):
    page.locator("header").get_by_role("link", name="Mes offres").first.click()
    page.wait_for_load_state("load")
    _suivre(page, "Rédiger une offre")
    _remplir_offre(page, titre=titre, description=DESCRIPTION, date_debut=date_debut)
    _envoyer(page, "Enregistrer le brouillon")
    offre = Offre.objects.get(entreprise__nom=ENTREPRISE, titre=titre)
    assert page.url == f"{serveur_web}/entreprise/offres/{offre.pk}/"
    assert offre.statut == StatutOffre.BROUILLON
    assert "point à revoir" not in _main(page).inner_text()  # nothing to review: it will be published at once
    _envoyer(page, "Soumettre pour publication")
    offre.refresh_from_db()
    assert offre.statut == StatutOffre.PUBLIEE and offre.conformite == []
    texte = _main(page).inner_text()
    assert f"Offre publiée : elle est visible de tout le réseau jusqu'au {offre.expire_le:%d/%m/%Y} inclus." in texte
    assert _main(page).locator(".fr-badge", has_text="Publiée").count() == 1
    return offre


# --- The journey --------------------------------------------------------------------------


def test_employeur_offre_controle_mise_en_relation_candidature_et_embauche(
    serveur_web, navigateur, situation, celery_worker_reel, smtp_sink
):
    conseiller, agence, personne = situation["conseiller"], situation["agence"], situation["personne"]
    email_employeur = f"paul@{DOMAINE}"
    aujourdhui = timezone.localdate()
    prise_de_poste = aujourdhui + datetime.timedelta(days=15)
    a11y = []  # axe-core's findings, page by page (see _accessible)

    # 1. The employer signs up, confirms their address and attaches their company by its SIRET.
    page = page_employeur = navigateur
    page.goto(f"{serveur_web}/comptes/signup/")
    formulaire = _main(page).locator("form")
    _cocher(formulaire, "Employeur")
    assert formulaire.get_by_label("Employeur", exact=True).is_checked()
    page.fill("input[name=first_name]", "Paul")
    page.fill("input[name=last_name]", "Lemaire")
    page.fill("input[name=email]", email_employeur)
    page.fill("input[name=password1]", MOT_DE_PASSE_EMPLOYEUR)
    page.fill("input[name=password2]", MOT_DE_PASSE_EMPLOYEUR)
    _envoyer(page, "Créer mon compte")
    assert "/comptes/confirm-email/" in page.url
    employeur = User.objects.get(email=email_employeur)
    assert employeur.type_compte == TypeCompte.EMPLOYEUR

    # allauth sends the confirmation from the request itself (not through the outbox) to the real SMTP server.
    courriel = smtp_sink.wait_for(lambda m: m["To"] == email_employeur, timeout=30)
    page.goto(lien_dans(courriel.get_body(preferencelist=("plain",)).get_content()))
    _envoyer(page, "Confirmer")  # a POST (ACCOUNT_CONFIRM_EMAIL_ON_GET = False)
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", email_employeur)
    page.fill("input[name=password]", MOT_DE_PASSE_EMPLOYEUR)
    _envoyer(page, "Se connecter")
    assert page.url == f"{serveur_web}/entreprise/"
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace employeur"
    _accessible(page, a11y)

    _suivre(page, "Rattacher mon entreprise")
    assert page.get_by_role("heading", level=1).inner_text() == "Rattacher une entreprise"
    siret = siret_valide()
    while Entreprise.objects.filter(siret=siret).exists():
        siret = siret_valide()
    _champ(_main(page), "Numéro SIRET de l'établissement").fill(f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")
    _envoyer(page, "Continuer")
    assert page.get_by_role("heading", level=1).inner_text() == "Créer l’espace de l’entreprise"
    formulaire = _main(page).locator("form")
    _champ(formulaire, "Raison sociale ou enseigne").fill(ENTREPRISE)
    _champ(formulaire, "Activité principale (code NAF ou APE)").select_option("10.71C")
    _champ(formulaire, "Effectif salarié de l'établissement").select_option("01")
    _champ(formulaire, "Adresse (numéro et voie)").fill("3 rue des Trois Cailloux")
    _champ(formulaire, "Code postal").fill(CODE_POSTAL)
    _champ(formulaire, "Commune").fill("Amiens")
    _envoyer(page, "Créer l’espace de l’entreprise")
    entreprise = Entreprise.objects.get(siret=siret)
    assert page.url == f"{serveur_web}/entreprise/entreprises/{entreprise.pk}/"
    assert (entreprise.nom, entreprise.code_naf_id, entreprise.commune_id) == (ENTREPRISE, "10.71C", COMMUNE)
    assert (entreprise.referent_id, entreprise.organisation_referente_id) == (conseiller.pk, agence.pk)
    membre = entreprise.membres.get()
    assert (membre.user_id, membre.role, membre.statut) == (employeur.pk, RoleEntreprise.ADMIN, StatutMembre.ACTIF)
    texte = _main(page).inner_text()
    assert f"L'espace de {ENTREPRISE} est créé" in texte
    referent = page.locator("section[aria-labelledby=titre-referent]")
    assert "Camille Durand" in referent.inner_text() and AGENCE in referent.inner_text()
    _accessible(page, a11y)
    # The référent is told by e-mail: the outbox hands it to the real worker, which sends it.
    _courriel(smtp_sink, conseiller.email, f"référent entreprise de {ENTREPRISE}")

    # 2. A first offer with an age criterion: errors at the fields first, then the finding and the review.
    _suivre(page, "Rédiger une offre")
    assert page.get_by_role("heading", level=1).inner_text() == "Rédiger une offre"
    _remplir_offre(
        page,
        titre=TITRE_A,
        description=DESCRIPTION_DISCRIMINANTE,
        heures="30",  # a full-time job of 30 hours
        lieu="Amien",  # a letter missing: no commune has this name
        date_debut=prise_de_poste,
    )
    _envoyer(page, "Enregistrer le brouillon")
    assert not Offre.objects.filter(entreprise=entreprise).exists()
    assert page.title().startswith("Erreur")
    formulaire = _main(page).locator("form")
    heures = _champ(formulaire, "Heures par semaine")
    assert heures.get_attribute("aria-invalid") == "true"
    assert (
        formulaire.locator("#id_heures_hebdo_error")
        .inner_text()
        .startswith("Un temps plein compte au moins 35 heures par semaine (durée légale, C. trav. L3121-27)")
    )
    lieu = _champ(formulaire, "Lieu de travail (commune)")
    assert lieu.get_attribute("aria-invalid") == "true"
    assert lieu.input_value() == "Amien"  # what was typed is kept
    assert "Aucune commune ne s'appelle « Amien »" in formulaire.locator("#id_commune_error").inner_text()
    # Nothing typed is lost, the job chosen included.
    assert formulaire.locator("input[name=fiche_rome][value=D1102]").is_checked()
    assert _champ(formulaire, "Description du poste").input_value() == DESCRIPTION_DISCRIMINANTE
    _accessible(page, a11y)  # the offer form with its errors
    heures.fill("35")
    lieu.fill(LIEU)
    _envoyer(page, "Enregistrer le brouillon")
    offre_a = Offre.objects.get(entreprise=entreprise, titre=TITRE_A)
    assert page.url == f"{serveur_web}/entreprise/offres/{offre_a.pk}/"
    assert (offre_a.fiche_rome_id, offre_a.type_contrat, offre_a.temps_travail) == ("D1102", "cdi", "plein")
    assert (offre_a.heures_hebdo, offre_a.salaire_min, offre_a.commune_id) == (35, 2100, COMMUNE)
    assert (offre_a.date_debut, offre_a.nb_postes, offre_a.statut) == (prise_de_poste, 1, StatutOffre.BROUILLON)
    # « un jeune de moins de 30 ans »: two age criteria, each shown with its words and its reason.
    constats = page.locator("[aria-labelledby=titre-constats]")
    assert "2 points à revoir avant de soumettre" in constats.inner_text()  # the check's preview on the draft
    _envoyer(page, "Soumettre pour publication")
    offre_a.refresh_from_db()
    assert offre_a.statut == StatutOffre.A_VALIDER and offre_a.publiee_le is None
    assert [(c["champ"], c["extrait"]) for c in offre_a.conformite] == [
        ("Description du poste", "jeune"),
        ("Description du poste", "moins de 30 ans"),
    ]
    assert all(c["motif"].startswith("Critère d'âge :") for c in offre_a.conformite)
    texte = _main(page).inner_text()
    assert "2 points à examiner : un conseiller du réseau relit l'offre avant sa publication." in texte
    assert _main(page).locator(".fr-badge", has_text="À valider par un conseiller").count() == 1
    assert "Pas encore visible : un conseiller du réseau relit les points ci-dessous" in texte
    constats = page.locator("[aria-labelledby=titre-constats]").inner_text()
    assert "2 points relevés par le contrôle de l’offre" in constats
    assert "Description du poste : « jeune »" in constats
    assert "Description du poste : « moins de 30 ans »" in constats
    assert "Critère d'âge : une offre ne peut fixer ni limite ni préférence d'âge" in constats
    _accessible(page, a11y)  # the offer page, with its finding
    # The company's first offer submitted by the employer plans the référent's 48-hour callback.
    tache = TacheConseiller.objects.get(entreprise=entreprise)
    assert (tache.type_tache, tache.conseiller_id, tache.organisation_id) == (
        TypeTache.RAPPEL_48H,
        conseiller.pk,
        agence.pk,
    )
    assert tache.offre_id is None and tache.faite_le is None
    assert abs(tache.echeance - offre_a.updated_at - datetime.timedelta(hours=48)) < datetime.timedelta(seconds=5)
    _courriel(smtp_sink, conseiller.email, f"Nouvel employeur à rappeler : {ENTREPRISE}")

    # Two clean offers, published as soon as they are submitted (B: one position, for the hire).
    offre_b = _rediger_offre_publiee(page, serveur_web, titre=TITRE_B, date_debut=prise_de_poste)
    offre_c = _rediger_offre_publiee(page, serveur_web, titre=TITRE_C, date_debut=prise_de_poste)
    assert offre_b.conseiller_recrutement_id == conseiller.pk  # the company's référent by default
    assert TacheConseiller.objects.filter(entreprise=entreprise).count() == 1  # one callback per company

    # 3. The référent, in their own browser: the callback, the review queue, the published offer's candidates.
    page = page_conseiller = _autre_navigateur(page_employeur)
    _connecter(page, serveur_web, conseiller.email, totp=True)
    assert page.url == f"{serveur_web}/conseiller/"
    tuile_taches = _main(page).locator(".fr-tile", has_text="Mes tâches entreprises")
    assert tuile_taches.locator(".fr-badge").text_content() == "1 à faire"  # shown in capitals (CSS)
    assert (
        _main(page).locator(".fr-tile", has_text="Offres à valider").locator(".fr-badge").text_content()
        == "1 à relire"
    )
    _suivre(page, "Mes tâches entreprises", dans=tuile_taches)
    tache_affichee = _main(page).locator("section", has_text=ENTREPRISE)
    assert "Rappeler le nouvel employeur (48 heures)" in tache_affichee.inner_text()
    assert f"À faire avant le {_date_longue(tache.echeance)}" in tache_affichee.inner_text()
    assert tache_affichee.locator(".fr-badge", has_text="En retard").count() == 0

    page.goto(f"{serveur_web}/conseiller/")
    _suivre(page, "Offres à valider", dans=_main(page).locator(".fr-tile", has_text="Offres à valider"))
    ligne_a = _main(page).locator("tr", has_text=TITRE_A)
    assert "2 points relevés" in ligne_a.inner_text() and ENTREPRISE in ligne_a.inner_text()
    assert _main(page).locator("tr", has_text=TITRE_B).count() == 0

    _suivre(page, "Offres d’emploi", dans=page.locator("header"))
    assert page.url == f"{serveur_web}/conseiller/offres/"
    filtres = _main(page).locator("form[aria-label='Rechercher des offres']")
    _champ(filtres, "Métier (code ROME ou domaine)").fill("D1102")
    _champ(filtres, "Département").fill(DEPARTEMENT)
    _envoyer(page, "Rechercher", dans=filtres)
    assert _main(page).locator("tr", has_text=TITRE_C).count() == 1
    assert _main(page).locator("tr", has_text=TITRE_A).count() == 0  # not published
    _suivre(page, TITRE_B, dans=_main(page).locator("tr", has_text=TITRE_B))
    assert page.url == f"{serveur_web}/conseiller/offres/{offre_b.pk}/"
    _suivre(page, "Candidats correspondants")
    assert page.url == f"{serveur_web}/conseiller/offres/{offre_b.pk}/candidats/"
    ligne = _main(page).locator("tr", has_text="Nora BENALI")
    assert ligne.count() == 1
    pourquoi = ligne.locator("td").nth(2).inner_text()
    assert "Même métier (D1102)" in pourquoi and "Même commune (Amiens)" in pourquoi
    assert "Boulanger / Boulangère (D1102)" in ligne.inner_text()
    _accessible(page, a11y)  # the conseiller's ranked candidates
    _suivre(page, "Mettre en relation Nora BENALI", dans=ligne)
    assert page.url == f"{serveur_web}/conseiller/offres/{offre_b.pk}/mettre-en-relation/{personne.pk}/"
    _champ(_main(page), "Message à l'employeur").fill(MESSAGE_CONSEILLER)
    _envoyer(page, "Transmettre à l’employeur")
    mise_en_relation = Candidature.objects.get(offre=offre_b, personne=personne)
    assert page.url == f"{serveur_web}/conseiller/candidatures/{mise_en_relation.pk}/"
    assert (mise_en_relation.origine, mise_en_relation.statut) == (
        OrigineCandidature.MISE_EN_RELATION,
        StatutCandidature.ENVOYEE,
    )
    assert mise_en_relation.mise_en_relation_par_id == conseiller.pk
    assert "Mise en relation transmise à l'employeur" in _main(page).inner_text()

    # 4. The person, in their own browser, finds the offers that fit them and applies to C.
    page = page_personne = _autre_navigateur(page_employeur)
    _connecter(page, serveur_web, personne.user.email)
    assert page.url == f"{serveur_web}/mon-espace/"
    _suivre(page, "Les offres d’emploi qui me correspondent")
    assert page.url == f"{serveur_web}/mon-espace/emploi/offres/"
    _accessible(page, a11y)  # the person's offers
    liste = _main(page)
    assert liste.locator("li", has_text=TITRE_A).count() == 0  # under review: not visible
    offre_proposee = liste.locator("li.ft-panneau").filter(has=page.get_by_role("link", name=TITRE_B, exact=True))
    # Put forward by the conseiller already: the badge, and no « Postuler ».
    assert offre_proposee.locator(".fr-badge").text_content() == "Candidature envoyée"
    assert offre_proposee.get_by_role("link", name=re.compile("^Postuler")).count() == 0
    offre_libre = liste.locator("li.ft-panneau").filter(has=page.get_by_role("link", name=TITRE_C, exact=True))
    assert "Même métier (D1102)" in offre_libre.inner_text()
    _suivre(page, TITRE_C, dans=offre_libre)
    assert page.url == f"{serveur_web}/mon-espace/emploi/offres/{offre_c.pk}/"
    correspondance = page.locator("section[aria-labelledby=titre-correspondance]").inner_text()
    assert "Même métier (D1102)" in correspondance and "Même commune (Amiens)" in correspondance
    postuler = page.locator("#postuler")
    _champ(postuler, "Message à l’employeur").fill(MESSAGE_PERSONNE)
    _envoyer(page, "Envoyer ma candidature", dans=postuler)
    assert page.url == f"{serveur_web}/mon-espace/emploi/candidatures/"
    candidature_c = Candidature.objects.get(offre=offre_c, personne=personne)
    assert (candidature_c.origine, candidature_c.statut) == (OrigineCandidature.CANDIDATURE, StatutCandidature.ENVOYEE)
    assert candidature_c.message == MESSAGE_PERSONNE
    texte = _main(page).inner_text()
    assert "Votre candidature a été transmise à l'employeur." in texte
    assert "Candidature de la personne" in texte and "Mise en relation par un conseiller" in texte

    # 5. The employer opens the applications of B, opens the one the conseiller sent, and hires.
    page = page_employeur
    page.goto(f"{serveur_web}/entreprise/entreprises/{entreprise.pk}/")
    offres_du_tableau = _main(page).locator("table", has_text=f"Offres de {ENTREPRISE}")
    assert "1 candidature" in offres_du_tableau.locator("tr", has_text=TITRE_C).inner_text()
    _suivre(page, "1 candidature", dans=offres_du_tableau.locator("tr", has_text=TITRE_B))
    assert page.url == f"{serveur_web}/entreprise/offres/{offre_b.pk}/candidatures/"
    ligne = _main(page).locator("tr", has_text="Nora BENALI")
    assert "Mise en relation par un conseiller" in ligne.inner_text()
    assert ligne.locator(".fr-badge").text_content() == "Envoyée"
    lectures_avant = JournalAcces.objects.filter(
        personne=personne, user=employeur, partie=PartieDossier.CANDIDATURE
    ).count()
    _suivre(page, "Nora BENALI", dans=ligne)
    assert page.url == f"{serveur_web}/entreprise/candidatures/{mise_en_relation.pk}/"
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.statut == StatutCandidature.VUE  # opening it marks it seen
    lectures = JournalAcces.objects.filter(personne=personne, user=employeur, partie=PartieDossier.CANDIDATURE)
    assert lectures.count() == lectures_avant + 1
    assert lectures.order_by("-at").first().organisation_id is None
    assert _main(page).locator(".fr-badge").first.text_content() == StatutCandidature.VUE.label
    texte = _main(page).inner_text()
    assert MESSAGE_CONSEILLER in texte and "Mise en relation par Camille Durand" in texte
    assert personne.email in texte and "0601020304" in texte and "Amiens" in texte
    assert "Boulanger / Boulangère (D1102)" in texte
    # Identity, contact and career only: nothing of the file.
    for hors_champ in ("diagnostic", "contrat d’engagement", "contrat d'engagement", "né le", "née le"):
        assert hors_champ not in texte.lower(), hors_champ
    contenu = page.content()
    for donnee in (ADRESSE_PERSONNE, f"{NAISSANCE:%d/%m/%Y}", NAISSANCE.isoformat()):
        assert donnee not in contenu, donnee
    assert page.get_by_role("link", name=re.compile("diagnostic", re.IGNORECASE)).count() == 0
    assert page.locator("a[href*='/conseiller/'], a[href*='diagnostic']").count() == 0
    _accessible(page, a11y)  # the application page

    entretien = page.locator("#etape-entretien")
    _champ(entretien, "Informations pour la personne").fill(ENTRETIEN)
    _envoyer(page, "Proposer l’entretien", dans=entretien)
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.statut == StatutCandidature.ENTRETIEN
    assert "Entretien proposé : la personne est prévenue." in _main(page).inner_text()
    _envoyer(page, "Retenir", dans=page.locator("#etape-accepter"))
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.statut == StatutCandidature.ACCEPTEE
    embauche = page.locator("#etape-embaucher")
    _champ(embauche, "Date d'embauche").fill(aujourdhui.isoformat())
    _envoyer(page, "Enregistrer l’embauche", dans=embauche)
    mise_en_relation.refresh_from_db()
    assert (mise_en_relation.statut, mise_en_relation.date_embauche) == (StatutCandidature.EMBAUCHE, aujourdhui)
    texte = _main(page).inner_text()
    assert "Embauche enregistrée." in texte and f"Embauche au {aujourdhui:%d/%m/%Y}." in texte
    # One position, one hire: the offer is filled; C, another offer, stays published.
    offre_b.refresh_from_db()
    assert offre_b.statut == StatutOffre.POURVUE and offre_b.cloturee_le is not None
    offre_c.refresh_from_db()
    assert offre_c.statut == StatutOffre.PUBLIEE
    _suivre(page, "Toutes les candidatures à cette offre")
    assert f"{ENTREPRISE} — Pourvue, 1 poste." in _main(page).inner_text()
    profil_recherche = ProfilRecherche.objects.get(personne=personne)
    assert profil_recherche.en_emploi_depuis == aujourdhui and profil_recherche.embauche_id == mise_en_relation.pk

    # The person reads « Embauche » in their space; the hire's e-mail goes through the worker.
    page = page_personne
    page.goto(f"{serveur_web}/mon-espace/emploi/candidatures/")
    carte = _main(page).locator(f"#candidature-{mise_en_relation.pk}")
    assert carte.locator(".fr-badge", has_text="Embauche").count() == 1
    assert f"Embauche au {aujourdhui:%d/%m/%Y}." in carte.inner_text()
    assert ENTRETIEN in carte.inner_text()
    assert _main(page).locator(f"#candidature-{candidature_c.pk} .fr-badge").text_content() == "Envoyée"
    _accessible(page, a11y)
    _courriel(smtp_sink, personne.email, "Votre embauche est enregistrée")

    # The référent reads the person's job search: « en emploi », no longer put forward.
    page = page_conseiller
    page.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/recherche-emploi/")
    assert f"En emploi depuis le {aujourdhui:%d/%m/%Y}" in _main(page).inner_text()

    for autre in (page_conseiller, page_personne):
        autre.context.close()
    assert not a11y, "\n".join(a11y)
