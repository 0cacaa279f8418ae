"""The RSA flow's writer (inscription/ecriture_flux.py), fed households built in Python (whatever the
reader): the life of a right from one file to the next, order safety, the report, a monthly stock's
absent households."""

import dataclasses
import datetime
import hashlib
import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from stdnum.fr import nir as stdnum_nir

from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune
from inscription import ecriture_flux, import_caf, import_xml
from inscription.enums import AbsentsDuStock, Canal, Categorie, FormatFlux, ResultatLigne, RoleFoyer, StatutImport
from inscription.flux import cnaf_xml
from inscription.flux.modele import (
    QUOTIDIEN,
    STOCK_MENSUEL,
    EnteteFlux,
    FoyerLu,
    FoyerRejete,
    MembreLu,
    empreinte_foyer,
)
from inscription.models import DossierInscription, DroitRSA, FoyerRSA, ImportFluxCAF, ReglagesFluxDepartement
from orientation.models import DecisionOrientation
from tests.factories import PersonneFactory
from tests.inscription.flux_xml import Foyer as FoyerXML
from tests.inscription.flux_xml import Personne as PersonneXML
from tests.inscription.flux_xml import fichier_xml

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NIR_INES = "2910969123456"  # 13 characters, as the XML gives it (no key)
NIR_SAMUEL = "1880199350077"


def le(jour, mois=4, annee=2025):
    return datetime.datetime(annee, mois, jour, 8, 0, tzinfo=PARIS)


def entete(cree_le=None, type_flux=QUOTIDIEN):
    return EnteteFlux(format=FormatFlux.VRSB0801, type_flux=type_flux, cree_le=cree_le or le(4))


def commune(departement="93"):
    return Commune.objects.filter(departement_id=departement, type_commune="COM").exclude(codes_postaux=[]).first()


def demandeur(**kwargs):
    valeurs = {
        "role": RoleFoyer.DEMANDEUR,
        "nir": NIR_INES,
        "nom_naissance": "LEROUX",
        "nom_usage": "",
        "prenoms": "INES",
        "date_naissance": datetime.date(1991, 9, 12),
        "sexe": "2",
        "soumis_droits_devoirs": True,
    }
    return MembreLu(**(valeurs | kwargs))


def conjoint(**kwargs):
    valeurs = {
        "role": RoleFoyer.CONJOINT,
        "nir": NIR_SAMUEL,
        "nom_naissance": "BARRY",
        "nom_usage": "",
        "prenoms": "SAMUEL",
        "date_naissance": datetime.date(1988, 1, 20),
        "sexe": "1",
        "soumis_droits_devoirs": False,
    }
    return MembreLu(**(valeurs | kwargs))


def foyer(numero=1, *, membres=None, departement="93", allocataire="765432100000000", **kwargs):
    lieu = commune(departement)
    valeurs = {
        "numero": numero,
        "organisme": "CAF",
        "numero_allocataire": allocataire,
        "departement": departement,
        "etat": "2",
        "membres": tuple(membres) if membres is not None else (demandeur(),),
        "date_demande": datetime.date(2025, 2, 10),
        "nb_personnes": 1,
        "nb_enfants": 0,
        "adresse": "8 RUE DES TILLEULS",
        "code_postal": lieu.codes_postaux[0],
        "code_insee": lieu.code_insee,
    }
    return FoyerLu(**(valeurs | kwargs))


def importer(elements, cree_le=None, type_flux=QUOTIDIEN, nom="RSABEI.xml", departement=None):
    imp = ImportFluxCAF.objects.create(nom_fichier=nom, format=FormatFlux.VRSB0801, departement_id=departement)
    tete = entete(cree_le, type_flux)
    ecriture_flux.commencer(imp)  # as a run does: the households a monthly stock listed are per run
    bilan = ecriture_flux.ecrire_lot(imp, tete, elements)
    ecriture_flux.traiter_absents_du_stock(imp, tete)
    imp.refresh_from_db()
    return imp, bilan


