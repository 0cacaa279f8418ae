"""Rules as versioned data: the national référentiel, drafts, publication, departmental refinements."""

import html

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from orientation.actions import creer_brouillon, publier_version
from orientation.enums import Parcours, StatutVersion, TypeOrganismeReferent
from orientation.models import Referentiel, Regle, VersionReferentiel
from orientation.queries import regles_de_version, regles_en_vigueur, vider_cache
from orientation.referentiel_national import charger_referentiel_national, regles_nationales
from orientation.regles import Situation, evaluer, simuler
from tests.factories import UserFactory
from tests.orientation.factories import ReferentielFactory, RegleFactory, VersionReferentielFactory

SITUATION_INCERTAINE = Situation(False, "incertain", "niveau_3", "moyen", age=40)
CONDITIONS_LOCALES = {"se_projette": ["incertain"], "intensite_freins": ["moyen"], "beneficiaire_rsa": [False]}


@pytest.fixture(autouse=True)
def _regles_non_compilees():
    # Published versions never change, but tests may edit rows behind the actions' back.
    vider_cache()
    yield
    vider_cache()


@pytest.fixture
def decideur():
    return UserFactory(professionnel=True)


def referentiel_national():
    return Referentiel.objects.get(departement=None)


def version_nationale_publiee():
    return VersionReferentiel.objects.get(referentiel__departement=None, statut=StatutVersion.PUBLIEE)


def publier_regle_locale(departement_code, decideur, **champs):
    referentiel = ReferentielFactory(departement_id=departement_code)
    brouillon = creer_brouillon(referentiel, acting_user=decideur)
    RegleFactory(
        version=brouillon,
        code="incertain_freins_moyens_departement",
        ordre=905,
        conditions=CONDITIONS_LOCALES,
        **champs,
    )
    return publier_version(brouillon, acting_user=decideur)


# -- national référentiel ----------------------------------------------------------------------------------


def test_le_referentiel_national_est_charge_par_la_migration():
    version = version_nationale_publiee()
    assert version.numero == 1
    assert version.publiee_le is not None
    assert version.referentiel.est_national
    assert list(version.regles.order_by("ordre").values_list("code", flat=True)) == [
        r["code"] for r in regles_nationales()
    ]
    compilees = regles_en_vigueur()
    assert len(compilees) == len(regles_nationales())
    assert compilees.versions == (version.pk,)
    proposition = evaluer(Situation(True, "oui", "niveau_4", "moyen", age=40), compilees)
    assert (proposition.parcours, proposition.version_id) == (Parcours.PROFESSIONNEL, version.pk)


def test_le_chargement_du_referentiel_national_est_idempotent():
    avant = Regle.objects.count()
    assert charger_referentiel_national(Referentiel, VersionReferentiel, Regle) is None
    assert Regle.objects.count() == avant
    assert Referentiel.objects.filter(departement=None).count() == 1


def test_les_regles_nationales_passent_la_validation_du_modele():
    for regle in version_nationale_publiee().regles.all():
        regle.version.statut = StatutVersion.BROUILLON  # clean() refuses edits of published rules
        regle.full_clean()


# -- lifecycle ---------------------------------------------------------------------------------------------


