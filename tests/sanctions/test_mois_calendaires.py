"""Sanctions in calendar months, at month ends, and the majority at 18 (issue 15, item 9).

A sanction of N months counts its first day and ends on the eve of the same day number N
months later; from 31 January, one month ends on the last day of February, not on the
27th (``francetravail/base/calendrier.py``). Its months are "reached" the day after its
last day. (The majority at 18, to the day: test_actions.py::test_avertissement_au_representant_legal_d_un_mineur.)"""

import datetime

import pytest
from django.utils import timezone

from sanctions import actions
from sanctions.enums import Mesure
from sanctions.models import ProcedureSanction
from sanctions.tasks import balayer_sanctions_quotidien
from tests.sanctions.factories import Situation, relire

D = datetime.date
UN_JOUR = datetime.timedelta(days=1)


def _prochain(mois, jour):
    """The next ``jour``/``mois`` strictly after today."""
    aujourdhui = timezone.localdate()
    candidat = D(aujourdhui.year, mois, jour)
    return candidat if candidat > aujourdhui else D(aujourdhui.year + 1, mois, jour)


def _fin_fevrier(annee):
    return D(annee, 3, 1) - UN_JOUR


def test_une_sanction_d_un_mois_a_partir_du_31_janvier_finit_le_dernier_jour_de_fevrier():
    s = Situation()
    debut = _prochain(1, 31)
    procedure = actions.decider(
        s.a_decider(),
        acting_user=s.delegue,
        mesure=Mesure.SUSPENSION,
        taux=30,
        duree_mois=1,
        debut=debut,
        motivation="Absences répétées sans motif.",
    )
    assert procedure.fin == _fin_fevrier(debut.year)  # 28 (or 29) February, not the 27th
    assert relire(procedure).fin == _fin_fevrier(debut.year)


@pytest.mark.parametrize(("debut", "fin"), [((1, 15), (2, 14)), ((3, 31), (4, 30)), ((1, 28), (2, 27))])
def test_une_sanction_d_un_mois_finit_la_veille_du_meme_quantieme(debut, fin):
    s = Situation()
    premier = _prochain(*debut)
    procedure = actions.decider(
        s.a_decider(),
        acting_user=s.delegue,
        mesure=Mesure.SUSPENSION,
        taux=30,
        duree_mois=1,
        debut=premier,
        motivation="Absences répétées sans motif.",
    )
    annee = premier.year + (1 if fin[0] < debut[0] else 0)
    assert procedure.fin == D(annee, *fin)


@pytest.mark.parametrize(("aujourdhui", "signalee"), [(D(2026, 2, 28), False), (D(2026, 3, 1), True)])
def test_quatre_mois_de_suppression_totale_depuis_le_31_octobre_atteints_le_1er_mars(aujourdhui, signalee):
    s = Situation()
    procedure = s.en_cours()
    debut = D(2025, 10, 31)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        mesure=Mesure.SUPPRESSION, taux=100, duree_mois=4, debut=debut, fin=actions.delais.fin_sanction(debut, 4)
    )
    assert relire(procedure).fin == D(2026, 2, 28)  # the fourth month's last day: still running
    assert balayer_sanctions_quotidien(aujourdhui=aujourdhui)["suppressions_totales"] == int(signalee)