def compteurs(imp):
    return {
        "creees": imp.nb_creees,
        "mises_a_jour": imp.nb_mises_a_jour,
        "inchangees": imp.nb_inchangees,
        "cloturees": imp.nb_cloturees,
        "ignorees": imp.nb_ignorees,
        "rejetees": imp.nb_rejetees,
    }


def ligne(imp, numero=1):
    return imp.lignes.get(numero_ligne=numero)


def personne(nir13):
    return DossierInscription.objects.get(nir=ecriture_flux.nir_complet(nir13)).personne


def test_nir_complet_calcule_la_cle_des_13_caracteres_du_flux():
    assert ecriture_flux.nir_complet(NIR_INES) == NIR_INES + stdnum_nir.calc_check_digits(NIR_INES)
    assert ecriture_flux.nir_complet("2910969123456" + "99") == "291096912345699"
    assert ecriture_flux.nir_complet("") is None
    assert ecriture_flux.nir_complet("12345") is None
    # Corsica: 2A/2B read as 19/18 for the key.
    assert ecriture_flux.nir_complet("185012A123456") == "185012A123456" + stdnum_nir.calc_check_digits(
        "185012A123456"
    )


def _empreinte_de_reference(foyer):
    """The hash as first written (``dataclasses.astuple``): the field-by-field one must not drift from it."""
    valeurs = [
        (f.name, getattr(foyer, f.name))
        for f in dataclasses.fields(foyer)
        if f.name not in ("numero", "empreinte_brute", "membres")
    ]
    membres = [
        dataclasses.astuple(m)
        for m in sorted(foyer.membres, key=lambda m: (m.role, m.nir, m.date_naissance or datetime.date.min))
    ]
    return hashlib.blake2b(repr((valeurs, membres)).encode(), digest_size=16).hexdigest()


def test_l_empreinte_du_redacteur_est_celle_du_modele():
    foyers = [
        foyer(),
        foyer(membres=[conjoint(), demandeur(nir="")], nb_personnes=None, majoration_isolement=True),
        foyer(membres=[], etat="9", date_cloture=datetime.date(2025, 1, 1), empreinte_brute="x"),
        foyer(membres=[demandeur(date_naissance=None, soumis_droits_devoirs=None, email="a@b.fr")]),
    ]
    assert [empreinte_foyer(f) for f in foyers] == [_empreinte_de_reference(f) for f in foyers]
    assert len({empreinte_foyer(f) for f in foyers}) == 4


def test_un_nouvel_entrant_est_inscrit_oriente_et_son_foyer_enregistre():
    imp, bilan = importer([foyer()])
    assert compteurs(imp) == {
        "creees": 1,
        "mises_a_jour": 0,
        "inchangees": 0,
        "cloturees": 0,
        "ignorees": 0,
        "rejetees": 0,
    }
    dossier = DossierInscription.objects.get(nir=NIR_INES + stdnum_nir.calc_check_digits(NIR_INES))
    assert (dossier.canal, dossier.categorie, dossier.statut) == (Canal.FLUX_CAF_MSA, Categorie.G, "inscrit")
    ines = dossier.personne
    assert (ines.nom_naissance, ines.prenoms, ines.departement_id) == ("LEROUX", "INES", "93")
    foyer_rsa = FoyerRSA.objects.get(organisme_payeur="CAF", numero_allocataire="765432100000000")
    assert (foyer_rsa.etat, foyer_rsa.departement_id, foyer_rsa.date_flux) == ("2", "93", le(4))
    assert foyer_rsa.empreinte and foyer_rsa.import_source_id == imp.pk
    droit = DroitRSA.objects.get(personne=ines)
    assert (droit.foyer_id, droit.soumis_droits_devoirs, droit.role) == (foyer_rsa.pk, True, RoleFoyer.DEMANDEUR)
    assert droit.date_ouverture == datetime.date(2025, 2, 10)
    # Oriented as the historical flow did (the signal's receiver proposes an orientation).
    assert DecisionOrientation.objects.filter(personne=ines).exists()
    rapport = ligne(imp)
    assert rapport.resultat == ResultatLigne.CREEE
    assert rapport.numero_allocataire == "765432100000000"
    assert "demandeur inscrit(e) pour orientation" in rapport.motif
    assert NIR_INES not in rapport.contenu and "LEROUX" in rapport.contenu
    # The new right is handed over to its consequences.
    assert [(c.personne_id, c.etat_avant, c.etat_apres) for c in bilan.changements] == [(ines.pk, "", "2")]


