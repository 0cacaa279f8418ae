"""CSV exports never hand a spreadsheet a formula: cells starting with = + - @, a tab or a carriage
return are written as text (a leading apostrophe), everything else is written unchanged."""

import csv
import io
import os
import pathlib
import re

import pytest

from francetravail.base import csv_sur


def _relire(texte):
    return list(csv.reader(io.StringIO(texte), delimiter=";"))


@pytest.mark.parametrize(
    "cellule",
    [
        '=HYPERLINK("http://127.0.0.1/";"clic")',
        "+33 6 12 34 56 78",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_chaque_premier_caractere_dangereux_est_neutralise(cellule):
    sortie = io.StringIO()
    csv_sur.writer(sortie, delimiter=";").writerow(["ligne", cellule])
    assert _relire(sortie.getvalue()) == [["ligne", "'" + cellule]]


@pytest.mark.parametrize("cellule", ["Dupont", "1 rue de la Paix", "0612345678", "", "a=b", "é=1", " =1"])
def test_une_cellule_inoffensive_est_ecrite_telle_quelle(cellule):
    sortie = io.StringIO()
    csv_sur.writer(sortie, delimiter=";").writerow([cellule])
    assert _relire(sortie.getvalue()) == [[cellule]]


def test_un_nombre_negatif_reste_un_nombre_mais_un_texte_qui_commence_par_moins_est_neutralise():
    # A Python number cannot carry a formula: it is written as is, and a spreadsheet reads it as a
    # number. A text that starts with "-" (a phone number typed "-0612…", "-12") may be a formula:
    # it gets the apostrophe, and the spreadsheet shows it as text.
    sortie = io.StringIO()
    ecrivain = csv_sur.writer(sortie, delimiter=";")
    ecrivain.writerow([-12, -3.5, 7])
    ecrivain.writerows([["-12"], ["-0612345678"]])
    assert _relire(sortie.getvalue()) == [["-12", "-3.5", "7"], ["'-12"], ["'-0612345678"]]


def test_neutraliser_ne_touche_qu_au_texte():
    assert csv_sur.neutraliser(None) is None
    assert csv_sur.neutraliser(-1) == -1
    assert csv_sur.neutraliser("=1") == "'=1"


def test_chaque_export_csv_du_projet_passe_par_le_module_sur():
    racine = pathlib.Path(__file__).resolve().parents[2]
    ecrivains = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    ignores = {"node_modules", "staticfiles", "tests", "migrations"}
    fautifs = []
    for dossier, sous_dossiers, fichiers in os.walk(racine):
        # Hidden folders hold the virtualenv, git and the local servers' data, never project code.
        sous_dossiers[:] = [d for d in sous_dossiers if not d.startswith(".") and d not in ignores]
        for nom in fichiers:
            chemin = pathlib.Path(dossier) / nom
            if nom.endswith(".py") and nom != "csv_sur.py" and ecrivains.search(chemin.read_text(encoding="utf-8")):
                fautifs.append(str(chemin.relative_to(racine)))
    assert fautifs == [], "csv.writer hors de francetravail/base/csv_sur.py : " + ", ".join(fautifs)
