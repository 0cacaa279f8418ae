"""In a real Chromium at 1280 px: a conseiller works « mon portefeuille » — chooses columns, filters by
modality, sorts by next point d'étape, exports the CSV — with no horizontal scroll; a responsable d'équipe
reads the team's load from the dashboard tile. axe-core checks every page."""

import contextlib
import datetime
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from francetravail.accompagnement.actions import choisir_modalite
from francetravail.accompagnement.models import ColonnesPortefeuille, ModaliteAccompagnement, ModalitePersonne
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.base.calendrier import ajouter_mois
from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, commune, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "portefeuille.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (portefeuille)"
# (last name, modality, days since the start, planned end in months)
PERSONNES = [
    ("Arnaud", "guide", 10, None),
    ("Bonnet", "suivi", 200, None),  # point d'étape overdue
    ("Chevalier", "intensif", 5, 12),
    ("Dumas", "guide", 170, None),
    ("Étienne", None, 0, None),
]


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom=AGENCE)
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    ModalitePersonne.objects.filter(personne__in=personnes).delete()
    ColonnesPortefeuille.objects.filter(user__in=users).delete()
    Membership.objects.filter(user__in=users).delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        referent = professionnel(agence, Role.CONSEILLER, email=f"lea@{DOMAINE}", first_name="Léa", last_name="Roux")
        responsable = professionnel(
            agence, Role.RESPONSABLE_EQUIPE, email=f"marc@{DOMAINE}", first_name="Marc", last_name="Vidal"
        )
        for i, (nom, code, il_y_a, fin_mois) in enumerate(PERSONNES):
            personne = Personne.objects.create(
                nom_naissance=nom,
                prenoms="Test",
                date_naissance=datetime.date(1985, 1, 1 + i),
                email=f"{i}@{DOMAINE}",
                commune=commune("59350"),
                organisme_referent=agence,
                referent_unique=referent,
            )
            if code:
                debut = timezone.localdate() - datetime.timedelta(days=il_y_a)
                choisir_modalite(
                    personne,
                    ModaliteAccompagnement.objects.get(code=code),
                    referent,
                    fin_prevue=ajouter_mois(debut, fin_mois) if fin_mois else None,
                    debut=debut,
                )
    try:
        yield {"referent": referent, "responsable": responsable}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _sans_defilement_horizontal(page):
    largeurs = page.evaluate(
        """() => {
            const table = document.querySelector('#liste-personnes .fr-table__container') || document.body;
            return {
                document: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                table: [table.scrollWidth, table.clientWidth],
            };
        }"""
    )
    assert largeurs["document"][0] <= largeurs["document"][1], largeurs
    assert largeurs["table"][0] <= largeurs["table"][1], largeurs


def _noms(page):
    return [n.upper() for n in _main(page).locator("#liste-personnes tbody tr td:first-child").all_inner_texts()]