def test_l_historique_de_la_personne_dit_le_fichier_qui_l_a_change():
    imp, _ = importer([foyer()], nom="RSABEI_20250404.xml")
    ines = personne(NIR_INES)
    evenement = Personne.pgh_event_model.objects.get(pgh_obj_id=ines.pk, pgh_label="insert")
    assert evenement.pgh_context.metadata["import_flux_caf"] == imp.pk
    assert evenement.pgh_context.metadata["fichier"] == "RSABEI_20250404.xml"
    droit = DroitRSA.pgh_event_model.objects.get(pgh_obj_id=DroitRSA.objects.get(personne=ines).pk)
    assert droit.pgh_context.metadata["import_flux_caf"] == imp.pk
    evenement_foyer = FoyerRSA.pgh_event_model.objects.get(pgh_label="insert", pgh_obj_id=FoyerRSA.objects.get().pk)
    assert evenement_foyer.pgh_context.metadata["import_flux_caf"] == imp.pk


def test_un_conjoint_non_soumis_est_rattache_au_foyer_sans_etre_oriente():
    imp, _ = importer([foyer(membres=[demandeur(), conjoint()], nb_personnes=2)])
    assert imp.nb_creees == 1
    samuel = Personne.objects.get(nom_naissance="BARRY")
    droit = DroitRSA.objects.get(personne=samuel)
    assert (droit.role, droit.soumis_droits_devoirs, droit.numero_allocataire) == (
        RoleFoyer.CONJOINT,
        False,
        "765432100000000",
    )
    assert droit.foyer_id == DroitRSA.objects.get(personne=personne(NIR_INES)).foyer_id
    assert droit.nb_personnes_foyer == 2
    # No registration file: never in the lists of people to orient or invite.
    assert not DossierInscription.objects.filter(personne=samuel).exists()
    assert not DecisionOrientation.objects.filter(personne=samuel).exists()
    assert "conjoint rattaché(e) au foyer, non orienté(e) (non soumis aux droits et devoirs)" in ligne(imp).motif

    # Next file: the same conjoint (found by allocataire, role, birth date and names) is now subject.
    imp, _ = importer(
        [foyer(membres=[demandeur(), conjoint(soumis_droits_devoirs=True)], nb_personnes=2)], cree_le=le(5)
    )
    assert Personne.objects.filter(nom_naissance="BARRY").count() == 1
    dossier = DossierInscription.objects.get(personne=samuel)
    assert (dossier.categorie, dossier.nir) == (Categorie.G, ecriture_flux.nir_complet(NIR_SAMUEL))
    assert DecisionOrientation.objects.filter(personne=samuel).exists()
    assert ligne(imp).resultat == ResultatLigne.CREEE


def test_un_conjoint_soumis_est_inscrit_comme_le_demandeur():
    imp, _ = importer([foyer(membres=[demandeur(), conjoint(soumis_droits_devoirs=True)], nb_personnes=2)])
    samuel = personne(NIR_SAMUEL)
    assert DecisionOrientation.objects.filter(personne=samuel).exists()
    assert DroitRSA.objects.get(personne=samuel).role == RoleFoyer.CONJOINT


