"""The legal scales (legal-rules.md §4.2–4.3): every row, both sides of every bound, and
properties of ``verifier_decision`` over every computed range.

The expected figures are written here from the law, not read from the parameters: a
wrong row in ``parametres_legaux.csv`` must fail these tests.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from francetravail.parametres.lookup import parametre
from francetravail.parametres.models import ParametreLegal
from sanctions.bareme import PREMIER, REITERATION, plage_legale, rang_du_manquement, verifier_decision
from sanctions.enums import MANQUEMENTS_RSA, Mesure, Public, TypeManquement

D = datetime.date
FAITS = D(2025, 9, 15)

A, R, S = Public.ALLOCATION, Public.RSA, Public.SANS_ALLOCATION
M = TypeManquement
SUSP, SUPP, RAD, AV = Mesure.SUSPENSION, Mesure.SUPPRESSION, Mesure.RADIATION, Mesure.AVERTISSEMENT
P, RE = PREMIER, REITERATION

# (public, manquement, rang, plafonné, mesures, taux, durée, radiation, radiation seulement si totale, avis)
BAREME = [
    # (a) with an allowance — R5412-1 to R5412-3-2
    (A, M.M1, P, False, {SUSP}, (30, 100), (1, 2), None, None, False),
    (A, M.M1, RE, False, {SUSP, SUPP}, (30, 100), (1, 4), (4, 4), SUPP, False),
    (A, M.M2, P, False, {SUSP}, (30, 100), (1, 2), None, None, False),
    (A, M.M2, RE, False, {SUSP}, (30, 100), (1, 4), (4, 4), SUSP, False),
    (A, M.M1_PRP, P, False, {SUPP}, (100, 100), (4, 4), (4, 4), None, False),
    (A, M.M1_PRP, RE, False, {SUPP}, (100, 100), (4, 4), (4, 4), None, False),
    (A, M.M3, P, False, {SUPP}, (100, 100), (2, 2), (2, 2), None, False),
    (A, M.M3, RE, False, {SUPP}, (100, 100), (4, 4), (4, 4), None, False),
    (A, M.M4, P, False, {SUPP}, (100, 100), None, (6, 12), None, False),
    (A, M.M4, RE, False, {SUPP}, (100, 100), None, (6, 12), None, False),
    (A, M.M4_BIS, P, False, {SUPP}, (100, 100), (1, 1), None, None, False),
    (A, M.M4_BIS, RE, False, {SUPP}, (100, 100), (2, 2), (2, 2), None, False),
    # (b) RSA — CASF L262-37, R262-68 to R262-68-6
    (R, M.RSA_REFUS_CONTRAT, P, False, {SUSP}, (30, 100), (1, 2), None, None, False),
    (R, M.RSA_REFUS_CONTRAT, P, True, {SUSP}, (30, 50), (1, 2), None, None, False),
    (R, M.RSA_REFUS_CONTRAT, RE, False, {SUSP, SUPP}, (30, 100), (1, 4), (4, 4), SUPP, True),
    (R, M.RSA_REFUS_CONTRAT, RE, True, {SUSP, SUPP}, (30, 50), (1, 4), None, None, True),
    (R, M.RSA_NON_RESPECT, P, False, {SUSP}, (30, 100), (1, 2), None, None, False),
    (R, M.RSA_NON_RESPECT, P, True, {SUSP}, (30, 50), (1, 2), None, None, False),
    (R, M.RSA_NON_RESPECT, RE, False, {SUSP, SUPP}, (30, 100), (1, 4), (4, 4), SUPP, True),
    (R, M.RSA_NON_RESPECT, RE, True, {SUSP, SUPP}, (30, 50), (1, 4), None, None, True),
    (R, M.RSA_REFUS_CONTROLE, P, False, {SUPP}, (30, 100), (1, 2), None, None, True),
    (R, M.RSA_REFUS_CONTROLE, P, True, {SUPP}, (30, 50), (1, 2), None, None, True),
    (R, M.RSA_REFUS_CONTROLE, RE, False, {SUPP}, (30, 100), (1, 4), (4, 4), SUPP, True),
    (R, M.RSA_REFUS_CONTROLE, RE, True, {SUPP}, (30, 50), (1, 4), None, None, True),
    (R, M.M3, P, False, {RAD}, None, None, (2, 2), None, False),
    (R, M.M3, RE, False, {RAD}, None, None, (4, 4), None, False),
    (R, M.M4, P, False, {RAD}, None, None, (6, 12), None, False),
    (R, M.M4, RE, False, {RAD}, None, None, (6, 12), None, False),
    # (c) no allowance — R5412-3-3
    (S, M.M1, P, False, {AV}, None, None, None, None, False),
    (S, M.M1, RE, False, {RAD}, None, None, (1, 4), None, False),
    (S, M.M1_PRP, P, False, {AV}, None, None, None, None, False),
    (S, M.M1_PRP, RE, False, {RAD}, None, None, (1, 4), None, False),
    (S, M.M4_BIS, P, False, {AV}, None, None, None, None, False),
    (S, M.M4_BIS, RE, False, {RAD}, None, None, (2, 2), None, False),
    (S, M.M3, P, False, {RAD}, None, None, (2, 2), None, False),
    (S, M.M3, RE, False, {RAD}, None, None, (4, 4), None, False),
    (S, M.M4, P, False, {RAD}, None, None, (6, 12), None, False),
    (S, M.M4, RE, False, {RAD}, None, None, (6, 12), None, False),
]

SANS_SANCTION = [
    (S, M.M2),  # M2 is sanctioned through the revenu de remplacement only (L5412-1 II)
    *[(R, m) for m in (M.M1, M.M1_PRP, M.M2, M.M4_BIS)],  # RSA: the CASF kinds apply
    # sorted: frozenset order differs between processes, and the xdist workers must collect the same tests
    *[(p, m) for p in (A, S) for m in sorted(MANQUEMENTS_RSA)],
]


def _id(row):
    public, manquement, rang, plafonne = row[:4]
    return f"{public}-{manquement}-{rang}" + ("-plafonne" if plafonne else "")


def _plage(row, date_faits=FAITS):
    public, manquement, rang, plafonne = row[:4]
    return plage_legale(
        public=public, manquement=manquement, rang=rang, date_faits=date_faits, foyer_plusieurs_personnes=plafonne
    )


def _decision_au_minimum(row, mesure):
    """A decision at the low corner of the row, as the law would accept it."""
    _, _, _, _, _, taux, duree, radiation, si_totale, _ = row
    d = {"mesure": mesure, "avis_equipe_pluridisciplinaire": True}
    if taux:
        d["taux"] = Decimal(taux[0])
    if duree:
        d["duree_mois"] = duree[0]
    if radiation and si_totale is None:
        d["radiation_mois"] = radiation[0]
    return d


def _accepte(plage, **decision):
    try:
        verifier_decision(plage, **decision)
    except ValidationError:
        return False
    return True


def _refus(plage, **decision):
    with pytest.raises(ValidationError) as e:
        verifier_decision(plage, **decision)
    return e.value.messages


@pytest.mark.parametrize("row", BAREME, ids=_id)
def test_chaque_ligne_du_bareme(row):
    _, _, _, _, mesures, taux, duree, radiation, si_totale, avis = row
    plage = _plage(row)
    assert plage.mesures == frozenset(mesures)
    assert (plage.taux_min, plage.taux_max) == ((Decimal(taux[0]), Decimal(taux[1])) if taux else (None, None))
    assert (plage.duree_min_mois, plage.duree_max_mois) == (duree or (None, None))
    assert plage.radiation_mois == radiation
    assert plage.radiation_si_totale == si_totale
    assert plage.avis_equipe_pluridisciplinaire_requis is avis
    assert plage.references and all(plage.references)
    assert plage.explication
    for mesure in mesures:
        verifier_decision(plage, **_decision_au_minimum(row, mesure))


@pytest.mark.parametrize("row", [r for r in BAREME if r[5]], ids=_id)
def test_les_bornes_du_taux(row):
    """29 % / 30 %, and 50 % / 51 % for capped RSA households, 100 % / 101 % otherwise."""
    plage = _plage(row)
    mini, maxi = row[5]
    for mesure in row[4]:
        base = _decision_au_minimum(row, mesure)
        assert _accepte(plage, **{**base, "taux": Decimal(mini)})
        assert _accepte(plage, **{**base, "taux": Decimal(maxi)})
        assert not _accepte(plage, **{**base, "taux": Decimal(mini - 1)})
        assert not _accepte(plage, **{**base, "taux": Decimal(maxi + 1)})
        assert not _accepte(plage, **{**base, "taux": None})
    if mini == 30:
        base = _decision_au_minimum(row, next(iter(row[4])))
        assert not _accepte(plage, **{**base, "taux": Decimal("29.99")})


@pytest.mark.parametrize("row", [r for r in BAREME if r[6]], ids=_id)
def test_les_bornes_de_la_duree(row):
    """0 / 1, 2 / 3 months for a first time; 4 / 5 months on reiteration."""
    plage = _plage(row)
    mini, maxi = row[6]
    for mesure in row[4]:
        base = _decision_au_minimum(row, mesure)
        assert _accepte(plage, **{**base, "duree_mois": mini})
        assert not _accepte(plage, **{**base, "duree_mois": mini - 1})
        assert not _accepte(plage, **{**base, "duree_mois": maxi + 1})
        assert not _accepte(plage, **{**base, "duree_mois": None})
        # The upper corner: at 100 % for 4 months the conditional radiation must come with it.
        haut = {**base, "duree_mois": maxi}
        if row[8] == mesure and haut.get("taux") == 100 and maxi == row[7][0]:
            haut["radiation_mois"] = maxi
        assert _accepte(plage, **haut)


@pytest.mark.parametrize("row", [r for r in BAREME if r[7] and r[8] is None], ids=_id)
def test_les_bornes_de_la_radiation(row):
    """M4: 5 / 6 and 12 / 13 months; fixed lengths: one month less or more is refused."""
    plage = _plage(row)
    mini, maxi = row[7]
    for mesure in row[4]:
        base = _decision_au_minimum(row, mesure)
        assert _accepte(plage, **{**base, "radiation_mois": mini})
        assert _accepte(plage, **{**base, "radiation_mois": maxi})
        assert not _accepte(plage, **{**base, "radiation_mois": mini - 1})
        assert not _accepte(plage, **{**base, "radiation_mois": maxi + 1})
        assert not _accepte(plage, **{**base, "radiation_mois": None})


@pytest.mark.parametrize("row", [r for r in BAREME if r[8]], ids=_id)
def test_une_mesure_totale_de_quatre_mois_entraine_la_radiation_et_elle_seule(row):
    plage = _plage(row)
    declencheur = row[8]
    totale = {"mesure": declencheur, "taux": Decimal(100), "duree_mois": 4, "avis_equipe_pluridisciplinaire": True}
    assert _accepte(plage, **totale, radiation_mois=4)
    assert "radiation" in " ".join(_refus(plage, **totale))
    assert not _accepte(plage, **totale, radiation_mois=3)
    assert not _accepte(plage, **totale, radiation_mois=5)
    # Not total (99 %) or not 4 months (3): no radiation at all.
    assert not _accepte(plage, **{**totale, "taux": Decimal(99)}, radiation_mois=4)
    assert _accepte(plage, **{**totale, "taux": Decimal(99)})
    assert not _accepte(plage, **{**totale, "duree_mois": 3}, radiation_mois=4)
    assert _accepte(plage, **{**totale, "duree_mois": 3})


def test_m1_la_suspension_totale_de_quatre_mois_n_entraine_pas_la_radiation():
    """R5412-1: only a total *suppression* brings radiation for M1; for M2 it is the suspension."""
    plage = plage_legale(public=A, manquement=M.M1, rang=RE, date_faits=FAITS)
    assert _accepte(plage, mesure=SUSP, taux=100, duree_mois=4)
    assert not _accepte(plage, mesure=SUSP, taux=100, duree_mois=4, radiation_mois=4)


@pytest.mark.parametrize("row", [r for r in BAREME if r[9]], ids=_id)
def test_une_suppression_du_rsa_exige_l_avis_de_l_equipe_pluridisciplinaire(row):
    plage = _plage(row)
    base = _decision_au_minimum(row, SUPP)
    assert _accepte(plage, **base)
    messages = _refus(plage, **{**base, "avis_equipe_pluridisciplinaire": False})
    assert any("équipe pluridisciplinaire" in m for m in messages)
    if SUSP in row[4]:  # a suspension needs no opinion
        assert _accepte(plage, **{**_decision_au_minimum(row, SUSP), "avis_equipe_pluridisciplinaire": False})


@pytest.mark.parametrize(("foyer", "majoration"), [(True, False), (False, True), (True, True)])
def test_le_plafond_de_50_pourcent_vaut_pour_un_foyer_de_plusieurs_personnes_ou_majore(foyer, majoration):
    plage = plage_legale(
        public=R,
        manquement=M.RSA_NON_RESPECT,
        rang=RE,
        date_faits=FAITS,
        foyer_plusieurs_personnes=foyer,
        majoration_isolement=majoration,
    )
    assert plage.taux_max == 50
    assert _accepte(plage, mesure=SUPP, taux=50, duree_mois=4, avis_equipe_pluridisciplinaire=True)
    assert not _accepte(plage, mesure=SUPP, taux=51, duree_mois=4, avis_equipe_pluridisciplinaire=True)
    # A capped household never reaches a total suppression, so no radiation proposal either.
    assert not _accepte(
        plage, mesure=SUPP, taux=50, duree_mois=4, radiation_mois=4, avis_equipe_pluridisciplinaire=True
    )


def test_le_plafond_ne_vaut_pas_hors_rsa():
    plage = plage_legale(
        public=A, manquement=M.M1, rang=P, date_faits=FAITS, foyer_plusieurs_personnes=True, majoration_isolement=True
    )
    assert plage.taux_max == 100


@pytest.mark.parametrize(("public", "manquement"), SANS_SANCTION, ids=lambda v: str(v))
@pytest.mark.parametrize("rang", [P, RE])
def test_pas_de_sanction_pour_cette_combinaison(public, manquement, rang):
    with pytest.raises(ValidationError):
        plage_legale(public=public, manquement=manquement, rang=rang, date_faits=FAITS)


def test_le_bareme_couvre_toutes_les_combinaisons():
    """Every (public, manquement, rang) is either a row of the scale or refused: nothing is left out."""
    couvertes = {(r[0], r[1], r[2]) for r in BAREME} | {(p, m, rg) for p, m in SANS_SANCTION for rg in (P, RE)}
    assert couvertes == set(itertools.product(Public.values, TypeManquement.values, (P, RE)))


def test_m2_sans_allocation_explique_pourquoi():
    with pytest.raises(ValidationError) as e:
        plage_legale(public=S, manquement=M.M2, rang=P, date_faits=FAITS)
    assert "revenu de remplacement" in e.value.messages[0]


def test_un_rang_inconnu_est_refuse():
    with pytest.raises(ValidationError):
        plage_legale(public=A, manquement=M.M1, rang="troisieme", date_faits=FAITS)


def test_des_faits_anterieurs_au_decret_n_ont_pas_de_bareme():
    with pytest.raises(ValidationError) as e:
        plage_legale(public=A, manquement=M.M1, rang=P, date_faits=D(2025, 5, 31))
    assert "Aucun barème" in e.value.messages[0]
    plage_legale(public=A, manquement=M.M1, rang=P, date_faits=D(2025, 6, 1))


def test_l_avertissement_n_a_ni_taux_ni_duree_ni_radiation():
    plage = plage_legale(public=S, manquement=M.M1, rang=P, date_faits=FAITS)
    verifier_decision(plage, mesure=AV)
    messages = _refus(plage, mesure=RAD, taux=30, duree_mois=1, radiation_mois=1)
    assert len(messages) == 4  # every reason is listed, not only the first


def test_la_duree_d_une_radiation_seule_est_vide_ou_egale_a_la_radiation():
    plage = plage_legale(public=S, manquement=M.M1, rang=RE, date_faits=FAITS)
    assert _accepte(plage, mesure=RAD, radiation_mois=3)
    assert _accepte(plage, mesure=RAD, radiation_mois=3, duree_mois=3)
    assert not _accepte(plage, mesure=RAD, radiation_mois=3, duree_mois=2)


# --- Reiteration: 24 months from the notification, restarted by a new orientation (R5412-3-4)

NOTIFIEE = D(2025, 7, 10)


@pytest.mark.parametrize(
    ("date_faits", "orientation", "attendu"),
    [
        (D(2027, 7, 10), None, RE),  # 24 months to the day
        (D(2027, 7, 11), None, P),  # 24 months + 1 day
        (D(2027, 7, 9), None, RE),  # 24 months - 1 day
        (D(2025, 7, 11), None, RE),  # the day after the notification
        (D(2025, 7, 10), None, P),  # the same day: the facts may precede the notification
        (D(2025, 7, 9), None, P),  # before the first decision was known
        (D(2026, 1, 5), D(2025, 7, 9), RE),  # orientation before the notification: counts
        (D(2026, 1, 5), D(2025, 7, 10), P),  # re-orientation the same day: the count restarts
        (D(2026, 1, 5), D(2025, 12, 1), P),  # re-orientation after the sanction: the count restarts
    ],
)
def test_rang_du_manquement(date_faits, orientation, attendu):
    assert (
        rang_du_manquement(
            date_faits=date_faits, notifications_precedentes=[NOTIFIEE], derniere_orientation_le=orientation
        )
        == attendu
    )


def test_rang_sans_sanction_precedente_ni_apres_reorientation():
    assert rang_du_manquement(date_faits=FAITS, notifications_precedentes=[], derniere_orientation_le=None) == P
    notifications = [D(2025, 6, 20), D(2026, 3, 1)]
    # Only the sanction notified after the re-orientation counts, and it does.
    assert (
        rang_du_manquement(
            date_faits=D(2026, 4, 1), notifications_precedentes=notifications, derniere_orientation_le=D(2025, 9, 1)
        )
        == RE
    )
    assert (
        rang_du_manquement(
            date_faits=D(2026, 2, 1), notifications_precedentes=notifications, derniere_orientation_le=D(2025, 9, 1)
        )
        == P
    )


def test_la_fenetre_de_reiteration_du_rsa_est_un_parametre_non_confirme():
    assert not parametre("sanctions.fenetre_reiteration_rsa", le=FAITS).confirme
    assert parametre("sanctions.fenetre_reiteration", le=FAITS).confirme
    assert (
        rang_du_manquement(
            date_faits=D(2027, 7, 10), notifications_precedentes=[NOTIFIEE], derniere_orientation_le=None, public=R
        )
        == RE
    )


# --- The law is data: a new dated row changes the scale for later facts only


def _nouveau_decret(cle, valeur, le):
    ancien = parametre(cle, le=le)
    ancien.valide_au = le
    ancien.save(update_fields=["valide_au"])
    ParametreLegal.objects.create(
        cle=cle,
        libelle=ancien.libelle,
        valeur=valeur,
        unite=ancien.unite,
        reference_legale="Décret de test",
        valide_du=le,
    )


def test_un_nouveau_parametre_date_ne_change_la_plage_que_pour_les_faits_posterieurs():
    _nouveau_decret("sanctions.duree_max_premier", 3, D(2026, 1, 1))
    _nouveau_decret("sanctions.taux_minimum", 25, D(2026, 1, 1))
    avant = plage_legale(public=A, manquement=M.M1, rang=P, date_faits=D(2025, 12, 31))
    apres = plage_legale(public=A, manquement=M.M1, rang=P, date_faits=D(2026, 1, 1))
    assert (avant.taux_min, avant.duree_max_mois) == (30, 2)
    assert (apres.taux_min, apres.duree_max_mois) == (25, 3)
    assert not _accepte(avant, mesure=SUSP, taux=30, duree_mois=3)
    assert _accepte(apres, mesure=SUSP, taux=25, duree_mois=3)
    assert "25 %" in apres.explication


def test_une_nouvelle_fenetre_de_reiteration_vaut_pour_les_faits_posterieurs():
    _nouveau_decret("sanctions.fenetre_reiteration", 12, D(2026, 9, 1))
    notifiee = [D(2025, 7, 10)]
    assert (
        rang_du_manquement(date_faits=D(2026, 8, 31), notifications_precedentes=notifiee, derniere_orientation_le=None)
        == RE
    )
    assert (
        rang_du_manquement(date_faits=D(2026, 9, 1), notifications_precedentes=notifiee, derniere_orientation_le=None)
        == P
    )


def test_les_parametres_des_sanctions_portent_leur_reference_et_leur_statut():
    non_confirmes = {
        "sanctions.fenetre_reiteration_rsa",
        "sanctions.delai_rapo_rsa",
        "sanctions.delai_mediation",
        "sanctions.rappel_suspension_mois",
    }
    lignes = ParametreLegal.objects.filter(cle__startswith="sanctions.", departement=None)
    assert lignes.count() >= 23
    for p in lignes:
        assert p.reference_legale and p.valide_du == D(2025, 6, 1), p.cle
        assert p.confirme is (p.cle not in non_confirmes), p.cle
        if not p.confirme:
            assert p.note, p.cle
    attendus = {
        "sanctions.delai_observations": (10, "jours"),
        "sanctions.delai_decision": (15, "jours"),
        "sanctions.delai_rapo_rsa": (2, "mois"),
        "sanctions.delai_mediation": (2, "mois"),
        "sanctions.rappel_suspension_mois": (0, "mois"),
        "sanctions.fenetre_reiteration": (24, "mois"),
    }
    for cle, (v, unite) in attendus.items():
        p = parametre(cle, le=FAITS)
        assert (p.valeur, p.unite) == (v, unite), cle


# --- Properties over every computed range


def _toutes_les_plages():
    plages = []
    for row in BAREME:
        plages.append(_plage(row))
    for plafonne in (False, True):
        plages.append(
            plage_legale(
                public=R, manquement=M.RSA_NON_RESPECT, rang=RE, date_faits=FAITS, majoration_isolement=plafonne
            )
        )
    return plages


def _dans_la_loi(plage, mesure, taux, duree_mois, radiation_mois, avis):
    """An oracle written independently of ``verifier_decision``'s code."""
    radiation_mois = radiation_mois or None  # 0 months of radiation is no radiation
    if mesure not in plage.mesures:
        return False
    if (plage.taux_min is None) != (taux is None):
        return False
    if taux is not None and not plage.taux_min <= taux <= plage.taux_max:
        return False
    if plage.duree_min_mois is not None and (
        duree_mois is None or not plage.duree_min_mois <= duree_mois <= plage.duree_max_mois
    ):
        return False
    if plage.duree_min_mois is None and duree_mois not in (None, radiation_mois):
        return False
    if radiation_mois and (
        plage.radiation_mois is None or not plage.radiation_mois[0] <= radiation_mois <= plage.radiation_mois[1]
    ):
        return False
    if plage.radiation_si_totale:
        totale = mesure == plage.radiation_si_totale and taux == 100 and duree_mois == plage.radiation_mois[0]
        if totale != bool(radiation_mois):
            return False
    elif plage.radiation_mois and not radiation_mois:
        return False
    return not (plage.avis_equipe_pluridisciplinaire_requis and mesure == SUPP and not avis)


