"""The signed receipt link: a token signed with the real key and salt but carrying a malformed
payload is a 404 like a tampered one (never a 500), and acknowledges nothing."""

import datetime
import zlib

import pytest
from django.core import signing
from django.urls import reverse

from francetravail.reseau.enums import Role
from orientation import accuse, actions
from orientation.models import DecisionOrientation
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet

BIGINT_MAX = 2**63 - 1


def signe(contenu_json, *, compresse=False):
    """A token signed by the real signer (same key, same salt) over raw JSON bytes, well formed or not."""
    donnees = zlib.compress(contenu_json) if compresse else contenu_json
    valeur = ("." if compresse else "") + signing.b64_encode(donnees).decode()
    return signing.TimestampSigner(salt=accuse._SEL).sign(valeur)


def signe_brut(valeur):
    """A token whose signed value is not even base64 / zlib: signed all the same."""
    return signing.TimestampSigner(salt=accuse._SEL).sign(valeur)


PAYLOADS = {
    "liste": [1, 2],
    "texte": "d",
    "entier": 42,
    "nul": None,
    "sans_d": {"x": 1},
    "d_texte": {"d": "abc"},
    "d_texte_chiffre": {"d": "12"},
    "d_decimal": {"d": 1.0},
    "d_booleen": {"d": True},
    "d_zero": {"d": 0},
    "d_negatif": {"d": -5},
    "d_au_dela_du_bigint": {"d": BIGINT_MAX + 1},
    "d_tres_grand": {"d": 10**40},
    "d_liste": {"d": [1]},
    "d_objet": {"d": {"pk": 1}},
}

BRUTS = {
    "json_invalide": lambda: signe(b"\xff\xfe{"),
    "json_tres_imbrique": lambda: signe(b"[" * 50_000 + b"]" * 50_000, compresse=True),
    "zlib_invalide": lambda: signe_brut(".AAAA"),
    "base64_invalide": lambda: signe_brut("***"),
    "vide": lambda: signe_brut(""),
}


@pytest.fixture
def decision():
    agence = OrganisationFactory(departement_id="59")
    personne = PersonneFactory(
        organisme_referent=None,
        commune=commune("59350"),
        email="sans.compte@exemple.fr",
        date_naissance=datetime.date(1985, 1, 1),
    )
    dossier_complet(personne, freins=["sans_impact"])
    return actions.confirmer(
        actions.proposer(personne), acting_user=professionnel(agence, Role.CONSEILLER), organisme=agence
    )


def jetons():
    for nom, contenu in PAYLOADS.items():
        yield pytest.param(lambda contenu=contenu: signing.dumps(contenu, salt=accuse._SEL, compress=True), id=nom)
    for nom, fabrique in BRUTS.items():
        yield pytest.param(fabrique, id=nom)


@pytest.mark.parametrize("fabrique", list(jetons()))
def test_un_jeton_bien_signe_mais_mal_forme_donne_404(client, decision, fabrique):
    url = reverse("orientation:accuse", args=[fabrique()])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not DecisionOrientation.objects.filter(recue_le__isnull=False).exists()


@pytest.mark.parametrize("fabrique", list(jetons()))
def test_la_lecture_du_jeton_ne_rend_que_un_identifiant_valide(fabrique):
    assert accuse.decision_du_jeton(fabrique()) is None


@pytest.mark.parametrize(
    ("identifiant", "attendu"),
    [(0, None), (1, 1), (BIGINT_MAX, BIGINT_MAX), (BIGINT_MAX + 1, None)],
)
def test_les_bornes_de_l_identifiant(identifiant, attendu):
    assert accuse.decision_du_jeton(signing.dumps({"d": identifiant}, salt=accuse._SEL, compress=True)) == attendu


def test_un_jeton_valide_marche_toujours(client, decision):
    url = reverse("orientation:accuse", args=[accuse.jeton(decision)])
    assert accuse.decision_du_jeton(accuse.jeton(decision)) == decision.pk
    assert client.post(url).status_code == 200
    decision.refresh_from_db()
    assert decision.recue_le is not None


def test_un_jeton_d_un_autre_sel_est_refuse(client, decision):
    autre = signing.dumps({"d": decision.pk}, salt="autre.usage", compress=True)
    assert accuse.decision_du_jeton(autre) is None
    assert client.post(reverse("orientation:accuse", args=[autre])).status_code == 404
