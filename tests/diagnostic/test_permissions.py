"""Every role × every diagnostic page and every sensitive part: what is shown, what is
hidden, and which access-log rows each read leaves.

The scenario (tests/diagnostic/factories.py): P followed by organisation A; the Conseil
départemental CD involved in P's file (its travailleur social co-writes, its médiateur
may read); another CD of the same département, not involved, holds the departmental
roles and a travailleur social.
"""

import pytest
from django.urls import reverse

from diagnostic.enums import Section
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from tests.diagnostic.factories import Scenario

ROLES = [
    "referent",
    "conseiller_autre_org",
    "ts_implique",
    "ts_non_implique",
    "decideur",
    "equipe_pluri",
    "mediateur",
    "pilote",
    "admin_organisation",
    "employeur",
    "personne",
    "autre_personne",
    "anonyme",
]
SANTE, JUSTICE, FINANCES = "DETAIL-SANTE", "DETAIL-JUSTICE", "DETAIL-FINANCES"
PARTIE = {
    SANTE: PartieDossier.DIAGNOSTIC_SANTE,
    JUSTICE: PartieDossier.DIAGNOSTIC_JUSTICE,
    FINANCES: PartieDossier.DIAGNOSTIC_FINANCES,
}
# Who reads the diagnostic page, and which sensitive details they are shown.
LECTEURS = {
    "referent": {SANTE, JUSTICE, FINANCES},
    "ts_implique": {SANTE, JUSTICE, FINANCES},
    "decideur": {FINANCES},
    "equipe_pluri": {SANTE, FINANCES},
    "mediateur": set(),
}
REDACTEURS = {"referent", "ts_implique"}


@pytest.fixture
def s():
    scenario = Scenario()
    scenario.remplir_sensibles()
    scenario.enregistrer(Section.COMPETENCES, {"savoir_faire": "COMMUN-CUISINE"})
    scenario.enregistrer(Section.COMPETENCES, {"savoir_faire": "COMMUN-CUISINE chaude"}, auteur=scenario.ts)
    JournalAcces.objects.all().delete()
    return scenario


def _get(client, s, role, url):
    user = s.utilisateurs[role]
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _refus(response, role):
    if role == "anonyme":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