def test_suspension_cloture_puis_reouverture():
    importer([foyer()], cree_le=le(1))
    ines = personne(NIR_INES)
    decisions = DecisionOrientation.objects.filter(personne=ines).count()

    imp, bilan = importer(
        [foyer(etat="4", motif_suspension="06", date_suspension=datetime.date(2025, 4, 1))], cree_le=le(2)
    )
    foyer_rsa = FoyerRSA.objects.get()
    assert (foyer_rsa.etat, foyer_rsa.motif_suspension, foyer_rsa.etat_depuis) == (
        "4",
        "06",
        datetime.date(2025, 4, 1),
    )
    assert (imp.nb_mises_a_jour, ligne(imp).resultat) == (1, ResultatLigne.MISE_A_JOUR)
    assert "droit suspendu (motif 06)" in ligne(imp).motif
    (changement,) = bilan.changements
    assert (changement.personne_id, changement.etat_avant, changement.etat_apres, changement.motif) == (
        ines.pk,
        "2",
        "4",
        "06",
    )
    assert changement.date == datetime.date(2025, 4, 1)

    imp, bilan = importer(
        [foyer(etat="5", motif_cloture="PCG", date_cloture=datetime.date(2025, 4, 3))], cree_le=le(3)
    )
    assert (imp.nb_cloturees, ligne(imp).resultat) == (1, ResultatLigne.CLOTUREE)
    assert "droit clos (motif PCG)" in ligne(imp).motif
    assert FoyerRSA.objects.get().date_cloture == datetime.date(2025, 4, 3)
    assert [(c.etat_avant, c.etat_apres, c.motif) for c in bilan.changements] == [("4", "5", "PCG")]

    imp, bilan = importer([foyer()], cree_le=le(4))
    assert ligne(imp).resultat == ResultatLigne.MISE_A_JOUR
    assert "droit rouvert" in ligne(imp).motif
    assert FoyerRSA.objects.get().motif_cloture == ""  # a reopened right clears the old reason
    assert [(c.etat_avant, c.etat_apres) for c in bilan.changements] == [("5", "2")]
    # Nobody was created twice, and the writer itself does not re-orient (vie_du_droit decides).
    assert Personne.objects.count() == 1
    assert DecisionOrientation.objects.filter(personne=ines).count() == decisions


def test_une_personne_inconnue_d_un_droit_clos_n_est_pas_creee():
    imp, bilan = importer([foyer(etat="5", motif_cloture="ECH")])
    assert not Personne.objects.exists()
    assert FoyerRSA.objects.get().etat == "5"
    assert "demandeur inconnu(e) non inscrit(e) : droit non ouvert (état « 5 »)" in ligne(imp).motif
    assert bilan.changements == []


def test_un_changement_de_composition_atteint_les_droits_des_membres():
    importer([foyer()], cree_le=le(1))
    imp, bilan = importer([foyer(nb_personnes=3, nb_enfants=2)], cree_le=le(2))
    droit = DroitRSA.objects.get(personne=personne(NIR_INES))
    assert (droit.nb_personnes_foyer, droit.nb_enfants) == (3, 2)
    assert (FoyerRSA.objects.get().nb_personnes, FoyerRSA.objects.get().nb_enfants) == (3, 2)
    assert "composition du foyer modifiée" in ligne(imp).motif
    assert [c.composition_changee for c in bilan.changements] == [True]


def test_un_membre_sorti_du_foyer_est_date_sur_son_droit():
    importer([foyer(membres=[demandeur(), conjoint()], nb_personnes=2)], cree_le=le(1))
    imp, bilan = importer(
        [foyer(membres=[demandeur(), conjoint(date_sortie_foyer=datetime.date(2025, 3, 31))], nb_personnes=1)],
        cree_le=le(2),
    )
    samuel = Personne.objects.get(nom_naissance="BARRY")
    assert DroitRSA.objects.get(personne=samuel).sorti_du_foyer_le == datetime.date(2025, 3, 31)
    assert "conjoint sorti(e) du foyer le 31/03/2025" in ligne(imp).motif
    sortis = {c.personne_id for c in bilan.changements if c.sorti_du_foyer}
    assert sortis == {samuel.pk}


def test_un_demenagement_vers_un_autre_departement_est_enregistre_sur_le_foyer():
    importer([foyer()], cree_le=le(1))
    imp, bilan = importer([foyer(departement="75")], cree_le=le(2))
    assert FoyerRSA.objects.get().departement_id == "75"
    ines = personne(NIR_INES)
    assert ines.departement_id == "75"  # its commune's: the address is the flow's
    assert Personne.objects.count() == 1  # transferred, not duplicated
    assert "département 93 → 75" in ligne(imp).motif
    assert [(c.departement_avant, c.departement_apres) for c in bilan.changements] == [("93", "75")]


