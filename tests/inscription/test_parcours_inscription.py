"""Online and desk registration: steps that save as they go, checks with clear French messages."""

import datetime
import re

import pytest
from django.urls import reverse

from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import Role
from inscription.enums import Canal, Categorie, StatutInscription
from inscription.models import DossierInscription, FreinIdentifie
from inscription.regles import categorie_initiale
from tests.ages import naissance_la_veille_de, naissance_pour_age
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.inscription.flux import nir as nir_pour

NAISSANCE = datetime.date(1990, 4, 12)


def _nir(naissance=NAISSANCE, numero=1):
    import random

    return nir_pour(random.Random(numero), naissance, numero)


def _identite(**kw):
    donnees = {
        "nom_naissance": "Martin",
        "nom_usage": "",
        "prenoms": "Léa Anne",
        "date_naissance": NAISSANCE.isoformat(),
        "nir": _nir(),
        "nationalite": "francaise",
        "pays_naissance": "France",
        "commune_naissance": "",
    }
    donnees.update(kw)
    return donnees


COORDONNEES = {
    "email": "lea.martin@exemple.fr",
    "telephone": "06 12 34 56 78",
    "adresse": "12 rue des Arts",
    "code_postal": "59000",
    "commune": "Lille",
}
SITUATION = {
    "situation_familiale": "seul",
    "nb_enfants_charge": "0",
    "logement": "locataire",
    "situation_professionnelle": "sans_emploi",
    "activite_deux_ans": "oui",
    "prestations": ["aucune"],
    "permis_b": "oui",
    "niveau_francais": "maternelle",
}
PROJET = {"niveau_qualification": "niveau_4", "disponibilite": "immediate", "se_projette": "oui"}


def _url(slug):
    return reverse("inscription:etape", args=[slug])


@pytest.fixture
def personne_connectee(client):
    user = UserFactory(email="lea.martin@exemple.fr")
    client.force_login(user)
    return user


def _remplir_tout(client, identite=None):
    assert client.post(_url("identite"), identite or _identite()).status_code == 302
    assert client.post(_url("coordonnees"), COORDONNEES).status_code == 302
    assert client.post(_url("situation"), SITUATION).status_code == 302
    assert client.post(_url("projet"), PROJET).status_code == 302


def test_une_personne_s_inscrit_en_ligne_etape_par_etape(client, personne_connectee):
    assert client.get(reverse("inscription:reprendre"))["Location"] == _url("identite")
    _remplir_tout(client)
    freins = dict.fromkeys(
        [
            "logement",
            "sante",
            "mobilite",
            "savoirs_de_base",
            "numerique",
            "langue",
            "famille",
            "administratif_judiciaire",
            "financier",
            "autre",
        ],
        "sans_impact",
    )
    assert client.post(_url("freins"), {**freins, "mobilite": "moyen"}).status_code == 302
    accompagnement = {
        "maturite_projet": "a_preciser",
        "accompagnement_souhaite": "suivi",
        "preference_structure": "agence_ft",
    }
    assert client.post(_url("accompagnement"), accompagnement).status_code == 302
    recapitulatif = client.get(_url("recapitulatif")).content.decode()
    assert "Mobilité : Ça me gêne" in recapitulatif
    assert "•• •• ••• ••• ••" in recapitulatif and _nir() not in recapitulatif
    assert client.post(_url("recapitulatif")).status_code == 302
    dossier = DossierInscription.objects.get(personne__user=personne_connectee)
    assert (dossier.canal, dossier.statut, dossier.categorie) == (Canal.EN_LIGNE, StatutInscription.INSCRIT, "A")
    assert dossier.personne.commune_id == "59350"
    assert dossier.personne.telephone == "0612345678"
    assert FreinIdentifie.objects.get(dossier=dossier, type_frein="mobilite").intensite == "moyen"
    assert (dossier.accompagnement_souhaite, dossier.preference_structure) == ("suivi", "agence_ft")


