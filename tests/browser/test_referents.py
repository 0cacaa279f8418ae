"""In a real Chromium: a responsable d'équipe opens the « à attribuer » queue from the dashboard, filters the
twenty people brought by the CAF/MSA flow (a real import of the flow's file, then each orientation decided by
the département's decider towards the agency), sets the rule (least loaded conseiller), assigns the whole queue in one
action, then transfers a conseiller's portfolio to two colleagues. axe-core checks every page; the queue is
readable at 1280 px without horizontal scrolling."""

import contextlib
import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError, Q

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.referents.enums import NatureDesignation
from francetravail.referents.models import HistoriqueReferent, RegleAttribution
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription import import_caf
from inscription.enums import Canal, StatutImport
from inscription.models import DossierInscription, FoyerRSA, ImportFluxCAF
from orientation import actions as orientation_actions
from orientation.enums import Parcours
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.inscription.flux import fichier, lignes

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "referents.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (référents)"
CD = "Conseil départemental du test navigateur (référents)"
FICHIER = "flux-test-navigateur-referents.csv"
FLUX = 20
GRAINE = 71  # NIRs of the flow's lines: no other test generates these


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(user__in=users) | Q(email__endswith=f"@{DOMAINE}"))
    orgs = Organisation.objects.filter(nom__in=[AGENCE, CD])
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    HistoriqueReferent.objects.filter(personne__in=personnes).delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    DossierInscription.objects.filter(personne__in=personnes).delete()
    RegleAttribution.objects.filter(organisation__in=orgs).delete()
    Membership.objects.filter(user__in=users).delete()
    # The households the import recorded (a replay would find them unchanged and register nobody).
    FoyerRSA.objects.filter(import_source__nom_fichier=FICHIER).delete()
    for imp in ImportFluxCAF.objects.filter(nom_fichier=FICHIER):
        imp.fichier.delete(save=False)
        imp.delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
        users.delete()
        orgs.delete()


def _personne(agence, rang, referent=None):
    user = UserFactory(email=f"personne{rang}@{DOMAINE}", first_name=f"Prénom{rang}", last_name=f"Flux{rang}")
    return Personne.objects.create(
        user=user,
        nom_naissance=f"Flux{rang}",
        prenoms=f"Prénom{rang}",
        date_naissance=datetime.date(1980, 1, 1 + rang % 28),
        email=user.email,
        commune=commune("59350"),
        adresse=f"{rang} rue de Béthune",
        organisme_referent=agence,
        referent_unique=referent,
    )


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        responsable = professionnel(
            agence, Role.RESPONSABLE_EQUIPE, email=f"agnes@{DOMAINE}", first_name="Agnès", last_name="Leroy"
        )
        equipe = [
            professionnel(agence, Role.CONSEILLER, email=f"{nom.lower()}@{DOMAINE}", first_name=prenom, last_name=nom)
            for prenom, nom in (("Alice", "Arnaud"), ("Bruno", "Bernard"), ("Chloé", "Caron"))
        ]
        rang = 100
        for conseiller, charge in zip(equipe, (4, 2, 0), strict=True):
            for _ in range(charge):
                rang += 1
                _personne(agence, rang, conseiller)
        cd = OrganisationFactory(nom=CD, conseil_departemental=True, departement_id="59")
        decideur = professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL, email=f"decideur@{DOMAINE}")
    # Twenty people brought by the CAF/MSA flow (RSA claims): the import registers them and proposes their
    # orientation; the département's decider orients each to the agency (as on the orientation page).
    donnees = lignes(FLUX, graine=GRAINE, communes=[("59350", "59000"), ("59512", "59100")])
    for rang, ligne in enumerate(donnees):
        ligne["email"] = f"allocataire{rang}@{DOMAINE}"
        ligne["nom_naissance"] = f"FLUX{rang:02d}"
    imp = ImportFluxCAF.objects.create(nom_fichier=FICHIER)
    imp.fichier.save(FICHIER, ContentFile(fichier(donnees)), save=True)
    assert import_caf.executer(imp.pk).statut == StatutImport.TERMINE
    for decision in DecisionOrientation.objects.filter(personne__email__endswith=f"@{DOMAINE}"):
        orientation_actions.modifier(
            decision,
            acting_user=decideur,
            parcours=Parcours.PROFESSIONNEL,
            organisme=agence,
            motif="Projet professionnel : accompagnement par l'agence.",
        )
    assert (
        DossierInscription.objects.filter(personne__organisme_referent=agence, canal=Canal.FLUX_CAF_MSA).count()
        == FLUX
    )
    try:
        yield {"agence": agence, "responsable": responsable, "equipe": equipe}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _cliquer(page, role, nom):
    with page.expect_navigation():
        _main(page).get_by_role(role, name=nom).first.click()


