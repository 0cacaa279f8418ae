"""« Mon portefeuille »: the modality and point d'étape columns, filters, sorts, chosen columns, CSV export."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.accompagnement.actions import choisir_modalite
from francetravail.accompagnement.models import ColonnesPortefeuille, ModaliteAccompagnement
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base.calendrier import ajouter_mois
from francetravail.parametres.models import ParametreLegal, PorteeDepartementale, Unite
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

AUJOURDHUI = timezone.localdate


def modalite(code):
    return ModaliteAccompagnement.objects.get(code=code)


@pytest.fixture
def equipe():
    agence = OrganisationFactory()
    referent = professionnel(agence)
    return agence, referent


def personne(equipe, nom, code=None, debut=None, fin_prevue=None):
    agence, referent = equipe
    p = PersonneFactory(organisme_referent=agence, referent_unique=referent, nom_naissance=nom)
    if code:
        choisir_modalite(p, modalite(code), referent, fin_prevue=fin_prevue, debut=debut)
    return p


def portefeuille(client, **params):
    return client.get(reverse("backoffice:personnes"), {"portefeuille": "1", **params}).content.decode()


def test_les_colonnes_modalite_et_point_d_etape(client, equipe):
    debut = AUJOURDHUI() - datetime.timedelta(days=10)
    personne(equipe, "Autonome", "suivi", debut=debut)
    client.force_login(equipe[1])
    page = portefeuille(client)
    assert "Suivi en autonomie" in page
    # Every 3 months (accompagnement.cadence_points_etape.suivi) from the start.
    assert f"Le {ajouter_mois(debut, 3):%d/%m/%Y}" in page


def test_le_point_d_etape_est_en_retard_le_lendemain_de_l_echeance(client, equipe):
    # Due exactly today: not late; due yesterday: late (both sides of the bound).
    personne(equipe, "Aujourdhui", "suivi", debut=ajouter_mois(AUJOURDHUI(), -3))
    hier = AUJOURDHUI() - datetime.timedelta(days=1)
    debut_hier = next(
        d for d in (hier - datetime.timedelta(days=n) for n in range(89, 95)) if ajouter_mois(d, 3) == hier
    )
    personne(equipe, "Hier", "suivi", debut=debut_hier)
    client.force_login(equipe[1])
    page = portefeuille(client, en_retard="on")
    assert "HIER" in page and "AUJOURDHUI" not in page


def test_un_point_d_etape_honore_repousse_le_suivant(client, equipe):
    agence, _referent = equipe
    debut = AUJOURDHUI() - datetime.timedelta(days=120)
    p = personne(equipe, "Revue", "suivi", debut=debut)
    creneau = CreneauFactory(agenda=AgendaFactory(organisation=agence), motif=Motif.POINT_ETAPE, debut=dans(-20))
    RendezVous.objects.create(personne=p, creneau=creneau, statut=StatutRendezVous.HONORE)
    client.force_login(equipe[1])
    page = portefeuille(client)
    assert f"Le {ajouter_mois(AUJOURDHUI() - datetime.timedelta(days=20), 3):%d/%m/%Y}" in page
    assert 'badge--error">En retard' not in page


def test_l_intensif_a_une_reevaluation_a_sa_fin_prevue(client, equipe):
    debut = AUJOURDHUI()
    fin = debut + datetime.timedelta(days=40)
    personne(equipe, "Intense", "intensif", debut=debut, fin_prevue=fin)
    client.force_login(equipe[1])
    page = portefeuille(client)
    assert f"Réévaluation le {fin:%d/%m/%Y}" in page


def test_la_cadence_du_departement_s_applique(client, equipe):
    ParametreLegal.objects.create(
        cle="accompagnement.cadence_points_etape.suivi",
        libelle="Cadence du département",
        valeur=2,
        unite=Unite.MOIS,
        reference_legale="Choix du département",
        valide_du=datetime.date(2025, 1, 1),
        departement_id="59",
        departemental=PorteeDepartementale.NATIONALE,
    )
    debut = AUJOURDHUI() - datetime.timedelta(days=5)
    personne(equipe, "Nordiste", "suivi", debut=debut)
    client.force_login(equipe[1])
    assert f"Le {ajouter_mois(debut, 2):%d/%m/%Y}" in portefeuille(client)


def test_filtres_modalite_et_etape(client, equipe):
    personne(equipe, "Guidee", "guide")
    personne(equipe, "Globale", "global")
    personne(equipe, "Sansmodalite")
    client.force_login(equipe[1])
    page = portefeuille(client, modalite="guide")
    assert "GUIDEE" in page and "GLOBALE" not in page and "SANSMODALITE" not in page
    page = portefeuille(client, modalite="aucune")
    assert "SANSMODALITE" in page and "GUIDEE" not in page
    page = portefeuille(client, etape="modalite_a_choisir")
    assert "SANSMODALITE" in page and "GLOBALE" not in page


def test_tri_par_prochain_point_d_etape_et_par_nom(client, equipe):
    personne(equipe, "Aaa", "guide", debut=AUJOURDHUI())  # in 6 months
    personne(equipe, "Zzz", "suivi", debut=AUJOURDHUI())  # in 3 months
    client.force_login(equipe[1])
    page = portefeuille(client, tri="echeance")
    assert page.index("ZZZ") < page.index("AAA")
    page = portefeuille(client, tri="nom")
    assert page.index("AAA") < page.index("ZZZ")


def test_les_colonnes_choisies_sont_retenues_pour_le_compte(client, equipe):
    personne(equipe, "Choix", "suivi")
    client.force_login(equipe[1])
    reponse = client.post(
        reverse("backoffice:personnes_colonnes"),
        {"colonnes": ["modalite", "inconnue"], "requete": "portefeuille=1"},
    )
    assert reponse.status_code == 302 and reponse["Location"].endswith("?portefeuille=1")
    assert ColonnesPortefeuille.objects.get(user=equipe[1]).colonnes == ["modalite"]
    page = portefeuille(client)
    assert '<th scope="col">Modalité</th>' in page
    assert '<th scope="col">Point d\'étape</th>' not in page and '<th scope="col">Date de naissance</th>' not in page


def test_choisir_ses_colonnes_ne_touche_pas_celles_des_autres(client, equipe):
    agence, referent = equipe
    collegue = professionnel(agence)
    ColonnesPortefeuille.objects.create(user=collegue, colonnes=["naissance"])
    client.force_login(referent)
    client.post(reverse("backoffice:personnes_colonnes"), {"colonnes": ["modalite"]})
    assert ColonnesPortefeuille.objects.get(user=collegue).colonnes == ["naissance"]


def test_l_export_csv_filtre_nomme_et_s_audite(client, equipe):
    personne(equipe, "Exportee", "guide")
    personne(equipe, "Filtree", "suivi")
    PersonneFactory(nom_naissance="Ailleurs")  # another organisation's person
    client.force_login(equipe[1])
    reponse = client.get(reverse("backoffice:personnes_export"), {"portefeuille": "1", "modalite": "guide"})
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    contenu = reponse.content.decode("utf-8-sig")
    assert "EXPORTEE" in contenu and "Guidé" in contenu
    assert "FILTREE" not in contenu and "AILLEURS" not in contenu
    assert "NIR" not in contenu and ";guide;" not in contenu
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.PORTEFEUILLE_EXPORTE)
    assert evenement.acting_user == equipe[1] and evenement.data["nb_personnes"] == 1
    assert evenement.data["criteres"] == {"portefeuille": "1", "modalite": "guide"}


def test_l_export_est_refuse_hors_des_roles_de_dossiers(client, equipe):
    agence, _referent = equipe
    personne(equipe, "Protegee", "guide")
    for user in (professionnel(agence, role="admin_organisation"), PersonneFactory(avec_compte=True).user):
        client.force_login(user)
        assert client.get(reverse("backoffice:personnes_export")).status_code == 404
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.PORTEFEUILLE_EXPORTE).exists()


@pytest.mark.parametrize("n", [3, 30])
def test_le_portefeuille_filtre_et_trie_a_un_nombre_de_requetes_constant(
    client, equipe, django_assert_max_num_queries, n
):
    agence, referent = equipe
    for i in range(n):
        personne(equipe, f"Nom{i}", ["suivi", "guide", None][i % 3])
    client.force_login(referent)
    with django_assert_max_num_queries(14):
        reponse = client.get(
            reverse("backoffice:personnes"), {"portefeuille": "1", "tri": "echeance", "en_retard": "", "modalite": ""}
        )
        assert reponse.status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("backoffice:personnes_export"), {"portefeuille": "1"}).status_code == 200


def test_l_export_ne_laisse_pas_passer_une_formule(client, equipe):
    agence, referent = equipe
    PersonneFactory(organisme_referent=agence, referent_unique=referent, prenoms="=HYPERLINK(1)", nom_naissance="X")
    client.force_login(referent)
    contenu = client.get(reverse("backoffice:personnes_export"), {"portefeuille": "1"}).content.decode("utf-8-sig")
    ligne = next(ligne for ligne in contenu.splitlines() if "HYPERLINK" in ligne)
    assert ligne.split(";")[0] == "'=HYPERLINK(1) X"


def test_le_filtre_etape_suit_le_parcours(client, equipe):
    # « étape » gathers the steps each app registers: orientation, first appointment, contract, modality.
    from tests.contrats.factories import orientation_notifiee

    personne(equipe, "Aorienter", "suivi")
    orientee = personne(equipe, "Orientee", "suivi")
    orientation_notifiee(orientee)
    client.force_login(equipe[1])
    page = portefeuille(client, etape="a_orienter")
    assert "AORIENTER" in page and "ORIENTEE" not in page
    page = portefeuille(client, etape="contrat_a_signer")
    assert "ORIENTEE" in page and "AORIENTER" not in page
    page = portefeuille(client, etape="premier_rdv")
    assert "ORIENTEE" in page and "AORIENTER" not in page
    page = portefeuille(client, etape="point_etape")
    assert "ORIENTEE" not in page  # « suivi » since today: the first point d'étape is in 3 months
