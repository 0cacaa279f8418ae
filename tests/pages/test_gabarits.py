"""The page chrome rendered once per process ({% gabarit %}) never mixes users up,
keeps the logout form working and shows each professional only the menu their roles open."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, UserFactory, professionnel


def test_deux_professionnels_voient_chacun_leur_nom(client):
    org = OrganisationFactory()
    alice = professionnel(org, first_name="Alice", last_name="Martin")
    bruno = professionnel(org, first_name="Bruno", last_name="Petit")
    for moi, autre in [(alice, bruno), (bruno, alice), (alice, bruno)]:
        client.force_login(moi)
        page = client.get(reverse("backoffice:accueil")).content.decode()
        assert moi.nom_affiche in page
        assert autre.nom_affiche not in page


def test_se_deconnecter_passe_par_une_confirmation_protegee_par_un_jeton():
    user = professionnel(OrganisationFactory())
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    # The cached header holds no per-request token: a link to the confirmation page.
    assert f'href="{reverse("account_logout")}"' in page
    assert "csrfmiddlewaretoken" not in page
    confirmation = client.get(reverse("account_logout"))
    assert confirmation.status_code == 200
    contenu = confirmation.content.decode()
    assert client.post(reverse("account_logout")).status_code == 403  # no token, no logout
    assert "_auth_user_id" in client.session
    jeton = contenu.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": jeton})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("role", "dossiers", "recherche"),
    [
        (Role.CONSEILLER, True, True),
        (Role.TRAVAILLEUR_SOCIAL, True, True),
        (Role.DECIDEUR_DEPARTEMENTAL, True, True),
        (Role.MEDIATEUR, True, False),
        (Role.PILOTE, False, False),
        (Role.ADMIN_ORGANISATION, False, False),
    ],
)
def test_le_menu_ne_propose_que_ce_que_les_roles_ouvrent(client, role, dossiers, recherche):
    # Each role in a type of organisation that admits it (francetravail/reseau/attribution.py).
    departemental = role in {Role.TRAVAILLEUR_SOCIAL, Role.DECIDEUR_DEPARTEMENTAL}
    client.force_login(professionnel(OrganisationFactory(conseil_departemental=departemental), role))
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert (f'href="{reverse("backoffice:personnes")}"' in page) is dossiers
    assert (f'href="{reverse("backoffice:recherche")}"' in page) is recherche
    assert reverse("admin:index") not in page
    # What the menu offers opens; what it hides is refused.
    assert client.get(reverse("backoffice:personnes")).status_code == (200 if dossiers else 404)
    assert client.get(reverse("backoffice:recherche")).status_code == (200 if recherche else 404)


def test_le_personnel_d_administration_voit_le_lien_d_administration(client):
    staff = professionnel(OrganisationFactory(), Role.PILOTE, is_staff=True)
    client.force_login(staff)
    assert reverse("admin:index") in client.get(reverse("backoffice:accueil")).content.decode()


def test_la_page_courante_est_signalee_dans_le_menu(client):
    client.force_login(professionnel(OrganisationFactory(), Role.CONSEILLER))
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    liste = client.get(reverse("backoffice:personnes")).content.decode()
    assert f'href="{reverse("backoffice:accueil")}" aria-current="page"' in accueil
    assert f'href="{reverse("backoffice:personnes")}" aria-current="page"' in liste
    assert f'href="{reverse("backoffice:accueil")}" aria-current="page"' not in liste


def test_un_fragment_depend_des_valeurs_nommees_et_seulement_d_elles(settings):
    settings.GABARITS_EN_CACHE = True
    gabarit = Template("{% load gabarits %}{% gabarit essai a %}{{ a }}-{{ b }}{% fingabarit %}")
    assert gabarit.render(Context({"a": 1, "b": 1})) == "1-1"
    assert gabarit.render(Context({"a": 2, "b": 2})) == "2-2"
    # b is not a declared value: the first rendering for a=1 is reused.
    assert gabarit.render(Context({"a": 1, "b": 3})) == "1-1"
    settings.GABARITS_EN_CACHE = False
    assert gabarit.render(Context({"a": 1, "b": 3})) == "1-3"


def test_un_gabarit_sans_nom_ou_contenant_un_bloc_est_une_erreur_de_syntaxe():
    with pytest.raises(TemplateSyntaxError, match="attend un nom"):
        Template("{% load gabarits %}{% gabarit %}x{% fingabarit %}")
    with pytest.raises(TemplateSyntaxError, match="block"):
        Template("{% load gabarits %}{% gabarit g %}{% block b %}{% endblock %}{% fingabarit %}")


def test_chaque_espace_a_son_badge_et_son_menu(client):
    org = OrganisationFactory()
    client.force_login(professionnel(org, Role.CONSEILLER))
    backoffice = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Espace professionnel</span>" in backoffice and "Tableau de bord</a>" in backoffice
    public = client.get(reverse("pages:accueil")).content.decode()
    assert "Espace professionnel</span>" not in public and "Tableau de bord</a>" not in public
    introuvable = client.get("/cette-page-n-existe-pas/")
    assert introuvable.status_code == 404
    assert "Espace professionnel</span>" not in introuvable.content.decode()


def test_une_personne_et_un_anonyme_ont_chacun_leur_entete(client):
    anonyme = client.get(reverse("pages:accueil")).content.decode()
    assert "Se connecter" in anonyme and "Se déconnecter" not in anonyme
    personne = UserFactory(first_name="Zoé", last_name="Roux")
    client.force_login(personne)
    page = client.get(reverse("pages:accueil")).content.decode()
    assert "Zoé Roux" in page and "Se déconnecter" in page and "Se connecter" not in page
    assert "Sécurité du compte" not in page


def test_le_pied_de_page_declare_le_service_non_conforme_tant_qu_aucun_audit_n_a_eu_lieu(client):
    page = client.get(reverse("pages:accueil")).content.decode()
    assert "Accessibilité : non conforme" in page
    assert "Aucun audit de conformité" in client.get(reverse("pages:accessibilite")).content.decode()
