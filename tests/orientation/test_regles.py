"""The rule engine and the national référentiel, without the database."""

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orientation import regles
from orientation.enums import IntensiteFreins, NiveauQualification, Parcours, SeProjette, TypeOrganismeReferent
from orientation.referentiel_national import BRANCHES, regles_nationales
from orientation.regles import Situation, composer, etat_regle, evaluer, simuler, valider_conditions
from tests.orientation.factories import regle_moteur, regles_nationales_moteur

pytestmark = pytest.mark.no_django_db

NATIONALES = regles_nationales_moteur()
PRO, SOCIO, SOCIAL = Parcours.PROFESSIONNEL, Parcours.SOCIO_PROFESSIONNEL, Parcours.SOCIAL
FT, ML, CE, CD = (
    TypeOrganismeReferent.FRANCE_TRAVAIL,
    TypeOrganismeReferent.MISSION_LOCALE,
    TypeOrganismeReferent.CAP_EMPLOI,
    TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL,
)


def _ou_inconnu(strategie):
    return st.one_of(st.none(), strategie)


situations = st.builds(
    Situation,
    activite_recente=_ou_inconnu(st.booleans()),
    se_projette=_ou_inconnu(st.sampled_from(SeProjette.values)),
    niveau_qualification=_ou_inconnu(st.sampled_from(NiveauQualification.values)),
    intensite_freins=_ou_inconnu(st.sampled_from(IntensiteFreins.values)),
    age=_ou_inconnu(st.integers(16, 70)),
    handicap_frein_majeur=st.booleans(),
    beneficiaire_rsa=st.booleans(),
)
situations_connues = st.builds(
    Situation,
    activite_recente=st.booleans(),
    se_projette=st.sampled_from(SeProjette.values),
    niveau_qualification=st.sampled_from(NiveauQualification.values),
    intensite_freins=st.sampled_from(IntensiteFreins.values),
    age=st.integers(16, 70),
    handicap_frein_majeur=st.booleans(),
    beneficiaire_rsa=st.booleans(),
)


def parcours_attendu(s):
    """The reading of the logigramme documented in orientation/referentiel_national.py, written independently."""
    if s.intensite_freins == "fort":
        return SOCIO if s.activite_recente and s.se_projette == "oui" else SOCIAL
    if s.se_projette == "non":
        return None if s.intensite_freins == "sans_impact" else SOCIAL
    if s.se_projette == "incertain" or s.activite_recente:
        return SOCIO if s.se_projette == "incertain" else PRO
    if s.niveau_qualification != "infra_3" or s.intensite_freins == "sans_impact":
        return PRO
    return SOCIO


def organisme_attendu(parcours, s):
    if parcours is None:
        return None
    if parcours == SOCIAL:
        return CD
    if s.beneficiaire_rsa:
        return FT if parcours == PRO else CD
    if s.handicap_frein_majeur:
        return CE
    return ML if s.age < 26 else FT


# -- every situation gets exactly one answer -----------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(situations)
def test_toute_situation_recoit_une_proposition_ou_un_giratoire(situation):
    p = evaluer(situation, NATIONALES)
    assert isinstance(p, regles.Proposition)
    if p.giratoire:
        assert (p.parcours, p.type_organisme) == (None, None)
    else:
        assert p.parcours in Parcours.values
        assert p.type_organisme in TypeOrganismeReferent.values
        assert p.regle_code
    assert p.explication
    assert all(isinstance(c, str) and " : " in c for c in p.criteres)


@settings(max_examples=500, deadline=None)
@given(situations_connues)
def test_une_situation_connue_suit_le_logigramme(situation):
    p = evaluer(situation, NATIONALES)
    assert p.regle_code is not None, "une situation entièrement connue est toujours décidée par une règle"
    parcours = parcours_attendu(situation)
    assert (p.parcours, p.type_organisme, p.giratoire) == (
        parcours,
        organisme_attendu(parcours, situation),
        parcours is None,
    )


@pytest.mark.parametrize(
    ("activite", "projet", "qualification", "freins"),
    list(itertools.product([True, False], SeProjette.values, NiveauQualification.values, IntensiteFreins.values)),
)
def test_chaque_combinaison_des_quatre_questions_atteint_une_regle(activite, projet, qualification, freins):
    situation = Situation(activite, projet, qualification, freins, age=40)
    p = evaluer(situation, NATIONALES)
    assert p.regle_code is not None
    branche = p.regle_code.split("-")[0]
    assert branche in {code for code, *_ in BRANCHES}
    assert p.parcours == parcours_attendu(situation)


