"""The public « Données personnelles » page and the person's « Mes données » say what the platform does:
retention periods read from the legal parameters in force (not written in the template), no right to
object (loi 1978, art. 56), the data protection officer (R5312-45), the copy and rectification routes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from francetravail.donnees import durees
from francetravail.parametres.models import ParametreLegal

pytestmark = pytest.mark.django_db


def page(client):
    return client.get(reverse("pages:donnees_personnelles")).content.decode()


def test_la_page_dit_les_durees_des_parametres_et_leurs_articles(client):
    contenu = page(client)
    for attendu in (
        "pendant 3 ans",
        "pendant 7 ans",
        "13 mois",
        "effacées 3 mois",
        "effacées 6 mois",
        "1 mois au plus",
    ):
        assert attendu in contenu, attendu
    assert "conservés 6 mois" in contenu and "R5312-44" in contenu and "R5312-34" in contenu
    assert "recours ou un contentieux" in contenu


def test_une_duree_changee_dans_les_parametres_change_la_page(client):
    """The figure comes from the parameter in force today: change it, the page follows (no constant)."""
    ParametreLegal.objects.filter(cle="conservation.journaux").update(valeur=Decimal(12))
    contenu = page(client)
    assert (
        "journal des consultations de votre dossier et celui des envois de notifications sont conservés 12 mois"
        in (contenu)
    )


def test_la_version_non_verifiee_de_r5312_44_est_signalee_seulement_quand_elle_est_en_vigueur():
    avant = durees.durees_de_conservation(le=datetime.date(2026, 6, 30))
    apres = durees.durees_de_conservation(le=datetime.date(2026, 7, 1))
    assert not avant.a_verifier and apres.a_verifier
    assert {d.cle for d in avant.lignes} == {cle for cle, _texte in durees.DUREES}


def test_pas_de_droit_d_opposition_et_le_delegue_a_la_protection_des_donnees(client, settings):
    settings.DELEGUE_PROTECTION_DONNEES_EMAIL = "dpo@exemple.fr"
    contenu = page(client)
    assert (
        "article 56 de la loi n° 78-17 du 6 janvier 1978" in contenu
        and "<strong>ne s’applique pas</strong>" in contenu
    )
    assert "droit d’<strong>opposition</strong>, pour des raisons" not in contenu  # the old, wrong promise
    assert "R. 5312-45" in contenu and 'href="mailto:dpo@exemple.fr"' in contenu
    assert "copie de votre dossier" in contenu and "rectification" in contenu and "Mes données" in contenu


@pytest.mark.parametrize(
    ("valeur", "unite", "attendu"), [(1, "ans", "1 an"), (3, "ans", "3 ans"), (1, "mois", "1 mois")]
)
def test_les_durees_s_ecrivent_en_francais(valeur, unite, attendu):
    assert durees.en_clair(ParametreLegal(valeur=Decimal(valeur), unite=unite)) == attendu


def test_mes_donnees_dit_la_duree_du_journal_l_article_56_et_le_delegue(client, personne, settings):
    settings.DELEGUE_PROTECTION_DONNEES_EMAIL = "dpo@exemple.fr"
    ParametreLegal.objects.filter(cle="conservation.journaux").update(valeur=Decimal(5))
    client.force_login(personne.user)
    contenu = client.get(reverse("donnees:mes_donnees")).content.decode()
    assert "conservée 5 mois" in " ".join(contenu.split())
    assert "article 56 de la loi n° 78-17" in contenu and "R. 5312-45" in contenu and "dpo@exemple.fr" in contenu
    assert reverse("donnees:rectification_demander") in contenu


def test_les_courriels_d_invitation_donnent_l_adresse_du_delegue_des_reglages(settings):
    from django.template.loader import render_to_string

    settings.DELEGUE_PROTECTION_DONNEES_EMAIL = "dpo@exemple.fr"
    texte = render_to_string("notifications/invitations/_mentions.txt", {"site_url": "https://exemple.fr"})
    assert "délégué à la protection des données : dpo@exemple.fr," in texte
    assert "francetravail.localhost" not in texte
