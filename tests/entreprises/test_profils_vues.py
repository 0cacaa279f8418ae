"""The person's job-search page (emploi:profil) and the référent's read of it (backoffice:profil_recherche)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from entreprises.forms.profil import DISPONIBILITE_MAX_JOURS
from entreprises.models import ProfilRecherche
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from tests.entreprises.factories import employeur, entreprise
from tests.entreprises.factories import profil as profil_factory
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, commune, professionnel

PROFIL = reverse("emploi:profil")


@pytest.fixture
def personne():
    return PersonneFactory(avec_compte=True)


def _donnees(**extra):
    return {
        "metiers": ["D1102"],
        "commune": "",
        "disponible_le": "",
        "types_contrat": [],
        "temps_travail": "",
        "salaire_attendu": "",
        **extra,
    }


def _erreurs(response):
    return response.context["form"].errors


def test_premiere_visite_cree_le_profil_avec_la_commune_de_residence(client, personne):
    client.force_login(personne.user)
    response = client.get(PROFIL)
    assert response.status_code == 200
    profil = ProfilRecherche.objects.get(pk=personne.pk)
    assert profil.commune_id == "59350" and profil.parcours_professionnel is False
    assert response.context["form"].initial["commune"] == "Lille (59000)"  # name and postcode, as people know it
    assert 'data-autocompletion-url="/referentiels/communes/"' in response.content.decode()
    assert "Ne pas me proposer aux employeurs" in response.content.decode()


def test_sans_dossier_un_message_et_pas_de_profil(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(PROFIL)
    assert response.status_code == 200
    assert "Votre dossier n’est pas encore créé" in response.content.decode()
    assert response.context.get("form") is None
    assert client.post(PROFIL, _donnees()).status_code == 200
    assert not ProfilRecherche.objects.exists()


def test_enregistrer_toute_la_recherche(client, personne):
    client.force_login(personne.user)
    disponible = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        PROFIL,
        _donnees(
            commune="Arras",
            disponible_le=disponible.isoformat(),
            types_contrat=["cdi", "cdd"],
            temps_travail="partiel",
            salaire_attendu="1850.50",
            masquer="on",
        ),
    )
    assert response.status_code == 302
    profil = ProfilRecherche.objects.get(pk=personne.pk)
    assert profil.codes_rome == ["D1102"] and profil.domaines == ["D11"]
    assert (profil.commune_id, profil.departement, profil.region) == ("62041", "62", "32")
    assert profil.disponible_le == disponible
    assert profil.types_contrat == ["cdi", "cdd"]
    assert profil.temps_travail == "partiel"
    assert profil.salaire_attendu == Decimal("1850.50")
    assert profil.visible is False
    page = client.get(PROFIL).content.decode()
    assert "Vous avez demandé à ne pas être proposé(e) aux employeurs" in page
    # Unticked: visible again; commune left empty: the residence.
    assert client.post(PROFIL, _donnees()).status_code == 302
    profil.refresh_from_db()
    assert profil.visible is True and profil.commune_id == "59350"


def test_rechercher_un_metier_sans_enregistrer_et_en_gardant_la_saisie(client, personne):
    client.force_login(personne.user)
    response = client.post(
        PROFIL, _donnees(metiers=[], salaire_attendu="2000", recherche_metier="boulenger", rechercher="1")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "D1102" in dict(form.fields["metiers"].choices)
    assert form["salaire_attendu"].value() == "2000"
    assert "cochez-les dans la liste" in response.content.decode()
    assert ProfilRecherche.objects.get(pk=personne.pk).salaire_attendu is None
    # Then tick the job found and save.
    assert client.post(PROFIL, _donnees(metiers=["D1102"], salaire_attendu="2000")).status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).codes_rome == ["D1102"]


def test_recherche_sans_resultat(client, personne):
    client.force_login(personne.user)
    response = client.post(PROFIL, _donnees(recherche_metier="zzzzzzzz", rechercher="1"))
    assert "Aucun métier trouvé" in response.content.decode()


def test_entree_avec_la_recherche_vide_enregistre(client, personne):
    """Enter in a field sends the form's first button, « Rechercher »: with nothing to search, it saves."""
    client.force_login(personne.user)
    response = client.post(PROFIL, _donnees(salaire_attendu="1700", recherche_metier=" ", rechercher="1"))
    assert response.status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).salaire_attendu == Decimal("1700")


