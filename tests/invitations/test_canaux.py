"""Which channels reach a person: e-mail, French mobile, complete postal address, crossed with the choice."""

import pytest

from francetravail.invitations import canaux
from francetravail.invitations.enums import CanalInvitation as C
from tests.factories import PersonneFactory


@pytest.mark.parametrize(
    ("telephone", "mobile"),
    [
        ("0601020304", "+33601020304"),
        ("07 12 34 56 78", "+33712345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033712345678", "+33712345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("0320000000", None),  # a landline takes no SMS
        ("0812345678", None),
        ("060102030", None),  # 9 digits
        ("06010203045", None),  # 11 digits
        ("+32612345678", None),  # not French
        ("", None),
    ],
)
def test_mobile_francais(telephone, mobile):
    assert canaux.mobile_francais(telephone) == mobile


def test_tous_les_canaux_d_un_dossier_complet(personne):
    assert canaux.choisir(personne, C.values) == ([C.EMAIL, C.SMS, C.COURRIER], "")
    # What the professional allowed bounds it.
    assert canaux.choisir(personne, [C.SMS]) == ([C.SMS], "")


def test_sans_courriel_ni_mobile_ni_adresse_personne_n_est_joint(org):
    sans_rien = PersonneFactory(email="", telephone="0320000000", adresse="", organisme_referent=org)
    choisis, raison = canaux.choisir(sans_rien, C.values)
    assert choisis == []
    assert "Pas d'adresse électronique" in raison
    assert "pas un mobile français" in raison
    assert "ni numéro ni voie" in raison


def test_une_adresse_sans_code_postal_dans_une_commune_a_plusieurs_codes_n_est_pas_un_canal(org):
    from tests.factories import commune

    lille = commune("59350")
    assert len(lille.codes_postaux) > 1
    personne = PersonneFactory(commune=lille, code_postal="", email="", telephone="", organisme_referent=org)
    choisis, raison = canaux.choisir(personne, [C.COURRIER])
    assert choisis == [] and "plusieurs codes postaux" in raison
    personne.code_postal = "59000"
    assert canaux.choisir(personne, [C.COURRIER]) == ([C.COURRIER], "")


def test_le_choix_du_professionnel_restreint_meme_si_le_dossier_permet_plus(org):
    seulement_courrier = PersonneFactory(email="", telephone="", organisme_referent=org)
    choisis, raison = canaux.choisir(seulement_courrier, [C.EMAIL, C.SMS])
    assert choisis == [] and raison.startswith(canaux.SANS_CANAL)
    assert canaux.choisir(seulement_courrier, [C.EMAIL, C.COURRIER]) == ([C.COURRIER], "")