def test_le_conseiller_travaille_son_portefeuille_a_1280_px(serveur_web, navigateur, situation):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, situation["referent"].email, totp=True)

    # From the dashboard, by clicking.
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("Mon portefeuille")).click()
    assert "portefeuille=1" in page.url
    verifier_accessibilite(page)
    _sans_defilement_horizontal(page)
    entetes = _main(page).locator("thead th").all_inner_texts()
    assert "Modalité" in entetes and "Point d'étape" in entetes
    assert "EN RETARD" in _main(page).locator("tbody tr", has_text="BONNET").inner_text().upper()

    # Columns chosen: the commune added, the birth date removed; remembered for the account.
    page.locator("#choix-colonnes summary").click()
    page.locator("#choix-colonnes").get_by_label("Commune", exact=True).check()
    page.locator("#choix-colonnes").get_by_label("Date de naissance", exact=True).uncheck()
    with page.expect_navigation():
        page.locator("#choix-colonnes").get_by_role("button", name="Enregistrer mes colonnes").click()
    entetes = _main(page).locator("thead th").all_inner_texts()
    assert "Commune" in entetes and "Date de naissance" not in entetes
    assert "commune" in ColonnesPortefeuille.objects.get(user=situation["referent"]).colonnes
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)

    # Every column at once still fits: the cells wrap, nothing hides behind a scroll.
    page.locator("#choix-colonnes summary").click()
    for case in page.locator("#choix-colonnes input[type=checkbox]").all():
        case.check()
    with page.expect_navigation():
        page.locator("#choix-colonnes").get_by_role("button", name="Enregistrer mes colonnes").click()
    # With « Droit au RSA » (inscription.listes_rsa, issue 18) and « Suivi rendez-vous » (rendezvous.suivi, issue 19).
    assert len(_main(page).locator("thead th").all()) == 14
    _sans_defilement_horizontal(page)
    page.locator("#choix-colonnes summary").click()
    page.locator("#choix-colonnes").get_by_label("Date de naissance", exact=True).uncheck()
    for titre in ("Organisme référent", "Référent unique", "Inscription", "Premier rendez-vous"):
        page.locator("#choix-colonnes").get_by_label(titre, exact=True).uncheck()
    with page.expect_navigation():
        page.locator("#choix-colonnes").get_by_role("button", name="Enregistrer mes colonnes").click()

    # Filter by modality, then sort by next point d'étape: Dumas (guidé since 170 days, due in ~10) first.
    filtres = page.locator("#filtres")
    filtres.get_by_label("Modalité", exact=True).select_option("guide")
    filtres.get_by_label("Trier par").select_option("echeance")
    with page.expect_navigation():
        filtres.get_by_role("button", name="Filtrer et trier").click()
    assert [n.split()[-1] for n in _noms(page)] == ["DUMAS", "ARNAUD"]
    verifier_accessibilite(page)
    _sans_defilement_horizontal(page)

    # The CSV of that filtered list: names, not codes; the export is audited.
    with page.expect_download() as telechargement:
        _main(page).get_by_role("link", name="Exporter la liste (CSV)").click()
    contenu = open(telechargement.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    lignes = contenu.strip().splitlines()
    assert lignes[0].startswith("Personne;") and "Commune" in lignes[0]
    assert len(lignes) == 3 and "DUMAS" in lignes[1] and "Guidé" in contenu and "Lille" in contenu
    assert AuditEvent.objects.filter(
        event_type=TypeEvenement.PORTEFEUILLE_EXPORTE, acting_user=situation["referent"]
    ).exists()

    # From the list to a person without a modality, then to the modality page: 12 months + 1 day refused.
    page.goto(f"{serveur_web}/conseiller/personnes/?portefeuille=1&modalite=aucune")
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("ÉTIENNE", re.IGNORECASE)).click()
    with page.expect_navigation():
        _main(page).get_by_role("link", name="Modalité d’accompagnement").click()
    verifier_accessibilite(page)
    formulaire = _main(page).locator("form")
    formulaire.get_by_label("Modalité d'accompagnement").select_option(label="Intensif")
    douze_mois = ajouter_mois(timezone.localdate(), 12)
    formulaire.get_by_label(re.compile(r"^\s*Fin prévue")).fill((douze_mois + datetime.timedelta(days=1)).isoformat())
    with page.expect_navigation():
        formulaire.get_by_role("button", name="Enregistrer la modalité").click()
    assert "au plus 12 mois" in _main(page).inner_text()
    verifier_accessibilite(page)
    formulaire = _main(page).locator("form")
    formulaire.get_by_label(re.compile(r"^\s*Fin prévue")).fill(douze_mois.isoformat())
    with page.expect_navigation():
        formulaire.get_by_role("button", name="Enregistrer la modalité").click()
    assert f"{douze_mois:%d/%m/%Y}" in _main(page).locator("#modalite-courante").inner_text()
    verifier_accessibilite(page)
    assert not page.erreurs_js


def test_le_responsable_lit_la_charge_de_son_equipe(serveur_web, navigateur, situation):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, situation["responsable"].email, totp=True)
    with page.expect_navigation():
        _main(page).get_by_role("link", name="Charge de l’équipe").click()
    verifier_accessibilite(page)
    ligne = _main(page).locator("tbody tr", has_text="Léa Roux").inner_text()
    assert "2 / 150" in ligne  # two « guidé » of a target of 150
    assert not page.erreurs_js
