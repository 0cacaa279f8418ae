"""The départements' exports (CSV, XLSX) read through a column mapping: inscription/flux/tableur.py."""

import datetime
import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from stdnum.fr import nir as stdnum_nir

from inscription.flux import tableur
from inscription.flux.modele import FormatInvalide, FoyerLu, FoyerRejete
from inscription.models import CorrespondanceColonnes
from tests.inscription.flux import fichier as fichier_flux
from tests.inscription.flux import lignes as lignes_flux

AUJOURD_HUI = datetime.date(2026, 12, 5)
NIR13 = "1841275108046"  # 1 84 12 75 108 046: born December 1984
NIR15 = NIR13 + stdnum_nir.calc_check_digits(NIR13)
NIR13_F = "2850193123456"
NIR15_F = NIR13_F + stdnum_nir.calc_check_digits(NIR13_F)
ENTETE = ["N° CAF", "Rôle", "NIR", "Nom", "Prénom", "Date de naissance", "Adresse", "Complément adresse", "CP"]


def correspondance(colonnes=None, valeurs=None, feuille="", type_flux="I"):
    return SimpleNamespace(colonnes=colonnes or {}, valeurs=valeurs or {}, feuille=feuille, type_flux=type_flux)


def csv_octets(lignes, entete=ENTETE, sep=";", encodage="utf-8", bom=False):
    texte = "\n".join(sep.join(str(c) for c in ligne) for ligne in [entete, *lignes]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + texte.encode(encodage)


def xlsx_octets(lignes, entete=ENTETE, feuille="Export", autres_feuilles=(), formats=None):
    classeur = Workbook()
    onglet = classeur.active
    onglet.title = feuille
    onglet.append(entete)
    for ligne in lignes:
        onglet.append(ligne)
    for (ligne, colonne), forme in (formats or {}).items():
        onglet.cell(row=ligne, column=colonne).number_format = forme
    for nom in autres_feuilles:
        classeur.create_sheet(nom).append(["rien"])
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()


DEMANDEUR = ["0123456", "DEM", NIR15, "Dupont", "Jean", "12/12/1984", "1 rue de la Paix", "Bât. B", "93200"]
CONJOINT = ["0123456", "CJT", NIR13_F, "Durand", "Marie", "01/01/1985", "", "", ""]


def lire(octets, nom="export.csv", corr=None, **kw):
    entete, foyers = tableur.lire(io.BytesIO(octets), nom, corr or correspondance(), aujourd_hui=AUJOURD_HUI, **kw)
    return entete, list(foyers)


def une_ligne(**remplace):
    """One data line of the reference header, its cells replaced by field name."""
    index = {"numero": 0, "role": 1, "nir": 2, "nom": 3, "prenom": 4, "naissance": 5, "cp": 8}
    ligne = list(DEMANDEUR)
    for cle, valeur in remplace.items():
        ligne[index[cle]] = valeur
    return ligne


# --- Headers ----------------------------------------------------------------------------------


def test_normalisation_des_entetes():
    assert tableur.normaliser("  N°  CAF ") == "numero caf"
    assert tableur.normaliser("n°allocataire") == "numero allocataire"
    assert tableur.normaliser("Prénom") == "prenom"
    assert tableur.normaliser("Date d’ouverture  du droit") == "date d'ouverture du droit"
    assert tableur.normaliser("nb_personnes_foyer") == "nb personnes foyer"


def test_un_foyer_demandeur_et_conjoint_en_csv():
    entete, foyers = lire(csv_octets([DEMANDEUR, CONJOINT]))
    assert entete.format == "tableur" and entete.type_flux == "I" and entete.encodage == "utf-8"
    assert entete.cree_le is None
    (foyer,) = foyers
    assert isinstance(foyer, FoyerLu)
    assert (foyer.organisme, foyer.numero_allocataire, foyer.numero) == ("CAF", "0123456", 2)
    assert [m.role for m in foyer.membres] == ["demandeur", "conjoint"]
    assert foyer.membres[0].nir == NIR15
    assert foyer.membres[1].nir == NIR15_F  # 13 characters: the key is computed
    assert foyer.adresse == "1 rue de la Paix Bât. B"  # several columns joined
    assert foyer.code_postal == "93200"
    assert foyer.membres[0].date_naissance == datetime.date(1984, 12, 12)


def test_colonne_obligatoire_absente_nommee():
    with pytest.raises(FormatInvalide, match="Date de naissance"):
        lire(csv_octets([DEMANDEUR[:5]], entete=ENTETE[:5]))


def test_colonne_nommee_par_la_correspondance_absente_nommee():
    corr = correspondance(colonnes={"email": ["Courriel perso"]})
    with pytest.raises(FormatInvalide, match="Courriel perso"):
        lire(csv_octets([DEMANDEUR]), corr=corr)


def test_colonnes_non_reconnues_ignorees_et_correspondance_explicite():
    entete = ["Matricule allocataire", "Nom", "Prénom", "Naissance", "Divers"]
    ligne = ["0123456", "Dupont", "Jean", "12/12/1984", "ceci n'est pas lu"]
    with pytest.raises(FormatInvalide, match="Numéro d'allocataire"):
        lire(csv_octets([ligne], entete=entete))
    corr = correspondance(colonnes={"numero_allocataire": ["MATRICULE ALLOCATAIRE"], "date_naissance": ["naissance"]})
    _, (foyer,) = lire(csv_octets([ligne], entete=entete), corr=corr)
    assert foyer.numero_allocataire == "0123456" and foyer.membres[0].role == "demandeur"
    lecture = tableur.comprendre_entete(entete, corr)
    assert [c.champ for c in lecture.colonnes] == [
        "numero_allocataire",
        "nom_naissance",
        "prenoms",
        "date_naissance",
        None,
    ]


def test_un_champ_nomme_par_la_correspondance_ne_lit_plus_ses_alias():
    # « Nom » would be the birth name by default; this export's « Nom » is the usage name.
    corr = correspondance(colonnes={"nom_naissance": ["Nom JF"], "nom_usage": ["Nom"]})
    entete = ["N° CAF", "Nom", "Nom JF", "Prénom", "Date de naissance"]
    _, (foyer,) = lire(csv_octets([["1", "Martin", "Dupont", "Ana", "1990-01-02"]], entete=entete), corr=corr)
    assert (foyer.membres[0].nom_naissance, foyer.membres[0].nom_usage) == ("Dupont", "Martin")


# --- CSV: encodings, separators, lines --------------------------------------------------------


@pytest.mark.parametrize(
    ("sep", "encodage", "bom"),
    [(";", "utf-8", False), (";", "utf-8", True), (",", "utf-8", True), (",", "cp1252", False)],
)
def test_encodages_et_separateurs(sep, encodage, bom):
    entete, (foyer,) = lire(csv_octets([une_ligne(nom="Dupré")], sep=sep, encodage=encodage, bom=bom))
    assert foyer.membres[0].nom_naissance == "Dupré"
    assert entete.encodage == ("cp1252" if encodage == "cp1252" else "utf-8")


def test_ligne_trop_longue_des_deux_cotes_de_la_borne():
    entete = ["N° CAF", "Nom", "Prénom", "Date de naissance", "Adresse"]
    debut = "1;Dupont;Jean;1984-12-12;"
    juste = debut + "a" * (200 - len(debut))
    trop = debut + "a" * (201 - len(debut))
    octets = (";".join(entete) + "\n" + juste + "\n" + trop.replace("1;", "2;", 1) + "\n").encode()
    _, (foyer, rejet) = lire(octets, longueur_max=200)
    assert isinstance(foyer, FoyerLu) and len(foyer.adresse) == 200 - len(debut)
    assert isinstance(rejet, FoyerRejete) and rejet.numero == 3 and "plus de 200 octets" in rejet.motif


def test_cellules_vides_ne_decalent_rien_et_trop_de_colonnes_rejetees():
    entete = ["N° CAF", "Nom", "Prénom", "Date de naissance", "CP"]
    lignes_ = [
        "1;Dupont;Jean;1984-12-12",
        "2;Durand;;1984-12-12;",
        "3;Martin;Ana;1984-12-12;93200;en trop",
        "4;A;B;1984-12-12;93200;;",
    ]
    octets = (";".join(entete) + "\n" + "\n".join(lignes_) + "\n").encode()
    _, foyers = lire(octets)
    assert [type(f).__name__ for f in foyers] == ["FoyerLu", "FoyerRejete", "FoyerRejete", "FoyerLu"]
    assert foyers[1].erreurs == (("prenoms", "cellule vide"),)
    assert "6 colonnes pour 5 en-têtes" in foyers[2].motif


def test_ligne_mal_encodee_rejetee_seule():
    octets = csv_octets([une_ligne(nom="Dupré")]) + ";".join(une_ligne(numero="9", nom="Lef\xe8vre")).encode("cp1252")
    _, (foyer, rejet) = lire(octets)
    assert isinstance(foyer, FoyerLu) and "n'est pas en UTF-8" in rejet.motif


def test_fichier_vide_utf16_xls_refuses():
    with pytest.raises(FormatInvalide, match="vide"):
        lire(b"")
    with pytest.raises(FormatInvalide, match="UTF-16"):
        lire("N° CAF;Nom\n".encode("utf-16"))
    with pytest.raises(FormatInvalide, match="97-2003"):
        lire(b"\xd0\xcf\x11\xe0" + b"\0" * 100, nom="export.xls")
    with pytest.raises(FormatInvalide, match="illisible"):
        lire(b"PK\x03\x04 tronque", nom="export.xlsx")


# --- Values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("champ", "valeur", "attendu"),
    [
        ("naissance", "1900-01-01", datetime.date(1900, 1, 1)),
        ("naissance", "1899-12-31", "hors limites"),
        ("naissance", "05/12/2026", datetime.date(2026, 12, 5)),
        ("naissance", "06/12/2026", "hors limites"),
        ("naissance", "31/02/1984", "invalide"),
        ("numero", "A" * 20, "A" * 20),
        ("numero", "A" * 21, "1 à 20"),
        ("nom", "N" * 150, "N" * 150),
        ("nom", "N" * 151, "151 caractères, 150 au plus"),
        ("prenom", "P" * 200, "P" * 200),
        ("prenom", "P" * 201, "201 caractères, 200 au plus"),
        ("cp", "1000", "01000"),  # a spreadsheet dropped its leading zero
        ("cp", "100", "code postal invalide"),
        ("cp", "100000", "code postal invalide"),
    ],
)
def test_bornes_des_valeurs(champ, valeur, attendu):
    _, (resultat,) = lire(csv_octets([une_ligne(**{champ: valeur}, nir="")]))
    if isinstance(attendu, str) and not isinstance(resultat, FoyerLu):
        assert attendu in resultat.motif
        return
    assert isinstance(resultat, FoyerLu), resultat
    lu = {
        "naissance": resultat.membres[0].date_naissance,
        "numero": resultat.numero_allocataire,
        "nom": resultat.membres[0].nom_naissance,
        "prenom": resultat.membres[0].prenoms,
        "cp": resultat.code_postal,
    }[champ]
    assert lu == attendu


