"""Departmental staff change their own département's référentiel only; national staff change all."""

from django.contrib.admin.sites import site
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from francetravail.reseau.enums import Role
from orientation.models import Referentiel, VersionReferentiel
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.orientation.factories import ReferentielFactory, RegleFactory, VersionReferentielFactory


def _staff_du_59():
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    user = professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="orientation"))
    return type(user).objects.get(pk=user.pk)  # fresh: permissions and memberships re-read


def _requete(user):
    requete = RequestFactory().get("/admin/")
    requete.user = user
    return requete


def test_un_agent_departemental_ne_modifie_que_le_referentiel_de_son_departement():
    agent = _staff_du_59()
    brouillon_59 = VersionReferentielFactory(referentiel=ReferentielFactory(departement_id="59"))
    brouillon_13 = VersionReferentielFactory(referentiel=ReferentielFactory(departement_id="13"))
    national = Referentiel.objects.get(departement__isnull=True)
    admin_versions = site._registry[VersionReferentiel]
    admin_referentiels = site._registry[Referentiel]
    requete = _requete(agent)
    assert admin_versions.has_change_permission(requete, brouillon_59)
    assert admin_versions.has_delete_permission(requete, brouillon_59)
    assert not admin_versions.has_change_permission(requete, brouillon_13)
    assert not admin_versions.has_delete_permission(requete, brouillon_13)
    assert not admin_referentiels.has_change_permission(requete, national)
    assert not admin_referentiels.has_add_permission(requete)


def test_la_publication_hors_territoire_est_refusee_et_dans_le_territoire_acceptee(client):
    agent = _staff_du_59()
    brouillons = {}
    for departement in ("13", "59"):
        brouillons[departement] = VersionReferentielFactory(referentiel=ReferentielFactory(departement_id=departement))
        RegleFactory(version=brouillons[departement])  # publishable otherwise
    client.force_login(agent)
    for brouillon in brouillons.values():
        client.post(
            "/admin/orientation/versionreferentiel/",
            {"action": "action_publier", "_selected_action": [brouillon.pk]},
        )
        brouillon.refresh_from_db()
    assert brouillons["13"].est_brouillon
    assert brouillons["59"].statut == "publiee"


def test_le_personnel_national_gere_tout():
    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    brouillon_13 = VersionReferentielFactory(referentiel=ReferentielFactory(departement_id="13"))
    assert site._registry[VersionReferentiel].has_change_permission(_requete(national), brouillon_13)