def test_on_reprend_la_ou_on_s_est_arrete_avec_les_reponses_deja_donnees(client, personne_connectee):
    client.post(_url("identite"), _identite())
    client.post(_url("coordonnees"), COORDONNEES)
    assert client.get(reverse("inscription:reprendre"))["Location"] == _url("situation")
    page = client.get(_url("coordonnees")).content.decode()
    assert 'value="12 rue des Arts"' in page
    # A later step cannot be opened before the earlier ones are saved.
    assert client.get(_url("freins"))["Location"] == _url("situation")


@pytest.mark.parametrize(
    ("modification", "champ", "message"),
    [
        ({"nir": "190047505612399"}, "nir", "n&#x27;est pas valide"),
        ({"nir": _nir(datetime.date(1991, 4, 12))}, "nir", "ne correspond pas à la date de naissance"),
        ({"date_naissance": "2999-01-01"}, "date_naissance", "dans le futur"),
        ({"nationalite": "hors_ue"}, "titre_sejour_fin", "fin de validité"),
        ({"nationalite": "hors_ue", "titre_sejour_fin": "2020-01-01"}, "titre_sejour_fin", "n&#x27;est plus valide"),
        (
            {"commune_naissance": "Saint-Denis"},
            "commune_naissance",
            "Plusieurs communes correspondent à « Saint-Denis »",
        ),
        ({"commune_naissance": "Saint-Denis"}, "commune_naissance", "« Saint-Denis (97400) »"),
        ({"commune_naissance": "Introuvableville"}, "commune_naissance", "Aucune commune ne s&#x27;appelle"),
    ],
)
def test_l_identite_est_verifiee(client, personne_connectee, modification, champ, message):
    response = client.post(_url("identite"), _identite(**modification))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Personne.objects.filter(user=personne_connectee).exists()


def test_la_commune_de_naissance_se_precise_par_le_departement(client, personne_connectee):
    assert client.post(_url("identite"), _identite(commune_naissance="Saint-Denis (93)")).status_code == 302
    assert DossierInscription.objects.get(personne__user=personne_connectee).commune_naissance_id == "93066"


def test_la_commune_de_naissance_se_choisit_par_son_nom_et_son_code_postal(client, personne_connectee):
    # The field offers the COG's suggestions (static/js/commune.js), which write « Nom (code postal) ».
    assert 'data-autocompletion-url="/referentiels/communes/"' in client.get(_url("identite")).content.decode()
    reponse = client.post(_url("identite"), _identite(commune_naissance="saint-denis (97400)"))
    assert reponse.status_code == 302
    assert DossierInscription.objects.get(personne__user=personne_connectee).commune_naissance_id == "97411"


# The exact bound: the 16th birthday itself, not the day before (the birth date used to move by
# 4 days on each side, which hid a bound counted as 16 × 365 days; see tests/inscription/test_age_minimum.py).
@pytest.mark.parametrize(("naissance", "accepte"), [(naissance_pour_age, True), (naissance_la_veille_de, False)])
def test_l_inscription_est_ouverte_a_partir_de_16_ans(client, personne_connectee, naissance, accepte):
    naissance = naissance(16)
    response = client.post(_url("identite"), _identite(date_naissance=naissance.isoformat(), nir=_nir(naissance)))
    assert (response.status_code == 302) is accepte


@pytest.mark.parametrize(
    ("coordonnees", "message"),
    [
        ({"code_postal": "59000", "commune": "Roubaix"}, "n&#x27;est pas desservie par le code postal 59000"),
        ({"code_postal": "00000"}, "n&#x27;existe pas"),
        ({"telephone": "12 34"}, "numéro français à 10 chiffres"),
        ({"email": "pas-une-adresse"}, "adresse électronique valide"),
    ],
)
def test_les_coordonnees_sont_verifiees(client, personne_connectee, coordonnees, message):
    client.post(_url("identite"), _identite())
    response = client.post(_url("coordonnees"), {**COORDONNEES, **coordonnees})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_l_activite_reduite_demande_les_heures(client, personne_connectee):
    client.post(_url("identite"), _identite())
    client.post(_url("coordonnees"), COORDONNEES)
    response = client.post(_url("situation"), {**SITUATION, "situation_professionnelle": "activite_reduite"})
    assert "Indiquez combien d&#x27;heures" in response.content.decode()


