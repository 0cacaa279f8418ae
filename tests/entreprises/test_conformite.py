"""The compliance check of offers: wordings that must be flagged, wordings that must not, the SMIC bound.

A false positive costs as much as a miss: an employer whose lawful offer is held for review
learns to distrust the check. Both tables are part of the rule (entreprises/conformite.py).
"""

import datetime
from decimal import Decimal

import pytest

from entreprises import conformite as c
from entreprises.enums import TempsTravail, TypeContrat
from entreprises.models import Offre
from francetravail.parametres.lookup import parametre
from francetravail.parametres.models import ParametreLegal
from tests.factories import commune

D = datetime.date

# (text, reason expected, words expected in the finding's « extrait »)
SIGNALES = [
    # Age
    ("Recherche jeune vendeur dynamique", c.AGE, "jeune"),
    ("JEUNE HOMME pour manutention", c.AGE, "JEUNE"),
    ("Rejoignez une équipe jeune et dynamique", c.AGE, "jeune"),
    ("Profil : jeunes motivés", c.AGE, "jeunes"),
    ("Candidat de moins de 30 ans", c.AGE, "moins de 30 ans"),
    ("Vous avez entre 25 et 35 ans", c.AGE, "entre 25 et 35 ans"),
    ("Âge : 20-30 ans", c.AGE, "20-30 ans"),
    ("Poste pour les 18/25 ans", c.AGE, "18/25 ans"),
    ("Âgée de 25 à 40 ans", c.AGE, "25 à 40 ans"),
    ("45 ans maximum", c.AGE, "45 ans maximum"),
    ("Limite d'âge : 50 ans", c.AGE, "Limite d'âge"),
    ("Âge maximum 40 ans", c.AGE, "Âge maximum"),
    ("Public visé : - de 26 ans", c.AGE, "- de 26 ans"),
    ("Idéal pour + de 50 ans", c.AGE, "+ de 50 ans"),
    ("Profil digital native souhaité", c.AGE, "digital native"),
    # An age fixed by law (permis D at 21) is still read by a conseiller: the reason says so.
    ("Conducteur de bus, 21 ans minimum", c.AGE, "21 ans minimum"),
    ("Chef de projet senior", c.SENIORITE, "senior"),
    ("Pas de seniors", c.SENIORITE, "seniors"),
    ("Poste non ouvert aux seniors", c.SENIORITE, "seniors"),
    ("Consultant junior", c.SENIORITE, "junior"),
    ("Jeune diplômé accepté", c.JEUNE_DIPLOME, "Jeune diplômé"),
    ("Jeunes diplômées bienvenues", c.JEUNE_DIPLOME, "Jeunes diplômées"),
    # Sex
    ("Serveuse uniquement", c.SEXE, "Serveuse uniquement"),
    ("Caissières uniquement", c.SEXE, "Caissières uniquement"),
    ("Nous recherchons une femme pour l'accueil", c.SEXE, "recherchons une femme"),
    ("Recrutons homme pour chantier", c.SEXE, "Recrutons homme"),
    ("Hommes exclusivement", c.SEXE, "Hommes exclusivement"),
    ("Poste réservé aux femmes", c.SEXE, "réservé aux femmes"),
    ("Candidat de sexe masculin", c.SEXE, "sexe masculin"),
    ("Profil féminin de préférence", c.SEXE, "Profil féminin"),
    ("Magasinier (H)", c.SEXE, "(H)"),
    ("Préférence pour les filles", c.SEXE, "Préférence pour les filles"),
    # Origin, nationality, language
    ("Être de nationalité française", c.ORIGINE, "nationalité"),
    ("Français de souche", c.ORIGINE, "Français de souche"),
    ("Candidats européens uniquement", c.ORIGINE, "Candidats européens"),
    ("Profil de type européen", c.ORIGINE, "type européen"),
    ("Personne d'origine maghrébine s'abstenir", c.ORIGINE, "origine maghrébine"),
    ("Pas d'étrangers", c.ORIGINE, "Pas d'étrangers"),
    ("Né en France", c.ORIGINE, "Né en France"),
    ("Peau claire", c.ORIGINE, "Peau claire"),
    ("Français langue maternelle", c.LANGUE, "langue maternelle"),
    ("Anglais natif", c.LANGUE, "natif"),
    ("Excellente élocution, sans accent", c.LANGUE, "sans accent"),
    ("Accent étranger s'abstenir", c.LANGUE, "Accent étranger"),
    # Family, pregnancy
    ("Célibataire de préférence", c.FAMILLE, "Célibataire"),
    ("Sans enfant", c.FAMILLE, "Sans enfant"),
    ("Pas d'enfants en bas âge", c.FAMILLE, "enfants"),
    ("Idéal mère de famille", c.FAMILLE, "mère de famille"),
    ("Candidate mariée", c.FAMILLE, "mariée"),
    ("Situation familiale à préciser dans la candidature", c.FAMILLE, "Situation familiale"),
    ("Sans contraintes familiales", c.FAMILLE, "Sans contraintes familiales"),
    ("Ne pas être enceinte", c.GROSSESSE, "être enceinte"),
    ("Pas de projet de grossesse dans l'année", c.GROSSESSE, "projet de grossesse"),
    # Health, disability, appearance
    ("Être en bonne santé", c.SANTE, "bonne santé"),
    ("Personne valide", c.SANTE, "Personne valide"),
    ("Aucun problème de santé", c.SANTE, "Aucun problème de santé"),
    ("Pas de handicap", c.SANTE, "Pas de handicap"),
    ("Certificat médical exigé", c.SANTE, "Certificat médical exigé"),
    ("Physique agréable", c.APPARENCE, "Physique agréable"),
    ("Belle apparence exigée", c.APPARENCE, "Belle apparence"),
    ("CV avec photo obligatoire", c.APPARENCE, "CV avec photo"),
    ("Tatouages visibles interdits", c.APPARENCE, "Tatouages visibles interdits"),
    ("Taille minimum 1m75", c.APPARENCE, "Taille minimum"),
    # Religion, opinions, orientation
    ("Catholique pratiquant", c.RELIGION, "Catholique pratiquant"),
    ("De confession musulmane", c.RELIGION, "confession musulmane"),
    ("Pas de voile", c.RELIGION, "Pas de voile"),
    ("Signes religieux interdits", c.RELIGION, "Signes religieux"),
    ("Non syndiqué", c.OPINIONS, "Non syndiqué"),
    ("Opinions politiques modérées", c.OPINIONS, "Opinions politiques"),
    ("Hétérosexuel", c.ORIENTATION, "Hétérosexuel"),
    ("De bonnes mœurs", c.ORIENTATION, "bonnes mœurs"),
    # Place of residence, economic situation
    ("Habiter obligatoirement Roubaix", c.RESIDENCE, "Habiter obligatoirement"),
    ("Résider à moins de 10 km du magasin", c.RESIDENCE, "Résider à moins de 10 km"),
    ("Candidats des quartiers sensibles s'abstenir", c.RESIDENCE, "quartiers sensibles s'abstenir"),
    ("Pas de chômeurs", c.SITUATION_ECONOMIQUE, "Pas de chômeurs"),
    ("Bénéficiaires du RSA s'abstenir", c.SITUATION_ECONOMIQUE, "Bénéficiaires du RSA s'abstenir"),
    # Undeclared work, fees
    ("Payé au noir", c.TRAVAIL_DISSIMULE, "Payé au noir"),
    ("Journée d'essai non rémunérée", c.TRAVAIL_DISSIMULE, "Journée d'essai non rémunérée"),
    ("Frais de dossier : 50 €", c.FRAIS, "Frais de dossier"),
    ("Kit de démarrage obligatoire", c.FRAIS, "Kit de démarrage obligatoire"),
]