def test_nir_13_15_et_faux():
    _, foyers = lire(
        csv_octets(
            [
                une_ligne(numero="1", nir=NIR13),
                une_ligne(numero="2", nir=NIR15),
                une_ligne(numero="3", nir=NIR13 + "00" if NIR15[13:] != "00" else NIR13 + "01"),
                une_ligne(numero="4", nir=NIR13[:12]),
                une_ligne(numero="5", nir="5" + NIR13[1:]),
                une_ligne(numero="6", nir=NIR15, naissance="12/11/1984"),
                une_ligne(numero="7", nir=""),
            ]
        )
    )
    assert foyers[0].membres[0].nir == NIR15 == foyers[1].membres[0].nir
    assert "clé de contrôle" in foyers[2].motif and NIR13 not in foyers[2].motif
    assert "13 caractères" in foyers[3].motif
    assert "premier chiffre" in foyers[4].motif
    assert "mois de naissance" in foyers[5].motif
    assert foyers[6].membres[0].nir == ""


@pytest.mark.parametrize(
    ("entete", "valeur", "attendu"),
    [
        ("Nombre de personnes", "1", 1),
        ("Nombre de personnes", "20", 20),
        ("Nombre de personnes", "0", "de 1 à 20"),
        ("Nombre de personnes", "21", "de 1 à 20"),
        ("Nombre d'enfants", "0", 0),
        ("Nombre d'enfants", "19", 19),
        ("Nombre d'enfants", "20", "de 0 à 19"),
        ("État du droit", "2", "2"),
        ("État du droit", "ABCD", "ABCD"),  # an unknown code is the writer's to judge
        ("État du droit", "ABCDE", "5 caractères, 4 au plus"),
        ("Motif de clôture", "M" * 10, "M" * 10),
        ("Motif de clôture", "M" * 11, "11 caractères, 10 au plus"),
        ("Département", "093", "93"),
        ("Département", "2A", "2A"),
        ("Département", "9300", "département invalide"),
        ("Date d'ouverture du droit", "05/12/2026", datetime.date(2026, 12, 5)),
        ("Date d'ouverture du droit", "06/12/2026", "dans le futur"),
    ],
)
def test_bornes_des_champs_du_foyer(entete, valeur, attendu):
    _, (resultat,) = lire(csv_octets([[*DEMANDEUR, valeur]], entete=[*ENTETE, entete]))
    if isinstance(attendu, str) and not isinstance(resultat, FoyerLu):
        assert attendu in resultat.motif
        return
    champ = tableur.comprendre_entete([entete], correspondance()).colonnes[0].champ
    assert getattr(resultat, champ) == attendu


