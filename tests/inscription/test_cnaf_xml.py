"""The CNAF « bénéficiaires RSA » XML reader (inscription/flux/cnaf_xml.py): pure, no database."""

import dataclasses
import datetime
import hashlib
import io
import itertools
import pathlib
import re
import tracemalloc
import zoneinfo

import pytest
from stdnum.fr import nir as stdnum_nir

from inscription.flux import cnaf_xml
from inscription.flux.cnaf_xml import decouper, lire, lire_foyer, lire_segment
from inscription.flux.modele import FormatInvalide, FoyerLu, FoyerRejete
from tests.inscription import flux_xml
from tests.inscription.flux_xml import VRSB, VRSD, Foyer, Personne, ecrire_stock, fichier_xml

pytestmark = pytest.mark.no_django_db

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "flux"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
VALIDES = sorted(p.name for p in FIXTURES.glob("*.xml") if p.name not in ("vrsb_tronque.xml", "vrsb_compte_faux.xml"))


def lire_fixture(nom):
    with open(FIXTURES / nom, "rb") as fichier:
        entete, foyers = lire(fichier)
        return entete, list(foyers)


def lus(nom):
    return [f for f in lire_fixture(nom)[1] if isinstance(f, FoyerLu)]


def membre(foyer, role):
    (trouve,) = [m for m in foyer.membres if m.role == role]
    return trouve


def octets_xml(texte, encodage="cp1252"):
    return io.BytesIO(texte.encode(encodage))


def nirs_du_fichier(octets):
    return set(re.findall(rb"<NIR>(\w+)</NIR>", octets))


# --- Every fixture --------------------------------------------------------------------------------------


@pytest.mark.parametrize("nom", VALIDES)
def test_chaque_fixture_se_lit_en_entier(nom):
    octets = (FIXTURES / nom).read_bytes()
    entete, foyers = lire_fixture(nom)
    assert entete.format == (VRSD if nom.startswith("vrsd") else VRSB)
    assert entete.type_flux == "I"
    assert entete.cree_le.tzinfo is not None
    assert entete.nb_foyers_annonces == len(foyers) == octets.count(b"<InfosFoyerRSA>")
    assert [f.numero for f in foyers] == list(range(1, len(foyers) + 1))
    for foyer in foyers:
        if isinstance(foyer, FoyerLu):
            assert foyer.organisme in ("CAF", "MSA")
            assert len(foyer.numero_allocataire) == 15
            assert foyer.membres
            for m in foyer.membres:
                # 13 characters, as received; the 15-character form (with the key) is a valid NIR.
                assert len(m.nir) == 13
                assert stdnum_nir.is_valid(m.nir + stdnum_nir.calc_check_digits(m.nir))
                assert m.nir[1:5] == m.date_naissance.strftime("%y%m")


def test_les_nir_des_fixtures_sont_distincts_par_personne():
    par_nir = {}
    for nom in VALIDES:
        for foyer in lus(nom):
            for m in foyer.membres:
                par_nir.setdefault(m.nir, set()).add((m.prenoms, m.date_naissance))
    assert all(len(personnes) == 1 for personnes in par_nir.values())


# --- Header ---------------------------------------------------------------------------------------------


def test_entete_date_heure_de_paris_date_de_reference_encodage():
    entete, _ = lire_fixture("vrsb_nouvel_entrant.xml")
    assert entete.cree_le == datetime.datetime(2025, 4, 4, 6, 30, tzinfo=PARIS)
    assert entete.date_reference == datetime.date(2025, 4, 3)
    assert entete.encodage == "cp1252"
    assert lire_fixture("vrsb_encodage_casse.xml")[0].encodage == "utf-8"


@pytest.mark.parametrize(
    ("heure", "attendu"),
    [("06:30:15", datetime.time(6, 30, 15)), ("063015", datetime.time(6, 30, 15)), ("0630", datetime.time(6, 30))],
)
def test_heure_de_creation_lue_sous_ses_formes(heure, attendu):
    texte = fichier_xml(VRSB, []).replace("<HEUCREAFLUX>06:30:00</HEUCREAFLUX>", f"<HEUCREAFLUX>{heure}</HEUCREAFLUX>")
    assert decouper(octets_xml(texte)).entete.cree_le.timetz() == attendu.replace(tzinfo=PARIS)


def test_sans_heure_de_creation_minuit_et_sans_encodage_declare_utf8():
    texte = fichier_xml(VRSB, []).replace("<HEUCREAFLUX>06:30:00</HEUCREAFLUX>", "")
    texte = texte.replace('<?xml version="1.0" encoding="windows-1252"?>', "")
    entete = decouper(octets_xml(texte)).entete
    assert entete.cree_le == datetime.datetime(2025, 4, 4, 0, 0, tzinfo=PARIS)
    assert entete.encodage == "utf-8"


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (b"", "vide"),
        (b"MATRICULE;NOM\n123;DUPONT\n", "pas un fichier XML"),
        (b'<?xml version="1.0"?>\n<Autre><IdentificationFlux/></Autre>', "« Autre »"),
        (b'<?xml version="1.0"?>\n<Racine><InfosFoyerRSA></InfosFoyerRSA></Racine>', "IdentificationFlux"),
        (b'<?xml version="1.0" encoding="UTF-16"?>\n<Racine/>', "non pris en charge"),
        (b'<?xml version="1.0" encoding="klingon"?>\n<Racine/>', "inconnu"),
    ],
)
def test_fichier_qui_n_est_pas_un_flux_refuse_des_l_entete(contenu, message):
    with pytest.raises(FormatInvalide, match=message):
        decouper(io.BytesIO(contenu))