NON_SIGNALES = [
    "Serveur / Serveuse (H/F)",
    "Vendeur H/F",
    "Serveuse",  # a gendered title without « H/F » is not illegal; exclusivity is
    "Femme de chambre / Valet de chambre",
    "Homme ou femme, débutant accepté",
    "Coiffeur pour hommes, barbier",
    "Rayon prêt-à-porter femme",
    "Débutant accepté, première expérience appréciée",
    "5 ans d'expérience minimum",
    "Entre 2 et 5 ans d'expérience",
    "Plus de 10 ans d'expérience dans la vente",
    "Entreprise familiale de plus de 50 ans",
    "Entreprise familiale",
    "Nous existons depuis 30 ans",
    "Contrat de 18 mois",
    "Avoir au moins 18 ans (travail de nuit)",
    "Être majeur",
    "Âgé de 18 ans minimum (vente d'alcool)",
    "Nous accueillons les seniors",
    "Juniors et seniors bienvenus",
    "Aide à domicile auprès des seniors",
    "Résidence seniors",
    "Accompagner des jeunes de 16 à 25 ans vers l'emploi",
    "Éducateur auprès de jeunes enfants",
    "Accueil d'enfants de moins de 3 ans en crèche",
    "Jeune entreprise innovante",
    "Sans limite d'âge",
    "Conformément à la loi, toutes les candidatures sont étudiées sans distinction d'âge, de sexe, d'origine, "
    "de handicap, de religion ou d'orientation sexuelle.",
    "Quel que soit votre âge",
    "Travail en hauteur",
    "Port de charges lourdes (25 kg)",
    "Bonne condition physique (port de charges, station debout)",
    "Poste accessible aux travailleurs handicapés",
    "Poste ouvert aux personnes en situation de handicap, RQTH bienvenue",
    "Permis B valide exigé",
    "Titre de séjour valide autorisant à travailler",
    "Autorisation de travail en France exigée",
    "Présentation soignée, tenue correcte",
    "Anglais courant (niveau C1)",
    "Mettre l'accent sur la relation client",
    "Agent de sécurité dans l'enceinte du stade",
    "Sage-femme : suivi des femmes enceintes",
    "CDD de remplacement d'un congé maternité",
    "Garde d'enfants à domicile",
    "Gérer le budget en bon père de famille",
    "Contactez Marie au 03 20 00 00 00",
    "Gestionnaire de copropriété chez un syndic",
    "Négociation avec les délégués syndicaux",
    "Moniteur de voile",
    "Vente de produits d'origine française",
    "Équipe de 15 nationalités",
    "Rejoignez l'Union européenne de l'emploi",
    "Télétravail possible",
    "Poste basé à Lille, proche de la gare",
    "Demandeurs d'emploi bienvenus",
    "Accompagnement des personnes surendettées",
    "Lutte contre le travail au noir",
    "Séances d'essai gratuites pour les clients",
    "Période d'essai de 2 mois renouvelable",
    "Gestion des frais de dossier des élèves",
    "Nous sommes une entreprise engagée pour la diversité",
    "Photographe : prise de photos et retouche",
    "Suivi de grossesse et préparation à l'accouchement",
    "Établissement catholique sous contrat d'association",
    "Respect du principe de laïcité",
    "Cuisine maghrébine et orientale",
    "Taille des haies et entretien des espaces verts",
    "Entreprise en croissance depuis 25 ans",
    "Aide-soignant(e) en EHPAD. Soins d'hygiène et de confort auprès des résidents âgés de plus de 75 ans.",
    "Chauffeur poids lourd (permis C, FIMO à jour), retour au domicile chaque soir, carte conducteur valide.",
    "Nous sommes une jeune start-up de 10 personnes, créée il y a 3 ans.",
    "Éducateur spécialisé auprès d'adolescents de 12 à 18 ans placés par l'aide sociale à l'enfance.",
    "Assistante maternelle : accueil d'enfants de 0 à 3 ans à domicile.",
    "Interventions au domicile des particuliers uniquement.",
    "Travail à domicile uniquement (télétravail complet).",
    "Convention collective HCR, 39 h hebdomadaires, deux jours de repos consécutifs.",
    "Femme de ménage (H/F) pour un particulier, 10 h par semaine.",
    "Serveur / serveuse : accueil de la clientèle étrangère (anglais apprécié).",
    "Poste ouvert aux bénéficiaires de l'obligation d'emploi (RQTH).",
    "Nous favorisons l'emploi des seniors et des jeunes.",
    "Emploi franc : candidatures des habitants des quartiers prioritaires bienvenues.",
    "Accompagnement des familles monoparentales et des parents célibataires.",
    "Infirmier de nuit : surveillance des patients, préparation des traitements.",
    "Maçon : gros œuvre, port de charges, travail en extérieur et en hauteur.",
]


