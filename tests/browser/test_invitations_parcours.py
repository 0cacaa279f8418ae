"""Issue 19's journey, in a real Chromium with a real Celery worker, axe-core on every page type:

1. the team's manager (responsable d'équipe) creates a recurring agenda of orientation interviews;
2. a conseiller invites, in one action, the thirty people the CAF/MSA flow has just imported (the real import
   of a CNAF file by the worker), by e-mail, SMS and letter;
3. one person books from the link of the SMS actually sent (read from the fake SMS provider), without an
   account, after the birth-date check;
4. another books from their letter: the link printed under the QR code of the letters' batch PDF, and the
   code printed on the letter for the identity check;
5. a third lets the invitation run: relancé when the relance falls due, then expired (the rows' dates are
   moved, the beat's sweep runs on the worker: no sleep);
6. the follow-up statuses and the dashboard's counts follow each step; the day's letters are one PDF of
   thirty pages.
"""

import datetime
import io
import re
import time

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from pypdf import PdfReader

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.invitations.models import DemandeRappel, EnvoiInvitation, Invitation, LotCourriers, LotInvitations
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.rendezvous.models import (
    Agenda,
    Creneau,
    HistoriqueRendezVous,
    HistoriqueSuivi,
    PlageOuverture,
    RendezVous,
    SuiviRendezVous,
)
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from inscription.actions import lancer_import_flux_caf
from inscription.enums import FormatFlux, StatutImport
from inscription.models import DossierInscription, DroitRSA, FoyerRSA, ImportFluxCAF
from orientation import actions as orientation
from orientation.enums import Parcours
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, code_totp, professionnel
from tests.inscription.flux_xml import VRSB, fichier_xml
from tests.inscription.flux_xml import Foyer as FoyerXML
from tests.inscription.flux_xml import Personne as PersonneXML

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "parcours-invitations.exemple.fr"
AGENCE = "Agence France Travail du parcours des invitations"
CONSEIL = "Conseil départemental du parcours des invitations"
NOM = "Flandrin"
FICHIER = "RSABEI_parcours_invitations.xml"
PREFIXE_MATRICULE = "59777"
PRENOMS = [
    "Adèle", "Basile", "Capucine", "Désiré", "Eugénie", "Firmin", "Gisèle", "Honoré", "Isaure", "Joachim",
    "Léonie", "Marius", "Noémie", "Octave", "Pauline", "Quentin", "Rosalie", "Sacha", "Thaïs", "Ulysse",
    "Valentine", "Wilfried", "Xavière", "Yvon", "Zélie", "Aurèle", "Blanche", "Célestin", "Daphné", "Edmond",
]  # fmt: skip
TACHE_IMPORT = "inscription.importer_flux_caf"


def naissance(rang):
    return datetime.date(1975 + rang % 20, 1 + rang % 12, 1 + rang)


def _flux():
    """The CNAF daily file of thirty new households of Lille (one claimant each, subject to rights and duties)."""
    foyers = [
        FoyerXML(
            matricule=f"{PREFIXE_MATRICULE}{rang:02d}00000000",
            personnes=[
                PersonneXML(
                    "DEM", NOM.upper(), prenom.upper(), naissance(rang), responsable="1", entrant="1", ordre=rang + 1
                )
            ],
            departement="059",
            numorg="591",
            numvoie=str(rang + 1),
            libtypevoie="RUE",
            nomvoie="NATIONALE",
            numcom="59350",
            codepos="59000",
            nomcom="LILLE",
        )
        for rang, prenom in enumerate(PRENOMS)
    ]
    maintenant = timezone.localtime().replace(tzinfo=None, microsecond=0)
    return fichier_xml(VRSB, foyers, type_flux="I", cree_le=maintenant, date_reference=maintenant.date())