def test_un_fichier_plus_ancien_que_celui_deja_applique_est_ignore():
    importer([foyer(etat="4", motif_suspension="06")], cree_le=le(5))
    avant = FoyerRSA.objects.values().get()
    evenements = FoyerRSA.pgh_event_model.objects.count()
    imp, bilan = importer([foyer(etat="5", motif_cloture="PCG")], cree_le=le(3))
    assert compteurs(imp)["ignorees"] == 1 and imp.nb_cloturees == 0
    rapport = ligne(imp)
    assert rapport.resultat == ResultatLigne.IGNOREE
    assert rapport.motif == ("fichier du 03/04/2025 plus ancien que celui déjà appliqué pour ce foyer (05/04/2025)")
    assert FoyerRSA.objects.values().get() == avant
    assert FoyerRSA.pgh_event_model.objects.count() == evenements
    assert bilan.changements == []


def test_le_meme_fichier_deux_fois_ne_change_rien():
    elements = [foyer(membres=[demandeur(), conjoint()], nb_personnes=2), foyer(2, allocataire="111")]
    importer(elements, cree_le=le(4))
    evenements = (
        Personne.pgh_event_model.objects.count(),
        DroitRSA.pgh_event_model.objects.count(),
        FoyerRSA.pgh_event_model.objects.count(),
    )
    imp, bilan = importer(elements, cree_le=le(4))
    assert compteurs(imp) == {
        "creees": 0,
        "mises_a_jour": 0,
        "inchangees": 2,
        "cloturees": 0,
        "ignorees": 0,
        "rejetees": 0,
    }
    assert not imp.lignes.exists() and bilan.changements == []
    assert (
        Personne.pgh_event_model.objects.count(),
        DroitRSA.pgh_event_model.objects.count(),
        FoyerRSA.pgh_event_model.objects.count(),
    ) == evenements


def test_un_contenu_identique_dans_un_fichier_plus_recent_est_sans_changement_sans_ecriture():
    importer([foyer()], cree_le=le(4))
    modifie_le = FoyerRSA.objects.get().updated_at
    imp, _ = importer([foyer(empreinte_brute="autre mise en page")], cree_le=le(6))
    assert imp.nb_inchangees == 1
    assert FoyerRSA.objects.get().updated_at == modifie_le


def test_un_code_d_etat_inconnu_est_garde_sur_le_foyer_sans_consequence():
    importer([foyer()], cree_le=le(1))
    imp, bilan = importer([foyer(etat="9")], cree_le=le(2))
    assert FoyerRSA.objects.get().etat == "9"
    rapport = ligne(imp)
    assert rapport.resultat == ResultatLigne.IGNOREE
    assert rapport.motif.startswith("code d'état inconnu « 9 »")
    assert imp.nb_ignorees == 1 and bilan.changements == []
    # Nothing derived: the person's right is as the last known state left it.
    assert DroitRSA.objects.get(personne=personne(NIR_INES)).soumis_droits_devoirs is True

    # An unknown household with an unknown code: nobody is created.
    imp, _ = importer([foyer(allocataire="222", etat="X", membres=[demandeur(nir=NIR_SAMUEL)])], cree_le=le(3))
    assert not DossierInscription.objects.filter(nir=ecriture_flux.nir_complet(NIR_SAMUEL)).exists()


def test_un_indicateur_absent_n_oriente_pas_et_le_dit():
    imp, _ = importer([foyer(membres=[demandeur(soumis_droits_devoirs=None)])])
    assert not Personne.objects.exists()
    assert "demandeur inconnu(e) non inscrit(e) : indicateur droits et devoirs absent (inconnu)" in ligne(imp).motif

    # Known already: kept, its flag recorded as unknown (never « non »), not oriented again, and said.
    importer([foyer(allocataire="333", membres=[demandeur(nir=NIR_SAMUEL)])], cree_le=le(5))
    imp, _ = importer(
        [foyer(allocataire="333", membres=[demandeur(nir=NIR_SAMUEL, soumis_droits_devoirs=None)])], cree_le=le(6)
    )
    samuel = personne(NIR_SAMUEL)
    assert DroitRSA.objects.get(personne=samuel).soumis_droits_devoirs is None
    assert "indicateur droits et devoirs absent (inconnu)" in ligne(imp).motif