decisions = st.fixed_dictionaries(
    {
        "mesure": st.sampled_from(Mesure.values),
        "taux": st.none() | st.decimals(min_value=0, max_value=120, places=2),
        "duree_mois": st.none() | st.integers(min_value=-1, max_value=15),
        "radiation_mois": st.none() | st.integers(min_value=0, max_value=15),
        "avis_equipe_pluridisciplinaire": st.booleans(),
    }
)


def test_aucune_decision_acceptee_n_est_hors_de_la_plage():
    plages = _toutes_les_plages()

    @settings(max_examples=3000, deadline=None, database=None)
    @given(st.sampled_from(plages), decisions)
    def propriete(plage, decision):
        accepte = _accepte(plage, **decision)
        attendu = _dans_la_loi(plage, **{k.replace("_equipe_pluridisciplinaire", ""): v for k, v in decision.items()})
        assert accepte == attendu, (plage, decision)

    propriete()


def test_tout_point_de_la_plage_est_accepte():
    plages = [p for p in _toutes_les_plages() if p.taux_min is not None]

    @settings(max_examples=1000, deadline=None, database=None)
    @given(st.data())
    def propriete(data):
        plage = data.draw(st.sampled_from(plages))
        mesure = data.draw(st.sampled_from(sorted(plage.mesures)))
        taux = data.draw(st.decimals(min_value=plage.taux_min, max_value=plage.taux_max, places=2))
        decision = {"mesure": mesure, "taux": taux, "avis_equipe_pluridisciplinaire": True}
        if plage.duree_min_mois is not None:
            decision["duree_mois"] = data.draw(st.integers(plage.duree_min_mois, plage.duree_max_mois))
        if plage.radiation_mois:
            totale = mesure == plage.radiation_si_totale and taux == 100 and decision.get("duree_mois") == 4
            if plage.radiation_si_totale is None:
                decision["radiation_mois"] = data.draw(st.integers(*plage.radiation_mois))
            elif totale:
                decision["radiation_mois"] = plage.radiation_mois[0]
        verifier_decision(plage, **decision)

    propriete()


def test_les_coins_de_chaque_plage_sont_acceptes():
    for plage in _toutes_les_plages():
        tauxs = (plage.taux_min, plage.taux_max) if plage.taux_min is not None else (None,)
        durees = (plage.duree_min_mois, plage.duree_max_mois) if plage.duree_min_mois is not None else (None,)
        radiations = plage.radiation_mois or (None,)
        for mesure, taux, duree, radiation in itertools.product(plage.mesures, tauxs, durees, radiations):
            if plage.radiation_si_totale is not None:
                totale = mesure == plage.radiation_si_totale and taux == 100 and duree == plage.radiation_mois[0]
                radiation = radiation if totale else None
            verifier_decision(
                plage,
                mesure=mesure,
                taux=taux,
                duree_mois=duree,
                radiation_mois=radiation,
                avis_equipe_pluridisciplinaire=True,
            )
