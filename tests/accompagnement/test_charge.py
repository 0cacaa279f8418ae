"""« Charge de l'équipe »: each professional's people per modality against the targets, for the team's manager."""

import pytest
from django.urls import reverse

from francetravail.accompagnement import queries
from francetravail.accompagnement.models import ModaliteAccompagnement, ModalitePersonne
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


def portefeuille(agence, referent, code, n):
    modalite = ModaliteAccompagnement.objects.get(code=code) if code else None
    for personne in PersonneFactory.create_batch(n, organisme_referent=agence, referent_unique=referent):
        if modalite:
            ModalitePersonne.objects.create(personne=personne, modalite=modalite, debut="2026-01-01")


def ligne_de(lignes, user):
    return next(ligne for ligne in lignes if ligne.conseiller == user)


def test_la_cible_de_l_intensif_des_deux_cotes():
    # accompagnement.portefeuille_cible.intensif = 50: 50 is at target, 51 over.
    agence = OrganisationFactory()
    a_la_cible, au_dela = professionnel(agence), professionnel(agence)
    portefeuille(agence, a_la_cible, "intensif", 50)
    portefeuille(agence, au_dela, "intensif", 51)
    _modalites, cibles, lignes = queries.charge_equipe(agence)
    assert cibles["intensif"] == 50
    assert not ligne_de(lignes, a_la_cible).depasse and ligne_de(lignes, a_la_cible).charge == 100
    assert ligne_de(lignes, au_dela).depasse and ligne_de(lignes, au_dela).charge == 102


def test_un_portefeuille_mixte_se_lit_en_parts_de_cibles():
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    portefeuille(agence, conseiller, "intensif", 30)  # 60 % of 50
    portefeuille(agence, conseiller, "global", 20)  # 50 % of 40
    portefeuille(agence, conseiller, None, 2)
    ligne = ligne_de(queries.charge_equipe(agence)[2], conseiller)
    assert ligne.charge == 110 and ligne.depasse and ligne.total == 52 and ligne.sans_modalite == 2


def test_le_responsable_lit_la_charge_de_son_equipe(client):
    agence = OrganisationFactory(nom="Agence de Tourcoing")
    conseiller = professionnel(agence, first_name="Inès", last_name="Surchargée")
    professionnel(OrganisationFactory(), first_name="Hors", last_name="Équipe")
    portefeuille(agence, conseiller, "global", 41)
    client.force_login(professionnel(agence, role=Role.RESPONSABLE_EQUIPE))
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    assert reverse("backoffice:charge_equipe") in accueil and "1 professionnel au-delà de la cible" in accueil
    page = client.get(reverse("backoffice:charge_equipe")).content.decode()
    assert "Agence de Tourcoing" in page and "Inès Surchargée" in page and "41 / 40" in page
    assert "Au-delà de la cible" in page and "Hors Équipe" not in page


@pytest.mark.parametrize("role", [Role.CONSEILLER, Role.ADMIN_ORGANISATION, Role.TRAVAILLEUR_SOCIAL])
def test_les_autres_roles_n_ont_ni_la_page_ni_la_tuile(client, role):
    agence = OrganisationFactory()
    client.force_login(professionnel(agence, role=role))
    assert client.get(reverse("backoffice:charge_equipe")).status_code == 404
    assert reverse("backoffice:charge_equipe") not in client.get(reverse("backoffice:accueil")).content.decode()


def test_une_personne_n_a_pas_la_page(client):
    client.force_login(PersonneFactory(avec_compte=True).user)
    assert client.get(reverse("backoffice:charge_equipe")).status_code in (302, 404)


def test_le_responsable_d_une_autre_equipe_ne_voit_pas_celle_ci(client):
    agence = OrganisationFactory(nom="Agence voisine")
    portefeuille(agence, professionnel(agence, first_name="Voisin", last_name="Caché"), "suivi", 3)
    client.force_login(professionnel(OrganisationFactory(), role=Role.RESPONSABLE_EQUIPE))
    page = client.get(reverse("backoffice:charge_equipe")).content.decode()
    assert "Agence voisine" not in page and "Voisin Caché" not in page


@pytest.mark.parametrize("n", [2, 20])
def test_la_charge_a_un_nombre_de_requetes_constant(client, django_assert_max_num_queries, n):
    agence = OrganisationFactory()
    for _ in range(n // 2):
        portefeuille(agence, professionnel(agence), "suivi", 2)
    client.force_login(professionnel(agence, role=Role.RESPONSABLE_EQUIPE))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("backoffice:charge_equipe")).status_code == 200
