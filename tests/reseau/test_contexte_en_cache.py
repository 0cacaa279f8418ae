"""A professional's memberships are cached in Redis; every change must take effect
on their next request, and a Redis outage must not stop anyone working."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from francetravail.comptes.models import User
from francetravail.reseau import roles
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonneFactory, professionnel


def _frais(user):
    """The user as the next request loads it (no per-request copy of the context)."""
    return User.objects.get(pk=user.pk)


def _nouvelle_requete():
    roles.oublier_modifications_en_cours()  # what request_started does


def test_le_contexte_est_lu_en_cache_a_la_requete_suivante(django_assert_num_queries):
    org = OrganisationFactory()
    conseiller = professionnel(org, Role.CONSEILLER)
    _nouvelle_requete()
    assert roles.contexte_professionnel(_frais(conseiller)).roles == {Role.CONSEILLER}
    assert cache.get(roles._CLE.format(conseiller.pk)) is not None
    user = _frais(conseiller)
    with django_assert_num_queries(0):
        assert roles.contexte_professionnel(user).roles == {Role.CONSEILLER}


@pytest.mark.parametrize(
    "changement",
    [
        pytest.param(lambda m: Membership.objects.filter(pk=m.pk).get().delete(), id="rattachement supprimé"),
        pytest.param(lambda m: _sauver(m, actif=False), id="rattachement désactivé"),
        pytest.param(lambda m: _sauver(m.organisation, actif=False), id="organisation désactivée"),
        pytest.param(lambda m: _sauver(m.user, is_active=False), id="compte désactivé"),
    ],
)
def test_un_retrait_prend_effet_a_la_requete_suivante(client, changement):
    org = OrganisationFactory()
    conseiller = professionnel(org, Role.CONSEILLER)
    personne = PersonneFactory(organisme_referent=org)
    url = reverse("backoffice:fiche_personne", args=[personne.pk])
    client.force_login(conseiller)
    assert client.get(url).status_code == 200  # the context is now cached
    changement(conseiller.memberships.get())
    response = client.get(url)
    # 404 for a withdrawn role; an inactive account is logged out (redirected to the login page).
    assert response.status_code in (302, 404)
    assert "Votre consultation de ce dossier" not in response.content.decode()


def _sauver(objet, **champs):
    objet = type(objet).objects.get(pk=objet.pk)
    for nom, valeur in champs.items():
        setattr(objet, nom, valeur)
    objet.save()


def test_un_role_ajoute_ouvre_le_menu_a_la_requete_suivante(client):
    org = OrganisationFactory()
    pilote = professionnel(org, Role.PILOTE)
    client.force_login(pilote)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert reverse("backoffice:personnes") not in page
    MembershipFactory(user=pilote, organisation=org, role=Role.CONSEILLER)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert reverse("backoffice:personnes") in page
    assert reverse("backoffice:recherche") in page


def test_un_changement_annule_n_est_jamais_mis_en_cache():
    org, autre = OrganisationFactory(), OrganisationFactory()
    conseiller = professionnel(org, Role.CONSEILLER)
    _nouvelle_requete()

    def change_puis_echoue():
        with transaction.atomic():
            MembershipFactory(user=conseiller, organisation=autre, role=Role.CONSEILLER)
            # Read within the transaction that is about to be rolled back: right, but not cached.
            assert autre.pk in roles.contexte_professionnel(_frais(conseiller)).roles_par_organisation
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_puis_echoue()
    assert autre.pk not in roles.contexte_professionnel(_frais(conseiller)).roles_par_organisation
    _nouvelle_requete()
    assert autre.pk not in roles.contexte_professionnel(_frais(conseiller)).roles_par_organisation


def test_sans_redis_les_rattachements_sont_lus_en_base(settings):
    org = OrganisationFactory(conseil_departemental=True)
    conseiller = professionnel(org, Role.DECIDEUR_DEPARTEMENTAL)
    _nouvelle_requete()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
    ctx = roles.contexte_professionnel(_frais(conseiller))
    assert ctx.roles == {Role.DECIDEUR_DEPARTEMENTAL}
    assert ctx.departements_par_organisation == {org.departement_id: org.pk}
    roles.invalider({conseiller.pk})  # does not raise either


def test_modifier_une_organisation_invalide_ses_membres():
    org = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decideur = professionnel(org, Role.DECIDEUR_DEPARTEMENTAL)
    _nouvelle_requete()
    assert roles.contexte_professionnel(_frais(decideur)).departements_par_organisation == {"59": org.pk}
    o = Organisation.objects.get(pk=org.pk)
    o.departement_id, o.region_id = "62", None
    o.save()
    _nouvelle_requete()
    assert roles.contexte_professionnel(_frais(decideur)).departements_par_organisation == {"62": org.pk}
