"""Amounts withheld during a sanction and paid back after a remobilisation, per calendar month.

Rules (legal-rules.md §4.4; the back-payment is NOT confirmed by a text, hence a parameter):

- The amount withheld in a calendar month is ``montant_mensuel × taux / 100`` when the
  sanction covers the whole month. A month the period covers only in part (a sanction
  starting mid-month, its last month, or a month cut short by a lifting) is prorated by
  calendar days: ``montant_mensuel × taux / 100 × jours couverts / jours du mois``. Each
  month's amount is rounded down to the cent, in the person's favour (never withhold a
  fraction of a cent more than the rule gives).
- A lifting by remobilisation (``levee_le``) ends the sanction that day: the days from
  ``levee_le`` on are not withheld.
- Only a **suspension** can be paid back: a suppression's amounts are lost by definition,
  an avertissement or a radiation alone withholds nothing here.
- On a lifting, the suspended amounts are paid back within ``sanctions.rappel_suspension_mois``
  months (per-département parameter, read on the date of the facts like every legal figure
  of the procedure; national default 0 = nothing paid back, the most prudent reading). The
  limit is an amount: N × one full month's withholding (``montant_mensuel × taux``), so that
  a prorated month does not count as a whole one against the person. It is allocated from
  the most recent month backwards (the months closest to the remobilisation first).
- A sanction that runs to its end (échue) pays nothing back.
"""

import calendar
import dataclasses
import datetime
from decimal import ROUND_DOWN, Decimal

from francetravail.parametres.lookup import valeur
from sanctions.enums import Mesure, StatutProcedure

CENT = Decimal("0.01")
PARAMETRE_RAPPEL = "sanctions.rappel_suspension_mois"
MESURES_RETENUES = (Mesure.SUSPENSION, Mesure.SUPPRESSION)


@dataclasses.dataclass(frozen=True)
class MoisSanction:
    mois: datetime.date  # first day of the calendar month
    du: datetime.date  # first day withheld in this month
    au: datetime.date  # last day withheld in this month
    jours: int
    jours_du_mois: int
    retenu: Decimal
    reverse: Decimal = Decimal("0.00")


@dataclasses.dataclass(frozen=True)
class Montants:
    mois: tuple
    total_retenu: Decimal
    total_reverse: Decimal
    rappel_mois: int
    plafond_rappel: Decimal

    @property
    def reste_retenu(self):
        return self.total_retenu - self.total_reverse


def _arrondi(montant):
    return montant.quantize(CENT, rounding=ROUND_DOWN)


def _mois_de(debut, fin):
    """Yields (first day of month, first day covered, last day covered) for each month of [debut, fin]."""
    jour = debut
    while jour <= fin:
        dernier = calendar.monthrange(jour.year, jour.month)[1]
        fin_mois = datetime.date(jour.year, jour.month, dernier)
        yield jour.replace(day=1), jour, min(fin, fin_mois)
        jour = fin_mois + datetime.timedelta(days=1)


def calculer(*, mesure, montant_mensuel, taux, debut, fin, levee_le=None, rappel_mois=0):
    """The amounts of a sanction from ``debut`` to ``fin`` (inclusive); pure, no database."""
    montant_mensuel = Decimal(str(montant_mensuel or 0))
    taux = Decimal(str(taux or 0))
    if montant_mensuel < 0 or not 0 <= taux <= 100:
        raise ValueError("Montant négatif ou taux hors de 0–100 %.")
    if rappel_mois < 0:
        raise ValueError("Nombre de mois de rappel négatif.")
    mensuel_retenu = montant_mensuel * taux / 100
    if mesure not in MESURES_RETENUES or not debut or not fin or mensuel_retenu == 0:
        return Montants((), Decimal("0.00"), Decimal("0.00"), rappel_mois, Decimal("0.00"))
    dernier_jour = fin
    if levee_le is not None:
        dernier_jour = min(fin, levee_le - datetime.timedelta(days=1))
    lignes = []
    for mois, du, au in _mois_de(debut, dernier_jour):
        jours = (au - du).days + 1
        jours_du_mois = calendar.monthrange(mois.year, mois.month)[1]
        retenu = _arrondi(mensuel_retenu * jours / jours_du_mois)
        lignes.append(MoisSanction(mois, du, au, jours, jours_du_mois, retenu))
    plafond = Decimal("0.00")
    if mesure == Mesure.SUSPENSION and levee_le is not None and rappel_mois:
        plafond = _arrondi(mensuel_retenu * rappel_mois)
        reste = plafond
        for i in range(len(lignes) - 1, -1, -1):  # most recent month first
            reverse = min(reste, lignes[i].retenu)
            lignes[i] = dataclasses.replace(lignes[i], reverse=reverse)
            reste -= reverse
    return Montants(
        tuple(lignes),
        sum((ligne.retenu for ligne in lignes), Decimal("0.00")),
        sum((ligne.reverse for ligne in lignes), Decimal("0.00")),
        rappel_mois,
        plafond,
    )


def rappel_mois(procedure):
    """The per-département back-payment limit in months, on the date of the facts."""
    return int(
        valeur(PARAMETRE_RAPPEL, le=procedure.manquement.date_faits, departement=procedure.personne.departement_id)
    )


def montants_de(procedure):
    """The amounts of a decided procedure (nothing without a monthly amount)."""
    levee_le = procedure.terminee_le if procedure.statut == StatutProcedure.LEVEE else None
    return calculer(
        mesure=procedure.mesure,
        montant_mensuel=procedure.montant_mensuel,
        taux=procedure.taux,
        debut=procedure.debut,
        fin=procedure.fin,
        levee_le=levee_le,
        rappel_mois=rappel_mois(procedure) if levee_le else 0,
    )