def test_correspondance_des_valeurs():
    entete = [*ENTETE, "Civilité", "SDD", "Organisme"]
    lignes_ = [
        [*DEMANDEUR, "MR", "O", "msa"],
        [*CONJOINT, "Mme", "non", "MSA"],
        ["0123456", "ENF", "", "Durand", "Léa", "01/01/2015", "", "", "", "", "", "MSA"],
        ["7", "Allocataire principal", NIR15, "Dupont", "Jean", "12/12/1984", "", "", "", "M.", "", ""],
    ]
    _, foyers = lire(csv_octets(lignes_, entete=entete))
    foyer, rejet = foyers
    assert foyer.organisme == "MSA" and foyer.numero_allocataire == "0123456"  # not padded: MSA
    assert [(m.role, m.sexe, m.soumis_droits_devoirs) for m in foyer.membres] == [
        ("demandeur", "1", True),
        ("conjoint", "2", False),
    ]  # the child is not followed
    assert rejet.erreurs == (
        ("role", "valeur inconnue « Allocataire principal » : ajoutez-la aux correspondances de valeurs"),
    )
    corr = correspondance(valeurs={"role": {"ALLOCATAIRE PRINCIPAL": "demandeur"}, "etat": {"": "2"}})
    _, foyers = lire(csv_octets(lignes_, entete=entete), corr=corr)
    assert foyers[1].membres[0].role == "demandeur"
    assert foyers[1].numero_allocataire == "0000007"  # a CAF number padded to 7 digits
    assert foyers[1].etat == "2"  # the code for the empty cell (no such column)
    faux = correspondance(valeurs={"role": {"X": "chef"}})
    _, (r,) = lire(csv_octets([une_ligne(role="X")]), corr=faux)
    assert "n'est pas une valeur de ce champ" in r.motif