@pytest.mark.parametrize(
    ("avant", "apres", "message"),
    [
        ("<TYPEFLUX>I</TYPEFLUX>", "<TYPEFLUX>X</TYPEFLUX>", "TYPEFLUX"),
        ("<DTCREAFLUX>2025-04-04</DTCREAFLUX>", "", "DTCREAFLUX"),
        ("<DTCREAFLUX>2025-04-04</DTCREAFLUX>", "<DTCREAFLUX>04/04/2025</DTCREAFLUX>", "DTCREAFLUX"),
        ("<DTREF>2025-04-03</DTREF>", "<DTREF>2025-02-30</DTREF>", "DTREF"),
    ],
)
def test_entete_illisible_refuse(avant, apres, message):
    texte = fichier_xml(VRSB, []).replace(avant, apres)
    with pytest.raises(FormatInvalide, match=message):
        decouper(octets_xml(texte))


def test_format_reconnu_aux_elements_du_premier_foyer_ou_a_la_racine():
    assert lire_fixture("vrsd_couple.xml")[0].format == VRSD
    assert lire_fixture("vrsb_couple.xml")[0].format == VRSB
    # A schema named on the root wins over the elements.
    texte = (FIXTURES / "vrsb_couple.xml").read_text("cp1252")
    texte = texte.replace("<Racine>", '<Racine xsi:noNamespaceSchemaLocation="VRSD0301.xsd">')
    assert decouper(octets_xml(texte)).entete.format == VRSD
    # No household: the format does not matter, VRSB0801 is said.
    assert decouper(octets_xml(fichier_xml(VRSD, []))).entete.format == VRSB


# --- The life of a right, field by field ---------------------------------------------------------------


@pytest.mark.parametrize("nom", ["vrsb_nouvel_entrant.xml", "vrsd_nouvel_entrant.xml"])
def test_nouvel_entrant(nom):
    (foyer,) = lus(nom)
    assert foyer.cle == ("CAF", "123456700000000")
    assert foyer.departement == "93"
    assert foyer.etat == "2"
    assert (foyer.date_demande, foyer.numero_demande) == (datetime.date(2025, 2, 10), "09300012345")
    assert foyer.majoration_isolement is True
    assert (foyer.nb_personnes, foyer.nb_enfants, foyer.situation_famille) == (2, 1, "CEL")
    assert (foyer.adresse, foyer.code_postal, foyer.code_insee, foyer.nom_commune) == (
        "8 RUE DES TILLEULS",
        "93200",
        "93066",
        "SAINT-DENIS",
    )
    assert foyer.date_emmenagement == datetime.date(2024, 11, 1)
    (ines,) = foyer.membres  # the child is counted, not returned
    assert (ines.role, ines.nir, ines.prenoms, ines.nom_naissance, ines.nom_usage) == (
        "demandeur",
        "2910993066101",
        "INES",
        "LEROUX",
        "",
    )
    assert (ines.date_naissance, ines.sexe) == (datetime.date(1991, 9, 14), "2")
    assert ines.soumis_droits_devoirs is True
    assert ines.nouvel_entrant is True
    assert ines.identifiant_france_travail == "0451236B"
    assert foyer.date_ouverture == (datetime.date(2025, 3, 1) if nom.startswith("vrsd") else None)


@pytest.mark.parametrize("nom", ["vrsb_couple.xml", "vrsd_couple.xml"])
def test_couple_demandeur_et_conjoint_chacun_son_drapeau(nom):
    (foyer,) = lus(nom)
    samia, karim = membre(foyer, "demandeur"), membre(foyer, "conjoint")
    assert (samia.prenoms, samia.nom_naissance, samia.nom_usage, samia.soumis_droits_devoirs) == (
        "SAMIA",
        "HADDAD",
        "BENALI",
        True,
    )
    assert (karim.prenoms, karim.soumis_droits_devoirs, karim.nouvel_entrant) == ("KARIM", False, False)
    assert (foyer.nb_personnes, foyer.nb_enfants, foyer.situation_famille) == (4, 2, "MAR")
    assert foyer.majoration_isolement is False


# The fields only one schema carries (caf-msa-flux.md §2, WebRSA's lists): VRSD's DTODRSA, VRSB's
# TOPFOYDRODEVORSA and DDRATDOS.
PROPRES_A_UN_SCHEMA = {"empreinte_brute": "", "date_ouverture": None, "soumis_droits_devoirs_foyer": None}


@pytest.mark.parametrize("cas", ["nouvel_entrant", "couple", "suspension"])
def test_les_deux_schemas_donnent_le_meme_foyer(cas):
    vrsb, vrsd = lire_fixture(f"vrsb_{cas}.xml"), lire_fixture(f"vrsd_{cas}.xml")
    assert (vrsb[0].format, vrsd[0].format) == (VRSB, VRSD)
    assert dataclasses.replace(vrsb[0], format="") == dataclasses.replace(vrsd[0], format="")
    assert [dataclasses.replace(f, **PROPRES_A_UN_SCHEMA) for f in vrsb[1]] == [
        dataclasses.replace(f, **PROPRES_A_UN_SCHEMA) for f in vrsd[1]
    ]