def test_un_code_rome_inconnu_est_refuse(client, personne):
    client.force_login(personne.user)
    response = client.post(PROFIL, _donnees(metiers=["Z9999"]))
    assert response.status_code == 200 and _erreurs(response)["metiers"]


def test_dix_metiers_au_plus(client, personne):
    client.force_login(personne.user)
    onze = [f"D11{i:02d}" for i in range(1, 12)]
    response = client.post(PROFIL, _donnees(metiers=onze))
    assert _erreurs(response)["metiers"] == ["Choisissez 10 métiers au plus."]
    assert client.post(PROFIL, _donnees(metiers=onze[:10])).status_code == 302
    assert len(ProfilRecherche.objects.get(pk=personne.pk).codes_rome) == 10


@pytest.mark.parametrize(
    ("valeur", "erreur"),
    [
        ("100000.01", "Indiquez un salaire mensuel de 100 000 euros au plus."),
        ("-0.01", "Le salaire attendu ne peut pas être négatif."),
        ("mille", "Indiquez un montant en euros, par exemple 1850."),
        ("1850.555", "Indiquez au plus deux chiffres après la virgule."),
    ],
)
def test_salaire_refuse(client, personne, valeur, erreur):
    client.force_login(personne.user)
    response = client.post(PROFIL, _donnees(salaire_attendu=valeur, temps_travail="plein"))
    assert _erreurs(response)["salaire_attendu"] == [erreur]
    # What was typed stays in the form.
    assert response.context["form"]["salaire_attendu"].value() == valeur
    assert response.context["form"]["temps_travail"].value() == "plein"


@pytest.mark.parametrize("valeur", ["100000", "0"])
def test_salaire_aux_bornes(client, personne, valeur):
    client.force_login(personne.user)
    assert client.post(PROFIL, _donnees(salaire_attendu=valeur)).status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).salaire_attendu == Decimal(valeur)


def test_disponibilite_dans_les_deux_ans(client, personne):
    client.force_login(personne.user)
    limite = timezone.localdate() + datetime.timedelta(days=DISPONIBILITE_MAX_JOURS)
    response = client.post(PROFIL, _donnees(disponible_le=(limite + datetime.timedelta(days=1)).isoformat()))
    assert _erreurs(response)["disponible_le"] == ["Indiquez une date dans les deux ans qui viennent."]
    assert client.post(PROFIL, _donnees(disponible_le=limite.isoformat())).status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).disponible_le == limite
    response = client.post(PROFIL, _donnees(disponible_le="31/02/2027"))
    assert _erreurs(response)["disponible_le"] == ["Indiquez une date valide, par exemple 15/09/2026."]


def test_commune_inconnue_ou_ambigue(client, personne):
    client.force_login(personne.user)
    response = client.post(PROFIL, _donnees(commune="Villeinexistante"))
    assert _erreurs(response)["commune"][0].startswith("Aucune commune ne s'appelle « Villeinexistante »")
    assert 'value="Villeinexistante"' in response.content.decode()  # kept as typed
    response = client.post(PROFIL, _donnees(commune="Saint-Denis"))
    assert "Plusieurs communes correspondent à « Saint-Denis »" in _erreurs(response)["commune"][0]
    assert "« Saint-Denis (97400) »" in _erreurs(response)["commune"][0]
    assert "« Saint-Denis (93) »" in _erreurs(response)["commune"][0]  # no postcode known: its département
    assert ProfilRecherche.objects.get(pk=personne.pk).commune_id == "59350"  # unchanged
    assert client.post(PROFIL, _donnees(commune="Saint-Denis (93)")).status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).departement == "93"
    assert client.post(PROFIL, _donnees(commune="saint denis (97400)")).status_code == 302
    assert ProfilRecherche.objects.get(pk=personne.pk).commune_id == "97411"