def test_brouillon_publication_et_retrait(decideur):
    v1 = version_nationale_publiee()
    v2 = creer_brouillon(referentiel_national(), acting_user=decideur, note="Révision de l'annexe")
    assert (v2.numero, v2.statut, v2.creee_par, v2.note) == (
        2,
        StatutVersion.BROUILLON,
        decideur,
        "Révision de l'annexe",
    )
    champs = ["code", "ordre", "libelle", "conditions", "parcours", "type_organisme", "explication"]
    assert list(v2.regles.order_by("ordre").values(*champs)) == list(v1.regles.order_by("ordre").values(*champs))
    assert regles_en_vigueur().versions == (v1.pk,)

    publier_version(v2, acting_user=decideur)

    v1.refresh_from_db()
    assert (v2.statut, v2.publiee_par, v1.statut) == (StatutVersion.PUBLIEE, decideur, StatutVersion.RETIREE)
    assert v1.retiree_le == v2.publiee_le
    assert VersionReferentiel.objects.filter(referentiel=v1.referentiel, statut=StatutVersion.PUBLIEE).get() == v2
    assert regles_en_vigueur().versions == (v2.pk,)
    audit = AuditEvent.objects.get(event_type=TypeEvenement.ORIENTATION_VERSION_PUBLIEE)
    assert (audit.acting_user, audit.motif) == (decideur, "Révision de l'annexe")
    assert audit.data == {
        "version_id": v2.pk,
        "referentiel_id": v1.referentiel_id,
        "departement": None,
        "numero": 2,
        "versions_retirees": [v1.pk],
        "nombre_regles": len(regles_nationales()),
    }
    evenements = apps.get_model("orientation", "VersionReferentielEvent").objects.filter(pgh_obj=v2)
    assert list(evenements.order_by("pgh_id").values_list("statut", flat=True)) == ["brouillon", "publiee"]


def test_seul_un_brouillon_peut_etre_publie(decideur):
    v1 = version_nationale_publiee()
    with pytest.raises(ValidationError, match="Seul un brouillon peut être publié : la version 1 est « publiée »."):
        publier_version(v1, acting_user=decideur)
    publier_version(creer_brouillon(v1.referentiel, acting_user=decideur), acting_user=decideur)
    with pytest.raises(ValidationError, match="la version 1 est « retirée »"):
        publier_version(v1, acting_user=decideur)


def test_un_brouillon_sans_regle_n_est_pas_publie(decideur):
    brouillon = creer_brouillon(ReferentielFactory(departement_id="13"), acting_user=decideur)
    assert (brouillon.numero, brouillon.regles.count()) == (1, 0)
    with pytest.raises(ValidationError, match="La version 1 ne contient aucune règle : rien à publier."):
        publier_version(brouillon, acting_user=decideur)
    brouillon.refresh_from_db()
    assert brouillon.statut == StatutVersion.BROUILLON


def test_un_brouillon_aux_regles_invalides_n_est_pas_publie(decideur):
    brouillon = creer_brouillon(ReferentielFactory(departement_id="13"), acting_user=decideur)
    RegleFactory(version=brouillon, code="revenus", conditions={"revenu": ["faible"]})
    with pytest.raises(ValidationError) as erreur:
        publier_version(brouillon, acting_user=decideur)
    assert erreur.value.messages[0].startswith("Règle « revenus » : Critère inconnu : « revenu ».")
    assert VersionReferentiel.objects.get(pk=brouillon.pk).statut == StatutVersion.BROUILLON


def test_la_base_refuse_deux_versions_publiees_du_meme_referentiel():
    with pytest.raises(IntegrityError, match="orientation_une_version_publiee"), transaction.atomic():
        VersionReferentielFactory(
            referentiel=referentiel_national(), statut=StatutVersion.PUBLIEE, publiee_le=timezone.now()
        )


def test_un_seul_referentiel_national_et_un_par_departement():
    with pytest.raises(IntegrityError, match="orientation_referentiel_unique_departement"), transaction.atomic():
        Referentiel.objects.create(departement=None, libelle="Un autre national")
    ReferentielFactory(departement_id="13")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferentielFactory(departement_id="13")


# -- rules in force ----------------------------------------------------------------------------------------


def test_regles_en_vigueur_applique_les_regles_du_departement(decideur):
    locale = publier_regle_locale("13", decideur)
    nationale = version_nationale_publiee()

    proposition = evaluer(SITUATION_INCERTAINE, regles_en_vigueur("13"))
    assert (proposition.type_organisme, proposition.regle_code, proposition.version_id) == (
        TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL,
        "incertain_freins_moyens_departement",
        locale.pk,
    )
    assert regles_en_vigueur("13").versions == (nationale.pk, locale.pk)
    for ailleurs in ("75", None):
        proposition = evaluer(SITUATION_INCERTAINE, regles_en_vigueur(ailleurs))
        assert proposition.type_organisme == TypeOrganismeReferent.FRANCE_TRAVAIL
        assert proposition.version_id == nationale.pk