def _completions(situation):
    """Every way of filling in the unknown criteria (age: both sides of every bound)."""
    domaines = {
        "activite_recente": [True, False],
        "se_projette": SeProjette.values,
        "niveau_qualification": NiveauQualification.values,
        "intensite_freins": IntensiteFreins.values,
        "age": [16, 25, 26, 70],
    }
    inconnus = [nom for nom in domaines if getattr(situation, nom) is None]
    for valeurs in itertools.product(*(domaines[nom] for nom in inconnus)):
        yield regles.Situation(
            **{
                **{nom: getattr(situation, nom) for nom in Situation.__slots__},
                **dict(zip(inconnus, valeurs, strict=True)),
            }
        )


@settings(max_examples=300, deadline=None)
@given(situations)
def test_une_information_manquante_ne_donne_jamais_une_decision_que_la_connaitre_contredirait(situation):
    p = evaluer(situation, NATIONALES)
    if p.giratoire and p.regle_code is None:
        assert all(c.endswith(": non renseigné") for c in p.criteres)
        assert p.explication.startswith("Il manque des informations")
        return
    for complete in _completions(situation):
        assert evaluer(complete, NATIONALES).resultat == p.resultat


# -- boundaries and examples, as the person reads them -----------------------------------------------------


@pytest.mark.parametrize(("age", "organisme"), [(16, ML), (25, ML), (26, FT), (70, FT)], ids=["16", "25", "26", "70"])
@pytest.mark.parametrize(
    "situation",
    [
        Situation(True, "oui", "niveau_4", "moyen"),  # professionnel
        Situation(False, "oui", "infra_3", "moyen"),  # socio-professionnel
        Situation(True, "incertain", "niveau_3", "sans_impact"),  # socio-professionnel
    ],
)
def test_mission_locale_avant_26_ans(situation, age, organisme):
    p = evaluer(replace(situation, age=age), NATIONALES)
    assert p.type_organisme == organisme
    if organisme == ML:
        assert f"Âge : {age} ans" in p.criteres


def test_l_age_ne_compte_pas_pour_le_parcours_social():
    p = evaluer(Situation(False, "non", "niveau_3", "fort", age=20), NATIONALES)
    assert (p.parcours, p.type_organisme) == (SOCIAL, CD)


def test_un_age_inconnu_ne_bloque_que_le_choix_entre_mission_locale_et_france_travail():
    assert evaluer(Situation(False, "non", "niveau_3", "fort"), NATIONALES).parcours == SOCIAL
    assert evaluer(Situation(True, "oui", "niveau_3", "moyen", beneficiaire_rsa=True), NATIONALES).parcours == PRO
    p = evaluer(Situation(True, "oui", "niveau_3", "moyen"), NATIONALES)
    assert p.giratoire
    assert p.criteres == ("Âge : non renseigné",)


def test_parcours_professionnel_explique():
    p = evaluer(Situation(True, "oui", "niveau_4", "sans_impact", age=40), NATIONALES)
    assert (p.parcours, p.type_organisme, p.giratoire) == (PRO, FT, False)
    assert p.regle_code == "activite_recente_projet_emploi-france_travail"
    assert p.explication == (
        "Vous avez travaillé au cours des deux dernières années et vous vous projetez dans un emploi : un parcours "
        "professionnel vous est proposé, pour retrouver un emploi. France Travail vous accompagnera."
    )
    assert p.criteres == (
        "Activité professionnelle actuelle ou au cours des deux dernières années : Oui",
        "Se projette dans un emploi : Oui",
        "Freins à l'emploi : Sans impact sur l'emploi",
    )


def test_parcours_socio_professionnel_d_un_beneficiaire_du_rsa():
    p = evaluer(Situation(False, "oui", "infra_3", "moyen", age=30, beneficiaire_rsa=True), NATIONALES)
    assert (p.parcours, p.type_organisme) == (SOCIO, CD)
    assert p.explication.startswith("Vous n'avez pas travaillé au cours des deux dernières années, vous n'avez pas")
    assert "Comme bénéficiaire du RSA, le conseil départemental" in p.explication
    assert "Bénéficiaire du RSA : Oui" in p.criteres
    assert "Niveau de qualification : Sans diplôme ou niveau 2" in p.criteres


def test_parcours_social_explique():
    p = evaluer(Situation(False, "non", "niveau_3", "fort", age=50), NATIONALES)
    assert (p.parcours, p.type_organisme, p.regle_code) == (SOCIAL, CD, "freins_forts-conseil_departemental")
    assert "un parcours social vous est proposé" in p.explication
    assert p.criteres == ("Freins à l'emploi : Forts",)


def test_handicap_frein_majeur_cap_emploi_sauf_rsa():
    handicap = Situation(True, "oui", "niveau_3", "moyen", age=22, handicap_frein_majeur=True)
    assert evaluer(handicap, NATIONALES).type_organisme == CE
    assert evaluer(replace(handicap, beneficiaire_rsa=True), NATIONALES).type_organisme == FT