def test_numero_caf_de_15_chiffres_ramene_a_7():
    _, (foyer,) = lire(csv_octets([une_ligne(numero="012345600000000")]))
    assert foyer.numero_allocataire == "0123456"


def test_foyer_lu_entier_ou_pas_du_tout_et_second_demandeur():
    mauvais_conjoint = list(CONJOINT)
    mauvais_conjoint[5] = "pas une date"
    autre = une_ligne(numero="555")
    second = une_ligne(numero="555", prenom="Paul", nir="")
    _, foyers = lire(csv_octets([DEMANDEUR, mauvais_conjoint, autre, second]))
    assert [(type(f).__name__, f.numero) for f in foyers] == [
        ("FoyerRejete", 2),
        ("FoyerRejete", 3),
        ("FoyerLu", 4),
        ("FoyerRejete", 5),
    ]
    assert "la ligne 3 du même allocataire est rejetée" in foyers[0].motif
    assert foyers[0].cle == ("CAF", "0123456")
    assert "second demandeur" in foyers[3].motif and "ligne 4" in foyers[3].motif


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_dates_zeros_et_feuille():
    entete = ["MATRICULE", "Rôle", "NIR", "Nom", "Prénom", "Date de naissance", "CP", "Téléphone", "Date d'ouverture"]
    lignes_ = [
        [123456, "DEM", NIR15, "Dupont", "Jean", datetime.datetime(1984, 12, 12), 1000, 612345678, 45992],
        ["0123456", "CJT", int(NIR13_F), "Durand", "Marie", "01/01/1985", "01000", "06 12 34 56 78", "2025-12-01"],
    ]
    octets = xlsx_octets(
        lignes_, entete=entete, feuille="Bénéficiaires", autres_feuilles=["Notes"], formats={(2, 1): "0000000"}
    )
    corr = correspondance(feuille="Bénéficiaires")
    entete_flux, (foyer,) = lire(octets, nom="export.xlsx", corr=corr)
    assert entete_flux.encodage == ""
    assert foyer.numero_allocataire == "0123456"
    assert foyer.code_postal == "01000"
    assert [m.telephone for m in foyer.membres] == ["0612345678", "0612345678"]
    assert foyer.date_ouverture == datetime.date(2025, 12, 1)  # 45992: an Excel date typed as a number
    assert foyer.membres[1].nir == NIR15_F