def test_un_nir_deja_associe_est_refuse_sans_rien_reveler(client, personne_connectee):
    autre = UserFactory()
    c2 = type(client)()
    c2.force_login(autre)
    c2.post(_url("identite"), _identite(nom_naissance="Durand"))
    response = client.post(_url("identite"), _identite())
    assert "déjà associé à un autre dossier" in response.content.decode()
    assert "Durand" not in response.content.decode()
    assert not Personne.objects.filter(user=personne_connectee).exists()


def test_une_personne_connue_du_flux_caf_retrouve_son_dossier_et_finit_en_g(client, personne_connectee):
    from django.core.files.base import ContentFile

    from inscription import import_caf
    from inscription.models import ImportFluxCAF
    from tests.inscription.flux import fichier, lignes

    ligne = lignes(1)[0]
    imp = ImportFluxCAF.objects.create(nom_fichier="f.csv")
    imp.fichier.save("f.csv", ContentFile(fichier([ligne])), save=True)
    import_caf.executer(imp.pk)
    connue = Personne.objects.get(inscription__nir=ligne["nir"])
    identite = _identite(
        nom_naissance=ligne["nom_naissance"].lower(), date_naissance=ligne["date_naissance"], nir=ligne["nir"]
    )
    assert client.post(_url("identite"), identite).status_code == 302
    connue.refresh_from_db()
    assert connue.user == personne_connectee
    # What the flow brought is pre-filled: the address, and the RSA among the allowances.
    assert ligne["adresse"] in client.get(_url("coordonnees")).content.decode()
    client.post(
        _url("coordonnees"), {**COORDONNEES, "code_postal": ligne["code_postal"], "commune": connue.commune.nom}
    )
    page = client.get(_url("situation")).content.decode()
    assert re.search(r'value="rsa"[^>]*checked', page)
    assert DossierInscription.objects.get(personne=connue).categorie == Categorie.G


@pytest.mark.parametrize(
    ("situation", "heures", "prestations", "attendue"),
    [
        ("sans_emploi", None, [], "A"),
        ("activite_reduite", 78, [], "B"),
        ("activite_reduite", 79, [], "C"),
        ("formation", None, [], "D"),
        ("arret_maladie", None, [], "D"),
        ("emploi_aide", None, [], "E"),
        ("activite_reduite", 120, ["rsa"], "G"),
    ],
)
def test_la_categorie_initiale(situation, heures, prestations, attendue):
    dossier = DossierInscription(
        situation_professionnelle=situation, heures_travaillees_mois=heures, prestations=prestations
    )
    assert categorie_initiale(dossier) == attendue


def test_un_conseiller_inscrit_au_guichet_et_son_organisation_garde_l_acces(client):
    agence = OrganisationFactory()
    conseiller = professionnel(agence, Role.CONSEILLER)
    client.force_login(conseiller)
    response = client.post(reverse("backoffice:inscription_nouvelle"), _identite())
    personne = Personne.objects.get(nom_naissance="Martin")
    assert response["Location"] == reverse("backoffice:inscription_etape", args=[personne.pk, "coordonnees"])
    dossier = personne.inscription
    assert (dossier.canal, dossier.organisation, dossier.created_by) == (Canal.GUICHET, agence, conseiller)
    assert Implication.objects.filter(personne=personne, organisation=agence).exists()
    url = reverse("backoffice:inscription_etape", args=[personne.pk, "coordonnees"])
    assert client.post(url, COORDONNEES).status_code == 302
    assert client.get(reverse("backoffice:fiche_personne", args=[personne.pk])).status_code == 200
    # Another département's conseiller: the same 404 as for an unknown file. (France Travail
    # agencies of the person's own département see them while they await orientation.)
    client.force_login(professionnel(OrganisationFactory(departement_id="75"), Role.CONSEILLER))
    assert client.get(url).status_code == 404


