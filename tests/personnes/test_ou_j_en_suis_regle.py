"""« Où j'en suis » as a pure rule: one case per step and per way in, deadlines on both sides."""

import datetime

import pytest

from francetravail.personnes.regles import FaitsDuParcours, ou_j_en_suis

AUJOURDHUI = datetime.date(2026, 3, 11)  # a Wednesday
LUNDI = datetime.date(2026, 3, 9)


def _faits(**kw):
    return FaitsDuParcours(a_un_dossier=True, **kw)


def _liens(suivi):
    return [a.url for a in suivi.a_faire]


def test_un_compte_sans_dossier_commence_son_inscription():
    suivi = ou_j_en_suis(FaitsDuParcours(), AUJOURDHUI)
    assert (suivi.etape, suivi.numero, suivi.total, suivi.suivante) == ("inscription", 1, 6, "Orientation")
    assert "pas encore créé" in suivi.message
    assert [a.libelle for a in suivi.a_faire] == ["Commencer mon inscription"]


@pytest.mark.parametrize("canal", ["en_ligne", "guichet"])
def test_une_inscription_en_cours_en_ligne_ou_au_guichet_est_a_terminer(canal):
    suivi = ou_j_en_suis(_faits(statut_inscription="en_cours", canal_inscription=canal), AUJOURDHUI)
    assert suivi.etape == "inscription" and suivi.inscription_a_terminer
    assert "n’est pas terminée" in suivi.message
    assert _liens(suivi) == ["inscription:reprendre"]


def test_le_flux_caf_msa_inscrit_la_personne_il_reste_l_orientation():
    suivi = ou_j_en_suis(_faits(statut_inscription="en_cours", canal_inscription="flux_caf_msa"), AUJOURDHUI)
    assert suivi.etape == "orientation" and not suivi.inscription_a_terminer
    assert suivi.a_faire == ()


@pytest.mark.parametrize("orientation", ["", "en_attente"])
def test_inscrit_en_attente_d_orientation(orientation):
    suivi = ou_j_en_suis(_faits(statut_inscription="inscrit", orientation=orientation), AUJOURDHUI)
    assert suivi.etape == "orientation"
    assert [e.etat for e in suivi.etapes] == ["faite", "en_cours", "a_venir", "a_venir", "a_venir", "a_venir"]


def test_oriente_sans_creneau_attend_une_proposition():
    suivi = ou_j_en_suis(
        _faits(statut_inscription="inscrit", orientation="decidee", organisme_referent="Agence de Lille"), AUJOURDHUI
    )
    assert suivi.etape == "premier_rdv" and "Agence de Lille" in suivi.message
    assert suivi.a_faire == ()


def test_oriente_avec_creneaux_proposes_choisit_un_creneau():
    suivi = ou_j_en_suis(_faits(orientation="decidee", rdv_propose=True), AUJOURDHUI)
    assert suivi.etape == "premier_rdv"
    assert [a.libelle for a in suivi.a_faire] == ["Choisir un créneau de rendez-vous"]


def test_un_rendez_vous_reserve_est_rappele_avec_sa_date_et_remplace_le_choix():
    quand = datetime.datetime(2026, 3, 13, 9, 30, tzinfo=datetime.UTC)
    suivi = ou_j_en_suis(_faits(orientation="decidee", rdv_propose=True, prochain_rdv=quand), AUJOURDHUI)
    assert [(a.url, a.echeance, a.echeance_avec_heure) for a in suivi.a_faire] == [("rendezvous:liste", quand, True)]


@pytest.mark.parametrize(
    "faits", [{"rdv_honore": True}, {"diagnostic_ouvert": True}, {"contrat": "brouillon"}], ids=str
)
def test_apres_le_premier_rendez_vous_le_diagnostic(faits):
    assert ou_j_en_suis(_faits(orientation="decidee", **faits), AUJOURDHUI).etape == "diagnostic"


def test_un_contrat_soumis_est_a_accepter_avant_son_echeance():
    echeance = datetime.date(2026, 4, 2)
    suivi = ou_j_en_suis(
        _faits(orientation="decidee", rdv_honore=True, contrat="soumis", echeance_signature=echeance), AUJOURDHUI
    )
    assert suivi.etape == "contrat"
    assert [(a.url, a.echeance, a.echeance_avec_heure) for a in suivi.a_faire] == [
        ("contrats:contrat", echeance, False)
    ]


def test_un_contrat_accepte_attend_la_signature_du_referent():
    suivi = ou_j_en_suis(_faits(orientation="decidee", contrat="accepte"), AUJOURDHUI)
    assert suivi.etape == "contrat" and "va le signer" in suivi.message and suivi.a_faire == ()


@pytest.mark.parametrize("statut_inscription", [None, "en_cours", "inscrit"])
@pytest.mark.parametrize("canal", ["", "en_ligne", "guichet", "flux_caf_msa"])
def test_un_contrat_signe_c_est_l_accompagnement_quelle_que_soit_l_inscription(statut_inscription, canal):
    suivi = ou_j_en_suis(
        _faits(statut_inscription=statut_inscription, canal_inscription=canal, contrat="signe"), AUJOURDHUI
    )
    assert suivi.etape == "accompagnement" and not suivi.inscription_a_terminer
    assert "n’est pas terminée" not in suivi.message
    assert suivi.suivante == "" and [e.etat for e in suivi.etapes][-1] == "en_cours"


def test_la_semaine_a_declarer_a_pour_echeance_son_dimanche():
    suivi = ou_j_en_suis(_faits(contrat="signe", semaine_a_declarer=LUNDI), AUJOURDHUI)
    assert [(a.url, a.echeance) for a in suivi.a_faire] == [("contrats:activite", datetime.date(2026, 3, 15))]
    assert "09/03" in suivi.a_faire[0].libelle
    # Not before the contract is signed.
    assert ou_j_en_suis(_faits(contrat="accepte", semaine_a_declarer=LUNDI), AUJOURDHUI).a_faire == ()


@pytest.mark.parametrize(
    ("echeance", "montree"),
    [
        (AUJOURDHUI, True),
        (AUJOURDHUI + datetime.timedelta(days=1), True),
        (AUJOURDHUI - datetime.timedelta(days=1), False),
    ],
)
def test_repondre_a_l_avertissement_jusqu_au_dernier_jour_et_en_premier(echeance, montree):
    suivi = ou_j_en_suis(
        _faits(contrat="signe", semaine_a_declarer=LUNDI, avertissement_echeance=echeance, procedure_en_cours=True),
        AUJOURDHUI,
    )
    assert suivi.procedure_en_cours
    attendu = ["sanctions:liste", "contrats:activite"] if montree else ["contrats:activite"]
    assert _liens(suivi) == attendu


def test_une_inscription_cessee_le_dit_sans_etape_ni_action():
    suivi = ou_j_en_suis(_faits(statut_inscription="cessee", contrat="signe"), AUJOURDHUI)
    assert (suivi.etape, suivi.numero, suivi.a_faire) == ("cessee", None, ())
    assert "cessée" in suivi.message


def test_l_avertissement_d_une_seule_procedure_mene_a_sa_page():
    suivi = ou_j_en_suis(_faits(avertissement_echeance=AUJOURDHUI, avertissement_procedure=42), AUJOURDHUI)
    assert (suivi.a_faire[0].url, suivi.a_faire[0].argument) == ("sanctions:procedure", 42)
