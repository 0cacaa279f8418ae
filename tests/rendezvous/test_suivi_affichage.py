"""Issue 19: the follow-up status where professionals read it — the person page's block, the portfolio's
column and filter, the dashboard's counts and its share of first appointments within 15 days of the
orientation (both sides of the bound, through the actions), at a fixed number of queries."""

import secrets
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.invitations.enums import CanalInvitation
from francetravail.invitations.models import Invitation
from francetravail.rendezvous import actions, suivi
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import SuiviRendezVous
from orientation import premier_rdv
from tests.contrats.factories import orientation_notifiee
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import CreneauFactory, dans

pytestmark = pytest.mark.django_db
MOTIF = Motif.ENTRETIEN_ORIENTATION
NOTIFIEE_IL_Y_A = 5
JOUR_15 = 15 - NOTIFIEE_IL_Y_A  # dans(JOUR_15): the last day in time
JOUR_16 = 16 - NOTIFIEE_IL_Y_A  # dans(JOUR_16): the first day late


def _a(jours, heure=9):
    jour = timezone.localdate() + timedelta(days=jours)
    return timezone.make_aware(datetime(jour.year, jour.month, jour.day, heure))


def _invitation(personne, org):
    return Invitation.objects.create(
        personne=personne,
        organisation=org,
        motif=MOTIF,
        canaux=[CanalInvitation.SMS, CanalInvitation.COURRIER],
        nonce=secrets.token_hex(16),
        code="K7P2X9QM",
        expire_le=_a(10, 18),
    )


def _inviter(personne, org, user=None):
    inv = _invitation(personne, org)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.INVITE, organisation_id=org.pk, invitation_id=inv.pk, acting_user=user)
    return inv


def _oriente(org):
    p = PersonneFactory(organisme_referent=org)
    orientation_notifiee(p, notifiee_le=_a(-NOTIFIEE_IL_Y_A))
    return p


# --- The person page -------------------------------------------------------------------------------------


def test_la_fiche_montre_statut_invitation_en_cours_et_historique(client, org, conseiller, personne):
    client.force_login(conseiller)
    url = reverse("backoffice:fiche_personne", args=[personne.pk])
    page = client.get(url).content.decode()
    assert "Suivi des rendez-vous" in page and "Non invité" in page
    _inviter(personne, org, conseiller)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RELANCE, commentaire="Relance à 3 jours")
    page = client.get(url).content.decode()
    assert "Relancé (entretien d&#x27;orientation)" in page
    assert f"par SMS, courrier, valable jusqu&#x27;au {_a(10):%d/%m/%Y}" in page
    assert f"{timezone.localdate():%d/%m/%Y} : Invité ({conseiller.get_full_name()})" in page
    assert "Relancé — Relance à 3 jours" in page


