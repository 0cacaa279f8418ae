"""The drop folder (inscription/depot_flux.py) on a real temporary folder, through the real beat task,
and the management command with XML and tableur files."""

import datetime
import os
import threading
import time

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from francetravail.personnes.models import Personne
from inscription import depot_flux
from inscription.enums import FormatFlux, StatutImport
from inscription.models import CorrespondanceColonnes, FoyerRSA, FoyerRSAEvent, ImportFluxCAF
from inscription.tasks import relever_depot_flux_caf
from orientation.models import DecisionOrientation
from tests.inscription.flux import fichier, lignes
from tests.inscription.flux_xml import VRSB, VRSD, Foyer, fichier_xml
from tests.inscription.flux_xml import Personne as PersonneXML
from tests.inscription.test_import_caf_e2e import attendre


def _xml(format_, matricule="0100000000"):
    foyer = Foyer(matricule=matricule, personnes=[PersonneXML("DEM", "DUPONT", "JEANNE", datetime.date(1980, 5, 1))])
    return fichier_xml(format_, [foyer]).encode("cp1252")


XML_VRSB = _xml(VRSB)
XML_VRSD = _xml(VRSD)
CSV_DEPARTEMENT = "Matricule;Nom;Prénom\n0100;DUPONT;Jean\n".encode()


@pytest.fixture
def depot(tmp_path, settings):
    settings.FLUX_CAF_DEPOT = str(tmp_path / "depot")
    settings.FLUX_CAF_DEPOT_DELAI = 60
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "depot" / "93").mkdir(parents=True)
    return tmp_path / "depot"


def deposer(dossier, nom, contenu, age=120):
    """A file written ``age`` seconds ago."""
    chemin = dossier / nom
    chemin.write_bytes(contenu)
    passe = time.time() - age
    os.utime(chemin, (passe, passe))
    return chemin


def releve():
    return relever_depot_flux_caf.apply().get()


def test_un_flux_xml_depose_est_importe_avec_son_format_et_son_departement_puis_range(depot):
    deposer(depot / "93", "RSABEM.xml", XML_VRSB)
    deposer(depot / "93", "RSABEI.xml", XML_VRSD)
    resultat = releve()
    assert (len(resultat["importes"]), resultat["refuses"]) == (2, 0)
    imports = {i.nom_fichier: i for i in ImportFluxCAF.objects.all()}
    assert imports["RSABEM.xml"].format == FormatFlux.VRSB0801
    assert imports["RSABEI.xml"].format == FormatFlux.VRSD0301
    assert {i.departement_id for i in imports.values()} == {"93"}
    assert len(imports["RSABEM.xml"].empreinte) == 64
    with imports["RSABEM.xml"].fichier.open("rb") as stocke:
        assert stocke.read() == XML_VRSB
    assert sorted(p.name for p in (depot / "93").iterdir()) == ["traites"]
    assert sorted(p.name for p in (depot / "93" / "traites").iterdir()) == ["RSABEI.xml", "RSABEM.xml"]


def test_un_fichier_en_cours_d_ecriture_n_est_pas_pris(depot, settings):
    deposer(depot / "93", "flux.xml.part", XML_VRSB)
    deposer(depot / "93", ".flux.xml", XML_VRSB)
    # Still for one second less than the delay: being written (scp in place); for the delay: taken.
    recent = deposer(depot / "93", "recent.xml", XML_VRSB, age=settings.FLUX_CAF_DEPOT_DELAI - 1)
    resultat = releve()
    assert resultat == {"importes": [], "refuses": 0, "en_attente": 2}
    assert not ImportFluxCAF.objects.exists()
    passe = time.time() - settings.FLUX_CAF_DEPOT_DELAI
    os.utime(recent, (passe, passe))
    assert len(releve()["importes"]) == 1
    assert sorted(p.name for p in (depot / "93").iterdir()) == [".flux.xml", "flux.xml.part", "traites"]


def test_le_meme_fichier_n_est_jamais_importe_deux_fois(depot):
    deposer(depot / "93", "a.xml", XML_VRSB)
    assert len(releve()["importes"]) == 1
    deposer(depot / "93", "copie.xml", XML_VRSB)
    deposer(depot / "93", "a.xml", XML_VRSB)  # the same name again
    resultat = releve()
    assert (resultat["importes"], resultat["refuses"]) == ([], 2)
    assert ImportFluxCAF.objects.count() == 1
    imp = ImportFluxCAF.objects.get()
    motif = (depot / "93" / "refuses" / "copie.xml.motif.txt").read_text(encoding="utf-8")
    assert f"identique à celui de l'import n° {imp.pk}" in motif
    assert (depot / "93" / "refuses" / "a.xml").exists()
    assert (depot / "93" / "traites" / "a.xml").exists()