def test_une_regle_departementale_de_meme_code_remplace_la_regle_nationale(decideur):
    referentiel = ReferentielFactory(departement_id="13")
    brouillon = creer_brouillon(referentiel, acting_user=decideur)
    RegleFactory(
        version=brouillon,
        code="projet_incertain-france_travail",
        ordre=0,
        conditions={"se_projette": ["incertain"], "intensite_freins": ["moyen", "sans_impact"]},
    )
    publier_version(brouillon, acting_user=decideur)
    compilees = regles_en_vigueur("13")
    codes = [r.code for r in compilees]
    assert codes == [r["code"] for r in regles_nationales()]  # replaced in place
    assert evaluer(SITUATION_INCERTAINE, compilees).type_organisme == TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL


def test_regles_en_vigueur_compile_une_fois_puis_une_seule_requete(decideur, django_assert_num_queries):
    publier_regle_locale("13", decideur)
    premieres = regles_en_vigueur("13")
    with django_assert_num_queries(1):
        assert regles_en_vigueur("13") is premieres


def test_une_nouvelle_publication_vaut_aussitot(decideur):
    avant = regles_en_vigueur("13")
    assert evaluer(SITUATION_INCERTAINE, avant).type_organisme == TypeOrganismeReferent.FRANCE_TRAVAIL
    locale = publier_regle_locale("13", decideur)
    apres = regles_en_vigueur("13")
    assert apres.versions[-1] == locale.pk
    assert evaluer(SITUATION_INCERTAINE, apres).type_organisme == TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL


def test_simuler_un_brouillon_departemental_avant_publication(decideur):
    brouillon = creer_brouillon(ReferentielFactory(departement_id="13"), acting_user=decideur)
    RegleFactory(version=brouillon, code="local", ordre=905, conditions=CONDITIONS_LOCALES)
    population = [
        (1, SITUATION_INCERTAINE),
        (2, Situation(True, "oui", "niveau_4", "moyen", age=40)),
        (3, Situation(False, "incertain", "infra_3", "moyen", age=19)),
    ]
    simulation = simuler(regles_en_vigueur("13"), regles_de_version(brouillon), population)
    assert simulation.nombre_changements == 2
    assert [c.personne_id for c in simulation.changements] == [1, 3]
    assert all(c.apres.version_id == brouillon.pk for c in simulation.changements)


# -- validation of rules (clean) ---------------------------------------------------------------------------


@pytest.fixture
def brouillon(decideur):
    return creer_brouillon(ReferentielFactory(departement_id="13"), acting_user=decideur)


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ({"diplome": ["bac"]}, "Critère inconnu : « diplome ». Critères possibles : activite_recente, se_projette,"),
        (
            {"intensite_freins": ["faible"]},
            "« intensite_freins » : valeur inconnue faible. Valeurs possibles : fort, moyen, sans_impact.",
        ),
        (
            {"beneficiaire_rsa": ["oui"]},
            "« beneficiaire_rsa » : valeur inconnue oui. Valeurs possibles : true, false.",
        ),
        ({"age_max": 200}, "« age_max » : l'âge doit être un nombre entier d'années entre 0 et 130."),
    ],
)
def test_clean_refuse_les_criteres_et_valeurs_inconnus(brouillon, conditions, message):
    regle = RegleFactory.build(version=brouillon, conditions=conditions)
    with pytest.raises(ValidationError) as erreur:
        regle.full_clean()
    assert erreur.value.message_dict["conditions"][0].startswith(message)


def test_clean_refuse_un_parcours_sans_organisme(brouillon):
    regle = RegleFactory.build(version=brouillon, type_organisme="")
    with pytest.raises(ValidationError) as erreur:
        regle.full_clean()
    assert erreur.value.message_dict["type_organisme"] == [
        "Renseignez à la fois le parcours et l'organisme référent, ou aucun des deux (entretien giratoire)."
    ]


def test_clean_accepte_une_regle_giratoire(brouillon):
    RegleFactory.build(version=brouillon, parcours="", type_organisme="").full_clean()