def _personnes():
    return Personne.objects.filter(droits_rsa__numero_allocataire__startswith=PREFIXE_MATRICULE)


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom__in=[AGENCE, CONSEIL])
    ids = list(_personnes().values_list("pk", flat=True)) + list(
        Personne.objects.filter(nom_naissance__iexact=NOM).values_list("pk", flat=True)
    )
    personnes = Personne.objects.filter(pk__in=ids)
    for lot in LotCourriers.objects.filter(organisation__in=orgs):
        if lot.fichier:
            lot.fichier.delete(save=False)
    EnvoiInvitation.objects.filter(invitation__organisation__in=orgs).delete()
    DemandeRappel.objects.filter(organisation__in=orgs).delete()
    HistoriqueSuivi.objects.filter(suivi__personne__in=personnes).delete()
    SuiviRendezVous.objects.filter(Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    Invitation.objects.filter(organisation__in=orgs).delete()
    LotInvitations.objects.filter(organisation__in=orgs).delete()
    LotCourriers.objects.filter(organisation__in=orgs).delete()
    HistoriqueRendezVous.objects.filter(rendez_vous__personne__in=personnes).delete()
    RendezVous.objects.filter(Q(personne__in=personnes) | Q(creneau__agenda__organisation__in=orgs)).delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    PlageOuverture.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    DroitRSA.objects.filter(personne__in=personnes).delete()
    DossierInscription.objects.filter(personne__in=personnes).delete()
    FoyerRSA.objects.filter(numero_allocataire__startswith=PREFIXE_MATRICULE).delete()
    imports = ImportFluxCAF.objects.filter(nom_fichier=FICHIER)
    for imp in imports:
        imp.fichier.delete(save=False)
    imports.delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def reseau(base_validee, monkeypatch, settings):
    """The agency (a manager, a conseiller) and the département's decider; then the thirty people of the flow,
    imported by the worker, oriented to the agency (the decision is the setting, not the journey), with what
    they told the CAF: ten an e-mail and a mobile, ten a mobile, ten only their postal address."""
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)  # the worker reads the flow and writes the letters there
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59", commune_id="59350", telephone="03 20 00 00 00")
        conseil = OrganisationFactory(nom=CONSEIL, departement_id="59", conseil_departemental=True)
        responsable = professionnel(
            agence, Role.RESPONSABLE_EQUIPE, email=f"agnes@{DOMAINE}", first_name="Agnès", last_name="Leroy"
        )
        conseiller = professionnel(
            agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand"
        )
        decideur = professionnel(conseil, Role.DECIDEUR_DEPARTEMENTAL, email=f"sophie@{DOMAINE}")
    try:
        yield {"agence": agence, "responsable": responsable, "conseiller": conseiller, "decideur": decideur}
    finally:
        _nettoyer()


def importer_le_flux(worker, reseau):
    with transaction.atomic():
        imp = lancer_import_flux_caf(
            ContentFile(_flux().encode("windows-1252"), name=FICHIER), nom_fichier=FICHIER, format=FormatFlux.VRSB0801
        )
    worker.attendre(TACHE_IMPORT, 1, timeout=60)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE and imp.nb_creees == 30, (imp.statut, imp.erreur, imp.nb_creees)
    personnes = list(_personnes().order_by("date_naissance", "pk").distinct())
    assert len(personnes) == 30
    par_prenom = {p.prenoms.split(" ")[0].lower(): p for p in personnes}
    ordonnees = [par_prenom[prenom.lower()] for prenom in PRENOMS]
    for rang, personne in enumerate(ordonnees):
        champs = {}
        if rang < 10:
            champs["email"] = f"{PRENOMS[rang].lower()}.flandrin@{DOMAINE}".replace("è", "e").replace("é", "e")
        if rang < 20:
            champs["telephone"] = f"06 12 34 56 {rang:02d}"
        if champs:
            Personne.objects.filter(pk=personne.pk).update(**champs)
            personne.refresh_from_db()
        decision = DecisionOrientation.objects.get(personne=personne)
        orientation.modifier(
            decision,
            acting_user=reseau["decideur"],
            parcours=Parcours.PROFESSIONNEL,
            organisme=reseau["agence"],
            motif="Projet professionnel établi : accompagnement par France Travail.",
        )
        # Notified by letter when the file has no e-mail (``orientation.courrier``): sent the same day.
        DecisionOrientation.objects.filter(personne=personne, notifiee_le=None).update(notifiee_le=timezone.now())
    return ordonnees


