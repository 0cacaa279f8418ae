"""Matching both ways: who is listed, in which order, with which explanation, in one query."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entreprises import appariement
from entreprises.appariement import CHAMPS_CANDIDAT
from entreprises.enums import StatutOffre, TempsTravail, TypeContrat
from tests.entreprises.factories import entreprise, offre, profil


def _candidats(o, **kwargs):
    return appariement.candidats_pour_offre(appariement.charger_offre(o.pk), **kwargs)


def _ids(candidats):
    return [c.personne_id for c in candidats]


def _textes(candidat):
    return [(c.texte, c.rempli) for c in candidat.explication]


@pytest.fixture
def o():
    # Boulanger in Lille (59, Hauts-de-France), CDI full time, 1 900 to 2 100 €, starting in 15 days.
    return offre(salaire_max=Decimal("2100"))


def test_meme_metier_avant_meme_domaine_et_autre_domaine_absent(o):
    domaine = profil(codes_rome=["D1104"])
    metier = profil(codes_rome=["D1102"])
    autre = profil(codes_rome=["N1101"])
    ids = _ids(_candidats(o))
    assert ids == [metier.pk, domaine.pk]
    assert autre.pk not in ids


def test_commune_puis_departement_puis_region_puis_ailleurs(o):
    ailleurs = profil(commune_code="75056")
    region = profil(commune_code="62041")
    departement = profil(commune_code="59512")
    meme_commune = profil(commune_code="59350")
    candidats = _candidats(o)
    assert _ids(candidats) == [meme_commune.pk, departement.pk, region.pk, ailleurs.pk]
    scores = [c.score for c in candidats]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4
    textes = [_textes(c)[1] for c in candidats]
    assert textes == [
        ("Même commune (Lille)", True),
        ("Même département (Nord)", True),
        ("Même région (Hauts-de-France)", True),
        ("Hors de la région (Hauts-de-France)", False),
    ]


def test_l_offre_raisonnable_d_emploi_passe_devant(o):
    sans_ore = profil()
    hors_ore = profil(ore_codes_rome=["D1102"], ore_communes=["62041"])
    dans_ore = profil(ore_codes_rome=["D1102"], ore_communes=["59350"])
    candidats = _candidats(o)
    assert _ids(candidats) == [dans_ore.pk, sans_ore.pk, hors_ore.pk]
    par_pk = {c.personne_id: c for c in candidats}
    assert ("Correspond à l'offre raisonnable d'emploi", True) in _textes(par_pk[dans_ore.pk])
    assert ("En dehors de l'offre raisonnable d'emploi (métier ou commune)", False) in _textes(par_pk[hors_ore.pk])
    assert not any("raisonnable" in t for t, _ in _textes(par_pk[sans_ore.pk]))
    assert par_pk[dans_ore.pk].score == par_pk[sans_ore.pk].score + appariement.POIDS["ore"]
    assert par_pk[hors_ore.pk].score == par_pk[sans_ore.pk].score


def test_contrat_et_temps_de_travail(o):
    tout = profil()
    cdi = profil(types_contrat=[TypeContrat.CDI], temps_travail=TempsTravail.PLEIN)
    cdd_partiel = profil(types_contrat=[TypeContrat.CDD, TypeContrat.INTERIM], temps_travail=TempsTravail.PARTIEL)
    candidats = {c.personne_id: c for c in _candidats(o)}
    assert candidats[cdi.pk].score == candidats[tout.pk].score
    assert candidats[cdd_partiel.pk].score == (
        candidats[tout.pk].score - appariement.POIDS["contrat"] - appariement.POIDS["temps"]
    )
    assert ("Tous types de contrat acceptés", True) in _textes(candidats[tout.pk])
    assert ("Temps plein ou partiel", True) in _textes(candidats[tout.pk])
    assert ("Contrat recherché : CDI", True) in _textes(candidats[cdi.pk])
    assert ("Temps plein recherché", True) in _textes(candidats[cdi.pk])
    assert (
        "Contrat recherché : CDD, Intérim (mission de travail temporaire) (l'offre : CDI)",
        False,
    ) in _textes(candidats[cdd_partiel.pk])
    assert ("Temps partiel recherché (l'offre : temps plein)", False) in _textes(candidats[cdd_partiel.pk])


def test_salaire_attendu_compare_au_maximum_de_l_offre(o):
    egal = profil(salaire_attendu=Decimal("2100"))
    au_dessus = profil(salaire_attendu=Decimal("2100.01"))
    candidats = {c.personne_id: c for c in _candidats(o)}
    assert candidats[egal.pk].score == candidats[au_dessus.pk].score + appariement.POIDS["salaire"]
    assert ("Salaire attendu (2\u202f100\u00a0€) atteint par l'offre", True) in _textes(candidats[egal.pk])
    assert (
        "Salaire attendu (2\u202f100\u00a0€) au-dessus de l'offre (2\u202f100\u00a0€)",
        False,
    ) in _textes(candidats[au_dessus.pk])


def test_salaire_sans_maximum_compare_au_minimum():
    o = offre(salaire_min=Decimal("1900"))
    atteint = profil(salaire_attendu=Decimal("1900"))
    depasse = profil(salaire_attendu=Decimal("1901"))
    candidats = {c.personne_id: c for c in _candidats(o)}
    assert candidats[atteint.pk].score - candidats[depasse.pk].score == appariement.POIDS["salaire"]


def test_disponibilite_le_jour_de_la_prise_de_poste_mais_pas_le_lendemain(o):
    le_jour = profil(disponible_le=o.date_debut)
    le_lendemain = profil(disponible_le=o.date_debut + datetime.timedelta(days=1))
    sans_date = profil(disponible_le=None)
    candidats = {c.personne_id: c for c in _candidats(o)}
    assert set(candidats) == {le_jour.pk, sans_date.pk}
    assert le_lendemain.pk not in candidats
    assert (f"Disponible au {o.date_debut:%d/%m/%Y}", True) in _textes(candidats[le_jour.pk])
    assert ("Disponible dès maintenant", True) in _textes(candidats[sans_date.pk])


def test_jamais_listes_refus_parcours_social_en_emploi(o):
    liste = profil()
    refuse = profil(visible=False)
    social = profil(parcours_professionnel=False)
    en_emploi = profil(en_emploi_depuis=timezone.localdate())
    ids = _ids(_candidats(o))
    assert ids == [liste.pk]
    assert not {refuse.pk, social.pk, en_emploi.pk} & set(ids)


def test_explication_complete_d_un_candidat(o):
    p = profil(
        codes_rome=["D1102"],
        types_contrat=[TypeContrat.CDI],
        temps_travail=TempsTravail.PLEIN,
        salaire_attendu=Decimal("1800"),
        disponible_le=o.date_debut - datetime.timedelta(days=3),
    )
    (candidat,) = _candidats(o)
    assert candidat.personne_id == p.pk
    assert _textes(candidat) == [
        ("Même métier (D1102)", True),
        ("Même commune (Lille)", True),
        (f"Disponible au {p.disponible_le:%d/%m/%Y}", True),
        ("Contrat recherché : CDI", True),
        ("Temps plein recherché", True),
        ("Salaire attendu (1\u202f800\u00a0€) atteint par l'offre", True),
    ]
    poids = appariement.POIDS
    assert candidat.score == (
        poids["meme_metier"] + poids["commune"] + poids["contrat"] + poids["temps"] + poids["salaire"]
    )


def test_metier_voisin_explique(o):
    profil(codes_rome=["D1104"])
    (candidat,) = _candidats(o)
    assert _textes(candidat)[0] == ("Métier voisin : même domaine professionnel (D11), autre métier", False)


def test_ligne_candidat_sans_donnee_du_dossier(o):
    p = profil()
    (candidat,) = _candidats(o)
    ligne = candidat.en_dict()
    assert tuple(ligne) == CHAMPS_CANDIDAT
    interdits = {"date_naissance", "nir", "adresse", "diagnostic", "contrat", "organisme_referent", "situation"}
    assert not interdits & set(ligne)
    assert not any(k.startswith(("diagnostic", "frein", "sante", "ore")) for k in ligne)
    assert ligne["personne_id"] == p.pk and ligne["email"] == p.personne.email
    # The dataclass holds nothing more than the exposed fields and the view's gate flag.
    assert {f.name for f in dataclasses.fields(candidat)} == {*CHAMPS_CANDIDAT, "dossier_accessible"}


def test_limite_et_une_seule_requete(o):
    for _ in range(5):
        profil()
    offre_chargee = appariement.charger_offre(o.pk)
    with CaptureQueriesContext(connection) as requetes:
        candidats = appariement.candidats_pour_offre(offre_chargee, limite=3)
    assert len(candidats) == 3
    assert len(requetes) == 1
    with CaptureQueriesContext(connection) as requetes:
        appariement.candidats_pour_offre(offre_chargee)
    assert len(requetes) == 1


def test_la_candidature_existante_est_indiquee(o):
    from entreprises.models import Candidature

    p = profil()
    candidature = Candidature.objects.create(offre=o, personne=p.personne, origine="candidature")
    (candidat,) = _candidats(o)
    assert (candidat.candidature_id, candidat.candidature_statut) == (candidature.pk, "envoyee")


# --- Offers for a person ----------------------------------------------------------------------


def test_offres_pour_personne_classees_et_publiees_seulement():
    p = profil(codes_rome=["D1102"], commune_code="59350")
    societe = entreprise()
    meme_metier = offre(societe, code_rome="D1102", commune_code="59512")
    meme_metier_commune = offre(societe, code_rome="D1102", commune_code="59350")
    voisin = offre(societe, code_rome="D1104", commune_code="59350")
    offre(societe, code_rome="N1101", commune_code="59350")  # another domain
    for statut in (StatutOffre.BROUILLON, StatutOffre.A_VALIDER, StatutOffre.POURVUE, StatutOffre.RETIREE):
        offre(societe, statut=statut)
    resultats = appariement.offres_pour_personne(p.personne)
    assert [r.offre_id for r in resultats] == [meme_metier_commune.pk, meme_metier.pk, voisin.pk]
    assert [(c.texte, c.rempli) for c in resultats[0].explication][:2] == [
        ("Même métier (D1102)", True),
        ("Même commune (Lille)", True),
    ]
    assert resultats[0].entreprise == societe.nom and resultats[0].libelle_rome == "Boulanger / Boulangère"


def test_offres_pour_personne_date_de_disponibilite():
    disponible = timezone.localdate() + datetime.timedelta(days=20)
    p = profil(disponible_le=disponible)
    le_jour = offre(date_debut=disponible)
    offre(date_debut=disponible - datetime.timedelta(days=1))
    assert [r.offre_id for r in appariement.offres_pour_personne(p.personne)] == [le_jour.pk]


def test_offres_pour_personne_meme_si_elle_refuse_d_etre_proposee():
    p = profil(visible=False, parcours_professionnel=False)
    o = offre()
    assert [r.offre_id for r in appariement.offres_pour_personne(p.personne)] == [o.pk]


def test_offres_pour_personne_sans_metier_ni_profil():
    from tests.factories import PersonneFactory

    offre()
    assert appariement.offres_pour_personne(profil(codes_rome=[]).personne) == []
    assert appariement.offres_pour_personne(PersonneFactory()) == []


def test_offres_pour_personne_une_requete_apres_le_profil():
    p = profil()
    for _ in range(4):
        offre()
    profil_charge = appariement.charger_profil(p.personne)
    with CaptureQueriesContext(connection) as requetes:
        resultats = appariement.offres_pour_personne(p.personne, profil=profil_charge)
    assert len(resultats) == 4 and len(requetes) == 1


def test_meme_score_dans_les_deux_sens():
    p = profil(
        codes_rome=["D1104"],
        commune_code="62041",
        types_contrat=[TypeContrat.CDD],
        salaire_attendu=Decimal("5000"),
        ore_codes_rome=["D1102"],
        ore_communes=["59350"],
    )
    o = offre()
    (candidat,) = _candidats(o)
    (proposee,) = appariement.offres_pour_personne(p.personne)
    assert candidat.score == proposee.score
    assert _textes(candidat) == [(c.texte, c.rempli) for c in proposee.explication]


def test_explication_d_une_offre_hors_domaine():
    p = profil(codes_rome=["N1101"])
    o = offre(code_rome="D1102")
    textes = [(c.texte, c.rempli) for c in appariement.explication_offre(appariement.charger_profil(p.personne), o.pk)]
    assert textes[0] == ("Autre domaine professionnel que celui de l'offre (D11)", False)
    assert appariement.explication_offre(None, o.pk) == []