def test_clean_refuse_de_modifier_une_regle_publiee():
    regle = version_nationale_publiee().regles.first()
    regle.explication = "Autre chose"
    with pytest.raises(ValidationError) as erreur:
        regle.full_clean()
    assert erreur.value.messages == [
        "Cette version n'est plus un brouillon : ses règles ne se modifient plus. Créez un nouveau brouillon."
    ]


# -- admin -------------------------------------------------------------------------------------------------


@pytest.fixture
def client_staff(client):
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    return client


def test_admin_une_version_publiee_est_en_lecture_seule(client_staff):
    version = version_nationale_publiee()
    page = client_staff.get(f"/admin/orientation/versionreferentiel/{version.pk}/change/")
    assert page.status_code == 200
    assert 'name="regles-0-conditions"' not in page.text
    assert 'name="note"' not in page.text
    assert "Vous avez travaillé au cours des deux dernières années" in html.unescape(page.text)


def test_admin_un_brouillon_se_modifie(client_staff, brouillon):
    RegleFactory(version=brouillon)
    page = client_staff.get(f"/admin/orientation/versionreferentiel/{brouillon.pk}/change/")
    assert page.status_code == 200
    assert 'name="regles-0-conditions"' in page.text


def test_admin_publier_et_creer_un_brouillon(client_staff, brouillon):
    RegleFactory(version=brouillon)
    reponse = client_staff.post(
        "/admin/orientation/versionreferentiel/",
        {"action": "action_publier", "_selected_action": [brouillon.pk, version_nationale_publiee().pk]},
        follow=True,
    )
    page = html.unescape(reponse.text)
    assert "Publiée : " in page
    assert "Seul un brouillon peut être publié : la version 1 est « publiée »." in page
    brouillon.refresh_from_db()
    assert brouillon.statut == StatutVersion.PUBLIEE

    client_staff.post(
        "/admin/orientation/referentiel/",
        {"action": "action_creer_brouillon", "_selected_action": [brouillon.referentiel_id]},
        follow=True,
    )
    assert brouillon.referentiel.versions.filter(statut=StatutVersion.BROUILLON, numero=2).exists()


def test_admin_pages_des_referentiels(client_staff):
    assert client_staff.get("/admin/orientation/referentiel/").status_code == 200
    assert client_staff.get("/admin/orientation/referentiel/add/").status_code == 200
    assert client_staff.get(f"/admin/orientation/referentiel/{referentiel_national().pk}/change/").status_code == 200
    liste = client_staff.get("/admin/orientation/versionreferentiel/")
    assert liste.status_code == 200
    assert "Publier" in liste.text
    assert client_staff.get("/admin/orientation/versionreferentiel/add/").status_code == 403


def test_admin_refuse_des_conditions_inconnues_en_francais(client_staff, brouillon):
    regle = RegleFactory(version=brouillon, code="locale")
    formulaire = {
        "note": "Essai",
        "regles-TOTAL_FORMS": "1",
        "regles-INITIAL_FORMS": "1",
        "regles-MIN_NUM_FORMS": "0",
        "regles-MAX_NUM_FORMS": "1000",
        "regles-0-id": str(regle.pk),
        "regles-0-version": str(brouillon.pk),
        "regles-0-code": "locale",
        "regles-0-ordre": "905",
        "regles-0-libelle": "Règle locale",
        "regles-0-conditions": '{"se_projette": ["peut-être"]}',
        "regles-0-parcours": Parcours.SOCIAL,
        "regles-0-type_organisme": TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL,
        "regles-0-explication": "Pourquoi.",
    }
    url = f"/admin/orientation/versionreferentiel/{brouillon.pk}/change/"
    reponse = client_staff.post(url, formulaire)
    assert reponse.status_code == 200
    assert "« se_projette » : valeur inconnue peut-être. Valeurs possibles : oui, non, incertain." in html.unescape(
        reponse.text
    )
    formulaire["regles-0-conditions"] = '{"se_projette": ["non"], "age_min": 30}'
    assert client_staff.post(url, formulaire).status_code == 302
    regle.refresh_from_db()
    assert regle.conditions == {"se_projette": ["non"], "age_min": 30}
