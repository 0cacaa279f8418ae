"""The receiver's reference verification (francetravail/partenaires/signature.py), as a partner runs it."""

import hashlib
import hmac

import pytest

from francetravail.partenaires.signature import IdentifiantsVus, SignatureInvalide, signer, verifier

SECRET = "whsec_essai"
CORPS = b'{"id":"5f0c","evenement":"rendezvous.pris","donnees":{"rendezvous":40}}'
T = 1_800_000_000


def entetes(horodatage=T, corps=CORPS, secret=SECRET, **autres):
    return {
        "X-Webhook-Id": "5f0c",
        "X-Webhook-Evenement": "rendezvous.pris",
        "X-Webhook-Horodatage": str(horodatage),
        "X-Webhook-Signature": "sha256=" + signer(secret, horodatage, corps),
        **autres,
    }


def test_la_signature_est_le_hmac_sha256_de_horodatage_point_corps():
    attendu = hmac.new(SECRET.encode(), f"{T}.".encode() + CORPS, hashlib.sha256).hexdigest()
    assert signer(SECRET, T, CORPS) == attendu
    assert signer(SECRET, T, CORPS.decode()) == attendu


def test_une_livraison_bien_signee_est_acceptee_et_donne_son_identifiant():
    assert verifier(SECRET, entetes(), CORPS, maintenant=T) == "5f0c"
    # Header names in any case (a framework may lower them).
    minuscules = {cle.lower(): valeur for cle, valeur in entetes().items()}
    assert verifier(SECRET, minuscules, CORPS, maintenant=T) == "5f0c"


@pytest.mark.parametrize(
    ("modification", "message"),
    [
        ({"secret": "whsec_autre"}, "Signature invalide"),
        ({"corps_recu": CORPS.replace(b"40", b"41")}, "Signature invalide"),
        ({"entetes": {"X-Webhook-Signature": "md5=abc"}}, "format inconnu"),
        ({"entetes": {"X-Webhook-Horodatage": "hier"}}, "illisible"),
        ({"sans": "X-Webhook-Signature"}, "manquants"),
        ({"sans": "X-Webhook-Id"}, "manquants"),
    ],
)
def test_une_signature_fausse_ou_absente_est_refusee(modification, message):
    recus = entetes(secret=modification.get("secret", SECRET))
    recus.update(modification.get("entetes", {}))
    recus.pop(modification.get("sans", ""), None)
    with pytest.raises(SignatureInvalide, match=message):
        verifier(SECRET, recus, modification.get("corps_recu", CORPS), maintenant=T)


@pytest.mark.parametrize(("ecart", "acceptee"), [(300, True), (301, False), (-300, True), (-301, False)])
def test_l_horodatage_doit_etre_a_300_secondes_au_plus_de_l_horloge_du_recepteur(ecart, acceptee):
    # ecart > 0: received that long after it was signed (a captured delivery re-sent later); < 0: clock ahead.
    if acceptee:
        assert verifier(SECRET, entetes(), CORPS, maintenant=T + ecart) == "5f0c"
    else:
        with pytest.raises(SignatureInvalide, match="tolérance"):
            verifier(SECRET, entetes(), CORPS, maintenant=T + ecart)


def test_une_tolerance_plus_stricte_est_respectee():
    with pytest.raises(SignatureInvalide):
        verifier(SECRET, entetes(), CORPS, maintenant=T + 61, tolerance=60)
    assert verifier(SECRET, entetes(), CORPS, maintenant=T + 60, tolerance=60)


def test_un_horodatage_rajeuni_par_qui_rejoue_une_capture_casse_la_signature():
    capture = entetes()
    capture["X-Webhook-Horodatage"] = str(T + 3600)
    with pytest.raises(SignatureInvalide, match="Signature invalide"):
        verifier(SECRET, capture, CORPS, maintenant=T + 3600)


def test_un_identifiant_deja_traite_est_ignore():
    vus = IdentifiantsVus()
    assert vus.premiere_fois("5f0c") is True
    assert vus.premiere_fois("5f0c") is False
    assert vus.premiere_fois("6a1d") is True