def test_un_fichier_dont_l_import_a_echoue_peut_etre_depose_de_nouveau(depot):
    deposer(depot / "93", "a.xml", XML_VRSB)
    releve()
    ImportFluxCAF.objects.update(statut=StatutImport.ECHEC)
    deposer(depot / "93", "a.xml", XML_VRSB)
    assert len(releve()["importes"]) == 1
    assert ImportFluxCAF.objects.count() == 2
    assert (depot / "93" / "traites" / "a-2.xml").exists()


def test_un_export_csv_sans_correspondance_du_departement_est_refuse_avec_son_motif(depot):
    deposer(depot / "93", "export.csv", CSV_DEPARTEMENT)
    assert releve()["refuses"] == 1
    assert not ImportFluxCAF.objects.exists()
    motif = (depot / "93" / "refuses" / "export.csv.motif.txt").read_text(encoding="utf-8")
    assert "le département 93 n'a pas une et une seule correspondance" in motif
    # Two mappings: the drop folder cannot choose either.
    CorrespondanceColonnes.objects.create(departement_id="93", nom="IODAS")
    CorrespondanceColonnes.objects.create(departement_id="93", nom="Solis")
    deposer(depot / "93", "export.csv", CSV_DEPARTEMENT)
    assert releve()["refuses"] == 1
    assert not ImportFluxCAF.objects.exists()


def test_un_export_csv_prend_la_correspondance_de_son_departement(depot):
    CorrespondanceColonnes.objects.create(departement_id="75", nom="IODAS")
    iodas = CorrespondanceColonnes.objects.create(departement_id="93", nom="IODAS")
    deposer(depot / "93", "export.csv", CSV_DEPARTEMENT)
    assert len(releve()["importes"]) == 1
    imp = ImportFluxCAF.objects.get()
    assert (imp.format, imp.correspondance, imp.departement_id) == (FormatFlux.TABLEUR, iodas, "93")


def test_le_csv_historique_de_la_plateforme_se_passe_de_correspondance(depot):
    deposer(depot / "93", "flux.csv", fichier(lignes(2)))
    assert len(releve()["importes"]) == 1
    assert ImportFluxCAF.objects.get().format == FormatFlux.CSV_PLATEFORME