def test_la_fiche_garde_son_nombre_de_requetes(client, org, conseiller, personne, agenda):
    client.force_login(conseiller)
    url = reverse("backoffice:fiche_personne", args=[personne.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as sans:
        client.get(url)
    _inviter(personne, org)
    for _ in range(12):
        suivi.noter(personne.pk, MOTIF, StatutSuivi.RELANCE)
        suivi.noter(personne.pk, MOTIF, StatutSuivi.EXPIRE)
    actions.reserver(personne, CreneauFactory(agenda=agenda, motif=Motif.DIAGNOSTIC), acting_user=conseiller)
    with CaptureQueriesContext(connection) as avec:
        assert client.get(url).status_code == 200
    assert len(avec.captured_queries) == len(sans.captured_queries) == 7


# --- The portfolio ---------------------------------------------------------------------------------------


def test_la_colonne_et_le_filtre_du_portefeuille(client, org, conseiller, agenda, django_assert_max_num_queries):
    invitee, reservee, rien = (PersonneFactory(organisme_referent=org) for _ in range(3))
    _inviter(invitee, org)
    actions.reserver(reservee, CreneauFactory(agenda=agenda), acting_user=conseiller)
    client.force_login(conseiller)
    client.post(reverse("backoffice:personnes_colonnes"), {"colonnes": ["suivi_rdv"]})
    liste = reverse("backoffice:personnes")
    page = client.get(liste).content.decode()
    assert "Suivi rendez-vous" in page
    assert f"Invité depuis le {timezone.localdate():%d/%m/%Y} (entretien d&#x27;orientation)" in page
    with django_assert_max_num_queries(15):
        page = client.get(liste, {"suivi_rdv": StatutSuivi.INVITE}).content.decode()
    assert invitee.nom_naissance.upper() in page
    assert reservee.nom_naissance.upper() not in page and rien.nom_naissance.upper() not in page
    page = client.get(liste, {"suivi_rdv": StatutSuivi.NON_INVITE}).content.decode()
    assert rien.nom_naissance.upper() in page and invitee.nom_naissance.upper() not in page


# --- The dashboard ---------------------------------------------------------------------------------------


def _tableau(client, user):
    client.force_login(user)
    return client.get(reverse("backoffice:accueil")).content.decode()


def test_le_tableau_de_bord_compte_et_renvoie_au_portefeuille_filtre(client, org, conseiller, agenda):
    for _ in range(3):
        _inviter(PersonneFactory(organisme_referent=org), org)
    relancee = PersonneFactory(organisme_referent=org)
    _inviter(relancee, org)
    suivi.noter(relancee.pk, MOTIF, StatutSuivi.RELANCE)
    rappel = PersonneFactory(organisme_referent=org)
    _inviter(rappel, org)
    suivi.noter(rappel.pk, MOTIF, StatutSuivi.RAPPEL_DEMANDE)
    actions.reserver(PersonneFactory(organisme_referent=org), CreneauFactory(agenda=agenda), acting_user=conseiller)
    # Another organisation's invitation is not counted here.
    autre = OrganisationFactory()
    _inviter(PersonneFactory(organisme_referent=autre), autre)
    page = _tableau(client, conseiller)
    assert "Suivi des rendez-vous" in page
    compte = {
        StatutSuivi.INVITE: "3 personnes",
        StatutSuivi.RELANCE: "1 personne",
        StatutSuivi.RAPPEL_DEMANDE: "1 personne",
        StatutSuivi.RDV_PRIS: "1 personne",
        StatutSuivi.EXPIRE: "0 personne",
    }
    for statut, badge in compte.items():
        lien = f"{reverse('backoffice:personnes')}?suivi_rdv={statut}"
        morceau = page.split(f'href="{lien}"')[1].split("</div>")[0:3]
        assert badge in "".join(morceau), (statut, badge)
    # Someone who works no agenda sees no such section.
    assert "Suivi des rendez-vous" not in _tableau(client, professionnel(org, "pilote"))


def test_le_tableau_de_bord_garde_son_nombre_de_requetes(client, org, conseiller):
    _tableau(client, conseiller)
    with CaptureQueriesContext(connection) as peu:
        _tableau(client, conseiller)
    for _ in range(20):
        _inviter(_oriente(org), org)
    with CaptureQueriesContext(connection) as beaucoup:
        _tableau(client, conseiller)
    assert len(beaucoup.captured_queries) == len(peu.captured_queries)


def test_premier_rendez_vous_dans_les_15_jours_des_deux_cotes_de_la_borne(client, org, conseiller, agenda):
    """Day 15 after the notified orientation is in time, day 16 is late, booked through the actions."""
    a_l_heure, en_retard, a_venir = _oriente(org), _oriente(org), _oriente(org)
    for p in (a_l_heure, en_retard, a_venir):
        _inviter(p, org)
    actions.reserver(a_l_heure, CreneauFactory(agenda=agenda, debut=dans(JOUR_15, heure=18)), acting_user=conseiller)
    actions.reserver(
        en_retard,
        CreneauFactory(agenda=agenda, debut=dans(JOUR_16, heure=8)),
        acting_user=conseiller,
        derogation="Aucun créneau libre avant.",
    )
    part = premier_rdv.part_dans_le_delai([org.pk])
    # The third one: invited, limit not passed, nothing booked yet — not counted either way.
    assert (part.dans_le_delai, part.concernes, part.pourcentage) == (1, 2, 50)
    page = _tableau(client, conseiller)
    assert "50 %" in page and "dans le délai : 1 sur 2" in page
    # Once the limit has passed with nothing booked, the third one counts as late.
    assert (
        premier_rdv.part_dans_le_delai([org.pk], aujourdhui=timezone.localdate() + timedelta(days=JOUR_16)).concernes
        == 3
    )
    # On the last day, not yet.
    assert (
        premier_rdv.part_dans_le_delai([org.pk], aujourdhui=timezone.localdate() + timedelta(days=JOUR_15)).concernes
        == 2
    )


def test_un_rendez_vous_honore_reste_dans_le_delai_un_rendez_vous_annule_non(org, conseiller, agenda):
    p = _oriente(org)
    rdv = actions.reserver(p, CreneauFactory(agenda=agenda, debut=dans(JOUR_15, heure=8)), acting_user=conseiller)
    assert premier_rdv.part_dans_le_delai([org.pk]).dans_le_delai == 1
    actions.annuler(rdv, acting_user=conseiller, motif="Empêchement")
    assert SuiviRendezVous.objects.get(personne=p).statut == StatutSuivi.ANNULE
    assert premier_rdv.part_dans_le_delai([org.pk]).dans_le_delai == 0