@pytest.mark.no_django_db
@pytest.mark.parametrize(("texte", "motif", "mots"), SIGNALES, ids=[s[0] for s in SIGNALES])
def test_une_formulation_discriminatoire_ou_illegale_est_signalee(texte, motif, mots):
    constats = c.verifier_texte(texte, champ="Description du poste")
    assert constats, f"Rien de signalé dans « {texte} »"
    pour_ce_motif = [x for x in constats if x["motif"] == motif]
    assert pour_ce_motif, f"« {texte} » : {[(x['extrait'], x['motif'][:40]) for x in constats]}"
    assert any(mots.lower() in x["extrait"].lower() for x in pour_ce_motif), pour_ce_motif
    assert all(x["champ"] == "Description du poste" for x in constats)


@pytest.mark.no_django_db
@pytest.mark.parametrize("texte", NON_SIGNALES)
def test_une_formulation_licite_n_est_pas_signalee(texte):
    assert c.verifier_texte(texte) == [], texte


@pytest.mark.no_django_db
def test_les_tableaux_comptent_au_moins_quarante_lignes_de_chaque_cote():
    assert len(SIGNALES) >= 40
    assert len(NON_SIGNALES) >= 40


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    "texte",
    ["JEUNE VENDEUR", "Jeune vendeur", "jeunes vendeurs", "jeune Vendeuse", "JEÛNE VENDEUR"],
)
def test_casse_accents_genre_et_pluriel_sont_pliés(texte):
    assert [x["motif"] for x in c.verifier_texte(texte)] == [c.AGE]


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    ("texte", "extrait"),
    [
        ("Candidat(e) marié(e)", "marié(e)"),
        ("Candidat·e·s célibataires", "célibataires"),
        ("Nous recherchons un homme", "recherchons un homme"),
        ("Poste de boulanger\nÂGÉ DE 20 À 30 ANS", "ÂGÉ DE 20 À 30 ANS"),
    ],
)
def test_l_extrait_reprend_les_mots_tels_qu_ecrits(texte, extrait):
    assert extrait in [x["extrait"] for x in c.verifier_texte(texte)]