def test_xlsx_feuille_absente_prend_la_premiere_et_cellules_vides():
    entete = ["N° CAF", "Nom", "Prénom", "Date de naissance", "Email"]
    octets = xlsx_octets(
        [["1", "Dupont", None, "1984-12-12", None], ["2", "Martin", "Ana", "1984-12-12"]], entete=entete
    )
    a = tableur.apercu(io.BytesIO(octets), "x.xlsx", correspondance(feuille="Absente"), aujourd_hui=AUJOURD_HUI)
    assert a.feuille == "Export" and a.format == "xlsx"
    assert [ligne.erreurs for ligne in a.lignes] == [{"prenoms": "cellule vide"}, {}]


# --- Preview ----------------------------------------------------------------------------------


def test_apercu_colonnes_reconnues_manquantes_et_erreurs_par_cellule():
    entete = ["Matricule allocataire", "Nom", "Prénom", "Naissance", "Qualité"]
    lignes_ = [[str(i), "Dupont", "Jean", "12/12/1984", "DEM"] for i in range(1, 26)]
    lignes_[2][3] = "12/13/1984"
    octets = csv_octets(lignes_, entete=entete)
    a = tableur.apercu(io.BytesIO(octets), "x.csv", correspondance(), aujourd_hui=AUJOURD_HUI)
    assert not a.importable
    assert {c for c, _ in a.manquants} == {"numero_allocataire", "date_naissance"}
    assert [c.champ for c in a.colonnes] == [None, "nom_naissance", "prenoms", None, "role"]
    corr = correspondance(colonnes={"numero_allocataire": ["matricule allocataire"], "date_naissance": ["NAISSANCE"]})
    a = tableur.apercu(io.BytesIO(octets), "x.csv", corr, aujourd_hui=AUJOURD_HUI)
    assert a.importable and len(a.lignes) == 20
    assert [(ligne.numero, ligne.erreurs) for ligne in a.lignes if ligne.erreurs] == [
        (4, {"date_naissance": "date de naissance invalide « 12/13/1984 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"})
    ]
    assert len(tableur.apercu(io.BytesIO(octets), "x.csv", corr, n=5, aujourd_hui=AUJOURD_HUI).lignes) == 5
    assert tableur.afficher("nir", NIR15).startswith("1 84 12 …")


def test_apercu_ne_leve_pas():
    a = tableur.apercu(io.BytesIO(b""), "x.csv", correspondance())
    assert a.erreur == "Le fichier est vide." and not a.importable


# --- The platform's historical CSV, the national mapping ------------------------------------------


@pytest.mark.django_db
def test_csv_historique_lu_par_la_correspondance_nationale():
    nationale = CorrespondanceColonnes.objects.get(departement=None, nom=tableur.NOM_CORRESPONDANCE_PLATEFORME)
    assert nationale.colonnes == tableur.CORRESPONDANCE_PLATEFORME["colonnes"]
    assert nationale.valeurs == tableur.CORRESPONDANCE_PLATEFORME["valeurs"]
    donnees = lignes_flux(8, communes=[("93066", "93200")])
    for i, ligne in enumerate(donnees):  # the generator's household numbers collide past 4 lines
        ligne["numero_allocataire"] = f"{i // 2 if i % 4 < 2 else 1000 + i:07d}"
    entete, foyers = tableur.lire(io.BytesIO(fichier_flux(donnees)), "flux.csv", nationale)
    foyers = list(foyers)
    assert all(isinstance(f, FoyerLu) for f in foyers)
    assert sum(len(f.membres) for f in foyers) == 8
    assert all(f.etat == "2" and all(m.soumis_droits_devoirs for m in f.membres) for f in foyers)
    assert foyers[0].code_insee == "93066" and foyers[0].nb_personnes == 2