def test_un_foyer_rejete_n_empeche_pas_les_autres():
    elements = [
        foyer(1),
        FoyerRejete(numero=2, motif="date invalide dans DTNAI", brut="<InfosFoyerRSA>…", cle=("CAF", "999")),
        # The database refuses it (a number beyond its column): rejected alone, the batch written by halves.
        foyer(3, allocataire="333", membres=[demandeur(nir=NIR_SAMUEL)], nb_personnes=40_000),
        foyer(4, allocataire="444", membres=[conjoint(soumis_droits_devoirs=True)]),
    ]
    imp, _ = importer(elements)
    assert (imp.nb_creees, imp.nb_rejetees) == (2, 2)
    motifs = dict(imp.rejets.values_list("numero_ligne", "motif"))
    assert motifs[2] == "date invalide dans DTNAI"
    assert motifs[3] == "refusée par la base de données : nombre hors des limites de sa colonne"
    assert imp.lignes.get(numero_ligne=2).numero_allocataire == "999"
    assert FoyerRSA.objects.count() == 2


def test_une_personne_connue_par_son_nir_a_15_caracteres_est_retrouvee_par_les_13_du_flux():
    connue = PersonneFactory(nom_naissance="LEROUX", prenoms="INES", date_naissance=datetime.date(1991, 9, 12))
    DossierInscription.objects.create(
        personne=connue, nir=ecriture_flux.nir_complet(NIR_INES), canal=Canal.GUICHET, categorie="A"
    )
    imp, _ = importer([foyer()])
    assert Personne.objects.count() == 1
    assert DroitRSA.objects.get().personne_id == connue.pk
    assert DossierInscription.objects.get(personne=connue).categorie == "A"  # already categorised: kept
    assert ligne(imp).resultat == ResultatLigne.MISE_A_JOUR


def test_sans_nir_la_personne_est_retrouvee_par_allocataire_role_naissance_et_noms():
    importer([foyer(membres=[demandeur(nir="")])], cree_le=le(1))
    assert Personne.objects.count() == 1
    imp, _ = importer([foyer(membres=[demandeur(nir="", prenoms="Ines")], nb_enfants=1)], cree_le=le(2))
    assert Personne.objects.count() == 1
    assert ligne(imp).resultat == ResultatLigne.MISE_A_JOUR


def _stock(*elements, cree_le):
    return importer(list(elements), cree_le=cree_le, type_flux=STOCK_MENSUEL, nom="RSABEM.xml")


@pytest.mark.parametrize(
    ("reglage", "etat", "absent_le", "resultat"),
    [
        (AbsentsDuStock.A_EXAMINER, "2", datetime.date(2025, 5, 4), ResultatLigne.IGNOREE),
        (AbsentsDuStock.CLORE, "5", None, ResultatLigne.CLOTUREE),
        (AbsentsDuStock.IGNORER, "2", None, None),
    ],
)
def test_un_stock_mensuel_traite_les_foyers_absents_selon_le_reglage_du_departement(
    reglage, etat, absent_le, resultat
):
    ReglagesFluxDepartement.objects.create(departement_id="93", absents_du_stock=reglage)
    _stock(foyer(1), foyer(2, allocataire="222", membres=[conjoint(soumis_droits_devoirs=True)]), cree_le=le(4))
    # Another département's household is not this stock's business.
    importer([foyer(1, allocataire="750", departement="75", membres=[demandeur(nir="1850375123456")])])
    imp, _ = _stock(foyer(1), cree_le=le(4, mois=5))
    absent = FoyerRSA.objects.get(numero_allocataire="222")
    assert (absent.etat, absent.absent_du_stock_le) == (etat, absent_le)
    assert FoyerRSA.objects.get(numero_allocataire="750").etat == "2"
    assert FoyerRSA.objects.get(numero_allocataire="765432100000000").absent_du_stock_le is None
    lignes = list(imp.lignes.filter(numero_ligne=0))
    if resultat is None:
        assert lignes == []
        return
    (rapport,) = lignes
    assert (rapport.resultat, rapport.numero_allocataire) == (resultat, "222")
    assert "absent du stock mensuel du 04/05/2025" in rapport.motif
    if reglage == AbsentsDuStock.CLORE:
        assert absent.motif_cloture == ecriture_flux.MOTIF_ABSENT_DU_STOCK
        assert imp.nb_cloturees == 1