@pytest.mark.no_django_db
def test_les_constats_suivent_l_ordre_du_texte_et_ne_se_repetent_pas():
    constats = c.verifier_texte("Femme uniquement, célibataire, moins de 30 ans, moins de 30 ans au plus.")
    assert [x["motif"] for x in constats] == [c.SEXE, c.FAMILLE, c.AGE, c.AGE]
    assert constats[0]["extrait"] == "Femme uniquement"


@pytest.mark.no_django_db
def test_une_exclusion_n_est_jamais_excusee_par_un_public_accueilli():
    assert [x["motif"] for x in c.verifier_texte("Nous accueillons des hommes uniquement")] == [c.SEXE]


@pytest.mark.no_django_db
def test_le_sexe_peut_etre_une_condition_pour_les_artistes_et_mannequins():
    # R1142-1: a role or a model; the age criterion stays flagged.
    texte = "Mannequin femme uniquement, moins de 30 ans"
    assert {x["motif"] for x in c.verifier_texte(texte, code_rome="L1102")} == {c.AGE}
    assert {x["motif"] for x in c.verifier_texte(texte, code_rome="D1102")} == {c.SEXE, c.AGE}


@pytest.mark.no_django_db
def test_une_offre_redigee_en_anglais_est_signalee():
    anglais = (
        "We are looking for a baker to join our team. You will prepare the bread and the pastries, "
        "and you will work with the head baker from Tuesday to Saturday. This is a full-time job."
    )
    constats = c.verifier_texte(anglais) + c._langue_etrangere([anglais])
    assert [x["motif"] for x in constats] == [c.LANGUE_FRANCAISE]
    francais_avec_termes = "Développeur full stack : vous travaillerez avec the team DevOps sur le cloud."
    assert c._langue_etrangere([francais_avec_termes]) == []


