"""The migration loads the whole ROME 4.0 v60, exactly as the files say."""

import csv

from francetravail.rome.chargement import DATA_DIR, charger_rome
from francetravail.rome.models import Appellation, DomaineProfessionnel, FicheRome, GrandDomaine


def _lignes(nom):
    with (DATA_DIR / nom).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_la_migration_charge_chaque_ligne_des_fichiers():
    assert GrandDomaine.objects.count() == len(_lignes("rome_grands_domaines.csv")) == 14
    assert DomaineProfessionnel.objects.count() == len(_lignes("rome_domaines_professionnels.csv")) == 110
    assert FicheRome.objects.count() == len(_lignes("rome_codes.csv")) == 1584
    assert Appellation.objects.count() == len(_lignes("rome_appellations.csv")) == 13120


def test_la_hierarchie_et_les_libelles_sont_intacts():
    fiche = FicheRome.objects.select_related("domaine__grand_domaine").get(pk="M1607")
    assert fiche.libelle == "Secrétaire"
    assert fiche.domaine.code == "M16"
    assert fiche.domaine.grand_domaine.code == "M"
    # Commas and typographic apostrophes survive the CSV parsing.
    assert GrandDomaine.objects.get(pk="A").libelle.count(",") == 2
    assert Appellation.objects.filter(libelle_long__contains="’").exists()
    assert Appellation.objects.filter(libelle_long__contains="'").exists()


def test_recharger_ne_change_rien():
    assert charger_rome(GrandDomaine, DomaineProfessionnel, FicheRome, Appellation)["appellations"] == 13120
    assert Appellation.objects.count() == 13120
