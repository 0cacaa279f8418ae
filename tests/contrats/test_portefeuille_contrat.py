"""The portfolio's contract column: late one month after the orientation notice (D5411-14-1)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats import actions, regles
from contrats.models import ContratEngagement
from contrats.portefeuille import premier_jour_a_temps
from francetravail.personnes import portefeuille
from francetravail.personnes.models import Personne
from tests.contrats.factories import Situation, orientation_notifiee

pytestmark = pytest.mark.django_db


def _midi(jour):
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(12)))


def _ligne(personne):
    colonne = next(c for c in portefeuille.colonnes() if c.cle == "contrat")
    annotees = portefeuille.annoter(Personne.objects.filter(pk=personne.pk))
    annotee = annotees.get()
    # This column's condition only: the list filter ORs every column's (first appointment, …).
    filtree = annotees.filter(colonne.retard_q()).exists()
    return colonne.texte(annotee), colonne.en_retard(annotee), filtree


@pytest.mark.parametrize("jours", range(26, 35))
def test_sans_contrat_le_retard_suit_l_echeance_legale_au_jour_pres(jours):
    """Around one month (26 to 34 days: month ends included), the row and the list filter agree with the rule."""
    aujourdhui = timezone.localdate()
    notifiee = aujourdhui - datetime.timedelta(days=jours)
    situation = Situation(notifiee_le=_midi(notifiee))
    attendu = regles.echeance_signature(notifiee, delai_mois=1) < aujourdhui
    texte, en_retard, filtree = _ligne(situation.personne)
    assert (en_retard, filtree) == (attendu, attendu)
    assert texte == f"À rédiger, à signer avant le {regles.echeance_signature(notifiee, delai_mois=1):%d/%m/%Y}"


def test_premier_jour_a_temps_est_la_frontiere_exacte_meme_en_fin_de_mois():
    for aujourdhui in [datetime.date(2027, 3, 30), datetime.date(2027, 3, 1), datetime.date(2028, 2, 29)]:
        jour = premier_jour_a_temps(aujourdhui, 1)
        assert regles.echeance_signature(jour, delai_mois=1) >= aujourdhui
        assert regles.echeance_signature(jour - datetime.timedelta(days=1), delai_mois=1) < aujourdhui
    # 28 February 2027 + 1 month = 28 March: late on 30 March; 1 March + 1 month = 1 April: on time.
    assert premier_jour_a_temps(datetime.date(2027, 3, 30), 1) == datetime.date(2027, 3, 1)


def test_un_brouillon_est_en_retard_le_lendemain_de_son_echeance_pas_avant():
    situation = Situation()
    contrat = situation.brouillon()
    aujourdhui = timezone.localdate()
    ContratEngagement.objects.filter(pk=contrat.pk).update(echeance_signature=aujourdhui)
    assert _ligne(situation.personne) == (f"Brouillon, à signer avant le {aujourdhui:%d/%m/%Y}", False, False)
    veille = aujourdhui - datetime.timedelta(days=1)
    ContratEngagement.objects.filter(pk=contrat.pk).update(echeance_signature=veille)
    assert _ligne(situation.personne)[1:] == (True, True)


def test_un_contrat_signe_ou_en_revision_n_est_jamais_en_retard():
    situation = Situation()
    contrat = situation.signe()
    ContratEngagement.objects.filter(pk=contrat.pk).update(
        echeance_signature=timezone.localdate() - datetime.timedelta(days=90)
    )
    assert _ligne(situation.personne) == ("Signé", False, False)
    actions.ouvrir_revision(contrat, acting_user=situation.referent, motif="Point d'étape")
    assert _ligne(situation.personne) == ("Signé, révision en cours", False, False)


def test_apres_une_reorientation_un_nouveau_contrat_est_a_rediger():
    situation = Situation()
    ancien = situation.signe()
    nouvelle = orientation_notifiee(situation.personne, reorientation_de=situation.orientation)
    texte, en_retard, _ = _ligne(situation.personne)
    echeance = regles.echeance_signature(timezone.localdate(nouvelle.notifiee_le), delai_mois=1)
    assert texte == f"À rédiger, à signer avant le {echeance:%d/%m/%Y}"
    assert not en_retard
    assert ancien.orientation_id != nouvelle.pk


def test_la_page_du_portefeuille_montre_la_colonne_et_filtre_les_retards(client):
    # Names that appear nowhere else on the page: the whole page is searched, case ignored.
    situation = Situation(notifiee_le=timezone.now() - datetime.timedelta(days=70), nom_naissance="Retardataire")
    a_temps = Situation(nom_naissance="Ponctuelle")
    a_temps.personne.organisme_referent = situation.organisme
    a_temps.personne.save(update_fields=["organisme_referent"])
    client.force_login(situation.referent)
    page = client.get(reverse("backoffice:personnes")).content.decode()
    assert "Contrat d&#x27;engagement" in page or "Contrat d'engagement" in page
    filtree = client.get(reverse("backoffice:personnes"), {"en_retard": "on"}).content.decode()
    assert situation.personne.nom_naissance.upper() in filtree.upper()
    assert a_temps.personne.nom_naissance.upper() not in filtree.upper()
