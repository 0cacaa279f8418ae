"""CSV exports that a spreadsheet cannot run: every export of the project writes through here.

A cell whose text starts with ``= + - @``, a tab or a carriage return is read as a formula by
Excel or LibreOffice (CSV injection: a formula can fetch a URL, run a command through DDE, or
leak other cells). Such a cell gets a leading apostrophe: the spreadsheet shows it as text, and
a reader of the raw file still sees the value. Python numbers are written unchanged (a number
cannot carry a formula, and a negative amount stays a number); a *text* that starts with ``-``
(``"-12"``, a phone number typed ``-06…``) is neutralised like any other, because nothing tells
it from ``-2+3+cmd|…``. Reference: OWASP, "CSV Injection".

``tests/base/test_csv_sur.py`` fails for any ``csv.writer`` outside this module.
"""

import csv

DANGEREUX = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(valeur):
    """``valeur`` as a cell that no spreadsheet evaluates (only text is changed)."""
    if isinstance(valeur, str) and valeur.startswith(DANGEREUX):
        return "'" + valeur
    return valeur


class _Ecrivain:
    def __init__(self, ecrivain):
        self._ecrivain = ecrivain

    @property
    def dialect(self):
        return self._ecrivain.dialect

    def writerow(self, ligne):
        return self._ecrivain.writerow([neutraliser(cellule) for cellule in ligne])

    def writerows(self, lignes):
        for ligne in lignes:
            self.writerow(ligne)


def writer(fichier, **options):
    """``csv.writer(fichier, **options)`` whose cells are neutralised (see the module's docstring)."""
    return _Ecrivain(csv.writer(fichier, **options))