def test_un_compte_qui_a_deja_un_dossier_sans_inscription_le_complete(client):
    from tests.factories import PersonneFactory

    personne = PersonneFactory(avec_compte=True)
    client.force_login(personne.user)
    espace = client.get(reverse("personnes:espace")).content.decode()
    assert "Reprendre mon inscription" in espace
    assert client.post(_url("identite"), _identite()).status_code == 302
    assert Personne.objects.filter(user=personne.user).count() == 1
    assert DossierInscription.objects.get(personne=personne).canal == Canal.EN_LIGNE


def test_sans_dossier_l_espace_propose_de_commencer(client, personne_connectee):
    assert "Commencer mon inscription" in client.get(reverse("personnes:espace")).content.decode()


def test_un_doublon_potentiel_est_signale_puis_ecarte_par_une_personne(client, personne_connectee):
    from inscription.actions import ecarter_doublon
    from inscription.models import DoublonPotentiel
    from tests.factories import PersonneFactory

    existante = PersonneFactory(nom_naissance="MARTÍN", prenoms="Lea", date_naissance=NAISSANCE)
    PersonneFactory(nom_naissance="Martin", prenoms="Léa", date_naissance=NAISSANCE.replace(day=13))
    assert client.post(_url("identite"), _identite()).status_code == 302
    nouvelle = Personne.objects.get(user=personne_connectee)
    doublon = DoublonPotentiel.objects.get()
    assert (doublon.personne, doublon.autre) == (nouvelle, existante)
    assert Personne.objects.filter(pk=existante.pk).exists()  # never merged silently
    ecarter_doublon(doublon, acting_user=UserFactory(professionnel=True))
    doublon.refresh_from_db()
    assert doublon.statut == "ecarte"
    client.post(_url("identite"), _identite())  # saving the identity again flags nothing new
    assert DoublonPotentiel.objects.count() == 1


def test_deux_nir_differents_ne_font_pas_un_doublon(client, personne_connectee):
    from inscription.models import DoublonPotentiel
    from tests.factories import PersonneFactory

    autre = PersonneFactory(nom_naissance="Martin", prenoms="Léa", date_naissance=NAISSANCE)
    DossierInscription.objects.create(personne=autre, canal=Canal.GUICHET, nir=_nir(numero=2))
    client.post(_url("identite"), _identite())
    assert not DoublonPotentiel.objects.exists()


@pytest.mark.parametrize("urgence", [True, False])
def test_une_urgence_reperee_au_guichet_mene_directement_a_un_entretien(client, urgence):
    from orientation.actions import proposer

    agence = OrganisationFactory()
    client.force_login(professionnel(agence, Role.CONSEILLER))
    client.post(reverse("backoffice:inscription_nouvelle"), _identite())
    personne = Personne.objects.get(nom_naissance="Martin")
    DossierInscription.objects.filter(personne=personne).update(
        etape="freins", activite_deux_ans=True, se_projette="oui", niveau_qualification="niveau_4"
    )
    url = reverse("backoffice:inscription_etape", args=[personne.pk, "accompagnement"])
    assert "Situation d&#x27;urgence" in client.get(url).content.decode()
    donnees = {"maturite_projet": "defini", "accompagnement_souhaite": "suivi", "preference_structure": "agence_ft"}
    client.post(url, {**donnees, **({"urgence": "on"} if urgence else {})})
    assert DossierInscription.objects.get(personne=personne).urgence is urgence
    FreinIdentifie.objects.create(dossier=personne.inscription, type_frein="sante", intensite="sans_impact")
    decision = proposer(personne)
    assert (decision.statut == "giratoire") is urgence
    if urgence:
        assert "urgence" in decision.explication


def test_la_personne_ne_peut_pas_se_declarer_en_urgence(client, personne_connectee):
    client.post(_url("identite"), _identite())
    DossierInscription.objects.filter(personne__user=personne_connectee).update(etape="freins")
    page = client.get(_url("accompagnement"))
    assert page.status_code == 200 and "Accompagnement souhaité" in page.content.decode()
    assert 'name="urgence"' not in page.content.decode()
    donnees = {"maturite_projet": "defini", "accompagnement_souhaite": "suivi", "preference_structure": "agence_ft"}
    client.post(_url("accompagnement"), {**donnees, "urgence": "on"})
    assert DossierInscription.objects.get(personne__user=personne_connectee).urgence is False
