"""Amounts withheld per month and paid back after a remobilisation (sanctions.montants)."""

import datetime
from decimal import Decimal

import pytest

from francetravail.parametres.models import ParametreLegal
from sanctions import montants
from sanctions.enums import Mesure
from sanctions.models import ProcedureSanction
from tests.sanctions.factories import Situation, relire

D = datetime.date
M = Decimal


DEBUT, FIN = D(2026, 1, 1), D(2026, 4, 30)


def calcul(mesure=Mesure.SUSPENSION, montant=1000, taux=30, debut=DEBUT, fin=FIN, **kwargs):
    return montants.calculer(mesure=mesure, montant_mensuel=montant, taux=taux, debut=debut, fin=fin, **kwargs)


@pytest.mark.parametrize(("taux", "par_mois"), [(30, M("300.00")), (100, M("1000.00")), (M("29.99"), M("299.90"))])
def test_mois_entiers(taux, par_mois):
    resultat = calcul(taux=taux)
    assert [ligne.mois for ligne in resultat.mois] == [D(2026, m, 1) for m in (1, 2, 3, 4)]
    assert all(ligne.retenu == par_mois for ligne in resultat.mois)
    assert resultat.total_retenu == par_mois * 4
    assert resultat.total_reverse == 0


def test_debut_en_milieu_de_mois_prorata_aux_jours_calendaires():
    # One month from 15 March: 15–31 March (17/31 days) and 1–14 April (14/30 days).
    resultat = calcul(debut=D(2026, 3, 15), fin=D(2026, 4, 14))
    mars, avril = resultat.mois
    assert (mars.jours, mars.jours_du_mois, mars.retenu) == (17, 31, M("164.51"))  # 300×17/31 = 164.516… rounded down
    assert (avril.jours, avril.jours_du_mois, avril.retenu) == (14, 30, M("140.00"))
    assert resultat.total_retenu == M("304.51")


def test_fevrier_bissextile_et_non_bissextile():
    assert calcul(debut=D(2028, 2, 15), fin=D(2028, 2, 29)).mois[0].retenu == M("155.17")  # 300×15/29
    assert calcul(debut=D(2026, 2, 15), fin=D(2026, 2, 28)).mois[0].retenu == M("150.00")  # 300×14/28


@pytest.mark.parametrize("mesure", [Mesure.AVERTISSEMENT, Mesure.RADIATION])
def test_rien_retenu_sans_suspension_ni_suppression(mesure):
    assert calcul(mesure=mesure).mois == ()


def test_montant_nul_ou_absent():
    assert calcul(montant=0).total_retenu == 0
    assert calcul(montant=None).mois == ()


@pytest.mark.parametrize("faux", [{"montant": -1}, {"taux": M("100.01")}, {"taux": -1}, {"rappel_mois": -1}])
def test_valeurs_refusees(faux):
    with pytest.raises(ValueError, match="négatif|taux"):
        calcul(**faux)


def test_levee_arrete_la_retenue_la_veille():
    resultat = calcul(levee_le=D(2026, 3, 1))
    assert [ligne.mois for ligne in resultat.mois] == [D(2026, 1, 1), D(2026, 2, 1)]
    resultat = calcul(levee_le=D(2026, 3, 2))
    assert resultat.mois[-1].jours == 1 and resultat.mois[-1].retenu == M("9.67")  # 300×1/31
    assert calcul(levee_le=D(2026, 1, 1)).mois == ()


# Lifted on 16 April after 3.5 months withheld at 30 % (300 €/full month; April: 15/30 days = 150 €).
@pytest.mark.parametrize(
    ("rappel_mois", "reverse_par_mois", "total"),
    [
        (0, [0, 0, 0, 0], M("0")),
        (1, [0, 0, M("150.00"), M("150.00")], M("300.00")),
        (2, [0, M("150.00"), M("300.00"), M("150.00")], M("600.00")),
        (3, [M("150.00"), M("300.00"), M("300.00"), M("150.00")], M("900.00")),
        (4, [M("300.00"), M("300.00"), M("300.00"), M("150.00")], M("1050.00")),  # capped by what was withheld
    ],
)
def test_rappel_dans_la_limite_en_mois_du_plus_recent_au_plus_ancien(rappel_mois, reverse_par_mois, total):
    resultat = calcul(levee_le=D(2026, 4, 16), rappel_mois=rappel_mois)
    assert resultat.total_retenu == M("1050.00")
    assert [ligne.reverse for ligne in resultat.mois] == [M(x) for x in reverse_par_mois]
    assert resultat.total_reverse == total
    assert resultat.plafond_rappel == M(300) * rappel_mois
    assert resultat.reste_retenu == M("1050.00") - total


@pytest.mark.parametrize(("taux", "plafond"), [(30, M("900.00")), (100, M("3000.00"))])
def test_rappel_trois_mois_selon_le_taux(taux, plafond):
    resultat = calcul(taux=taux, levee_le=D(2026, 4, 30), rappel_mois=3)
    assert resultat.plafond_rappel == plafond
    assert resultat.total_reverse == plafond


def test_suppression_jamais_reversee():
    resultat = calcul(mesure=Mesure.SUPPRESSION, levee_le=D(2026, 3, 1), rappel_mois=3)
    assert resultat.total_retenu == M("600.00")
    assert resultat.total_reverse == 0


def test_sans_levee_rien_n_est_reverse():
    assert calcul(rappel_mois=3).total_reverse == 0


# --- From a procedure: the per-département parameter --------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valeur_departement", "mois", "attendu"), [(None, 0, M("0")), ("3", 3, M("300.00")), ("0", 0, M("0"))]
)
def test_parametre_departemental_contre_national(valeur_departement, mois, attendu):
    s = Situation()
    if valeur_departement is not None:
        national = ParametreLegal.objects.get(cle=montants.PARAMETRE_RAPPEL, departement__isnull=True)
        ParametreLegal.objects.create(
            cle=national.cle,
            libelle=national.libelle,
            valeur=valeur_departement,
            unite=national.unite,
            reference_legale=national.reference_legale,
            valide_du=national.valide_du,
            departement_id=s.personne.departement_id,
        )
    procedure = s.levee(montant_mensuel=1000)
    # The sanction as if it had run through January and been lifted on 1 February.
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        debut=D(2026, 1, 1), fin=D(2026, 1, 31), terminee_le=D(2026, 2, 1)
    )
    resultat = montants.montants_de(relire(procedure))
    assert resultat.total_retenu == M("300.00")
    assert resultat.total_reverse == attendu
    assert resultat.rappel_mois == mois


@pytest.mark.django_db
def test_montant_mensuel_negatif_refuse():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="négatif"):
        Situation().decidee(montant_mensuel=-1)
