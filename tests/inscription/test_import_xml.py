"""A CNAF XML import's scan, SQL comparison and parts (inscription/import_xml.py): through the real
import (``import_caf.executer``) here, on two real worker processes in test_import_xml_e2e.py."""

import datetime

import pytest
from django.db import connection

from francetravail.personnes.models import Personne
from inscription import import_caf, import_xml
from inscription.actions import lancer_import_flux_caf
from inscription.enums import FormatFlux, StatutImport
from inscription.models import DroitRSA, FoyerRSA, ImportFluxCAF
from tests.inscription.flux_xml import ecrire_stock


def _importer(chemin):
    with chemin.open("rb") as source:
        imp = lancer_import_flux_caf(source, nom_fichier=chemin.name, au_worker=False, format=FormatFlux.VRSB0801)
    return import_caf.executer(imp.pk)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _etat_change(indices):
    return lambda i: "4" if i in indices else "2"


def test_un_stock_importe_deux_fois_n_est_lu_qu_une_fois(
    tmp_path, media, settings, django_capture_on_commit_callbacks
):
    settings.FLUX_CAF_PARTIES = 2
    chemin = tmp_path / "RSABEM.xml"
    ecrire_stock(chemin, 30, graine=3)
    with django_capture_on_commit_callbacks(execute=True):
        imp = _importer(chemin)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert (imp.nb_lignes, imp.nb_traitees, imp.nb_creees, imp.nb_rejetees) == (30, 30, 30, 0)
    assert FoyerRSA.objects.count() == 30
    assert FoyerRSA.objects.exclude(empreinte_brute="").count() == 30
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [import_xml.table_segments(imp.pk)])
        assert cursor.fetchone()[0] is None  # the scan's table is gone with the run
    personnes = set(Personne.objects.values_list("pk", "updated_at"))

    # The same households again (another file: its header's date moved): none of them is parsed.
    ecrire_stock(chemin, 30, graine=3, cree_le=datetime.datetime(2025, 5, 4, 3, 0))
    encore = _importer(chemin)
    assert encore.statut == StatutImport.TERMINE, encore.erreur
    assert (encore.nb_traitees, encore.nb_inchangees, encore.nb_creees, encore.nb_mises_a_jour) == (30, 30, 0, 0)
    assert set(Personne.objects.values_list("pk", "updated_at")) == personnes


def test_seuls_les_foyers_nouveaux_ou_changes_sont_lus_et_ecrits(tmp_path, media):
    chemin = tmp_path / "RSABEM.xml"
    ecrire_stock(chemin, 20, graine=5)
    _importer(chemin)
    # 20 known (2 of them changed: payment suspended) and 3 new.
    ecrire_stock(chemin, 23, graine=5, etat=_etat_change({4, 11}), cree_le=datetime.datetime(2025, 5, 4, 3, 0))
    imp = _importer(chemin)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert (imp.nb_lignes, imp.nb_traitees, imp.nb_inchangees, imp.nb_creees) == (23, 23, 18, 3)
    assert imp.nb_mises_a_jour == 2
    assert set(FoyerRSA.objects.filter(etat="4").values_list("numero_allocataire", flat=True)) == {
        "0500000004" + "00000",
        "0500000011" + "00000",
    }


def test_un_fichier_tronque_n_ecrit_rien_et_ne_laisse_pas_de_table(tmp_path, media):
    chemin = tmp_path / "RSABEM.xml"
    ecrire_stock(chemin, 10, graine=7)
    contenu = chemin.read_bytes()
    chemin.write_bytes(contenu[: len(contenu) // 2])
    imp = _importer(chemin)
    assert imp.statut == StatutImport.ECHEC
    assert "tronqué" in imp.erreur
    assert not FoyerRSA.objects.exists() and not DroitRSA.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [import_xml.table_segments(imp.pk)])
        assert cursor.fetchone()[0] is None


def test_une_partie_deja_ecrite_ne_l_est_pas_deux_fois(tmp_path, media, settings):
    """A part run again (a redelivered message after its end) finds nothing left: counts do not move."""
    settings.FLUX_CAF_PARTIES = 2
    chemin = tmp_path / "RSABEM.xml"
    ecrire_stock(chemin, 12, graine=9)
    with chemin.open("rb") as source:
        imp = lancer_import_flux_caf(source, nom_fichier=chemin.name, au_worker=False, format=FormatFlux.VRSB0801)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(statut=StatutImport.EN_COURS)
    imp.refresh_from_db()
    import_xml.preparer(imp)
    import_xml.ecrire_partie(imp.pk, 0)
    imp.refresh_from_db()
    deja = imp.nb_traitees
    assert 0 < deja < 12 and imp.statut == StatutImport.EN_COURS
    import_xml.ecrire_partie(imp.pk, 0)
    imp.refresh_from_db()
    assert imp.nb_traitees == deja
    import_xml.ecrire_partie(imp.pk, 1)
    imp.refresh_from_db()
    assert (imp.statut, imp.nb_traitees, imp.nb_creees) == (StatutImport.TERMINE, 12, 12)


def test_une_cle_avec_des_caracteres_speciaux_est_comparee_telle_quelle(tmp_path, media):
    """The scan's COPY escapes what COPY's text format would read otherwise (a backslash, a tab)."""
    from tests.inscription.flux_xml import Foyer, Personne, fichier_xml

    foyers = [
        Foyer(matricule=matricule, personnes=[Personne("DEM", "DUPONT", "JEANNE", datetime.date(1980, 5, 1), ordre=i)])
        for i, matricule in enumerate(["AB\\12", "CD\t34", "0100000000"], start=1)
    ]
    chemin = tmp_path / "RSABEI.xml"
    chemin.write_bytes(fichier_xml("vrsb0801", foyers).encode("cp1252"))
    imp = _importer(chemin)
    assert (imp.statut, imp.nb_creees) == (StatutImport.TERMINE, 3), imp.erreur
    chemin.write_bytes(fichier_xml("vrsb0801", foyers, cree_le=datetime.datetime(2025, 4, 5, 6, 30)).encode("cp1252"))
    encore = _importer(chemin)
    assert (encore.nb_traitees, encore.nb_inchangees) == (3, 3)