def test_un_stock_mensuel_ne_touche_pas_un_foyer_decrit_par_un_fichier_plus_recent():
    ReglagesFluxDepartement.objects.create(departement_id="93", absents_du_stock=AbsentsDuStock.CLORE)
    importer([foyer(2, allocataire="222")], cree_le=le(10, mois=5))
    _stock(foyer(1), cree_le=le(4, mois=5))
    assert FoyerRSA.objects.get(numero_allocataire="222").etat == "2"


def test_un_fichier_quotidien_ne_clot_pas_ce_qu_il_ne_cite_pas():
    ReglagesFluxDepartement.objects.create(departement_id="93", absents_du_stock=AbsentsDuStock.CLORE)
    importer([foyer(1), foyer(2, allocataire="222", membres=[conjoint(soumis_droits_devoirs=True)])], cree_le=le(4))
    imp, _ = importer([foyer(1, etat="4", motif_suspension="06")], cree_le=le(5))
    assert FoyerRSA.objects.get(numero_allocataire="222").etat == "2"
    assert not imp.lignes.filter(numero_ligne=0).exists()


def test_un_foyer_present_deux_fois_dans_un_lot_est_ecrit_sans_erreur():
    premier = foyer(1)
    second = dataclasses.replace(premier, numero=2, etat="4", motif_suspension="06")
    imp, _ = importer([premier, second])
    assert imp.nb_rejetees == 0
    assert FoyerRSA.objects.get().etat == "4"  # the later line wins
    assert Personne.objects.count() == 1


def test_un_etat_absent_est_dit_tel_quel():
    imp, _ = importer([foyer(etat="")])
    assert not Personne.objects.exists()
    assert ligne(imp).resultat == ResultatLigne.IGNOREE
    assert ligne(imp).motif.startswith("état du droit absent : foyer enregistré, aucune conséquence tirée")


def test_une_mutation_vers_une_autre_caisse_deplace_la_personne_meme_sous_un_nouveau_numero():
    importer([foyer(membres=[demandeur()])], cree_le=le(1))
    ines = personne(NIR_INES)
    # The new caisse sends a new allocataire number (OrganismeCedant carries the old one).
    imp, bilan = importer(
        [foyer(allocataire="987654300000000", departement="75", ancien_numero_allocataire="765432100000000")],
        cree_le=le(2),
    )
    assert Personne.objects.count() == 1
    assert DroitRSA.objects.filter(personne=ines).count() == 2
    assert [(c.personne_id, c.departement_avant, c.departement_apres) for c in bilan.changements] == [
        (ines.pk, "93", "75")
    ]
    assert "demandeur : département 93 → 75" in ligne(imp).motif


def test_un_foyer_absent_d_un_stock_puis_de_nouveau_liste_a_l_identique_n_est_plus_a_examiner():
    paul = foyer(2, allocataire="222", membres=[conjoint(soumis_droits_devoirs=True)])
    _stock(foyer(1), paul, cree_le=le(4))
    _stock(foyer(1), cree_le=le(4, mois=5))
    assert FoyerRSA.objects.get(numero_allocataire="222").absent_du_stock_le == datetime.date(2025, 5, 4)
    imp, _ = _stock(foyer(1), paul, cree_le=le(4, mois=6))
    assert FoyerRSA.objects.get(numero_allocataire="222").absent_du_stock_le is None
    assert imp.lignes.get(numero_allocataire="222").resultat == ResultatLigne.MISE_A_JOUR


