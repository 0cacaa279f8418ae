"""The online registration starts from what the account knows, and notices go to the account's
e-mail unless the person gives another one."""

import datetime

import pytest
from allauth.socialaccount.models import SocialAccount

from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from orientation import actions as orientation
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.inscription.test_parcours_inscription import COORDONNEES, PROJET, SITUATION, _identite, _url

FREINS = dict.fromkeys(
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
ACCOMPAGNEMENT = {"maturite_projet": "defini", "accompagnement_souhaite": "suivi", "preference_structure": "agence_ft"}


@pytest.fixture
def compte(client):
    user = UserFactory(email="lea.martin@exemple.fr", first_name="Léa", last_name="Martin")
    client.force_login(user)
    return user


def _inscrire(client, coordonnees):
    for slug, donnees in (
        ("identite", _identite()),
        ("coordonnees", coordonnees),
        ("situation", SITUATION),
        ("projet", PROJET),
        ("freins", FREINS),
        ("accompagnement", ACCOMPAGNEMENT),
        ("recapitulatif", {}),
    ):
        response = client.post(_url(slug), donnees)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    return Personne.objects.get(user__email="lea.martin@exemple.fr")


def _courriels_de_decision(personne):
    agence = OrganisationFactory(departement_id="59")
    Personne.objects.filter(pk=personne.pk).update(organisme_referent=agence)
    decision = orientation.proposer(personne)
    orientation.confirmer(decision, acting_user=professionnel(agence, Role.CONSEILLER), organisme=agence)
    return list(
        Notification.objects.filter(
            cle_idempotence__startswith=f"orientation:{decision.pk}:", canal=Canal.EMAIL
        ).values_list("adresse", flat=True)
    )


def test_la_decision_d_orientation_est_envoyee_par_courriel_a_une_personne_inscrite_en_ligne(client, compte):
    """The person leaves the e-mail as the page shows it: the decision goes to the account's e-mail."""
    client.post(_url("identite"), _identite())
    initial = client.get(_url("coordonnees")).context["form"].initial
    personne = _inscrire(client, {**COORDONNEES, "email": initial.get("email", "")})

    assert personne.email == "lea.martin@exemple.fr"
    assert _courriels_de_decision(personne) == ["lea.martin@exemple.fr"]


def test_une_adresse_laissee_vide_reste_celle_du_compte(client, compte):
    personne = _inscrire(client, {**COORDONNEES, "email": ""})
    assert personne.email == "lea.martin@exemple.fr"


def test_une_autre_adresse_donnee_par_la_personne_sert_aux_avis(client, compte):
    personne = _inscrire(client, {**COORDONNEES, "email": "lea.perso@exemple.fr"})
    assert personne.email == "lea.perso@exemple.fr"
    assert _courriels_de_decision(personne) == ["lea.perso@exemple.fr"]


def test_l_identite_est_preremplie_depuis_le_compte(client, compte):
    form = client.get(_url("identite")).context["form"]
    assert form.initial["prenoms"] == "Léa"
    assert form.initial["nom_naissance"] == "Martin"
    assert form.initial["pays_naissance"] == "France"
    assert 'value="Léa"' in client.get(_url("identite")).content.decode()


def test_un_compte_sans_nom_ne_preremplit_rien_de_faux(client):
    client.force_login(UserFactory(first_name="", last_name=""))
    form = client.get(_url("identite")).context["form"]
    assert not form.initial.get("prenoms") and not form.initial.get("nom_naissance")


def test_l_adresse_du_compte_est_proposee_aux_coordonnees(client, compte):
    client.post(_url("identite"), _identite())
    page = client.get(_url("coordonnees")).content.decode()
    assert 'value="lea.martin@exemple.fr"' in page


@pytest.mark.parametrize(
    ("extra_data", "date_naissance"),
    [
        ({"userinfo": {"given_name": "Léa Anne", "family_name": "Dupont", "birthdate": "1990-04-12"}}, "1990-04-12"),
        ({"id_token": {"given_name": "Léa Anne", "family_name": "Dupont", "birthdate": "1990-04-00"}}, None),
    ],
)
def test_franceconnect_preremplit_l_identite_de_l_etat_civil(client, compte, extra_data, date_naissance):
    SocialAccount.objects.create(user=compte, provider="franceconnect", uid="fc-1", extra_data=extra_data)
    initial = client.get(_url("identite")).context["form"].initial
    assert (initial["prenoms"], initial["nom_naissance"]) == ("Léa Anne", "Dupont")
    attendu = datetime.date.fromisoformat(date_naissance) if date_naissance else None
    assert initial.get("date_naissance") == attendu
