"""The CAF/MSA flow import: checks line by line, idempotent, never loses a good line for a bad one."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from francetravail.personnes.models import Personne
from inscription import import_caf
from inscription.enums import Canal, Categorie, StatutImport
from inscription.flux_caf import COLONNES
from inscription.models import DossierInscription, DroitRSA, ImportFluxCAF
from tests.inscription.flux import fichier, lignes


def _importer(contenu, nom="flux.csv"):
    imp = ImportFluxCAF.objects.create(nom_fichier=nom)
    imp.fichier.save(nom, ContentFile(contenu), save=True)
    return import_caf.executer(imp.pk)


def _motifs(imp):
    return {r.numero_ligne: r.motif for r in imp.rejets.all()}


def test_un_fichier_valide_inscrit_chaque_allocataire_en_categorie_g():
    donnees = lignes(20)
    imp = _importer(fichier(donnees))
    assert imp.statut == StatutImport.TERMINE
    assert (imp.nb_lignes, imp.nb_traitees, imp.nb_creees, imp.nb_rejetees) == (20, 20, 20, 0)
    dossier = DossierInscription.objects.select_related("personne").get(nir=donnees[0]["nir"])
    assert (dossier.canal, dossier.categorie, dossier.statut) == (Canal.FLUX_CAF_MSA, Categorie.G, "inscrit")
    personne = dossier.personne
    assert personne.nom_naissance == donnees[0]["nom_naissance"]
    assert personne.commune_id == donnees[0]["code_insee"]
    assert personne.departement_id == personne.commune.departement_id
    droit = DroitRSA.objects.get(personne=personne)
    assert droit.date_ouverture == datetime.date(2026, 10, 1)
    assert droit.import_source_id == imp.pk
    assert dossier.nir_masque.startswith(dossier.nir[0]) and dossier.nir not in dossier.nir_masque


def test_le_meme_fichier_deux_fois_ne_change_rien():
    contenu = fichier(lignes(30))
    premier = _importer(contenu)
    avant = {p.pk: p.updated_at for p in Personne.objects.filter(inscription__canal=Canal.FLUX_CAF_MSA)}
    evenements = DossierInscription.pgh_event_model.objects.count()
    second = _importer(contenu)
    assert (second.nb_creees, second.nb_mises_a_jour, second.nb_inchangees) == (0, 0, 30)
    assert Personne.objects.filter(inscription__canal=Canal.FLUX_CAF_MSA).count() == premier.nb_creees == 30
    assert {p.pk: p.updated_at for p in Personne.objects.filter(pk__in=avant)} == avant
    assert DossierInscription.pgh_event_model.objects.count() == evenements


def test_une_personne_connue_est_mise_a_jour_sans_doublon_et_ses_coordonnees_gardees():
    donnees = lignes(3)
    _importer(fichier(donnees))
    personne = DossierInscription.objects.get(nir=donnees[1]["nir"]).personne
    personne.email = "choisie.par.la.personne@exemple.fr"
    personne.save()
    donnees[1] = {**donnees[1], "adresse": "3 place du Marché", "email": "autre@exemple.fr"}
    imp = _importer(fichier(donnees))
    assert (imp.nb_creees, imp.nb_mises_a_jour, imp.nb_inchangees) == (0, 1, 2)
    personne.refresh_from_db()
    assert personne.adresse == "3 place du Marché"
    assert personne.email == "choisie.par.la.personne@exemple.fr"
    assert DossierInscription.objects.filter(nir=donnees[1]["nir"]).count() == 1


@pytest.mark.parametrize(
    ("modification", "motif"),
    [
        ({"nir": "123"}, "NIR invalide"),
        ({"nir": "185057505612389"}, "NIR invalide"),
        ({"date_naissance": "1999-02-30"}, "date de naissance invalide"),
        ({"date_naissance": "31/12/2099"}, "hors limites"),
        ({"code_insee": "99999"}, "commune inconnue"),
        ({"code_postal": "00000"}, "ne dessert pas la commune"),
        ({"organisme_payeur": "CPAM"}, "organisme payeur inconnu"),
        ({"role": "enfant"}, "rôle inconnu"),
        ({"telephone": "12345"}, "téléphone invalide"),
        ({"email": "pas-une-adresse"}, "adresse électronique invalide"),
        ({"nom_naissance": ""}, "nom_naissance"),
        ({"nb_enfants": "-1"}, "nombre d'enfants invalide"),
        ({"date_ouverture_droit": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "futur"),
    ],
)
def test_une_ligne_fautive_est_rejetee_avec_son_motif_et_les_autres_sont_prises(modification, motif):
    donnees = lignes(4)
    donnees[2] = {**donnees[2], **modification}
    imp = _importer(fichier(donnees))
    assert (imp.nb_creees, imp.nb_rejetees) == (3, 1)
    assert motif in _motifs(imp)[4]  # line 1 is the header


def test_le_nir_doit_correspondre_a_la_naissance():
    donnees = lignes(2)
    naissance = datetime.date.fromisoformat(donnees[0]["date_naissance"])
    donnees[0] = {**donnees[0], "date_naissance": naissance.replace(year=naissance.year - 1).isoformat()}
    imp = _importer(fichier(donnees))
    assert "année de naissance" in _motifs(imp)[2]


def test_une_ligne_en_double_et_une_ligne_mal_formee_sont_rejetees():
    donnees = lignes(3)
    imp = _importer(fichier([*donnees, donnees[0]], brutes=["trop;peu;de;colonnes"]))
    assert imp.nb_creees == 3
    assert _motifs(imp) == {5: "même NIR que la ligne 2 du fichier", 6: "nombre de colonnes incorrect (attendu 16)"}


@pytest.mark.parametrize(
    ("contenu", "erreur"),
    [
        (b"", "vide"),
        ("nom;prénom\nA;B\n".encode(), "Colonnes manquantes"),
        (b"\xff\xfe\x00n\x00o\x00m", "UTF-8"),
    ],
)
def test_un_fichier_illisible_echoue_avec_un_message_clair(contenu, erreur):
    imp = _importer(contenu)
    assert imp.statut == StatutImport.ECHEC
    assert erreur in imp.erreur
    assert imp.nb_creees == 0


def test_un_fichier_de_10000_lignes_avec_des_erreurs_garde_toutes_les_bonnes_lignes():
    donnees = lignes(10_000, graine=7)
    for i in range(0, 10_000, 500):
        donnees[i] = {**donnees[i], "code_insee": "00000"}
    imp = _importer(fichier(donnees))
    assert (imp.nb_lignes, imp.nb_traitees, imp.nb_rejetees, imp.nb_creees) == (10_000, 10_000, 20, 9_980)
    assert imp.progression == 100


def test_l_import_signale_les_doublons_potentiels_sans_fusionner():
    from inscription.models import DoublonPotentiel
    from tests.factories import PersonneFactory

    donnees = lignes(2)
    existante = PersonneFactory(
        nom_naissance=donnees[0]["nom_naissance"],
        prenoms=donnees[0]["prenoms"],
        date_naissance=datetime.date.fromisoformat(donnees[0]["date_naissance"]),
    )
    imp = _importer(fichier(donnees))
    assert imp.nb_creees == 2
    doublon = DoublonPotentiel.objects.get()
    assert doublon.autre == existante
    assert doublon.personne.inscription.nir == donnees[0]["nir"]


def test_un_nir_corse_2a_est_accepte_et_une_lettre_ailleurs_refusee():
    from stdnum.fr import nir as stdnum_nir

    donnees = lignes(2)
    naissance = datetime.date.fromisoformat(donnees[0]["date_naissance"])
    debut = f"1{naissance.year % 100:02d}{naissance.month:02d}2A004001"
    donnees[0] = {**donnees[0], "nir": debut + stdnum_nir.calc_check_digits(debut)}
    donnees[1] = {**donnees[1], "nir": donnees[1]["nir"][:7] + "X" + donnees[1]["nir"][8:]}
    imp = _importer(fichier(donnees))
    assert imp.nb_creees == 1
    assert "NIR invalide" in _motifs(imp)[3]


# --- Every kind of fault is the fault of one line: the others are imported ------------------------


def _par_la_tache(contenu, nom="flux.csv"):
    """Runs the import through the Celery task (in this process), as the worker does."""
    from inscription.tasks import importer_flux_caf

    imp = ImportFluxCAF.objects.create(nom_fichier=nom)
    imp.fichier.save(nom, ContentFile(contenu), save=True)
    importer_flux_caf.apply((imp.pk,))
    return ImportFluxCAF.objects.get(pk=imp.pk)


def test_un_nom_trop_long_rejette_sa_ligne_et_les_autres_sont_inscrites():
    donnees = lignes(4)
    donnees[1] = {**donnees[1], "nom_naissance": "N" * 151}
    donnees[2] = {**donnees[2], "nom_naissance": "M" * 150}  # the column's length exactly: taken
    imp = _par_la_tache(fichier(donnees))
    assert imp.statut == StatutImport.TERMINE
    assert (imp.nb_creees, imp.nb_rejetees, imp.nb_traitees) == (3, 1, 4)
    assert _motifs(imp) == {3: "champ nom_naissance trop long (151 caractères, 150 au plus)"}
    assert Personne.objects.filter(nom_naissance="M" * 150).exists()


@pytest.mark.parametrize(
    ("colonne", "maximum"),
    [("nom_usage", 150), ("prenoms", 200), ("adresse", 250), ("email", 254)],
)
def test_chaque_champ_est_borne_par_sa_colonne(colonne, maximum):
    donnees = lignes(3)
    if colonne == "email":
        donnees[0] = {**donnees[0], "email": "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "f" * (maximum - 64 - 1 - 183)}
        donnees[1] = {**donnees[1], "email": "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "f" * (maximum - 64 - 183)}
    else:
        donnees[0] = {**donnees[0], colonne: "x" * maximum}
        donnees[1] = {**donnees[1], colonne: "x" * (maximum + 1)}
    assert len(donnees[0][colonne]) == maximum and len(donnees[1][colonne]) == maximum + 1
    imp = _par_la_tache(fichier(donnees))
    assert (imp.nb_creees, imp.nb_rejetees) == (2, 1)
    assert _motifs(imp) == {3: f"champ {colonne} trop long ({maximum + 1} caractères, {maximum} au plus)"}


def test_une_ligne_qui_n_est_pas_en_utf8_est_rejetee_seule():
    donnees = lignes(4)
    contenu = fichier(donnees)
    mauvaise = ";".join(str(donnees[0].get(c, "")) for c in COLONNES).replace("NOM", "BÉRANGER", 1)
    contenu += mauvaise.encode("cp1252").replace(donnees[0]["nir"].encode(), lignes(5)[4]["nir"].encode()) + b"\n"
    imp = _par_la_tache(contenu)
    assert imp.statut == StatutImport.TERMINE
    assert (imp.encodage, imp.nb_creees, imp.nb_rejetees) == ("utf-8", 4, 1)
    motif = _motifs(imp)[6]
    assert "n'est pas en UTF-8" in motif and "0xC9" in motif
    assert "B\ufffdRANGER" in imp.rejets.get().contenu


def test_un_fichier_windows_1252_entier_est_lu_comme_tel():
    donnees = lignes(3)
    donnees[0] = {**donnees[0], "nom_naissance": "LEFÈVRE", "prenoms": "Zoé Anaïs"}
    imp = _par_la_tache(fichier(donnees).decode("utf-8").encode("cp1252"))
    assert (imp.statut, imp.encodage, imp.nb_creees, imp.nb_rejetees) == (StatutImport.TERMINE, "cp1252", 3, 0)
    assert Personne.objects.filter(nom_naissance="LEFÈVRE", prenoms="Zoé Anaïs").exists()


def test_dans_un_fichier_windows_1252_une_ligne_en_utf8_est_rejetee():
    donnees = lignes(4)
    for i in range(3):
        donnees[i] = {**donnees[i], "nom_naissance": f"LEFÈVRE{i}"}
    donnees[3] = {**donnees[3], "nom_naissance": "GRÉGOIRE"}
    entete_et_trois = fichier(donnees[:3]).decode("utf-8").encode("cp1252")
    une_en_utf8 = fichier(donnees[3:]).split(b"\n", 1)[1]
    imp = _par_la_tache(entete_et_trois + une_en_utf8)
    assert (imp.encodage, imp.nb_creees, imp.nb_rejetees) == ("cp1252", 3, 1)
    assert "UTF-8" in _motifs(imp)[5] and "Windows-1252" in _motifs(imp)[5]


@pytest.mark.parametrize(
    ("brute", "motif"),
    [
        ('0100;CAF;"demandeur;1850575056123;A' + ";x" * 11, "guillemet ouvert et jamais fermé"),
        ('0100;"CAF"X;demandeur' + ";x" * 13, "texte après un guillemet fermant"),
        ("0100;CAF\x00;demandeur" + ";x" * 13, "caractère de contrôle (0x00)"),
        ("0100;CAF\rX;demandeur" + ";x" * 13, "caractère de contrôle (0x0D)"),
        ("0100;CAF;demandeur", "nombre de colonnes incorrect (attendu 16)"),
    ],
)
def test_une_ligne_csv_mal_formee_est_rejetee_et_ne_mange_pas_les_suivantes(brute, motif):
    donnees = lignes(4)
    contenu = fichier(donnees[:2], brutes=[brute]) + fichier(donnees[2:]).split(b"\n", 1)[1]
    imp = _par_la_tache(contenu)
    assert (imp.statut, imp.nb_creees, imp.nb_rejetees, imp.nb_traitees) == (StatutImport.TERMINE, 4, 1, 5)
    assert motif in _motifs(imp)[4]


def test_une_ligne_plus_longue_que_la_limite_est_rejetee_sans_etre_lue(settings):
    donnees = lignes(4)
    settings.FLUX_CAF_LONGUEUR_MAX_LIGNE = 300
    for i, longueur in ((1, 300), (2, 301)):
        ligne = ";".join(str(donnees[i].get(c, "")) for c in COLONNES).encode()
        donnees[i] = {**donnees[i], "adresse": donnees[i]["adresse"] + "x" * (longueur - len(ligne))}
    contenu = fichier(donnees).replace(b"\n", b"\r\n")  # the end of line does not count
    assert [len(ligne) for ligne in contenu.split(b"\r\n")[2:4]] == [300, 301]
    imp = _par_la_tache(contenu)
    assert (imp.statut, imp.nb_creees, imp.nb_rejetees) == (StatutImport.TERMINE, 3, 1)
    assert _motifs(imp) == {4: "ligne trop longue : plus de 300 octets"}


def test_un_fichier_d_une_seule_ligne_geante_echoue_sans_la_charger_en_memoire(settings):
    import tracemalloc

    settings.FLUX_CAF_LONGUEUR_MAX_LIGNE = 4096
    contenu = b"numero_allocataire;" + b"x" * (20 * 1024 * 1024)
    imp = ImportFluxCAF.objects.create(nom_fichier="geant.csv")
    imp.fichier.save("geant.csv", ContentFile(contenu), save=True)
    del contenu
    from inscription.tasks import importer_flux_caf

    tracemalloc.start()
    try:
        importer_flux_caf.apply((imp.pk,))
        _, pic = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    imp.refresh_from_db()
    assert imp.statut == StatutImport.ECHEC
    assert "L'en-tête dépasse 4096 octets" in imp.erreur
    assert pic < 2 * 1024 * 1024, f"{pic} octets en mémoire pour lire une ligne de 20 Mo"


def test_une_ligne_geante_au_milieu_est_rejetee_et_les_autres_prises(settings):
    settings.FLUX_CAF_LONGUEUR_MAX_LIGNE = 4096
    donnees = lignes(3)
    contenu = fichier(donnees[:2], brutes=["x" * (3 * 1024 * 1024)]) + fichier(donnees[2:]).split(b"\n", 1)[1]
    imp = _par_la_tache(contenu)
    assert (imp.nb_creees, imp.nb_rejetees, imp.nb_lignes) == (3, 1, 4)
    assert _motifs(imp) == {4: "ligne trop longue : plus de 4096 octets"}
    assert len(imp.rejets.get().contenu) <= 2000


def test_une_erreur_de_la_base_sur_une_ligne_ne_rejette_que_cette_ligne():
    from django.db import connection

    donnees = lignes(9)
    donnees[5] = {**donnees[5], "nom_naissance": "REFUSE-PAR-LA-BASE"}
    # A rule the line checks do not know, enforced by PostgreSQL itself (rolled back with the test).
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE personnes_personne ADD CONSTRAINT test_refus_en_base "
            "CHECK (nom_naissance <> 'REFUSE-PAR-LA-BASE') NOT VALID"
        )
    imp = _par_la_tache(fichier(donnees))
    assert imp.statut == StatutImport.TERMINE
    assert (imp.nb_creees, imp.nb_rejetees, imp.nb_traitees, imp.nb_inchangees) == (8, 1, 9, 0)
    assert _motifs(imp) == {7: "refusée par la base de données : règle « test_refus_en_base » non respectée"}
    assert not Personne.objects.filter(nom_naissance="REFUSE-PAR-LA-BASE").exists()
    assert Personne.objects.filter(inscription__canal=Canal.FLUX_CAF_MSA).count() == 8


# --- An abnormal end is an « échec » with its reason -----------------------------------------------


def test_un_fichier_disparu_du_stockage_met_l_import_en_echec_avec_sa_raison():
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv")
    imp.fichier.save("flux.csv", ContentFile(fichier(lignes(2))), save=True)
    imp.fichier.storage.delete(imp.fichier.name)
    from inscription.tasks import importer_flux_caf

    resultat = importer_flux_caf.apply((imp.pk,))
    assert resultat.failed()
    imp.refresh_from_db()
    assert imp.statut == StatutImport.ECHEC
    assert imp.erreur.startswith("Le fichier téléversé est introuvable")
    assert imp.fin is not None


def test_un_import_deja_tente_trop_de_fois_n_est_plus_relance(settings):
    settings.FLUX_CAF_TENTATIVES_MAX = 3
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv", statut=StatutImport.EN_COURS, tentatives=3)
    imp.fichier.save("flux.csv", ContentFile(fichier(lignes(2))), save=True)
    imp = import_caf.executer(imp.pk)
    assert imp.statut == StatutImport.ECHEC
    assert "3 tentatives" in imp.erreur
    assert imp.nb_creees == 0


def test_un_import_tenu_par_un_autre_worker_n_est_pas_execute_deux_fois():
    from django.db import connections

    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv")
    imp.fichier.save("flux.csv", ContentFile(fichier(lignes(2))), save=True)
    autre = connections.create_connection("default")
    try:
        with autre.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [import_caf.VERROU_IMPORT, imp.pk])
        assert import_caf.executer(imp.pk).statut == StatutImport.EN_ATTENTE
        assert import_caf.imports_en_execution() == {imp.pk}
    finally:
        autre.close()
    assert import_caf.executer(imp.pk).statut == StatutImport.TERMINE


# --- The sweep of imports that stopped giving news ---------------------------------------------------


def _import_sans_nouvelles(depuis, **kwargs):
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv", **kwargs)
    imp.fichier.save("flux.csv", ContentFile(fichier(lignes(2))), save=True)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(actif_le=timezone.now() - depuis)
    return imp


@pytest.mark.parametrize("statut", [StatutImport.EN_ATTENTE, StatutImport.EN_COURS])
def test_le_balayage_relance_un_import_sans_nouvelles_au_dela_du_delai_et_pas_avant(
    statut, settings, taches_immediates, django_capture_on_commit_callbacks
):
    settings.FLUX_CAF_DELAI_SANS_NOUVELLES = 900
    from inscription.tasks import balayer_imports

    recent = _import_sans_nouvelles(datetime.timedelta(seconds=899), statut=statut, tentatives=1)
    ancien = _import_sans_nouvelles(datetime.timedelta(seconds=901), statut=statut, tentatives=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert balayer_imports() == {"relances": 1, "echecs": 0}
    recent.refresh_from_db()
    ancien.refresh_from_db()
    assert (recent.statut, recent.tentatives) == (statut, 1)
    assert (ancien.statut, ancien.tentatives, ancien.nb_creees) == (StatutImport.TERMINE, 2, 2)


def test_le_balayage_abandonne_apres_le_nombre_de_tentatives(settings, django_capture_on_commit_callbacks):
    settings.FLUX_CAF_DELAI_SANS_NOUVELLES = 900
    settings.FLUX_CAF_TENTATIVES_MAX = 3
    from inscription.tasks import balayer_imports

    encore = _import_sans_nouvelles(datetime.timedelta(hours=1), statut=StatutImport.EN_COURS, tentatives=2)
    fini = _import_sans_nouvelles(datetime.timedelta(hours=1), statut=StatutImport.EN_COURS, tentatives=3)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        assert balayer_imports() == {"relances": 1, "echecs": 1}
    assert len(rappels) == 1
    fini.refresh_from_db()
    encore.refresh_from_db()
    assert fini.statut == StatutImport.ECHEC
    assert "sans nouvelles du worker" in fini.erreur and "3 tentatives" in fini.erreur
    assert encore.statut == StatutImport.EN_COURS
    assert encore.actif_le > timezone.now() - datetime.timedelta(minutes=1)  # not re-driven at the next run


def test_le_balayage_laisse_un_import_vivant_meme_ancien(settings, django_capture_on_commit_callbacks):
    from django.db import connections

    from inscription.tasks import balayer_imports

    settings.FLUX_CAF_DELAI_SANS_NOUVELLES = 900
    vivant = _import_sans_nouvelles(datetime.timedelta(hours=2), statut=StatutImport.EN_COURS, tentatives=1)
    autre = connections.create_connection("default")
    try:
        with autre.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [import_caf.VERROU_IMPORT, vivant.pk])
        with django_capture_on_commit_callbacks(execute=False) as rappels:
            assert balayer_imports() == {"relances": 0, "echecs": 0}
        assert rappels == []
    finally:
        autre.close()