def connecter(page, serveur_web, user):
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.fill("input[name=code]", code_totp())
    page.locator("main").get_by_role("button", name="Valider", exact=True).click()
    page.wait_for_load_state("load")


def cliquer(page, role, nom, **options):
    with page.expect_navigation():
        page.locator("main").get_by_role(role, name=nom, **options).first.click()


def nouvelle_page(page, largeur):
    """A browser of its own (no session, no cookie): a person without an account, on their phone."""
    contexte = page.context.browser.new_context(bypass_csp=True, locale="fr-FR")
    contexte.set_default_timeout(15_000)
    autre = contexte.new_page()
    autre.set_viewport_size({"width": largeur, "height": 844})
    autre.erreurs_js = []
    autre.on("pageerror", lambda exc: autre.erreurs_js.append(str(exc)))
    return autre


def attendre(condition, quoi, timeout=60):
    fin = time.monotonic() + timeout
    while not (resultat := condition()):
        if time.monotonic() > fin:
            raise TimeoutError(quoi)
        time.sleep(0.1)
    return resultat


def tuiles_du_suivi(page, serveur_web):
    """The dashboard's « Suivi des rendez-vous » counts, read on the page: {title: number}."""
    with page.expect_navigation():
        page.goto(f"{serveur_web}/conseiller/")
    section = page.locator("#suivi-rendez-vous")
    nombres = {}
    for titre in (
        "Invités, en attente de réservation",
        "Relancés",
        "Invitations expirées, à réinviter",
        "Rendez-vous pris",
    ):
        tuile = section.locator(".fr-tile").filter(has=page.get_by_role("link", name=titre, exact=True))
        nombres[titre] = int(re.search(r"(\d+) personnes?", tuile.locator(".fr-badge").text_content()).group(1))
    return nombres


# -- the manager's recurring agenda ----------------------------------------------------------------------------


def creer_l_agenda_recurrent(page, serveur_web, responsable):
    connecter(page, serveur_web, responsable)
    verifier_accessibilite(page)
    cliquer(page, "link", "Agendas de l’organisation")
    verifier_accessibilite(page)
    cliquer(page, "link", "Créer un agenda")
    verifier_accessibilite(page)
    page.get_by_label("Type d'agenda").select_option("equipe")
    page.get_by_label("Nom de l'agenda").fill("Entretiens d'orientation RSA — équipe")
    page.get_by_label("Lieu habituel (adresse)").fill("25 rue Nationale, 59000 Lille")
    cliquer(page, "button", "Créer l’agenda")
    verifier_accessibilite(page)
    plage = page.locator("form").filter(has=page.get_by_role("button", name="Ajouter la plage"))
    for jour in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"):
        plage.get_by_label(jour).check()
    plage.get_by_label("Heure de début").fill("09:00")
    plage.get_by_label("Heure de fin").fill("12:00")
    plage.get_by_label("Durée d'un créneau (minutes)").fill("30")
    plage.get_by_label("Motif").select_option("entretien_orientation")
    plage.get_by_label("Modalité").select_option("sur_place")
    plage.get_by_label("À partir du").fill(timezone.localdate().isoformat())
    cliquer(page, "button", "Ajouter la plage")
    verifier_accessibilite(page)
    agenda = Agenda.objects.get(libelle="Entretiens d'orientation RSA — équipe")
    assert agenda.created_by == responsable and PlageOuverture.objects.filter(agenda=agenda).count() == 1
    assert Creneau.objects.filter(agenda=agenda, debut__gt=timezone.now()).count() >= 30
    page.context.clear_cookies()
    return agenda