def test_un_champ_trop_long_rejette_son_foyer_avec_le_champ_nomme():
    imp, _ = importer(
        [foyer(1), foyer(2, allocataire="222", membres=[demandeur(nir=NIR_SAMUEL, nom_naissance="N" * 151)])]
    )
    assert (imp.nb_creees, imp.nb_rejetees) == (1, 1)
    rejet = imp.rejets.get()
    assert (rejet.numero_ligne, rejet.numero_allocataire) == (2, "222")
    assert rejet.motif == "champ nom_naissance trop long (151 caractères, 150 au plus)"
    # The bound itself passes.
    imp, _ = importer([foyer(3, allocataire="333", membres=[demandeur(nir=NIR_SAMUEL, nom_naissance="N" * 150)])])
    assert (imp.nb_creees, imp.nb_rejetees) == (1, 0)


def test_un_import_xml_repris_commence_apres_le_dernier_foyer_ecrit():
    """An XML run resumes from its scan's table (inscription/import_xml.py): what an earlier run committed
    (the first household's batch, marked « fait » with it) is not written again."""
    contenu = fichier_xml(
        "vrsb",
        [
            FoyerXML("111000100000000", [PersonneXML("DEM", "LEROUX", "INES", datetime.date(1991, 9, 12), ordre=21)]),
            FoyerXML("111000200000000", [PersonneXML("DEM", "MARTIN", "PAUL", datetime.date(1980, 2, 2), ordre=22)]),
        ],
    ).encode("cp1252")
    imp = ImportFluxCAF.objects.create(nom_fichier="RSABEI.xml", format=FormatFlux.VRSB0801)
    imp.fichier.save("RSABEI.xml", ContentFile(contenu), save=True)
    # What an interrupted run leaves: running, scanned, its first household's batch committed.
    ImportFluxCAF.objects.filter(pk=imp.pk).update(statut=StatutImport.EN_COURS, tentatives=1)
    imp.refresh_from_db()
    import_xml.preparer(imp)
    with imp.fichier.open("rb") as fichier:
        decoupage = cnaf_xml.decouper(fichier)
        premier = next(iter(decoupage))
        octets = cnaf_xml.lire_segment(fichier, premier)
        ecriture_flux.ecrire_lot(
            imp, decoupage.entete, [cnaf_xml.lire_foyer(octets, numero=1, **decoupage.parametres_foyer())]
        )
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {import_xml.table_segments(imp.pk)} SET fait = true WHERE numero = 1")
    ecrit_le = FoyerRSA.objects.get().updated_at
    imp = import_caf.executer(imp.pk)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert sorted(FoyerRSA.objects.values_list("numero_allocataire", flat=True)) == [
        "111000100000000",
        "111000200000000",
    ]
    assert FoyerRSA.objects.get(numero_allocataire="111000100000000").updated_at == ecrit_le
    assert (imp.nb_traitees, imp.nb_creees, imp.tentatives, imp.type_flux, imp.nb_lignes) == (2, 2, 2, "I", 2)


def test_les_foyers_listes_peuvent_etre_donnes_par_qui_a_reparti_le_fichier():
    ReglagesFluxDepartement.objects.create(departement_id="93", absents_du_stock=AbsentsDuStock.CLORE)
    _stock(foyer(1), foyer(2, allocataire="222", membres=[conjoint(soumis_droits_devoirs=True)]), cree_le=le(4))
    # Written by other workers (nothing listed in this session): the keys of the whole file are given.
    imp = ImportFluxCAF.objects.create(nom_fichier="RSABEM.xml", format=FormatFlux.VRSB0801)
    ecriture_flux.commencer(imp)
    tete = entete(le(4, mois=5), STOCK_MENSUEL)
    assert ecriture_flux.traiter_absents_du_stock(imp, tete, cles=[("CAF", "765432100000000", "93")]) == 1
    assert FoyerRSA.objects.get(numero_allocataire="222").etat == "5"
    assert FoyerRSA.objects.get(numero_allocataire="765432100000000").etat == "2"
