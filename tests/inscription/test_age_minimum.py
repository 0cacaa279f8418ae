"""Registration from the 16th birthday itself, never the day before (issue 15, item 9).

The bound used to be 16 × 365 days, which let a person register up to four days before
their 16th birthday. Tested through the pages (online and at a desk: error at the field,
input kept) and through the actions, which check it for every caller; 29 February included
(born on 29 February: 16 on 29 February in a leap year, on 1 March in a common one)."""

import datetime

import pytest
from django.urls import reverse

from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from inscription import actions
from inscription.models import DossierInscription
from inscription.regles import erreur_age_minimum
from tests.ages import aujourdhui_fixe, naissance_la_veille_de, naissance_pour_age  # noqa: F401 (fixture)
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel
from tests.inscription.test_parcours_inscription import _identite, _nir

D = datetime.date


def _donnees(naissance):
    """What the identity form hands to the actions (cleaned data)."""
    return {
        "nom_naissance": "Martin",
        "nom_usage": "",
        "prenoms": "Léa",
        "date_naissance": naissance,
        "nir": _nir(naissance),
        "nationalite": "francaise",
        "pays_naissance": "France",
    }


def _refus_au_champ(response, naissance):
    assert response.status_code == 200
    erreurs = response.context["form"].errors["date_naissance"]
    assert "à partir de 16 ans" in erreurs[0]
    assert f'value="{naissance.isoformat()}"' in response.content.decode()  # the input is kept


# --- The pages --------------------------------------------------------------------------------------


def test_en_ligne_la_veille_des_16_ans_refuse_au_champ_le_jour_meme_accepte(client):
    client.force_login(UserFactory())
    url = reverse("inscription:etape", args=["identite"])
    veille = naissance_la_veille_de(16)
    _refus_au_champ(client.post(url, _identite(date_naissance=veille.isoformat(), nir=_nir(veille))), veille)
    assert not Personne.objects.exists()
    jour = naissance_pour_age(16)
    assert client.post(url, _identite(date_naissance=jour.isoformat(), nir=_nir(jour))).status_code == 302
    assert Personne.objects.get().date_naissance == jour


def test_au_guichet_la_veille_des_16_ans_refuse_au_champ_le_jour_meme_accepte(client):
    client.force_login(professionnel(OrganisationFactory(), Role.CONSEILLER))
    url = reverse("backoffice:inscription_nouvelle")
    veille = naissance_la_veille_de(16)
    _refus_au_champ(client.post(url, _identite(date_naissance=veille.isoformat(), nir=_nir(veille))), veille)
    assert not Personne.objects.exists()
    jour = naissance_pour_age(16)
    assert client.post(url, _identite(date_naissance=jour.isoformat(), nir=_nir(jour))).status_code == 302
    assert Personne.objects.get().date_naissance == jour


def test_le_message_dit_le_jour_ou_l_inscription_sera_possible():
    assert erreur_age_minimum(D(2010, 3, 12), D(2026, 3, 11)) == (
        "L'inscription est ouverte à partir de 16 ans : elle sera possible à partir du 12 mars 2026, jour des 16 ans."
    )
    assert erreur_age_minimum(D(2010, 3, 12), D(2026, 3, 12)) is None


# --- The actions, for every caller --------------------------------------------------------------------


def test_l_inscription_en_ligne_refuse_la_veille_et_accepte_le_jour_meme():
    user = UserFactory()
    with pytest.raises(actions.InscriptionRefusee, match="à partir de 16 ans") as refus:
        actions.commencer_inscription_en_ligne(user, _donnees(naissance_la_veille_de(16)))
    assert refus.value.champ == "date_naissance"
    assert not Personne.objects.exists() and not DossierInscription.objects.exists()
    personne, _ = actions.commencer_inscription_en_ligne(user, _donnees(naissance_pour_age(16)))
    assert personne.date_naissance == naissance_pour_age(16)


def test_l_inscription_au_guichet_refuse_la_veille_et_accepte_le_jour_meme():
    agence = OrganisationFactory()
    conseiller = professionnel(agence, Role.CONSEILLER)
    with pytest.raises(actions.InscriptionRefusee, match="à partir de 16 ans"):
        actions.commencer_inscription_guichet(conseiller, agence, _donnees(naissance_la_veille_de(16)))
    assert not Personne.objects.exists()
    personne, _ = actions.commencer_inscription_guichet(conseiller, agence, _donnees(naissance_pour_age(16)))
    assert personne.date_naissance == naissance_pour_age(16)


def test_corriger_la_date_de_naissance_ne_passe_pas_sous_16_ans():
    personne = PersonneFactory(avec_compte=True, date_naissance=D(1990, 4, 12))
    dossier = DossierInscription.objects.create(personne=personne)
    with pytest.raises(actions.InscriptionRefusee, match="à partir de 16 ans"):
        actions.enregistrer_etape(
            personne, dossier, "identite", _donnees(naissance_la_veille_de(16)), acting_user=personne.user
        )
    personne.refresh_from_db()
    assert personne.date_naissance == D(1990, 4, 12)
    actions.enregistrer_etape(
        personne, dossier, "identite", _donnees(naissance_pour_age(16)), acting_user=personne.user
    )
    personne.refresh_from_db()
    assert personne.date_naissance == naissance_pour_age(16)


# --- 29 February -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aujourdhui", "naissance", "accepte"),
    [
        (D(2028, 2, 28), D(2012, 2, 29), False),  # the eve of the 16th birthday, a leap year
        (D(2028, 2, 29), D(2012, 2, 29), True),  # the birthday itself
        (D(2100, 2, 28), D(2084, 2, 29), False),  # 2100 has no 29 February: 16 on 1 March
        (D(2100, 3, 1), D(2084, 2, 29), True),
        (D(2028, 2, 29), D(2012, 3, 1), False),  # born on 1 March: not yet on 29 February
        (D(2028, 3, 1), D(2012, 3, 1), True),
    ],
)
def test_ne_un_29_fevrier(client, aujourdhui_fixe, aujourdhui, naissance, accepte):  # noqa: F811
    aujourdhui_fixe(aujourdhui)
    user = UserFactory()
    client.force_login(user)
    url = reverse("inscription:etape", args=["identite"])
    response = client.post(url, _identite(date_naissance=naissance.isoformat(), nir=_nir(naissance)))
    if accepte:
        assert response.status_code == 302
        assert Personne.objects.get(user=user).date_naissance == naissance
    else:
        _refus_au_champ(response, naissance)
        with pytest.raises(actions.InscriptionRefusee):
            actions.commencer_inscription_en_ligne(user, _donnees(naissance))
        assert not Personne.objects.exists()