@pytest.mark.parametrize("nom", ["vrsb_suspension.xml", "vrsd_suspension.xml"])
def test_suspension_du_versement_et_du_droit(nom):
    versement, droit = lus(nom)
    assert (versement.etat, versement.motif_suspension, versement.date_suspension) == (
        "4",
        "06",
        datetime.date(2025, 3, 1),
    )
    assert (droit.etat, droit.motif_suspension, droit.date_suspension) == ("3", "GJ", datetime.date(2025, 2, 15))
    assert versement.motif_cloture == droit.motif_cloture == ""


@pytest.mark.parametrize(
    ("nom", "motifs"), [("vrsb_cloture.xml", ("PCG", "ECH")), ("vrsd_cloture.xml", ("CCG", "CMD"))]
)
def test_cloture_avec_motif_et_date_et_cloture_d_un_mois_anterieur(nom, motifs):
    clos, anterieur = lus(nom)
    assert (clos.etat, clos.motif_cloture, clos.date_cloture) == ("5", motifs[0], datetime.date(2025, 4, 30))
    assert (anterieur.etat, anterieur.motif_cloture, anterieur.date_cloture) == (
        "6",
        motifs[1],
        datetime.date(2025, 1, 31),
    )


def test_reouverture_etat_2_sans_motif():
    (clos,) = [f for f in lus("vrsb_cloture.xml") if f.numero_allocataire == "345678900000000"]
    (rouvert,) = lus("vrsb_reouverture.xml")
    assert rouvert.cle == clos.cle
    assert (rouvert.etat, rouvert.motif_cloture, rouvert.date_cloture, rouvert.motif_suspension) == ("2", "", None, "")
    assert lire_fixture("vrsb_reouverture.xml")[0].cree_le > lire_fixture("vrsb_cloture.xml")[0].cree_le


def test_changement_de_foyer_conjoint_sorti_situation_et_enfants():
    (avant,) = lus("vrsb_couple.xml")
    (apres,) = lus("vrsb_changement_foyer.xml")
    assert apres.cle == avant.cle
    karim = membre(apres, "conjoint")
    assert karim.date_sortie_foyer == datetime.date(2025, 4, 30)
    assert membre(avant, "conjoint").date_sortie_foyer is None
    assert (avant.situation_famille, apres.situation_famille) == ("MAR", "SEF")
    assert (avant.nb_enfants, apres.nb_enfants) == (2, 3)
    # The conjoint left before DTREF (2025-05-05): no longer counted; the new child is.
    assert (avant.nb_personnes, apres.nb_personnes) == (4, 4)
    assert apres.majoration_isolement is True
    assert apres.empreinte_brute != avant.empreinte_brute


def test_membre_sorti_apres_la_date_de_reference_encore_compte():
    foyer = Foyer(
        matricule="300000100000000",
        personnes=[
            Personne("DEM", "A", "A", datetime.date(1990, 1, 1), ordre=1, responsable="1"),
            Personne("CJT", "B", "B", datetime.date(1990, 1, 1), "1", ordre=2, sortie=datetime.date(2025, 4, 30)),
        ],
    )
    _, foyers = lire(octets_xml(fichier_xml(VRSB, [foyer], date_reference=datetime.date(2025, 4, 3))))
    (lu,) = foyers
    assert lu.nb_personnes == 2
    assert membre(lu, "conjoint").date_sortie_foyer == datetime.date(2025, 4, 30)


def test_demenagement_depart_cloture_mut_et_arrivee_avec_l_ancien_matricule():
    (depart,) = lus("vrsb_mutation_depart.xml")
    (cloture,) = lus("vrsb_mutation_cloture.xml")
    (arrivee,) = lus("vrsb_mutation_arrivee.xml")
    assert depart.mutation_sortante == datetime.date(2025, 4, 30)
    assert (depart.etat, depart.departement) == ("2", "93")
    assert (cloture.etat, cloture.motif_cloture, cloture.date_cloture) == ("5", "MUT", datetime.date(2025, 4, 30))
    assert arrivee.departement == "75"
    assert arrivee.numero_allocataire == "765432100000000"
    assert arrivee.ancien_numero_allocataire == depart.numero_allocataire == "456789000000000"
    assert arrivee.mutation_entrante == datetime.date(2025, 5, 1)
    assert (arrivee.code_insee, arrivee.code_postal, arrivee.adresse) == ("75111", "75011", "14 RUE OBERKAMPF")
    assert membre(arrivee, "demandeur").nir == membre(depart, "demandeur").nir


def test_fichier_plus_ancien_reconnaissable_a_sa_date_de_creation():
    recent, (foyer_recent,) = lire_fixture("vrsb_ordre_recent.xml")
    ancien, (foyer_ancien,) = lire_fixture("vrsb_ordre_ancien.xml")
    assert foyer_recent.cle == foyer_ancien.cle
    assert ancien.cree_le < recent.cree_le
    assert (foyer_recent.etat, foyer_ancien.etat) == ("4", "2")


