"""The contract's rules, on both sides of every boundary (pure functions, no database)."""

import datetime
from decimal import Decimal

import pytest

from contrats import regles
from contrats.enums import AmenagementDuree, MotifDispense
from orientation.enums import Parcours

pytestmark = pytest.mark.no_django_db

QUINZE = Decimal(15)


# --- Weekly hours (L5411-6) ---------------------------------------------------------------------


def test_quatorze_heures_et_demie_sont_refusees():
    erreurs = regles.erreurs_duree(Decimal("14.5"), minimum=QUINZE)
    assert erreurs == [regles.duree_insuffisante(Decimal("14.5"), QUINZE)]
    assert "14,5 heures" in erreurs[0] and "au moins 15" in erreurs[0]


def test_quinze_heures_suffisent():
    assert regles.erreurs_duree(Decimal("15"), minimum=QUINZE) == []
    assert regles.erreurs_duree(Decimal("15.0"), minimum=QUINZE) == []


def test_total_des_heures_du_plan():
    assert regles.total_heures([Decimal("10"), Decimal("4.5")]) == Decimal("14.5")
    assert regles.total_heures([]) == 0


def test_minoration_motivee_acceptee():
    erreurs = regles.erreurs_duree(
        Decimal("8"), minimum=QUINZE, amenagement=AmenagementDuree.MINORATION, motif_minoration="Reprise progressive"
    )
    assert erreurs == []


def test_minoration_sans_motif_refusee():
    for motif in ("", "   "):
        erreurs = regles.erreurs_duree(
            Decimal("8"), minimum=QUINZE, amenagement=AmenagementDuree.MINORATION, motif_minoration=motif
        )
        assert erreurs == [regles.MOTIF_MINORATION_REQUIS]


def test_minoration_a_zero_refusee_meme_motivee():
    erreurs = regles.erreurs_duree(
        Decimal("0"), minimum=QUINZE, amenagement=AmenagementDuree.MINORATION, motif_minoration="Santé fragile"
    )
    assert erreurs == [regles.MINORATION_NULLE]
    assert (
        regles.erreurs_duree(
            Decimal("0.5"), minimum=QUINZE, amenagement=AmenagementDuree.MINORATION, motif_minoration="Santé fragile"
        )
        == []
    )


@pytest.mark.parametrize("motif", MotifDispense.values)
def test_dispense_a_la_demande_pour_chacun_des_quatre_motifs(motif):
    assert len(MotifDispense.values) == 4
    erreurs = regles.erreurs_duree(
        Decimal("0"),
        minimum=QUINZE,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense=motif,
        demandee_par_personne=True,
    )
    assert erreurs == []


@pytest.mark.parametrize("motif", ["logement", "mobilite", "", "autre"])
def test_dispense_pour_un_autre_motif_refusee(motif):
    erreurs = regles.erreurs_duree(
        Decimal("0"),
        minimum=QUINZE,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense=motif,
        demandee_par_personne=True,
    )
    assert erreurs == [regles.DISPENSE_MOTIF_INVALIDE]


def test_dispense_sans_demande_de_la_personne_refusee():
    erreurs = regles.erreurs_duree(
        Decimal("0"),
        minimum=QUINZE,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense=MotifDispense.SANTE,
        demandee_par_personne=False,
    )
    assert erreurs == [regles.DISPENSE_SANS_DEMANDE]


def test_amenagement_inconnu_refuse():
    assert regles.erreurs_amenagement("vacances") == [regles.AMENAGEMENT_INCONNU]


# --- Mention « jeunes » -------------------------------------------------------------------------


def test_mention_jeunes_a_25_ans_mais_pas_a_26():
    naissance = datetime.date(2000, 6, 15)
    assert regles.age_le(naissance, datetime.date(2026, 6, 14)) == 25
    assert regles.mention_jeunes(naissance, datetime.date(2026, 6, 14), age_limite=Decimal(26))
    assert regles.age_le(naissance, datetime.date(2026, 6, 15)) == 26
    assert not regles.mention_jeunes(naissance, datetime.date(2026, 6, 15), age_limite=Decimal(26))


# --- Signature within one month (D5411-14-1, D5411-14-2) ----------------------------------------


def test_echeance_un_mois_apres_la_notification():
    assert regles.echeance_signature(datetime.date(2026, 1, 15), delai_mois=Decimal(1)) == datetime.date(2026, 2, 15)
    # The 31 January plus one month is the last day of February.
    assert regles.echeance_signature(datetime.date(2026, 1, 31), delai_mois=1) == datetime.date(2026, 2, 28)
    assert regles.echeance_signature(datetime.date(2025, 12, 10), delai_mois=1) == datetime.date(2026, 1, 10)


def test_signature_en_retard_le_lendemain_de_l_echeance_seulement():
    echeance = regles.echeance_signature(datetime.date(2026, 1, 15), delai_mois=1)
    assert not regles.signature_en_retard(datetime.date(2026, 2, 15), echeance, signe=False)  # exactly 1 month
    assert regles.signature_en_retard(datetime.date(2026, 2, 16), echeance, signe=False)  # 1 month + 1 day
    assert not regles.signature_en_retard(datetime.date(2026, 2, 16), echeance, signe=True)


# --- Offre raisonnable d'emploi (R5411-15-1, L5411-6-1 II) ----------------------------------------


def _alerte(parcours, aujourdhui, ore_fixee_le=None):
    return regles.alerte_ore(
        parcours,
        signe_le=datetime.date(2026, 1, 10),
        ore_fixee_le=ore_fixee_le,
        aujourdhui=aujourdhui,
        delai_mois=Decimal(6),
    )


def test_alerte_ore_au_dela_de_six_mois_sur_le_parcours_professionnel():
    assert not _alerte(Parcours.PROFESSIONNEL, datetime.date(2026, 7, 9))  # 6 months minus 1 day
    assert not _alerte(Parcours.PROFESSIONNEL, datetime.date(2026, 7, 10))  # exactly 6 months
    assert _alerte(Parcours.PROFESSIONNEL, datetime.date(2026, 7, 11))  # 6 months plus 1 day


def test_pas_d_alerte_quand_l_ore_est_fixee():
    assert not _alerte(Parcours.PROFESSIONNEL, datetime.date(2026, 7, 11), ore_fixee_le=datetime.date(2026, 3, 1))


def test_pas_d_alerte_ni_d_ore_sur_le_parcours_social():
    assert not _alerte(Parcours.SOCIAL, datetime.date(2027, 1, 1))
    assert not regles.ore_possible(Parcours.SOCIAL)
    assert regles.ore_possible(Parcours.PROFESSIONNEL)
    assert regles.ore_possible(Parcours.SOCIO_PROFESSIONNEL)


def test_pas_d_alerte_avant_la_signature():
    assert not regles.alerte_ore(
        Parcours.PROFESSIONNEL,
        signe_le=None,
        ore_fixee_le=None,
        aujourdhui=datetime.date(2030, 1, 1),
        delai_mois=6,
    )


# --- Hash ---------------------------------------------------------------------------------------


def test_empreinte_independante_de_l_ordre_des_cles():
    assert regles.empreinte({"a": 1, "b": ["é", None]}) == regles.empreinte({"b": ["é", None], "a": 1})
    assert regles.empreinte({"a": 1}) != regles.empreinte({"a": 2})
    assert len(regles.empreinte({})) == 64
