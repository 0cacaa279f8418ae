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
    page.locator("main").get_by_role(role, name=nom, **options).first.click()
    page.wait_for_load_state("load")


def pages_du_pdf(contenu):
    return [page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages]


def url_dans(texte):
    return re.search(r"https?://\S+/rdv/\S+/", texte).group(0)


def test_parcours_des_invitations(serveur_web, navigateur, reseau, celery_worker_reel):
    debut = time.monotonic()
    personnes = importer_le_flux(celery_worker_reel, reseau)
    assert len(personnes) == 30
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    connecter(page, serveur_web, reseau["responsable"])
    verifier_accessibilite(page)
    assert time.monotonic() - debut < 90