def test_codes_inconnus_gardes_tels_quels():
    etat_inconnu, motif_inconnu = lus("vrsb_code_inconnu.xml")
    assert etat_inconnu.etat == "9"
    assert (motif_inconnu.etat, motif_inconnu.motif_suspension) == ("4", "Q7")


def test_codes_gardes_sans_les_espaces_de_bourrage():
    texte = (FIXTURES / "vrsb_suspension.xml").read_text("cp1252")
    texte = texte.replace("<MOTISUSVERSRSA>06</MOTISUSVERSRSA>", "<MOTISUSVERSRSA>06 </MOTISUSVERSRSA>")
    texte = texte.replace("<ETATDOSRSA>4</ETATDOSRSA>", "<ETATDOSRSA> 4</ETATDOSRSA>")
    _, foyers = lire(octets_xml(texte))
    premier = next(foyers)
    assert (premier.etat, premier.motif_suspension) == ("4", "06")


def test_drapeau_absent_est_inconnu_jamais_faux():
    (foyer,) = lus("vrsb_drapeau_absent.xml")
    claire, thomas = membre(foyer, "demandeur"), membre(foyer, "conjoint")
    assert claire.soumis_droits_devoirs is None
    assert claire.nouvel_entrant is None
    assert thomas.soumis_droits_devoirs is None
    assert thomas.nouvel_entrant is False
    assert foyer.soumis_droits_devoirs_foyer is None


def test_windows_1252_accents_lus_justes_et_foyer_msa():
    eloise_foyer, msa = lus("vrsb_windows1252.xml")
    eloise = membre(eloise_foyer, "demandeur")
    assert (eloise.nom_usage, eloise.nom_naissance, eloise.prenoms) == ("LEFÈVRE", "CŒUR", "ÉLOÏSE")
    assert eloise_foyer.adresse == "1 RUE DE L'ÉGLISE"
    assert msa.cle == ("MSA", "000987654321000")
    assert membre(msa, "demandeur").prenoms == "FRANÇOIS"


# --- Rejected households: alone, with a French reason, never a NIR -------------------------------------


def test_encodage_casse_ce_foyer_seul_rejete():
    octets = (FIXTURES / "vrsb_encodage_casse.xml").read_bytes()
    entete, foyers = lire_fixture("vrsb_encodage_casse.xml")
    assert entete.encodage == "utf-8"
    premier, rejete, troisieme = foyers
    assert membre(premier, "demandeur").prenoms == "HÉLÈNE"
    assert isinstance(rejete, FoyerRejete)
    assert rejete.numero == 2
    assert rejete.cle == ("CAF", "901234600000000")
    assert "encodage" in rejete.motif and "utf-8" in rejete.motif
    assert isinstance(troisieme, FoyerLu)
    assert all(nir.decode() not in rejete.motif for nir in nirs_du_fichier(octets))


def test_date_invalide_et_xml_mal_forme_rejetes_seuls():
    octets = (FIXTURES / "vrsb_rejets.xml").read_bytes()
    _, foyers = lire_fixture("vrsb_rejets.xml")
    assert [type(f).__name__ for f in foyers] == ["FoyerLu", "FoyerRejete", "FoyerRejete", "FoyerLu"]
    date, xml = foyers[1], foyers[2]
    assert "DTNAI" in date.motif and "1989-02-30" in date.motif
    assert date.cle == ("CAF", "111111200000000")
    assert "XML mal formé" in xml.motif
    assert xml.cle == ("CAF", "111111300000000")
    for rejete in (date, xml):
        assert all(nir.decode() not in rejete.motif for nir in nirs_du_fichier(octets))


@pytest.mark.parametrize("champ", ["DTCLORSA", "DDSUSVERSRSA", "DTDEMRSA", "DTEMM", "DDDEPAMUT"])
def test_date_invalide_nommee_dans_le_motif(champ):
    foyer = Foyer(
        matricule="300000200000000",
        personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1), responsable="1")],
        etat="4",
        suspension_versement=("06", datetime.date(2025, 3, 1)),
        fin_droit=("PCG", datetime.date(2025, 3, 1)),
        prenant=("CAF", "751", datetime.date(2025, 3, 1)),
    )
    texte = flux_xml.foyer_xml(VRSB, foyer)
    texte = re.sub(rf"<{champ}>[^<]*</{champ}>", f"<{champ}>2025-3-1</{champ}>", texte)
    rejete = lire_foyer(texte.encode(), encodage="utf-8", format=VRSB, numero=7)
    assert isinstance(rejete, FoyerRejete)
    assert rejete.numero == 7
    assert champ in rejete.motif