def test_un_fichier_ni_xml_ni_tableur_est_refuse(depot):
    deposer(depot / "93", "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    deposer(depot / "93", "vide.xml", b"  \n")
    assert releve()["refuses"] == 2
    assert not ImportFluxCAF.objects.exists()
    assert "Format non reconnu" in (depot / "93" / "refuses" / "image.png.motif.txt").read_text(encoding="utf-8")
    assert "vide" in (depot / "93" / "refuses" / "vide.xml.motif.txt").read_text(encoding="utf-8")


def test_un_xml_qui_n_est_pas_un_flux_est_refuse_avec_la_raison_du_lecteur(depot):
    deposer(depot / "93", "autre.xml", b'<?xml version="1.0" encoding="utf-8"?><html><body/></html>')
    assert releve()["refuses"] == 1
    assert not ImportFluxCAF.objects.exists()
    assert (depot / "93" / "refuses" / "autre.xml.motif.txt").read_text(encoding="utf-8").strip()


def test_la_taille_maximale_est_acceptee_un_octet_de_plus_refuse(depot, settings):
    settings.FLUX_CAF_TAILLE_MAX = len(XML_VRSB)
    deposer(depot / "93", "juste.xml", XML_VRSB)
    deposer(depot / "93", "trop.xml", XML_VRSB + b" ")
    resultat = releve()
    assert (len(resultat["importes"]), resultat["refuses"]) == (1, 1)
    assert ImportFluxCAF.objects.get().nom_fichier == "juste.xml"
    assert "taille maximale" in (depot / "93" / "refuses" / "trop.xml.motif.txt").read_text(encoding="utf-8")


def test_un_dossier_qui_n_est_pas_un_departement_et_la_racine_sont_laisses(depot):
    (depot / "999").mkdir()
    deposer(depot / "999", "a.xml", XML_VRSB)
    deposer(depot, "racine.xml", XML_VRSB)
    assert releve() == {"importes": [], "refuses": 0, "en_attente": 0}
    assert (depot / "999" / "a.xml").exists() and (depot / "racine.xml").exists()


def test_sans_dossier_de_depot_la_tache_ne_fait_rien(settings):
    settings.FLUX_CAF_DEPOT = ""
    assert releve() is None


def test_un_releve_en_cours_ailleurs_fait_attendre_le_second(depot):
    """The lock is held by another session (another worker's sweep): this one takes nothing."""
    deposer(depot / "93", "a.xml", XML_VRSB)
    base = connection.settings_dict
    with psycopg.connect(
        host=base["HOST"], port=base["PORT"], user=base["USER"], password=base["PASSWORD"] or "", dbname=base["NAME"]
    ) as autre:
        autre.execute("SELECT pg_advisory_lock(%s::int, 0)", [depot_flux.VERROU_DEPOT])
        assert releve() is None
        assert (depot / "93" / "a.xml").exists()
        # Released here: a closed connection's locks go when the server notices, a moment later.
        autre.execute("SELECT pg_advisory_unlock(%s::int, 0)", [depot_flux.VERROU_DEPOT])
    assert len(releve()["importes"]) == 1


# --- Committed for real: two beats at once, and the real worker --------------------------------------


@pytest.fixture
def menage(base_validee):
    derniere_personne = Personne.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    dernier_import = ImportFluxCAF.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    dernier_foyer = FoyerRSA.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    DecisionOrientation.objects.filter(personne_id__gt=derniere_personne).delete()
    Personne.objects.filter(pk__gt=derniere_personne).delete()
    FoyerRSA.objects.filter(pk__gt=dernier_foyer).delete()
    FoyerRSAEvent.objects.filter(pgh_obj_id__gt=dernier_foyer).delete()  # history rows outlive their household
    ImportFluxCAF.objects.filter(pk__gt=dernier_import).delete()


@pytest.mark.e2e
@pytest.mark.no_django_db
def test_deux_releves_a_la_fois_n_importent_chaque_fichier_qu_une_fois(depot, menage):
    for i in range(6):
        deposer(depot / "93", f"f{i}.xml", _xml(VRSB, matricule=f"01{i:08d}"))
    depart = threading.Barrier(2)
    resultats = []

    def relever():
        depart.wait()
        try:
            resultats.append(depot_flux.relever_depot())
        finally:
            connection.close()

    fils = [threading.Thread(target=relever) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(60)
    importes = [pk for r in resultats if r for pk in r["importes"]]
    assert len(importes) == 6 == ImportFluxCAF.objects.filter(pk__in=importes).count()
    assert len({i.empreinte for i in ImportFluxCAF.objects.filter(pk__in=importes)}) == 6
    assert sorted(p.name for p in (depot / "93" / "traites").iterdir()) == [f"f{i}.xml" for i in range(6)]


@pytest.mark.e2e
@pytest.mark.no_django_db
def test_le_beat_releve_le_depot_et_le_worker_importe(depot, menage, monkeypatch, celery_worker_reel):
    monkeypatch.setenv("MEDIA_ROOT", str(depot.parent / "media"))
    deposer(depot / "93", "flux.csv", fichier(lignes(4, graine=61)))
    relever_depot_flux_caf.delay()
    celery_worker_reel.attendre("inscription.relever_depot_flux_caf", 1, timeout=60)
    # The import's own end, not a count of import tasks: a message left by an earlier test's commit may be
    # the first such task the worker finishes (it failed once that way in make test).
    attendre(
        lambda: ImportFluxCAF.objects.filter(nom_fichier="flux.csv", statut__in=("termine", "echec")).exists(),
        timeout=60,
    )
    imp = ImportFluxCAF.objects.get(nom_fichier="flux.csv")
    assert (imp.statut, imp.nb_creees, imp.departement_id) == (StatutImport.TERMINE, 4, "93")
    assert (depot / "93" / "traites" / "flux.csv").exists()


# --- The management command -------------------------------------------------------------------------


def test_la_commande_importe_un_flux_xml_avec_son_departement(tmp_path, settings, capsys):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    chemin = tmp_path / "RSABEM.xml"
    chemin.write_bytes(XML_VRSD)
    call_command("importer_flux_caf", str(chemin), "--departement", "93")
    imp = ImportFluxCAF.objects.get()
    assert (imp.format, imp.departement_id) == (FormatFlux.VRSD0301, "93")
    assert "confié au worker" in capsys.readouterr().out


def test_la_commande_demande_la_correspondance_d_un_tableur(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    chemin = tmp_path / "export.csv"
    chemin.write_bytes(CSV_DEPARTEMENT)
    with pytest.raises(CommandError, match="indiquez sa correspondance"):
        call_command("importer_flux_caf", str(chemin), "--departement", "93")
    with pytest.raises(CommandError, match="Correspondance de colonnes inconnue"):
        call_command("importer_flux_caf", str(chemin), "--correspondance", "Solis")
    with pytest.raises(CommandError, match="Département inconnu"):
        call_command("importer_flux_caf", str(chemin), "--departement", "999")
    assert not ImportFluxCAF.objects.exists()
    solis = CorrespondanceColonnes.objects.create(departement_id="93", nom="Solis")
    call_command("importer_flux_caf", str(chemin), "--departement", "93", "--correspondance", "Solis")
    call_command("importer_flux_caf", str(chemin), "--departement", "93")  # its only one
    assert list(ImportFluxCAF.objects.values_list("format", "correspondance")) == [(FormatFlux.TABLEUR, solis.pk)] * 2


def test_la_commande_refuse_une_correspondance_pour_un_flux_xml(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    CorrespondanceColonnes.objects.create(departement_id="93", nom="Solis")
    chemin = tmp_path / "RSABEM.xml"
    chemin.write_bytes(XML_VRSB)
    with pytest.raises(CommandError, match="ne s'applique qu'à un fichier CSV"):
        call_command("importer_flux_caf", str(chemin), "--departement", "93", "--correspondance", "Solis")
    assert not ImportFluxCAF.objects.exists()