# -- the conseiller invites the flow's thirty people -----------------------------------------------------------


def inviter_les_trente(page, serveur_web, conseiller):
    connecter(page, serveur_web, conseiller)
    assert tuiles_du_suivi(page, serveur_web)["Invités, en attente de réservation"] == 0
    cliquer(page, "link", re.compile("Personnes suivies par mes organisations"))
    page.locator("#filtres").get_by_label("Bénéficiaires du RSA par le flux CAF/MSA").select_option("7j_sans_rdv")
    with page.expect_navigation():
        page.locator("#filtres").get_by_role("button", name="Filtrer et trier").click()
    verifier_accessibilite(page)
    cliquer(page, "link", re.compile("Inviter les 30 personnes de cette liste"))
    verifier_accessibilite(page)
    formulaire = page.locator("main form")
    for canal in ("Courriel", "SMS", "Courrier postal"):
        assert formulaire.get_by_label(canal).is_checked()
    cliquer(page, "button", "Voir le récapitulatif")
    verifier_accessibilite(page)
    recapitulatif = page.locator("#recapitulatif").inner_text()
    assert "30 personnes invitées, 0 non invitée" in recapitulatif
    assert "Courriel : 10" in recapitulatif and "SMS : 20" in recapitulatif and "Courrier postal : 30" in recapitulatif
    cliquer(page, "button", "Inviter 30 personnes")
    page.wait_for_selector("#lot-termine", timeout=60_000)
    verifier_accessibilite(page)
    assert "30 personnes invitées, 0 non invitée" in page.locator("#lot-termine").inner_text()
    lot = LotInvitations.objects.get(created_by=conseiller)
    assert Invitation.objects.filter(lot=lot).count() == 30


# -- the letters' batch ---------------------------------------------------------------------------------------


def telecharger_les_courriers(page, serveur_web):
    """From the dashboard's tile: the day's batch, one PDF, one page per letter."""
    agence = Organisation.objects.get(nom=AGENCE)
    attendre(
        lambda: LotCourriers.objects.filter(organisation=agence, statut="termine", nb_courriers=30).exists(),
        "le lot de courriers rendu par le worker",
    )
    with page.expect_navigation():
        page.goto(f"{serveur_web}/conseiller/")
    cliquer(page, "link", re.compile("Courriers à imprimer"))
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        page.locator("main").get_by_role("link", name=re.compile("Télécharger le PDF")).first.click()
    with open(telechargement.value.path(), "rb") as pdf:
        return PdfReader(io.BytesIO(pdf.read()))


def lettre_de(pdf, personne):
    """The page of ``personne``'s letter: (its text, its page)."""
    for page_pdf in pdf.pages:
        texte = page_pdf.extract_text()
        if personne.prenoms.upper() in texte.upper() and NOM.upper() in texte.upper():
            return texte, page_pdf
    raise AssertionError(f"pas de courrier pour {personne.prenoms}")


def lien_et_code_du_courrier(texte):
    """The booking link printed under the QR code (the PDF's text cuts it across lines) and the code."""
    apres = texte.split("Adresse de prise de rendez-vous", 1)[1]
    url = re.search(r"https?://[^/]+/rdv/[^/]+/", re.sub(r"\s+", "", apres)).group(0)
    code = re.search(r"Votre code\s*:\s*([A-Z0-9]{8})", texte).group(1)
    return url, code