# --- The SMIC, a dated legal parameter --------------------------------------------------------------------


def test_le_smic_est_un_parametre_date_non_confirme_avec_sa_reference():
    p = parametre("entreprises.smic_horaire_brut", le=D(2025, 6, 1))
    assert p.valeur == Decimal("11.88")
    assert p.unite == "euros"
    assert "L3231-2" in p.reference_legale
    assert not p.confirme
    assert p.note
    assert parametre("entreprises.smic_horaire_brut", le=D(2024, 11, 1)).valeur == Decimal("11.88")
    assert parametre("entreprises.smic_horaire_brut", le=D(2026, 1, 1)).valeur == Decimal("12.02")
    assert parametre("entreprises.smic_horaire_brut", le=D(2025, 12, 31)).valeur == Decimal("11.88")


LE = D(2025, 6, 1)  # SMIC 11,88 € : 35 h → 11,88 × 35 × 52 / 12 = 1 801,80 €


def _salaire(salaire, heures, type_contrat=TypeContrat.CDI, le=LE):
    return c.verifier_salaire(
        salaire_min=Decimal(salaire), heures_hebdo=Decimal(heures), type_contrat=type_contrat, le=le
    )


@pytest.mark.parametrize(
    ("salaire", "heures", "signale"),
    [
        ("1801.80", "35", False),  # exactly the minimum
        ("1801.79", "35", True),  # one cent below
        ("2000", "35", False),
        ("1029.60", "20", False),  # 11,88 × 20 × 52 / 12 = 1 029,60
        ("1029.59", "20", True),
        ("1518.66", "29.5", False),  # part-time with a half hour: 11,88 × 29,5 × 52 / 12 = 1 518,66
        ("1518.65", "29.5", True),
        ("2007.72", "39", False),  # 39 h: 11,88 × 39 × 52 / 12 = 2 007,72 (overtime premiums left out)
        ("2007.71", "39", True),
    ],
)
def test_le_salaire_est_compare_au_smic_des_deux_cotes_de_la_borne(salaire, heures, signale):
    assert bool(_salaire(salaire, heures)) is signale


def test_le_constat_de_salaire_dit_le_minimum_et_le_smic_applique():
    [constat] = _salaire("1500", "35")
    assert constat["motif"] == c.SALAIRE.format(heures="35", minimum="1\u202f801,80", smic="11,88", date="01/06/2025")
    assert constat["extrait"] == "1\u202f500,00 € bruts par mois"
    assert constat["champ"] == "Salaire minimum"


def test_le_smic_applique_est_celui_de_la_date_de_prise_de_poste():
    # 1 810 € for 35 h: above the 2025 SMIC (1 801,80), below the 2026 one (12,02 → 1 823,03).
    assert _salaire("1810", "35", le=D(2025, 12, 31)) == []
    assert _salaire("1810", "35", le=D(2026, 1, 1))