def test_une_date_qui_ressemble_a_un_nir_n_apparait_pas_dans_le_motif():
    texte = flux_xml.foyer_xml(
        VRSB,
        Foyer(matricule="300000300000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))]),
    ).replace("<DTNAI>1990-01-01</DTNAI>", "<DTNAI>2900193066123</DTNAI>")
    rejete = lire_foyer(texte.encode(), encodage="utf-8", format=VRSB, numero=1)
    assert "DTNAI" in rejete.motif
    assert "2900193066123" not in rejete.motif and "90019306" not in rejete.motif


def test_foyer_sans_matricule_rejete():
    texte = flux_xml.foyer_xml(
        VRSB, Foyer(matricule="", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
    )
    rejete = lire_foyer(texte.encode(), encodage="utf-8", format=VRSB, numero=1)
    assert isinstance(rejete, FoyerRejete)
    assert "MATRICULE" in rejete.motif
    assert rejete.cle is None


# --- Truncated files: nothing is given before the error ------------------------------------------------


def test_fichier_tronque_lire_refuse_avant_de_donner_un_foyer():
    with (
        open(FIXTURES / "vrsb_tronque.xml", "rb") as fichier,
        pytest.raises(FormatInvalide, match=r"tronqué.*rien n'a été écrit"),
    ):
        lire(fichier)


def test_fichier_tronque_decouper_leve_a_la_fin_apres_les_foyers_complets():
    with open(FIXTURES / "vrsb_tronque.xml", "rb") as fichier:
        decoupage = decouper(fichier)
        vus = []

        def parcourir():
            for segment in decoupage:
                vus.append(segment.numero_allocataire)

        with pytest.raises(FormatInvalide, match=r"foyer n° 2 est coupé \(1 foyer lu en entier\)"):
            parcourir()
    assert vus == ["222222100000000"]


def test_nombre_annonce_different_du_nombre_lu():
    with (
        open(FIXTURES / "vrsb_compte_faux.xml", "rb") as fichier,
        pytest.raises(FormatInvalide, match="2 foyers lus, 3 annoncés"),
    ):
        lire(fichier)


def test_milliers_dans_le_message():
    foyers = [
        Foyer(matricule=f"4{i:06d}00000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
        for i in range(3)
    ]
    texte = fichier_xml(VRSB, foyers, annonce=1250)
    with pytest.raises(FormatInvalide, match="3 foyers lus, 1 250 annoncés"):
        lire(octets_xml(texte))


@pytest.mark.parametrize(
    "coupe",
    [
        lambda t: t.replace("</Racine>\n", ""),  # no end of root
        lambda t: t[: t.index(" <TransmissionFlux>")] + "</Racine>\n",  # no trailer
        lambda t: t + "<Racine>",  # something after the root
    ],
)
def test_fin_de_flux_manquante_ou_abimee(coupe):
    foyer = Foyer(matricule="500000100000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
    with pytest.raises(FormatInvalide, match="tronqué"):
        lire(octets_xml(coupe(fichier_xml(VRSB, [foyer]))))


def test_foyer_coupe_au_milieu_du_fichier_refuse_le_fichier():
    foyers = [
        Foyer(matricule=f"6{i:06d}00000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
        for i in range(3)
    ]
    texte = fichier_xml(VRSB, foyers)
    milieu = texte.index("<InfosFoyerRSA>", texte.index("<InfosFoyerRSA>") + 1)
    coupe = texte[: milieu + 200] + texte[texte.index("<InfosFoyerRSA>", milieu + 1) :]
    with pytest.raises(FormatInvalide, match="2 foyers lus, 3 annoncés"):
        lire(octets_xml(coupe))


def test_contenu_inattendu_entre_deux_foyers():
    foyers = [
        Foyer(matricule=f"7{i:06d}00000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
        for i in range(2)
    ]
    texte = fichier_xml(VRSB, foyers)
    second = texte.index("<InfosFoyerRSA>", texte.index("<InfosFoyerRSA>") + 1)
    with pytest.raises(FormatInvalide, match="Contenu inattendu"):
        lire(octets_xml(texte[:second] + "<Intrus>1</Intrus>\n" + texte[second:]))
    # A comment between two households is fine.
    _, lus_ = lire(octets_xml(texte[:second] + "<!-- lot 2 -->\n" + texte[second:]))
    assert len(list(lus_)) == 2


# --- Segments: offsets, keys, hashes, chunk boundaries -------------------------------------------------


def test_segments_decalage_longueur_cle_et_empreinte():
    with open(FIXTURES / "vrsb_suspension.xml", "rb") as fichier:
        segments = list(decouper(fichier))
        assert [(s.numero, s.organisme, s.numero_allocataire) for s in segments] == [
            (1, "CAF", "345678900000000"),
            (2, "CAF", "456789000000000"),
        ]
        for segment in segments:
            octets = lire_segment(fichier, segment)
            assert octets.startswith(b"<InfosFoyerRSA>") and octets.endswith(b"</InfosFoyerRSA>")
            assert segment.empreinte_brute == hashlib.blake2b(octets, digest_size=16).hexdigest()
            foyer = lire_foyer(octets, encodage="cp1252", format=VRSB, numero=segment.numero)
            assert foyer.empreinte_brute == segment.empreinte_brute
            assert foyer.cle == (segment.organisme, segment.numero_allocataire)


def test_empreinte_brute_stable_d_un_fichier_a_l_autre_et_sensible_au_contenu():
    (martin_suspendu,) = [f for f in lus("vrsb_suspension.xml") if f.numero_allocataire == "345678900000000"]
    (martin_clos,) = [f for f in lus("vrsb_cloture.xml") if f.numero_allocataire == "345678900000000"]
    assert martin_suspendu.empreinte_brute != martin_clos.empreinte_brute
    # The same household in a file of another kind, date and rank: the same raw hash.
    (petit,) = lus("vrsb_ordre_ancien.xml")
    texte = (FIXTURES / "vrsb_ordre_ancien.xml").read_text("cp1252")
    foyer = texte[texte.index(" <InfosFoyerRSA>") : texte.index(" <TransmissionFlux>")]
    autre = fichier_xml(
        VRSB,
        [Foyer(matricule="999999900000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])],
        type_flux="M",
        cree_le=datetime.datetime(2025, 6, 1, 2, 0),
        annonce=2,
    ).replace(" <TransmissionFlux>", foyer + " <TransmissionFlux>")
    _, foyers = lire(octets_xml(autre))
    _, meme = list(foyers)
    assert (meme.numero, meme.cle) == (2, petit.cle)
    assert meme.empreinte_brute == petit.empreinte_brute


@pytest.mark.parametrize("taille", [7, 64, 1000])
def test_petits_morceaux_memes_segments(taille):
    octets = (FIXTURES / "vrsb_couple.xml").read_bytes()
    texte = fichier_xml(
        VRSB,
        [
            Foyer(matricule=f"8{i:06d}00000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
            for i in range(5)
        ],
    )
    for donnees in (octets, texte.encode("cp1252")):
        attendu = list(decouper(io.BytesIO(donnees)))
        assert list(decouper(io.BytesIO(donnees), taille_morceau=taille)) == attendu


def test_un_decoupage_ne_se_parcourt_qu_une_fois():
    with open(FIXTURES / "vrsb_couple.xml", "rb") as fichier:
        decoupage = decouper(fichier)
        list(decoupage)
        with pytest.raises(RuntimeError):
            list(decoupage)


# --- Roles, counts, majoration ------------------------------------------------------------------------


def _foyer_ben(premier_responsable):
    return Foyer(
        matricule="900000100000000",
        personnes=[
            Personne("BEN", "UN", "PREMIER", datetime.date(1980, 1, 1), "1", ordre=1, responsable=premier_responsable),
            Personne(
                "BEN",
                "DEUX",
                "SECOND",
                datetime.date(1981, 1, 1),
                "2",
                ordre=2,
                responsable=str(1 - int(premier_responsable)),
            ),
        ],
    )


def test_vrsd_ben_departage_par_toprespdos_ou_par_l_ordre():
    octets = flux_xml.foyer_xml(VRSD, _foyer_ben("0")).encode()
    par_defaut = lire_foyer(octets, encodage="utf-8", format=VRSD, numero=1)
    assert membre(par_defaut, "demandeur").prenoms == "SECOND"
    assert membre(par_defaut, "conjoint").prenoms == "PREMIER"
    par_ordre = lire_foyer(octets, encodage="utf-8", format=VRSD, numero=1, role_ben="ordre")
    assert membre(par_ordre, "demandeur").prenoms == "PREMIER"
    with pytest.raises(ValueError, match="role_ben"):
        lire_foyer(octets, encodage="utf-8", format=VRSD, numero=1, role_ben="hasard")


def test_enfants_et_autres_comptes_mais_pas_rendus_rdo_ignore():
    foyer = Foyer(
        matricule="900000200000000",
        personnes=[
            Personne("DEM", "A", "A", datetime.date(1980, 1, 1), ordre=1, responsable="1"),
            Personne("ENF", "A", "E", datetime.date(2015, 1, 1), nir="", drapeau=None, entrant=None),
            Personne("AUT", "A", "G", datetime.date(1950, 1, 1), ordre=3),
            Personne("RDO", "Z", "Z", datetime.date(1960, 1, 1), ordre=4),
        ],
    )
    lu = lire_foyer(flux_xml.foyer_xml(VRSB, foyer).encode(), encodage="utf-8", format=VRSB, numero=1)
    assert [m.role for m in lu.membres] == ["demandeur"]
    assert (lu.nb_personnes, lu.nb_enfants) == (3, 1)


@pytest.mark.parametrize(("natpf", "attendu"), [(("RSD", "RCI"), True), (("RSD",), False), ((), None)])
@pytest.mark.parametrize("format_", [VRSB, VRSD])
def test_majoration_isolement_lue_dans_la_nature_de_la_prestation(natpf, attendu, format_):
    foyer = Foyer(
        matricule="900000300000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))], natpf=natpf
    )
    lu = lire_foyer(flux_xml.foyer_xml(format_, foyer).encode(), encodage="utf-8", format=format_, numero=1)
    assert lu.majoration_isolement is attendu


@pytest.mark.parametrize(
    ("ideparte", "attendu"), [("093", "93"), ("02A", "2A"), ("02B", "2B"), ("974", "974"), ("93", "93"), ("", "")]
)
def test_departement_au_code_de_la_plateforme(ideparte, attendu):
    foyer = Foyer(
        matricule="900000400000000",
        personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))],
        departement=ideparte,
    )
    lu = lire_foyer(flux_xml.foyer_xml(VRSB, foyer).encode(), encodage="utf-8", format=VRSB, numero=1)
    assert lu.departement == attendu


def test_vrsd_departement_de_l_entete_quand_le_foyer_n_en_a_pas():
    foyer = Foyer(
        matricule="900000500000000", personnes=[Personne("BEN", "A", "A", datetime.date(1990, 1, 1))], departement=""
    )
    _, foyers = lire(octets_xml(fichier_xml(VRSD, [foyer], departement="02A")))
    assert next(foyers).departement == "2A"


def test_adresse_de_rang_01_seulement():
    foyer = Foyer(matricule="900000600000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
    texte = flux_xml.foyer_xml(VRSB, foyer)
    ancienne = (
        "   <Adresse><TroncCommunAdresse><RGADR>02</RGADR><DTEMM>2010-01-01</DTEMM></TroncCommunAdresse>"
        "<AdresseDetailleeFrance><NUMVOIE>1</NUMVOIE><NOMVOIE>ANCIENNE RUE</NOMVOIE><NUMCOM>93048</NUMCOM>"
        "<CODEPOS>93100</CODEPOS><NOMCOM>MONTREUIL</NOMCOM></AdresseDetailleeFrance></Adresse>\n"
    )
    texte = texte.replace("   <Adresse>", ancienne + "   <Adresse>", 1)
    lu = lire_foyer(texte.encode(), encodage="utf-8", format=VRSB, numero=1)
    assert (lu.adresse, lu.code_insee, lu.date_emmenagement) == (
        "8 RUE DES TILLEULS",
        "93066",
        datetime.date(2024, 11, 1),
    )


# --- The generator and the bounds ---------------------------------------------------------------------


@pytest.mark.parametrize("format_", [VRSB, VRSD])
def test_generateur_fichier_valide_lu_en_entier(tmp_path, format_):
    chemin = tmp_path / "stock.xml"
    etats = {3: "4", 4: "3", 5: "5"}
    ecrire_stock(chemin, 60, graine=4, format=format_, etat=lambda i: etats.get(i, "2"))
    with open(chemin, "rb") as fichier:
        entete, foyers = lire(fichier)
        foyers = list(foyers)
    assert (entete.format, entete.type_flux, entete.nb_foyers_annonces) == (format_, "M", 60)
    assert all(isinstance(f, FoyerLu) for f in foyers)
    assert len({f.cle for f in foyers}) == 60
    assert sum(len(f.membres) for f in foyers) == 80  # one couple in three
    assert [(f.etat, f.motif_suspension, f.motif_cloture) for f in foyers[3:6]] == [
        ("4", "06", ""),
        ("3", "GJ", ""),
        ("5", "", "PCG"),
    ]
    nirs = [m.nir for f in foyers for m in f.membres]
    assert len(set(nirs)) == len(nirs)
    assert all(stdnum_nir.is_valid(n + stdnum_nir.calc_check_digits(n)) for n in nirs)
    assert {f.organisme for f in foyers} == {"CAF", "MSA"}


def test_generateur_meme_graine_memes_foyers(tmp_path):
    ecrire_stock(tmp_path / "a.xml", 30, graine=5)
    ecrire_stock(tmp_path / "b.xml", 30, graine=5, etat=lambda i: "4" if i == 7 else "2")
    with open(tmp_path / "a.xml", "rb") as a, open(tmp_path / "b.xml", "rb") as b:
        empreintes_a = [s.empreinte_brute for s in decouper(a)]
        empreintes_b = [s.empreinte_brute for s in decouper(b)]
    assert [i for i, (x, y) in enumerate(zip(empreintes_a, empreintes_b, strict=True)) if x != y] == [7]


def test_memoire_bornee_sur_un_gros_fichier(tmp_path):
    """The scan holds one chunk and one household, whatever the file's size; so does ``lire`` (tracemalloc
    counts Python's allocations, lxml's own are freed with each household's tree)."""
    chemin = tmp_path / "gros.xml"
    ecrire_stock(chemin, 20_000, graine=2)
    assert chemin.stat().st_size > 30 * 2**20
    tracemalloc.start()
    try:
        with open(chemin, "rb") as fichier:
            assert sum(1 for _ in decouper(fichier)) == 20_000
        _, pic_decoupage = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with open(chemin, "rb") as fichier:
            _, foyers = lire(fichier, verifier_d_abord=False)
            # The first 3 000 households through lxml (the whole file is slow under tracemalloc).
            assert sum(1 for f in itertools.islice(foyers, 3000) if isinstance(f, FoyerLu)) == 3000
        _, pic_lecture = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert pic_decoupage < 4 * 2**20
    assert pic_lecture < 4 * 2**20


def test_taille_maximale_d_un_foyer(monkeypatch):
    monkeypatch.setattr(cnaf_xml, "TAILLE_MAX_FOYER", 2000)
    foyer = Foyer(matricule="900000700000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
    texte = fichier_xml(VRSB, [foyer])
    ouvert = texte.replace("</InfosFoyerRSA>", "") + " " * 5000
    with pytest.raises(FormatInvalide, match="dépasse"):
        list(decouper(octets_xml(ouvert), taille_morceau=512))


class _Flot:
    """A stream that only reads (an upload in flight, a pipe): no tell, no seek."""

    def __init__(self, octets):
        self._interne = io.BytesIO(octets)

    def read(self, taille=-1):
        return self._interne.read(taille)


def test_decouper_un_flot_sans_retour_en_arriere():
    octets = (FIXTURES / "vrsb_suspension.xml").read_bytes()
    decoupage = decouper(_Flot(octets), taille_morceau=100)
    assert decoupage.entete.nb_foyers_annonces is None  # the end cannot be read first
    segments = list(decoupage)
    assert [s.numero_allocataire for s in segments] == ["345678900000000", "456789000000000"]
    assert decoupage.entete.nb_foyers_annonces == 2  # known once the scan is done
    assert segments == list(decouper(io.BytesIO(octets)))
    with pytest.raises(FormatInvalide, match="tronqué"):
        list(decouper(_Flot((FIXTURES / "vrsb_tronque.xml").read_bytes())))


def test_parametres_foyer_de_l_entete():
    with open(FIXTURES / "vrsd_couple.xml", "rb") as fichier:
        decoupage = decouper(fichier)
        assert decoupage.parametres_foyer() == {
            "encodage": "cp1252",
            "format": VRSD,
            "date_reference": datetime.date(2025, 4, 3),
            "departement_defaut": "93",
            "espaces_de_noms": "",
        }
        (segment,) = list(decoupage)
        foyer = lire_foyer(lire_segment(fichier, segment), numero=segment.numero, **decoupage.parametres_foyer())
    assert foyer == lus("vrsd_couple.xml")[0]


def test_un_autre_flux_cnaf_refuse_des_le_debut():
    """The instruction flow (VIRS) has the same root and header but InfoDemandeRSA, not InfosFoyerRSA."""
    instruction = (
        '<?xml version="1.0" encoding="windows-1252"?>\n<Racine>\n<IdentificationFlux><TYPEFLUX>I</TYPEFLUX>'
        "<DTCREAFLUX>2025-04-04</DTCREAFLUX></IdentificationFlux>\n"
        + "<InfoDemandeRSA><IdentificationRSA><Organisme><FONORG>CAF</FONORG></Organisme></IdentificationRSA>"
        "</InfoDemandeRSA>\n" * 20_000
    )
    with pytest.raises(FormatInvalide, match="pas un flux bénéficiaires RSA"):
        decouper(octets_xml(instruction))
    # An empty flow (no household, a proper end) is a flow.
    assert list(decouper(octets_xml(fichier_xml(VRSB, [])))) == []


@pytest.mark.parametrize(
    ("sexe", "qual", "attendu"), [("2", "MR", "2"), ("", "MR", "1"), ("", "MME", "2"), ("", "", "")]
)
def test_sexe_lu_dans_sexe_sinon_dans_la_civilite(sexe, qual, attendu):
    texte = flux_xml.foyer_xml(
        VRSB, Foyer(matricule="900000800000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
    )
    texte = re.sub(r"<SEXE>\d</SEXE>", f"<SEXE>{sexe}</SEXE>", texte)
    texte = re.sub(r"<QUAL>\w+</QUAL>", f"<QUAL>{qual}</QUAL>", texte)
    lu = lire_foyer(texte.encode(), encodage="utf-8", format=VRSB, numero=1)
    assert lu.membres[0].sexe == attendu


def test_espaces_de_noms_de_la_racine():
    """A generator from the XSD may qualify the root and write xsi:nil in a household: each household is
    parsed alone, within the root's prefixed namespaces; a default namespace leaves the elements unqualified."""
    foyer = Foyer(matricule="900000900000000", personnes=[Personne("DEM", "A", "A", datetime.date(1990, 1, 1))])
    texte = fichier_xml(VRSB, [foyer]).replace(
        "<Racine>",
        '<Racine xmlns="urn:cnaf:flux" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="vrsb0801.xsd">',
    )
    texte = texte.replace("<NUMVOIE>8</NUMVOIE>", '<NUMVOIE xsi:nil="true"/>')
    entete, foyers = lire(octets_xml(texte))
    (lu,) = list(foyers)
    assert entete.format == VRSB
    assert isinstance(lu, FoyerLu)
    assert (lu.numero_allocataire, lu.adresse) == ("900000900000000", "RUE DES TILLEULS")
    # Without the root's declarations, the prefix is unknown: the reason the reader passes them.
    (segment,) = list(decouper(octets_xml(texte)))
    octets = octets_xml(texte).getvalue()[segment.debut : segment.debut + segment.longueur]
    assert isinstance(lire_foyer(octets, encodage="cp1252", format=VRSB, numero=1), FoyerRejete)


def test_iso_8859_1_declare_et_marque_utf8():
    foyer = Foyer(
        matricule="910000100000000", personnes=[Personne("DEM", "GÉRARD", "ANAÏS", datetime.date(1990, 1, 1))]
    )
    latin1 = fichier_xml(VRSB, [foyer], encodage="ISO-8859-1")
    entete, foyers = lire(octets_xml(latin1, "latin-1"))
    assert entete.encodage == "iso8859-1"
    assert next(foyers).membres[0].prenoms == "ANAÏS"
    utf8 = fichier_xml(VRSB, [foyer], encodage="UTF-8")
    entete, foyers = lire(io.BytesIO(b"\xef\xbb\xbf" + utf8.encode()))
    assert entete.encodage == "utf-8"
    assert next(foyers).membres[0].nom_naissance == "GÉRARD"
    with pytest.raises(FormatInvalide, match="marque UTF-8"):
        decouper(io.BytesIO(b"\xef\xbb\xbf" + latin1.encode("latin-1")))


def test_lire_sans_verification_prealable_leve_a_la_fin():
    with open(FIXTURES / "vrsb_tronque.xml", "rb") as fichier:
        _, foyers = lire(fichier, verifier_d_abord=False)
        premier = next(foyers)
        assert premier.numero_allocataire == "222222100000000"
        with pytest.raises(FormatInvalide, match="tronqué"):
            next(foyers)