def qr_porte(page_pdf, url):
    """Does the letter's QR code (the PNG image on the page) encode ``url``? No QR decoder is installed here
    (zbar, zxing, OpenCV: none): the image's modules are read on their grid and compared with ``url``
    encoded by the same library at the letter's error correction (M), whatever its mask."""
    import qrcode  # noqa: PLC0415 -- only this check needs it
    from PIL import Image  # noqa: PLC0415

    # Any of the eight masks reads the same for a decoder: the letter's is one of them.
    matrices = []
    for masque in range(8):
        attendu = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=masque)
        attendu.add_data(url)
        attendu.make(fit=True)
        matrices.append([list(ligne) for ligne in attendu.get_matrix()])
    n = len(matrices[0])
    for image in page_pdf.images:  # the QR code, and whatever else the letter prints
        gris = Image.open(io.BytesIO(image.data)).convert("L")
        boite = Image.eval(gris, lambda v: 255 - v).getbbox()
        if boite is None or abs((boite[2] - boite[0]) - (boite[3] - boite[1])) > 1:
            continue
        # The dark modules' bounding box is the code without its quiet zone: read each module at its centre.
        x0, y0, x1, _y1 = boite
        cote = (x1 - x0) / n
        lue = [
            [gris.getpixel((int(x0 + (c + 0.5) * cote), int(y0 + (r + 0.5) * cote))) < 128 for c in range(n)]
            for r in range(n)
        ]
        if lue in matrices:
            return True
    return False


# -- the people, without an account ----------------------------------------------------------------------------