def _parties_journalisees(s, role):
    user = s.utilisateurs[role]
    if user is None:
        return []
    return sorted(JournalAcces.objects.filter(personne=s.personne, user=user).values_list("partie", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_page_du_diagnostic(client, s, role):
    response = _get(client, s, role, reverse("backoffice:diagnostic", kwargs={"pk": s.personne.pk}))
    if role not in LECTEURS:
        _refus(response, role)
        assert not JournalAcces.objects.exists()
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "COMMUN-CUISINE chaude" in html
    for detail in (SANTE, JUSTICE, FINANCES):
        assert (detail in html) == (detail in LECTEURS[role]), detail
    attendu = sorted([PartieDossier.DIAGNOSTIC, *(PARTIE[d] for d in LECTEURS[role])])
    assert _parties_journalisees(s, role) == attendu
    # Only co-writers get the edit links.
    assert ("Modifier « Compétences »" in html) == (role in REDACTEURS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("section", [Section.COMPETENCES, Section.SANTE, Section.FINANCES])
def test_page_de_modification(client, s, role, section):
    url = reverse("backoffice:diagnostic_section", kwargs={"pk": s.personne.pk, "section": section})
    response = _get(client, s, role, url)
    if role not in REDACTEURS:
        _refus(response, role)
        assert not JournalAcces.objects.exists()  # a refusal leaves no read in the log
        return
    assert response.status_code == 200
    attendu = [PartieDossier.DIAGNOSTIC]
    if section == Section.SANTE:
        assert SANTE in response.content.decode()
        attendu.append(PartieDossier.DIAGNOSTIC_SANTE)
    if section == Section.FINANCES:
        attendu.append(PartieDossier.DIAGNOSTIC_FINANCES)
    assert _parties_journalisees(s, role) == sorted(attendu)


@pytest.mark.parametrize("role", ROLES)
def test_historique(client, s, role):
    response = _get(client, s, role, reverse("backoffice:diagnostic_historique", kwargs={"pk": s.personne.pk}))
    if role not in LECTEURS:
        _refus(response, role)
        assert not JournalAcces.objects.exists()
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Compétences" in html
    # A sensitive section's versions are not even listed to who may not read it.
    assert ("Santé : détails confidentiels" in html) == (SANTE in LECTEURS[role])
    assert ("Situation judiciaire : détails confidentiels" in html) == (JUSTICE in LECTEURS[role])
    assert ("Finances : détails confidentiels" in html) == (FINANCES in LECTEURS[role])
    for detail in (SANTE, JUSTICE, FINANCES):
        assert detail not in html  # the list shows who and when, never content
    assert _parties_journalisees(s, role) == [PartieDossier.DIAGNOSTIC_HISTORIQUE]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("detail", [SANTE, JUSTICE, FINANCES])
def test_difference_d_une_partie_sensible(client, s, role, detail):
    section = {SANTE: Section.SANTE, JUSTICE: Section.JUSTICE, FINANCES: Section.FINANCES}[detail]
    url = reverse("backoffice:diagnostic_difference", kwargs={"pk": s.personne.pk, "section": section})
    response = _get(client, s, role, url)
    if detail not in LECTEURS.get(role, set()):
        _refus(response, role)
        assert not JournalAcces.objects.exists()
        return
    assert response.status_code == 200
    assert detail in response.content.decode()
    assert _parties_journalisees(s, role) == sorted([PartieDossier.DIAGNOSTIC_HISTORIQUE, PARTIE[detail]])


@pytest.mark.parametrize("role", ROLES)
def test_difference_d_une_section_commune(client, s, role):
    url = reverse("backoffice:diagnostic_difference", kwargs={"pk": s.personne.pk, "section": Section.COMPETENCES})
    response = _get(client, s, role, url)
    if role not in LECTEURS:
        _refus(response, role)
        assert not JournalAcces.objects.exists()
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "chaude" in html
    assert _parties_journalisees(s, role) == [PartieDossier.DIAGNOSTIC_HISTORIQUE]


@pytest.mark.parametrize("role", ROLES)
def test_espace_de_la_personne(client, s, role):
    response = _get(client, s, role, reverse("diagnostic:consulter"))
    if role not in ("personne", "autre_personne"):
        _refus(response, role)
        return
    assert response.status_code == 200
    html = response.content.decode()
    if role == "personne":
        # Their whole diagnostic, sensitive details included.
        for detail in ("COMMUN-CUISINE chaude", SANTE, JUSTICE, FINANCES):
            assert detail in html
    else:
        for detail in ("COMMUN-CUISINE", SANTE, JUSTICE, FINANCES):
            assert detail not in html
        assert "pas encore rédigé" in html
    # A person reading their own file is not an access to report to them.
    assert not JournalAcces.objects.exists()


def test_une_implication_terminee_retire_la_lecture_des_parties_sensibles(client, s):
    from django.utils import timezone

    s.personne.implications.update(fin=timezone.now())
    response = _get(client, s, "ts_implique", reverse("backoffice:diagnostic", kwargs={"pk": s.personne.pk}))
    assert response.status_code == 404
    assert not JournalAcces.objects.exists()


def test_un_travailleur_social_de_l_organisme_referent_est_referent(client, s):
    from francetravail.personnes.models import Personne
    from francetravail.reseau.enums import Role
    from tests.factories import OrganisationFactory, professionnel

    # The social path: a conseil départemental is P's organisme référent (a travailleur social
    # is held in a département or its delegate only).
    referent = OrganisationFactory(conseil_departemental=True, departement_id="59")
    Personne.objects.filter(pk=s.personne.pk).update(organisme_referent=referent)
    ts = professionnel(referent, Role.TRAVAILLEUR_SOCIAL)
    client.force_login(ts)
    response = client.get(reverse("backoffice:diagnostic", kwargs={"pk": s.personne.pk}))
    assert SANTE in response.content.decode()


def test_section_inconnue(client, s):
    client.force_login(s.referent)
    url = reverse("backoffice:diagnostic_section", kwargs={"pk": s.personne.pk, "section": "inconnue"})
    assert client.get(url).status_code == 404
    url = reverse("backoffice:diagnostic_difference", kwargs={"pk": s.personne.pk, "section": "inconnue"})
    assert client.get(url).status_code == 404
    assert client.get(reverse("backoffice:diagnostic", kwargs={"pk": 2**63})).status_code == 404