def test_un_type_de_contrat_inconnu_est_refuse(client, personne):
    client.force_login(personne.user)
    response = client.post(PROFIL, _donnees(types_contrat=["stage"]))
    assert _erreurs(response)["types_contrat"]


def test_l_ore_est_rappelee_a_la_personne(client, personne):
    profil_factory(personne, ore_codes_rome=["D1102"], ore_communes=["59350"])
    client.force_login(personne.user)
    page = client.get(PROFIL).content.decode()
    assert "Votre offre raisonnable d’emploi" in page and "Boulanger / Boulangère (D1102)" in page


@pytest.mark.parametrize("qui", ["professionnel", "employeur"])
def test_la_page_de_la_personne_est_refusee_aux_autres_comptes(client, qui):
    user = professionnel() if qui == "professionnel" else employeur(entreprise())
    client.force_login(user)
    assert client.get(PROFIL).status_code == 404


def test_anonyme_renvoye_a_la_connexion(client):
    response = client.get(PROFIL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- The référent's side ------------------------------------------------------------------------


@pytest.fixture
def suivie():
    organisation = OrganisationFactory()
    personne = PersonneFactory(organisme_referent=organisation)
    profil_factory(
        personne,
        codes_rome=["D1102"],
        visible=False,
        salaire_attendu=Decimal("1900"),
        ore_codes_rome=["D1102"],
        ore_communes=["59350"],
    )
    return personne, organisation


def test_le_referent_voit_la_recherche_et_la_lecture_est_journalisee(client, suivie):
    personne, organisation = suivie
    conseiller = professionnel(organisation)
    client.force_login(conseiller)
    response = client.get(reverse("backoffice:profil_recherche", kwargs={"pk": personne.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Boulanger / Boulangère (D1102)" in page
    assert "Non, à sa demande" in page
    assert "1900 € bruts par mois" in page
    assert JournalAcces.objects.filter(personne=personne, user=conseiller, partie=PartieDossier.PARCOURS).count() == 1


def test_sans_profil_la_page_le_dit(client):
    organisation = OrganisationFactory()
    personne = PersonneFactory(organisme_referent=organisation)
    client.force_login(professionnel(organisation))
    response = client.get(reverse("backoffice:profil_recherche", kwargs={"pk": personne.pk}))
    assert "n’a pas encore de profil de recherche d’emploi" in response.content.decode()
    assert not ProfilRecherche.objects.exists()  # reading does not create one


@pytest.mark.parametrize("qui", ["autre_conseiller", "employeur", "personne", "pilote"])
def test_refus_de_la_recherche_d_une_personne(client, suivie, qui):
    personne, organisation = suivie
    user = {
        "autre_conseiller": lambda: professionnel(OrganisationFactory(departement_id="62")),
        "employeur": lambda: employeur(entreprise()),
        "personne": lambda: PersonneFactory(avec_compte=True, commune=commune("59350")).user,
        "pilote": lambda: professionnel(organisation, Role.PILOTE),
    }[qui]()
    client.force_login(user)
    assert client.get(reverse("backoffice:profil_recherche", kwargs={"pk": personne.pk})).status_code == 404
    assert client.get(reverse("backoffice:offres_pour_personne", kwargs={"pk": personne.pk})).status_code == 404
    assert not JournalAcces.objects.filter(personne=personne).exists()


def test_le_salaire_est_repris_tel_que_saisi(client, personne):
    client.force_login(personne.user)
    client.post(PROFIL, _donnees(salaire_attendu="1800"))
    assert 'value="1800"' in client.get(PROFIL).content.decode()
    client.post(PROFIL, _donnees(salaire_attendu="1800.50"))
    assert 'value="1800.50"' in client.get(PROFIL).content.decode()
