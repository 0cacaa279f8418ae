"""On a 390-pixel-wide phone, in a real Chromium: the person who wrote on day 3 reads that she may
still ask to be heard until the period's last day (R5412-7), asks for it, and her référent's
procedure page says the hearing is to be held before anything is decided. No page scrolls sideways;
axe-core checks each one."""

import contextlib
import datetime

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from sanctions.enums import Mesure, Public, SourceManquement, StatutProcedure, TypeManquement
from sanctions.models import Manquement, ProcedureSanction
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

S = StatutProcedure
DOMAINE = "sanctions-mobile.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (période contradictoire)"
LARGEUR = 390


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    procedures = ProcedureSanction.objects.filter(personne__in=personnes)
    for _ in range(4):
        for relation in ProcedureSanction._meta.related_objects:
            with contextlib.suppress(ProtectedError):
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": procedures}).delete()
    procedures.delete()
    Manquement.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Membership.objects.filter(user__in=users).delete()
    personnes.delete()
    users.delete()
    Organisation.objects.filter(nom=AGENCE).delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    aujourdhui = timezone.localdate()
    notifie_le = aujourdhui - datetime.timedelta(days=3)
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        referent = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille")
        user = UserFactory(email=f"ines@{DOMAINE}", first_name="Inès", last_name="Moreau")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Moreau",
            prenoms="Inès",
            date_naissance=datetime.date(1992, 2, 29),
            email=user.email,
            commune=commune("59350"),
            adresse="4 rue Solférino",
            organisme_referent=agence,
            referent_unique=referent,
        )
        manquement = Manquement.objects.create(
            personne=personne,
            type_manquement=TypeManquement.M1,
            source=SourceManquement.SIGNALEMENT,
            faits="Absente à l'atelier collectif.",
            date_faits=aujourdhui - datetime.timedelta(days=30),
            organisation=agence,
            signale_par=referent,
        )
        # Written observations received on day 3 of the period (built as the actions leave it, without
        # the letters: no worker runs here).
        procedure = ProcedureSanction.objects.create(
            personne=personne,
            manquement=manquement,
            public=Public.ALLOCATION,
            statut=S.OBSERVATIONS_RECUES,
            organisation=agence,
            organisation_decisionnaire=agence,
            ouverte_par=referent,
            examen="Revue.",
            accompagnement_fourni="Trois entretiens.",
            examine_le=timezone.now() - datetime.timedelta(days=5),
            mesure_envisagee=Mesure.SUSPENSION,
            sanction_envisagee="Suspension de 30 % de l'allocation pendant un mois.",
            avertissement_notifie_le=notifie_le,
            echeance_observations=notifie_le + datetime.timedelta(days=10),
            observations="J'étais malade, je vous envoie le certificat.",
            observations_recues_le=notifie_le,
        )
    try:
        yield {"referent": referent, "personne": personne, "procedure": procedure}
    finally:
        _nettoyer()


def _au_format_telephone(page):
    page.set_viewport_size({"width": LARGEUR, "height": 844})


def _sans_defilement_horizontal(page):
    largeur = page.evaluate("() => document.documentElement.scrollWidth")
    assert largeur <= LARGEUR, f"{page.url} défile horizontalement : {largeur} px pour {LARGEUR}"


def test_a_390_pixels_la_vraie_fin_du_delai_et_l_audition_demandee(serveur_web, navigateur, situation):
    procedure, referent = situation["procedure"], situation["referent"]
    echeance = procedure.echeance_observations
    page = navigateur
    _au_format_telephone(page)
    _connecter(page, serveur_web, situation["personne"].user.email)
    page.goto(f"{serveur_web}/mon-espace/sanctions/{procedure.pk}/")
    periode = page.locator("#periode-contradictoire")
    phrase = f"Vous pouvez encore demander à être entendu(e) jusqu’au {echeance:%d/%m/%Y} inclus"
    assert phrase in periode.inner_text()
    assert periode.is_visible()
    boite = periode.bounding_box()
    assert boite["x"] >= 0 and boite["x"] + boite["width"] <= LARGEUR
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)

    formulaire = page.locator("#repondre")
    formulaire.locator("label", has_text="Je demande à être entendu(e)").click()
    formulaire.get_by_label("Personne qui vous accompagnera").fill("Mon frère")
    with page.expect_navigation():
        formulaire.get_by_role("button", name="Envoyer ma réponse").click()
    procedure = ProcedureSanction.objects.get(pk=procedure.pk)
    assert procedure.statut == S.AUDITION_DEMANDEE and procedure.audition_assistee_par == "Mon frère"
    texte = page.locator("main").inner_text()
    assert "Votre demande d'audition a été enregistrée" in texte
    assert "Aucune décision n’est prise avant votre audition." in texte
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)

    # Her référent, on a phone too: the hearing to hold, nothing to send to the decider.
    page.context.clear_cookies()
    _connecter(page, serveur_web, referent.email, totp=True)
    page.goto(f"{serveur_web}/conseiller/sanctions/{procedure.pk}/")
    periode = page.locator("#periode-contradictoire")
    assert f"Audition demandée le {timezone.localdate():%d/%m/%Y}, accompagnée de Mon frère : à organiser" in (
        periode.inner_text()
    )
    assert periode.is_visible()
    assert page.locator("#etape-a_decider").count() == 0
    assert page.locator("#etape-audition").count() == 1
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)