def _sans_defilement_horizontal(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _charges(equipe):
    return [Personne.objects.filter(referent_unique=c).count() for c in equipe]


def test_le_responsable_attribue_vingt_personnes_par_la_regle_et_transfere_un_portefeuille(
    serveur_web, navigateur, situation
):
    page, agence, equipe = navigateur, situation["agence"], situation["equipe"]
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, situation["responsable"].email, totp=True)

    # From the dashboard, by clicking the tile with its count.
    page.goto(f"{serveur_web}/conseiller/")
    verifier_accessibilite(page)
    _cliquer(page, "link", f"Personnes à attribuer ({FLUX})")
    assert page.url.endswith(f"/conseiller/referents/{agence.pk}/a-attribuer/")
    verifier_accessibilite(page)
    assert _sans_defilement_horizontal(page)

    # Filtered on the CAF/MSA flow: the twenty of them.
    _main(page).get_by_label(re.compile(r"^\s*Origine de l.inscription")).select_option(Canal.FLUX_CAF_MSA)
    _cliquer(page, "button", "Filtrer")
    assert f"{FLUX} personnes à attribuer" in _main(page).inner_text()
    verifier_accessibilite(page)

    # The rule: the least loaded conseiller of the team.
    _cliquer(page, "link", "Équipe, règle et transferts de portefeuille")
    verifier_accessibilite(page)
    assert _sans_defilement_horizontal(page)
    _main(page).get_by_label("Le conseiller le moins chargé de l'équipe").check(force=True)
    _cliquer(page, "button", "Enregistrer la règle")
    assert "La règle d’attribution est enregistrée" in page.inner_text("body").replace("'", "’")
    verifier_accessibilite(page)

    # The whole queue in one action; the report says how many and who.
    _cliquer(page, "link", "Personnes à attribuer")
    _cliquer(page, "button", re.compile("Attribuer toute la file selon la règle"))
    rapport = _main(page).get_by_role("status").inner_text()
    assert f"{FLUX} personnes attribuées" in rapport and "FLUX00" in rapport
    assert "Personne n’attend de référent" in _main(page).inner_text()
    verifier_accessibilite(page)
    charges = _charges(equipe)
    assert sum(charges) == 4 + 2 + FLUX and max(charges) - min(charges) <= 1
    assert (
        HistoriqueReferent.objects.filter(nature=NatureDesignation.REGLE)
        .filter(personne__organisme_referent=agence)
        .count()
        == FLUX
    )
    # The flow's people have an e-mail and no account yet: each is told by e-mail who their référent is.
    assert (
        Notification.objects.filter(modele="referents/referent_designe", adresse__endswith=f"@{DOMAINE}").count()
        == FLUX
    )

    # Alice leaves: her portfolio goes to Bruno and Chloé, half each.
    a_transferer = charges[0]
    _cliquer(page, "link", "Équipe, règle et transferts de portefeuille")
    formulaire = _main(page).locator("form", has=page.get_by_role("button", name="Transférer le portefeuille"))
    formulaire.get_by_label(re.compile(r"^\s*Portefeuille de")).select_option(str(equipe[0].pk))
    formulaire.get_by_label(re.compile("Bruno Bernard")).check(force=True)
    formulaire.get_by_label(re.compile("Chloé Caron")).check(force=True)
    formulaire.get_by_label(re.compile(r"^\s*Motif")).fill("Départ en mutation")
    _cliquer(page, "button", "Transférer le portefeuille")
    assert f"Transfert de portefeuille : {a_transferer} personnes attribuées" in _main(page).inner_text()
    verifier_accessibilite(page)
    charges_apres = _charges(equipe)
    assert charges_apres[0] == 0 and sum(charges_apres) == sum(charges)
    assert abs((charges_apres[1] - charges[1]) - (charges_apres[2] - charges[2])) <= 1
    assert not page.erreurs_js