def test_giratoire_explicite_quand_la_personne_ne_se_projette_pas_sans_frein():
    p = evaluer(Situation(True, "non", "niveau_4", "sans_impact", age=40), NATIONALES)
    assert p.giratoire
    assert p.regle_code == "sans_projet_sans_frein"
    assert "un entretien avec un conseiller" in p.explication


def test_giratoire_quand_une_information_decisive_manque():
    p = evaluer(Situation(None, "oui", "niveau_4", "fort", age=40), NATIONALES)
    assert p.giratoire and p.regle_code is None
    assert p.criteres == ("Activité professionnelle actuelle ou au cours des deux dernières années : non renseigné",)
    assert "activité professionnelle actuelle" in p.explication


def test_information_manquante_sans_effet_sur_la_decision():
    # Strong barriers without a project: social whatever the activity.
    p = evaluer(Situation(None, "non", None, "fort", age=40), NATIONALES)
    assert (p.parcours, p.giratoire) == (SOCIAL, False)


def test_aucune_regle_donne_un_giratoire():
    p = evaluer(Situation(True, "oui", "niveau_4", "moyen", age=40), [])
    assert p.giratoire and p.regle_code is None
    assert p.explication.startswith("Aucune règle du référentiel")


@pytest.mark.parametrize(
    "situation",
    [
        Situation(True, ["oui"], "niveau_4", "moyen", age=40),  # unhashable
        Situation(True, "oui", "niveau_4", "moyen", age="vingt"),
        Situation("oui", "peut-être", 3, 2.5, age=-4),
    ],
)
def test_des_valeurs_inattendues_ne_levent_pas_d_exception(situation):
    p = evaluer(situation, NATIONALES)
    assert p.giratoire or (p.parcours and p.type_organisme)


# -- departmental overrides --------------------------------------------------------------------------------

AJOUT = regle_moteur(
    "incertain_freins_moyens_departement",
    {"se_projette": ["incertain"], "intensite_freins": ["moyen"], "beneficiaire_rsa": [False]},
    SOCIO,
    CD,
    ordre=905,
)


@settings(max_examples=500, deadline=None)
@given(situations)
def test_une_regle_departementale_ajoutee_ne_change_que_les_decisions_qu_elle_couvre(situation):
    composees = composer(NATIONALES, [AJOUT])
    avant, apres = evaluer(situation, NATIONALES), evaluer(situation, composees)
    etat = etat_regle(AJOUT, situation)
    if etat is False:
        assert apres == avant
    elif etat is True:
        # Rules before it (ordre < 905) still win; otherwise the departmental rule decides.
        assert apres == avant or (apres.regle_code, apres.type_organisme) == (AJOUT.code, CD)
    else:
        # Cannot tell whether the local rule applies: unchanged (an earlier rule decided) or an interview.
        assert apres == avant or apres.giratoire


@settings(max_examples=500, deadline=None)
@given(situations)
def test_une_regle_departementale_qui_remplace_ne_change_que_ses_decisions(situation):
    nationale = next(r for r in NATIONALES if r.code == "projet_emploi_freins_moyens-france_travail")
    remplacante = regle_moteur(nationale.code, nationale.conditions, SOCIO, CD, explication="Le département.")
    composees = composer(NATIONALES, [remplacante])
    avant, apres = evaluer(situation, NATIONALES), evaluer(situation, composees)
    if etat_regle(nationale, situation) is False:
        assert apres == avant
    if avant.regle_code == nationale.code:
        assert (apres.regle_code, apres.parcours, apres.type_organisme) == (nationale.code, SOCIO, CD)
        assert apres.explication == "Le département."


def test_exemple_de_regle_departementale():
    situation = Situation(False, "incertain", "niveau_3", "moyen", age=40)
    assert evaluer(situation, NATIONALES).type_organisme == FT
    composees = composer(NATIONALES, [AJOUT])
    assert evaluer(situation, composees).type_organisme == CD
    assert [r.code for r in composees].index(AJOUT.code) == [r.code for r in NATIONALES].index("projet_incertain-rsa")


def test_composer_remplace_en_place_et_insere_selon_l_ordre():
    nationales = [regle_moteur(code, {}, PRO, FT, ordre=ordre) for code, ordre in [("a", 10), ("b", 20), ("c", 30)]]
    departementales = [
        regle_moteur("b", {"beneficiaire_rsa": [True]}, SOCIO, CD, ordre=999),
        regle_moteur("fin", {}, SOCIAL, CD, ordre=40),
        regle_moteur("egal_b", {}, SOCIAL, CD, ordre=20),
        regle_moteur("debut", {}, SOCIAL, CD),
    ]
    composees = composer(nationales, departementales)
    assert [r.code for r in composees] == ["debut", "a", "egal_b", "b", "c", "fin"]
    assert next(r for r in composees if r.code == "b").parcours == SOCIO


