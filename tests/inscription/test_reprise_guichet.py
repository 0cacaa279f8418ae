"""A desk registration left half-way is resumed from the « Inscrire une personne au guichet » page: it lists
the registrations in progress of the conseiller's organisations, each with a link to its next step."""

import pytest
from django.urls import reverse

from francetravail.reseau.enums import Role
from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = pytest.mark.django_db


def _au_guichet(organisation, etape="identite", **kwargs):
    personne = PersonneFactory(organisme_referent=organisation)
    DossierInscription.objects.create(
        personne=personne, canal=Canal.GUICHET, organisation=organisation, etape=etape, **kwargs
    )
    return personne


def test_une_inscription_au_guichet_laissee_en_cours_se_reprend_par_un_lien(client):
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    en_cours = _au_guichet(agence, etape="coordonnees")
    terminee = _au_guichet(agence, etape="recapitulatif", statut=StatutInscription.INSCRIT)
    ailleurs = _au_guichet(OrganisationFactory(departement_id="62"))
    client.force_login(conseiller)

    contenu = client.get(reverse("backoffice:inscription_nouvelle")).content.decode()

    reprise = reverse("backoffice:inscription_etape", args=[en_cours.pk, "situation"])
    assert f'href="{reprise}"' in contenu
    assert en_cours.nom_complet in contenu
    assert terminee.nom_complet not in contenu
    assert ailleurs.nom_complet not in contenu  # another organisation's file: not shown (a 404 for them)
    assert client.get(reprise).status_code == 200


def test_sans_inscription_en_cours_pas_de_liste(client):
    agence = OrganisationFactory(departement_id="59")
    client.force_login(professionnel(agence, Role.CONSEILLER))
    assert "Inscriptions à terminer" not in client.get(reverse("backoffice:inscription_nouvelle")).content.decode()
