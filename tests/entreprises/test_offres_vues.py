"""Offers' pages: the employer's list, form, offer and steps; the network's list, review queue,
offer page and steps, and the conseiller's offer for a company. Refusals are 404s; a form
error keeps the input; lists run a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entreprises import conformite, offres
from entreprises.enums import StatutOffre
from entreprises.models import MembreEntreprise, Offre
from francetravail.notifications.models import Notification
from tests.entreprises import factories as f
from tests.entreprises.test_offres import Scene, valeurs

SO = StatutOffre


@pytest.fixture
def s():
    return Scene()


def page(client, user, url, statut=200):
    client.force_login(user)
    reponse = client.get(url)
    assert reponse.status_code == statut, url
    return reponse.content.decode()


def formulaire(**kw):
    """The POST of the offer form, as a browser sends it."""
    donnees = {
        "titre": "Vendeur ou vendeuse en boulangerie (H/F)",
        "recherche_metier": "",
        "fiche_rome": "D1102",
        "description": "Accueil des clients, encaissement, mise en rayon.",
        "type_contrat": "cdi",
        "duree_mois": "",
        "temps_travail": "plein",
        "heures_hebdo": "35",
        "salaire_min": "1900",
        "salaire_max": "",
        "commune": "Lille (59000)",
        "date_debut": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "nb_postes": "1",
        "conditions_handicap": "",
        "competences": "Encaissement\nConseil à la clientèle",
        "langues": "",
        "enregistrer": "1",
    }
    donnees.update(kw)
    return donnees


def test_les_urls_sont_bien_nommees():
    assert reverse("entreprises:offres") == "/entreprise/offres/"
    assert reverse("entreprises:offre_nouvelle") == "/entreprise/offres/nouvelle/"
    assert reverse("entreprises:offre", kwargs={"pk": 3}) == "/entreprise/offres/3/"
    assert reverse("entreprises:offre_modifier", kwargs={"pk": 3}) == "/entreprise/offres/3/modifier/"
    assert reverse("entreprises:offre_etape", kwargs={"pk": 3, "etape": "soumettre"}) == (
        "/entreprise/offres/3/etape/soumettre/"
    )
    assert reverse("backoffice:offres") == "/conseiller/offres/"
    assert reverse("backoffice:offres_a_valider") == "/conseiller/offres/a-valider/"
    assert reverse("backoffice:offre", kwargs={"pk": 3}) == "/conseiller/offres/3/"
    assert reverse("backoffice:offre_modifier", kwargs={"pk": 3}) == "/conseiller/offres/3/modifier/"
    assert reverse("backoffice:offre_etape", kwargs={"pk": 3, "etape": "publier"}) == (
        "/conseiller/offres/3/etape/publier/"
    )
    assert reverse("backoffice:offre_nouvelle", kwargs={"pk": 5}) == "/conseiller/entreprises/5/offres/nouvelle/"


# --- Employer side -----------------------------------------------------------------------------------


def test_l_employeur_redige_recherche_le_metier_et_soumet(client, s):
    client.force_login(s.admin)
    html = page(client, s.admin, "/entreprise/offres/nouvelle/")
    assert "Rédiger une offre" in html
    # « Rechercher » posts the form without saving it: the results are offered, the input is kept.
    reponse = client.post(
        "/entreprise/offres/nouvelle/",
        formulaire(fiche_rome="", recherche_metier="boulenger", rechercher="1", enregistrer=""),
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'value="D1102"' in html and "Boulanger" in html
    assert "Vendeur ou vendeuse en boulangerie (H/F)" in html
    assert "Erreur" not in html and "Choisissez le métier" not in html  # nothing was submitted yet
    assert not Offre.objects.exists()
    reponse = client.post("/entreprise/offres/nouvelle/", formulaire())
    offre = Offre.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/entreprise/offres/{offre.pk}/"
    assert (offre.statut, offre.cree_par, offre.competences) == (
        SO.BROUILLON,
        s.admin,
        ["Encaissement", "Conseil à la clientèle"],
    )
    reponse = client.post(f"/entreprise/offres/{offre.pk}/etape/soumettre/")
    assert reponse.status_code == 302
    offre.refresh_from_db()
    assert offre.statut == SO.PUBLIEE
    html = page(client, s.admin, f"/entreprise/offres/{offre.pk}/")
    assert "Visible jusqu’au" in html and "inclus par tous les conseillers" in html
    assert "Offre publiée" in html  # the message after the step


@pytest.mark.parametrize(
    ("champs", "champ", "message"),
    [
        ({"temps_travail": "plein", "heures_hebdo": "34,9"}, "heures_hebdo", "Un temps plein compte au moins 35"),
        ({"temps_travail": "partiel", "heures_hebdo": "35"}, "heures_hebdo", "Un temps partiel compte moins de 35"),
        ({"type_contrat": "cdd"}, "duree_mois", "Indiquez la durée du contrat"),
        ({"duree_mois": "6"}, "duree_mois", "Un CDI n"),
        ({"salaire_min": "2000", "salaire_max": "1999"}, "salaire_max", "Le salaire maximum ne peut"),
        ({"date_debut": "2020-01-01"}, "date_debut", "La date de prise de poste est passée"),
        ({"commune": "99999"}, "commune", "Aucune commune n'a le code « 99999 »"),
        ({"commune": "Lillle"}, "commune", "Aucune commune ne s'appelle « Lillle »"),
        ({"commune": "Beaumont"}, "commune", "Plusieurs communes correspondent à « Beaumont »"),
        ({"commune": "Beaumont"}, "commune", "« Beaumont (63110) »"),
        ({"commune": "Lille (75001)"}, "commune", "Aucune commune « Lille » pour « 75001 »"),
        ({"fiche_rome": "Z9999"}, "fiche_rome", "Choisissez le métier dans la liste"),
    ],
)
def test_une_erreur_est_dite_au_champ_et_la_saisie_est_gardee(client, s, champs, champ, message):
    client.force_login(s.admin)
    reponse = client.post("/entreprise/offres/nouvelle/", formulaire(**champs))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<title>Erreur — Rédiger une offre" in html
    assert f'id="id_{champ}_error"' in html
    assert message in html.replace("&#x27;", "'")
    assert "Vendeur ou vendeuse en boulangerie (H/F)" in html
    assert not Offre.objects.exists()


@pytest.mark.parametrize("saisie", ["Lille (59000)", "lille", "LILLE (59800)", "Lille (59350)"])
def test_l_employeur_nomme_la_commune_sans_son_code_insee(client, s, saisie):
    client.force_login(s.admin)
    html = page(client, s.admin, "/entreprise/offres/nouvelle/")
    # The field offers suggestions (static/js/commune.js) and says what to type without them.
    assert f'data-autocompletion-url="{reverse("communes:recherche")}"' in html
    assert "Lieu de travail (commune)" in html
    reponse = client.post("/entreprise/offres/nouvelle/", formulaire(commune=saisie))
    assert reponse.status_code == 302
    offre = Offre.objects.get()
    assert offre.commune_id == "59350"
    # Modifying it shows the commune by its name and postcode, not by its code.
    html = page(client, s.admin, f"/entreprise/offres/{offre.pk}/modifier/")
    assert 'value="Lille (59000)"' in html


def test_les_points_releves_sont_montres_avant_et_apres_la_soumission(client, s):
    offre = s.brouillon(description="Serveuse uniquement.")
    html = page(client, s.admin, f"/entreprise/offres/{offre.pk}/")
    assert "1 point à revoir avant de soumettre" in html
    assert "Serveuse uniquement" in html and "L1142-1" in html
    client.post(f"/entreprise/offres/{offre.pk}/etape/soumettre/")
    html = page(client, s.admin, f"/entreprise/offres/{offre.pk}/")
    assert "1 point relevé par le contrôle de l’offre" in html
    assert "Pas encore visible" in html
    assert "Soumettre pour publication" not in html and "Modifier" not in html


def test_l_employeur_lit_le_motif_du_renvoi_et_corrige(client, s):
    offre = s.a_valider()
    offres.renvoyer(offre, acting_user=s.referent, motif="Retirez « uniquement » et la limite d'âge.")
    html = page(client, s.admin, f"/entreprise/offres/{offre.pk}/")
    assert "Offre renvoyée par le conseiller" in html and "Retirez « uniquement »" in html
    html = page(client, s.admin, f"/entreprise/offres/{offre.pk}/modifier/")
    assert "Serveuse uniquement, moins de 30 ans." in html  # the form starts from the offer
    reponse = client.post(
        f"/entreprise/offres/{offre.pk}/modifier/",
        formulaire(titre=offre.titre, description="Service en salle.", competences="Service"),
    )
    assert reponse.status_code == 302
    offre.refresh_from_db()
    assert offre.description == "Service en salle."


@pytest.mark.parametrize("qui", ["autre_employeur", "en_attente", "referent", "personne"])
def test_l_offre_d_une_autre_entreprise_est_introuvable(client, s, qui):
    offre = s.brouillon()
    user = getattr(s, qui)
    for url in (f"/entreprise/offres/{offre.pk}/", f"/entreprise/offres/{offre.pk}/modifier/"):
        page(client, user, url, 404)
    assert client.post(f"/entreprise/offres/{offre.pk}/etape/soumettre/").status_code == 404
    offre.refresh_from_db()
    assert offre.statut == SO.BROUILLON


def test_une_etape_absente_de_la_page_est_introuvable(client, s):
    brouillon, publiee = s.brouillon(), s.publiee()
    client.force_login(s.admin)
    assert client.post(f"/entreprise/offres/{brouillon.pk}/etape/pourvoir/").status_code == 404
    assert client.post(f"/entreprise/offres/{brouillon.pk}/etape/publier/").status_code == 404
    assert client.post(f"/entreprise/offres/{publiee.pk}/etape/soumettre/").status_code == 404
    assert client.get(f"/entreprise/offres/{publiee.pk}/modifier/").status_code == 404
    assert client.get(f"/entreprise/offres/{brouillon.pk}/etape/retirer/").status_code == 405
    assert client.post(f"/entreprise/offres/{publiee.pk}/etape/pourvoir/").status_code == 302
    publiee.refresh_from_db()
    assert publiee.statut == SO.POURVUE


def test_la_liste_de_l_employeur_et_ses_filtres(client, s):
    brouillon, publiee = s.brouillon(titre="Offre en brouillon"), s.publiee(titre="Offre publiée")
    f.offre(f.entreprise(nom="Concurrent"), titre="Offre d'un concurrent")
    html = page(client, s.recruteur, "/entreprise/offres/")
    assert "Offre en brouillon" in html and "Offre publiée" in html and "concurrent" not in html
    html = page(client, s.recruteur, "/entreprise/offres/?statut=publiee")
    assert "Offre publiée" in html and "Offre en brouillon" not in html
    assert brouillon.pk != publiee.pk


def test_sans_entreprise_l_employeur_est_invite_a_se_rattacher(client, s):
    html = page(client, s.en_attente, "/entreprise/offres/nouvelle/")
    assert "Rattacher mon entreprise" in html
    assert client.post("/entreprise/offres/nouvelle/", formulaire()).status_code == 200
    assert not Offre.objects.exists()


def test_un_employeur_de_plusieurs_entreprises_choisit_la_sienne(client, s):
    autre = f.entreprise(nom="Seconde boutique")
    MembreEntreprise.objects.create(entreprise=autre, user=s.admin, role="admin", statut="actif")
    client.force_login(s.admin)
    reponse = client.post("/entreprise/offres/nouvelle/", formulaire())
    assert 'id="id_entreprise_error"' in reponse.content.decode()
    reponse = client.post("/entreprise/offres/nouvelle/", formulaire(entreprise=str(autre.pk)))
    assert reponse.status_code == 302
    assert Offre.objects.get().entreprise == autre
    reponse = client.post("/entreprise/offres/nouvelle/", formulaire(entreprise=str(f.entreprise().pk)))
    assert reponse.status_code == 200 and Offre.objects.count() == 1


@pytest.mark.parametrize("url", ["/entreprise/offres/", "/entreprise/offres/nouvelle/"])
@pytest.mark.parametrize("qui", ["referent", "personne"])
def test_les_pages_employeur_sont_reservees_aux_employeurs(client, s, url, qui):
    page(client, getattr(s, qui), url, 404)


def _requetes(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_la_liste_de_l_employeur_a_un_nombre_de_requetes_fixe(client, s):
    s.publiee()
    client.force_login(s.admin)
    _requetes(client, "/entreprise/offres/")
    peu = _requetes(client, "/entreprise/offres/")
    for _ in range(6):
        s.publiee()
    assert _requetes(client, "/entreprise/offres/") == peu


# --- Network side ---------------------------------------------------------------------------------------


def test_la_liste_du_reseau_montre_les_offres_publiees_et_se_filtre(client, s):
    lille = s.publiee(titre="Boulanger à Lille")
    s.publiee(titre="Vendeur à Arras", commune="62041", fiche_rome="D1106")
    s.a_valider(titre="À valider")
    s.brouillon(titre="Brouillon")
    html = page(client, s.conseiller_62, "/conseiller/offres/")
    assert "Boulanger à Lille" in html and "Vendeur à Arras" in html
    assert "À valider" not in html and "Brouillon" not in html
    for requete, attendu in [
        ("rome=D1102", "Boulanger à Lille"),
        ("rome=d11", None),
        ("commune=62041", "Vendeur à Arras"),
        ("commune=Arras", "Vendeur à Arras"),
        ("commune=arras+%2862000%29", "Vendeur à Arras"),
        ("mots=vendeur", "Vendeur à Arras"),
        ("mots=BOULANGER+lille", "Boulanger à Lille"),
        ("departement=59", "Boulanger à Lille"),
    ]:
        html = page(client, s.conseiller_62, f"/conseiller/offres/?{requete}")
        if attendu == "Boulanger à Lille":
            assert attendu in html and "Vendeur à Arras" not in html
        elif attendu:
            assert attendu in html and "Boulanger à Lille" not in html
        else:
            assert "Boulanger à Lille" in html and "Vendeur à Arras" in html  # same domaine D11
    html = page(client, s.conseiller_62, "/conseiller/offres/?rome=lille")
    assert "Un code ROME" in html
    # A commune name that designates several communes: the choices are said, the input is kept,
    # and no offer is listed as if the filter had matched.
    html = page(client, s.conseiller_62, "/conseiller/offres/?commune=Beaumont").replace("&#x27;", "'")
    assert "Plusieurs communes correspondent à « Beaumont »" in html
    assert 'value="Beaumont"' in html
    assert "Boulanger à Lille" not in html and "Vendeur à Arras" not in html
    assert lille.pk


def test_la_liste_du_reseau_est_paginee_avec_un_nombre_de_requetes_fixe(client, s):
    s.publiee()
    client.force_login(s.conseiller_62)
    _requetes(client, "/conseiller/offres/")
    peu = _requetes(client, "/conseiller/offres/")
    for i in range(26):
        f.offre(s.entreprise, titre=f"Offre {i}")
    assert _requetes(client, "/conseiller/offres/") == peu
    html = page(client, s.conseiller_62, "/conseiller/offres/?page=2")
    assert "27 offres publiées" in html and "Page précédente" in html


@pytest.mark.parametrize("qui", ["pilote", "admin", "personne"])
def test_les_pages_du_reseau_sont_reservees_aux_conseillers(client, s, qui):
    offre = s.publiee()
    for url in ("/conseiller/offres/", "/conseiller/offres/a-valider/", f"/conseiller/offres/{offre.pk}/"):
        page(client, getattr(s, qui), url, 404)


def test_une_offre_publiee_est_lue_par_tout_conseiller_les_autres_par_ceux_qui_la_suivent(client, s):
    publiee, brouillon = s.publiee(), s.brouillon()
    page(client, s.conseiller_62, f"/conseiller/offres/{publiee.pk}/")
    page(client, s.conseiller_62, f"/conseiller/offres/{brouillon.pk}/", 404)
    page(client, s.mission_locale_59, f"/conseiller/offres/{brouillon.pk}/", 404)
    # France Travail's agencies of the company's département read its offers (as its company page), nothing more.
    html = page(client, s.conseiller_59, f"/conseiller/offres/{brouillon.pk}/")
    assert "Soumettre pour publication" not in html and "Modifier" not in html and "Retirer" not in html
    html = page(client, s.collegue, f"/conseiller/offres/{brouillon.pk}/")
    assert "Soumettre pour publication" in html
    html = page(client, s.conseiller_62, f"/conseiller/offres/{publiee.pk}/")
    assert "Retirer l’offre" not in html and "Candidats correspondants" not in html
    html = page(client, s.referent, f"/conseiller/offres/{publiee.pk}/")
    assert "Candidats correspondants" in html and "Marquer comme pourvue" in html


def test_la_file_a_valider_et_la_relecture(client, s):
    offre = s.a_valider(titre="Serveur ou serveuse")
    for qui in ("referent", "collegue", "conseiller_59"):
        assert "Serveur ou serveuse" in page(client, getattr(s, qui), "/conseiller/offres/a-valider/")
    for qui in ("conseiller_62", "mission_locale_59"):
        assert "Aucune offre à valider." in page(client, getattr(s, qui), "/conseiller/offres/a-valider/")
        page(client, getattr(s, qui), f"/conseiller/offres/{offre.pk}/", 404)
    html = page(client, s.conseiller_59, f"/conseiller/offres/{offre.pk}/")
    assert "Motif de la publication" in html and "Ce que l’employeur doit corriger" in html
    assert "2 points relevés" in html and conformite.SEXE[:40].replace("'", "&#x27;") in html
    # Without a reason: the error at the field, the offer unchanged.
    reponse = client.post(f"/conseiller/offres/{offre.pk}/etape/publier/", {"publier-motif": ""})
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "<title>Erreur — " in html and 'id="id_publier-motif_error"' in html
    offre.refresh_from_db()
    assert offre.statut == SO.A_VALIDER
    reponse = client.post(
        f"/conseiller/offres/{offre.pk}/etape/renvoyer/", {"renvoyer-motif": "Retirez « uniquement »."}
    )
    assert reponse.status_code == 302
    offre.refresh_from_db()
    assert (offre.statut, offre.motif_validation) == (SO.BROUILLON, "Retirez « uniquement ».")
    assert Notification.objects.filter(destinataire=s.admin, modele="entreprises/offre_renvoyee").exists()
    # Sent back, the offer leaves the queue and its review buttons.
    assert client.post(f"/conseiller/offres/{offre.pk}/etape/publier/", {"publier-motif": "x"}).status_code == 404


def test_le_relecteur_modifie_puis_publie(client, s):
    offre = s.a_valider()
    client.force_login(s.conseiller_59)
    reponse = client.post(
        f"/conseiller/offres/{offre.pk}/modifier/",
        formulaire(titre=offre.titre, description="Service en salle du mardi au samedi."),
    )
    assert reponse.status_code == 302
    offre.refresh_from_db()
    assert offre.conformite == [] and offre.statut == SO.A_VALIDER
    reponse = client.post(
        f"/conseiller/offres/{offre.pk}/etape/publier/", {"publier-motif": "Corrigée avec l'employeur."}
    )
    assert reponse.status_code == 302
    offre.refresh_from_db()
    assert offre.statut == SO.PUBLIEE and offre.validee_par == s.conseiller_59


def test_le_conseiller_recrutement_se_designe_depuis_la_page(client, s):
    offre = s.publiee()
    client.force_login(s.referent)
    reponse = client.post(f"/conseiller/offres/{offre.pk}/etape/conseiller/", {"conseiller-conseiller": "0"})
    assert reponse.status_code == 200 and 'id="id_conseiller-conseiller_error"' in reponse.content.decode()
    reponse = client.post(
        f"/conseiller/offres/{offre.pk}/etape/conseiller/", {"conseiller-conseiller": str(s.collegue.pk)}
    )
    assert reponse.status_code == 302
    offre.refresh_from_db()
    assert offre.conseiller_recrutement == s.collegue
    client.force_login(s.conseiller_62)
    assert (
        client.post(
            f"/conseiller/offres/{offre.pk}/etape/conseiller/", {"conseiller-conseiller": str(s.referent.pk)}
        ).status_code
        == 404
    )


def test_un_conseiller_cree_une_offre_pour_une_entreprise_qu_il_suit(client, s):
    url = f"/conseiller/entreprises/{s.entreprise.pk}/offres/nouvelle/"
    for qui in ("conseiller_59", "conseiller_62", "mission_locale_59"):
        page(client, getattr(s, qui), url, 404)
    page(client, s.referent, "/conseiller/entreprises/999999/offres/nouvelle/", 404)
    html = page(client, s.collegue, url)
    assert f"Nouvelle offre pour {s.entreprise.nom}" in html
    reponse = client.post(url, formulaire())
    offre = Offre.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/conseiller/offres/{offre.pk}/"
    assert (offre.entreprise, offre.cree_par) == (s.entreprise, s.collegue)
    # The employer sees the draft in their space.
    assert offre.titre in page(client, s.admin, "/entreprise/offres/")
    html = page(client, s.referent, "/conseiller/offres/")
    assert f"Nouvelle offre pour {s.entreprise.nom}" in html


def test_la_file_a_valider_a_un_nombre_de_requetes_fixe(client, s):
    s.a_valider()
    client.force_login(s.conseiller_59)
    _requetes(client, "/conseiller/offres/a-valider/")
    peu = _requetes(client, "/conseiller/offres/a-valider/")
    for _ in range(5):
        s.a_valider()
    assert _requetes(client, "/conseiller/offres/a-valider/") == peu


def test_le_salaire_sous_le_smic_est_explique_au_relecteur(client, s):
    offre = offres.soumettre(s.brouillon(salaire_min=Decimal(1500)), acting_user=s.admin)
    html = page(client, s.referent, f"/conseiller/offres/{offre.pk}/")
    assert "Salaire inférieur au SMIC" in html and "L3231-2" in html
    assert valeurs()["titre"] in html