def test_composer_refuse_les_codes_en_double():
    with pytest.raises(ValueError, match="Codes de règle en double : x"):
        composer([], [regle_moteur("x", {}, PRO, FT), regle_moteur("x", {}, SOCIAL, CD)])


# -- simulation --------------------------------------------------------------------------------------------


def test_simuler_compte_et_liste_les_personnes_dont_l_orientation_change():
    population = [
        (1, Situation(False, "incertain", "niveau_3", "moyen", age=40)),  # FT -> CD
        (2, Situation(False, "incertain", "niveau_3", "sans_impact", age=40)),  # unchanged
        (3, Situation(True, "oui", "niveau_4", "moyen", age=40)),  # unchanged
        (4, Situation(None, "incertain", "niveau_3", "moyen", age=40)),  # FT -> CD: activity is not tested
        (5, Situation(False, "incertain", "niveau_3", "moyen", age=20)),  # ML -> CD
    ]
    simulation = simuler(NATIONALES, composer(NATIONALES, [AJOUT]), population)
    assert simulation.nombre_situations == 5
    assert simulation.nombre_changements == 3
    assert [c.personne_id for c in simulation.changements] == [1, 4, 5]
    personne_id, avant, apres = simulation.changements[0]
    assert (avant.type_organisme, apres.type_organisme) == (FT, CD)
    assert simulation.transitions == {
        ("Parcours socio-professionnel — France Travail", "Parcours socio-professionnel — Conseil départemental"): 2,
        ("Parcours socio-professionnel — Mission locale", "Parcours socio-professionnel — Conseil départemental"): 1,
    }


def test_simuler_ignore_un_changement_de_regle_sans_changement_de_resultat():
    nationale = NATIONALES.regles[0]
    meme_resultat = regle_moteur(nationale.code, nationale.conditions, nationale.parcours, nationale.type_organisme)
    situations = [(i, Situation(True, "oui", "niveau_4", "fort", age=30)) for i in range(3)]
    assert simuler(NATIONALES, composer(NATIONALES, [meme_resultat]), situations).nombre_changements == 0


# -- conditions --------------------------------------------------------------------------------------------


def test_les_regles_nationales_sont_valides():
    for regle in regles_nationales():
        assert valider_conditions(regle["conditions"]) == [], regle["code"]


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ({"revenu": [1]}, "Critère inconnu : « revenu ». Critères possibles : activite_recente, se_projette"),
        ({"se_projette": ["peut-être"]}, "« se_projette » : valeur inconnue peut-être. Valeurs possibles : oui, non"),
        ({"activite_recente": [1]}, "« activite_recente » : valeur inconnue 1. Valeurs possibles : true, false."),
        ({"intensite_freins": []}, "« intensite_freins » : donnez au moins une valeur acceptée"),
        ({"age_max": "25"}, "« age_max » : l'âge doit être un nombre entier d'années entre 0 et 130."),
        ({"age_min": 30, "age_max": 25}, "L'âge minimum (30 ans) dépasse l'âge maximum (25 ans)."),
        (["se_projette"], "Les conditions doivent être un objet JSON"),
    ],
)
def test_conditions_invalides(conditions, message):
    [erreur] = valider_conditions(conditions)
    assert erreur.startswith(message)


def test_une_valeur_seule_vaut_une_liste_d_une_valeur():
    regle = regle_moteur("r", {"beneficiaire_rsa": True, "se_projette": "oui"}, PRO, FT)
    assert evaluer(Situation(se_projette="oui", beneficiaire_rsa=True), [regle]).regle_code == "r"
    assert evaluer(Situation(se_projette="oui"), [regle]).regle_code is None


def test_une_regle_invalide_est_refusee_a_la_compilation():
    with pytest.raises(ValueError, match="Règle « r » : Critère inconnu"):
        regles.compiler([regle_moteur("r", {"revenu": [1]}, PRO, FT)])
    with pytest.raises(ValueError, match="parcours et organisme"):
        regles.compiler([regle_moteur("r", {}, PRO, None)])


def test_les_conditions_acceptent_les_membres_des_enumerations():
    regle = regle_moteur("r", {"se_projette": [SeProjette.OUI], "intensite_freins": IntensiteFreins.MOYEN}, PRO, FT)
    assert valider_conditions(regle.conditions) == []
    assert evaluer(Situation(se_projette="oui", intensite_freins="moyen"), [regle]).regle_code == "r"