def test_alternance_et_independant_sont_signales_pour_examen_avec_leur_motif():
    [apprenti] = _salaire("900", "35", TypeContrat.ALTERNANCE)
    assert apprenti["motif"].startswith("Salaire inférieur au SMIC pour un contrat en alternance")
    assert "D6222-26" in apprenti["motif"]
    [independant] = _salaire("900", "35", TypeContrat.INDEPENDANT)
    assert "L8221-6" in independant["motif"]
    assert _salaire("1801.80", "35", TypeContrat.ALTERNANCE) == []


def test_un_smic_departemental_prime_sur_le_national():
    # Mayotte has its own SMIC: a département's row wins over the national one (ParametreLegal).
    ParametreLegal.objects.create(
        cle="entreprises.smic_horaire_brut",
        libelle="SMIC (test)",
        valeur=Decimal("9.00"),
        unite="euros",
        reference_legale="test",
        valide_du=D(2025, 1, 1),
        departement_id="976",
    )
    assert (
        c.verifier_salaire(
            salaire_min=Decimal(1400), heures_hebdo=35, type_contrat=TypeContrat.CDI, le=LE, departement="976"
        )
        == []
    )
    assert c.verifier_salaire(
        salaire_min=Decimal(1400), heures_hebdo=35, type_contrat=TypeContrat.CDI, le=LE, departement="59"
    )


# --- The whole offer --------------------------------------------------------------------------------------


def _offre(**kwargs):
    valeurs = {
        "titre": "Boulanger / Boulangère",
        "fiche_rome_id": "D1102",
        "description": "Fabrication du pain et des viennoiseries.",
        "type_contrat": TypeContrat.CDI,
        "temps_travail": TempsTravail.PLEIN,
        "heures_hebdo": Decimal(35),
        "salaire_min": Decimal(1900),
        "commune": commune("59350"),
        "date_debut": D(2025, 6, 1),
        **kwargs,
    }
    return Offre(**valeurs)


def test_une_offre_conforme_n_a_aucun_constat():
    assert c.verifier(_offre(), le=LE) == []


def test_chaque_champ_texte_est_lu_et_nomme_dans_le_constat():
    offre = _offre(
        titre="Jeune boulanger",
        description="Femme uniquement.",
        competences=["Pétrissage", "Être en bonne santé"],
        langues=["Anglais (langue maternelle)"],
        conditions_handicap="Pas de handicap",
        salaire_min=Decimal(1500),
    )
    constats = c.verifier(offre, le=LE)
    assert [(x["champ"], x["motif"]) for x in constats] == [
        ("Intitulé du poste", c.AGE),
        ("Description du poste", c.SEXE),
        ("Compétences attendues", c.SANTE),
        ("Langues", c.LANGUE),
        ("Conditions d'accueil des travailleurs handicapés", c.SANTE),
        ("Salaire minimum", constats[-1]["motif"]),
    ]
    assert constats[-1]["motif"].startswith("Salaire inférieur au SMIC")


def test_le_smic_de_la_date_de_prise_de_poste_sert_par_defaut():
    # A revaluation known in advance applies to a job starting after it, not to one starting before.
    ParametreLegal.objects.filter(cle="entreprises.smic_horaire_brut", valide_du=D(2026, 1, 1)).update(
        valide_au=D(2099, 1, 1)
    )
    ParametreLegal.objects.create(
        cle="entreprises.smic_horaire_brut",
        libelle="SMIC (test)",
        valeur=Decimal("13.00"),  # 35 h → 1 971,67 €
        unite="euros",
        reference_legale="test",
        valide_du=D(2099, 1, 1),
    )
    assert c.verifier(_offre(salaire_min=Decimal(1900), date_debut=D(2098, 12, 31))) == []
    assert [x["champ"] for x in c.verifier(_offre(salaire_min=Decimal(1900), date_debut=D(2099, 1, 1)))] == [
        "Salaire minimum"
    ]
    # A start date already past: today's SMIC.
    assert c.verifier(_offre(salaire_min=Decimal(1900), date_debut=D(2020, 1, 1))) == []