def reserver_par_le_lien(page, url, *, naissance=None, code=None):
    page.goto(url)
    verifier_accessibilite(page)
    principal = page.locator("main").inner_text()
    assert NOM.upper() not in principal.upper()  # nothing personal before the check
    if naissance is not None:
        page.get_by_label("Jour").fill(str(naissance.day))
        page.get_by_label("Mois").fill(str(naissance.month))
        page.get_by_label("Année").fill(str(naissance.year))
        cliquer(page, "button", "Vérifier et voir les créneaux")
    else:
        page.get_by_label("Code imprimé sur le courrier").fill(code.lower())
        cliquer(page, "button", "Vérifier avec le code")
    verifier_accessibilite(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Choisir un rendez-vous"
    cliquer(page, "button", re.compile("Choisir ce créneau"))
    verifier_accessibilite(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Votre rendez-vous est confirmé"


# -- the sweep, on the worker ----------------------------------------------------------------------------------


def balayer(worker, fois):
    """The beat's sweep of the invitations (relances due, expiries), run by the worker."""
    from francetravail.invitations.tasks import balayer_invitations  # noqa: PLC0415 -- the worker's task

    balayer_invitations.delay()
    worker.attendre("francetravail.invitations.tasks.balayer_invitations", fois, timeout=30)


@pytest.fixture
def brevo(settings):
    """The fake Brevo (tests/fournisseur_sms.py), a real HTTP server, behind SMS_BACKEND: the SMS sent."""
    from tests.fournisseur_sms import FournisseurSms  # noqa: PLC0415 -- a test server, started per test

    with FournisseurSms() as faux:
        settings.SMS_BACKEND = "francetravail.notifications.fournisseurs.brevo.BrevoSmsBackend"
        settings.BREVO_API_URL = faux.url_api
        settings.BREVO_API_KEY = faux.cle
        settings.BREVO_TIMEOUT = 2
        yield faux


def sms_a(brevo, personne, contenant):
    numero = "33" + re.sub(r"\D", "", personne.telephone)[1:]
    return attendre(
        lambda: next(
            (m for m in brevo.messages if m["recipient"] == numero and contenant in m["content"]),
            None,
        ),
        f"le SMS « {contenant} » de {personne.prenoms}",
    )


def test_parcours_des_invitations(serveur_web, navigateur, reseau, celery_worker_reel, brevo):
    debut = time.monotonic()
    personnes = importer_le_flux(celery_worker_reel, reseau)
    par_sms, par_courrier, sans_suite = personnes[10], personnes[20], personnes[0]
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. The manager's recurring agenda; 2. the conseiller invites the thirty in one action.
    creer_l_agenda_recurrent(page, serveur_web, reseau["responsable"])
    inviter_les_trente(page, serveur_web, reseau["conseiller"])
    assert tuiles_du_suivi(page, serveur_web)["Invités, en attente de réservation"] == 30

    # 3. The SMS actually sent (the fake provider received it from the worker): its link, the birth date.
    sms = sms_a(brevo, par_sms, "/rdv/")
    personne_sms = nouvelle_page(page, 390)
    reserver_par_le_lien(personne_sms, re.search(r"https?://\S+/rdv/\S+?/", sms["content"]).group(0),
                         naissance=par_sms.date_naissance)  # fmt: skip
    assert SuiviRendezVous.objects.get(personne=par_sms).statut == "rdv_pris"

    # 4. The letter: the batch is one PDF of thirty pages; the link under the QR code, the code printed.
    pdf = telecharger_les_courriers(page, serveur_web)
    assert len(pdf.pages) == 30
    texte, page_lettre = lettre_de(pdf, par_courrier)
    url, code = lien_et_code_du_courrier(texte)
    assert "59000 LILLE" in texte.upper()
    assert qr_porte(page_lettre, url)
    personne_courrier = nouvelle_page(page, 390)
    reserver_par_le_lien(personne_courrier, url, code=code)
    assert SuiviRendezVous.objects.get(personne=par_courrier).statut == "rdv_pris"
    compte = tuiles_du_suivi(page, serveur_web)
    assert (compte["Invités, en attente de réservation"], compte["Rendez-vous pris"]) == (28, 2)

    # 5. The third does nothing: the relance falls due (its date moved), the beat's sweep relances by e-mail and
    # SMS; then the link's end passes and the sweep expires it. No sleep: the rows' dates are moved.
    invitation = Invitation.objects.get(personne=sans_suite, statut="envoyee")
    Invitation.objects.filter(pk=invitation.pk).update(
        prochaine_relance=timezone.now() - datetime.timedelta(seconds=1)
    )
    balayer(celery_worker_reel, 1)
    assert Invitation.objects.get(pk=invitation.pk).statut == "relancee"
    assert "/rdv/" in sms_a(brevo, sans_suite, "Rappel :")["content"]
    compte = tuiles_du_suivi(page, serveur_web)
    assert (compte["Invités, en attente de réservation"], compte["Relancés"]) == (27, 1)
    Invitation.objects.filter(pk=invitation.pk).update(expire_le=timezone.now() - datetime.timedelta(seconds=1))
    balayer(celery_worker_reel, 2)
    compte = tuiles_du_suivi(page, serveur_web)
    assert (compte["Relancés"], compte["Invitations expirées, à réinviter"]) == (0, 1)
    verifier_accessibilite(page)

    # 6. The expired one, from the dashboard's tile to the person page: the status and its history.
    cliquer(page, "link", re.compile("Invitations expirées, à réinviter"))
    verifier_accessibilite(page)
    cliquer(page, "link", re.compile(sans_suite.prenoms, re.IGNORECASE))
    verifier_accessibilite(page)
    fiche = page.locator("main").inner_text()
    assert "Invitation expirée depuis le" in fiche and "Relancé" in fiche
    # The expired link is a clear page, not an error.
    expire = nouvelle_page(page, 390)
    expire.goto(lien_et_code_du_courrier(lettre_de(pdf, sans_suite)[0])[0])
    verifier_accessibilite(expire)
    assert "La date limite pour choisir un rendez-vous avec ce lien est passée" in expire.locator("main").inner_text()
    # The relance's letter joined the day's batch, rendered again by the worker (31 letters).
    celery_worker_reel.attendre("francetravail.invitations.courriers.rendre_lot_courriers", 2, timeout=60)
    lot = LotCourriers.objects.get(organisation__nom=AGENCE)
    assert (lot.statut, lot.nb_courriers) == ("termine", 31), (lot.statut, lot.erreur)
    assert time.monotonic() - debut < 90, f"{time.monotonic() - debut:.0f} s"
