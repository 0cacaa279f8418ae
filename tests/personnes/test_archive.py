"""An archived file (``Personne.archivee_le`` set, issue 21) is closed to every professional: the gate,
the lists built on it, the national search, the API and matching leave it out. The person still reads
their own file. The sweep that archives is ``francetravail/donnees/conservation.py``: here the date is
set directly."""

import datetime

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from entreprises import appariement
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.personnes.acces import (
    acces_personne,
    accompagne_depuis_l_organisme_referent,
    invitations_recues,
    organisation_donnant_acces,
    organisation_modifiant_coordonnees,
    organisations_donnant_acces,
    personnes_visibles,
    peut_inviter,
)
from francetravail.personnes.enums import StatutImplication
from francetravail.personnes.models import Personne
from francetravail.personnes.queries import recherche_nationale
from francetravail.reseau.enums import Role
from inscription.models import DossierInscription
from tests.api.personnes.outils import nir_valide
from tests.entreprises.factories import offre, profil
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, UserFactory, professionnel
from tests.partenaires.factories import appelant, client_api


def archiver(personne):
    """What the nightly sweep does to the file (the date only; the sweep also writes its register)."""
    Personne.objects.filter(pk=personne.pk).update(archivee_le=timezone.now())
    personne.refresh_from_db()
    return personne


def _requete(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _frais(user):
    return type(user).objects.get(pk=user.pk)


# --- The gate ---------------------------------------------------------------------------------------------


def _referent():
    agence = OrganisationFactory()
    return professionnel(agence), PersonneFactory(organisme_referent=agence)


def _departement():
    conseil = OrganisationFactory(conseil_departemental=True, departement_id="59")
    return professionnel(conseil, role=Role.DECIDEUR_DEPARTEMENTAL), PersonneFactory()


def _implication():
    partenaire = OrganisationFactory()
    implication = ImplicationFactory(organisation=partenaire)
    return professionnel(partenaire), implication.personne


def _orienteur():
    agence = OrganisationFactory(departement_id="59")
    return professionnel(agence), PersonneFactory(organisme_referent=None)


@pytest.mark.parametrize("scene", [_referent, _departement, _implication, _orienteur])
def test_la_porte_ferme_le_dossier_archive_a_chaque_condition(scene):
    lecteur, personne = scene()
    assert acces_personne(_requete(lecteur), personne.pk, partie=PartieDossier.SYNTHESE) == personne
    assert list(personnes_visibles(lecteur)) == [personne]
    JournalAcces.objects.all().delete()

    archiver(personne)
    lecteur = _frais(lecteur)
    with pytest.raises(Http404):
        acces_personne(_requete(lecteur), personne.pk, partie=PartieDossier.SYNTHESE)
    assert not JournalAcces.objects.exists()
    assert not personnes_visibles(lecteur).exists()
    assert organisation_donnant_acces(lecteur, personne) is None
    assert organisations_donnant_acces(lecteur, [personne]) == {personne.pk: None}


def test_une_mission_n_ouvre_pas_un_dossier_archive():
    agence = OrganisationFactory()
    delegue = professionnel(agence, role=Role.DELEGUE_SANCTIONS)
    personne = archiver(PersonneFactory())

    with pytest.raises(Http404):
        acces_personne(
            _requete(delegue), personne.pk, partie=PartieDossier.SANCTIONS, par_mission=lambda user, p: agence.pk
        )
    assert not JournalAcces.objects.exists()


def test_le_referent_ne_modifie_ni_n_invite_plus_sur_un_dossier_archive():
    conseiller, personne = _referent()
    assert organisation_modifiant_coordonnees(conseiller, personne) == personne.organisme_referent_id
    assert peut_inviter(conseiller, personne)
    assert accompagne_depuis_l_organisme_referent(conseiller, personne)

    archiver(personne)
    conseiller = _frais(conseiller)
    assert organisation_modifiant_coordonnees(conseiller, personne) is None
    assert not peut_inviter(conseiller, personne)
    assert not accompagne_depuis_l_organisme_referent(conseiller, personne)


def test_une_invitation_en_attente_sur_un_dossier_archive_ne_s_affiche_plus():
    invitee = OrganisationFactory()
    conseiller = professionnel(invitee)
    implication = ImplicationFactory(organisation=invitee, statut=StatutImplication.PROPOSEE)
    assert list(invitations_recues(conseiller)) == [implication]

    archiver(implication.personne)
    assert not invitations_recues(_frais(conseiller)).exists()


def test_la_personne_lit_toujours_son_propre_dossier_archive():
    personne = archiver(PersonneFactory(avec_compte=True))
    assert acces_personne(_requete(personne.user), personne.pk, partie=PartieDossier.SYNTHESE) == personne
    assert list(personnes_visibles(personne.user)) == [personne]
    # Nobody else, not even another person.
    with pytest.raises(Http404):
        acces_personne(_requete(UserFactory()), personne.pk, partie=PartieDossier.SYNTHESE)


# --- Lists, search, API, matching ---------------------------------------------------------------------------


def test_la_liste_du_back_office_ne_montre_pas_le_dossier_archive(client):
    conseiller, personne = _referent()
    active = PersonneFactory(organisme_referent=personne.organisme_referent, nom_naissance="Active")
    archiver(personne)
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes")).content.decode()
    assert active.nom_naissance.upper() in page
    assert personne.nom_naissance.upper() not in page
    assert client.get(reverse("backoffice:fiche_personne", args=[personne.pk])).status_code == 404


def test_la_recherche_nationale_ne_trouve_pas_un_dossier_archive(client):
    archivee = archiver(PersonneFactory(nom_naissance="Lefèvre", prenoms="Archivée"))
    active = PersonneFactory(nom_naissance="Lefèvre", prenoms="Active")
    assert [r["pk"] for r in recherche_nationale(nom="lefevre")] == [active.pk]

    client.force_login(professionnel())
    page = client.get(reverse("backoffice:recherche"), {"nom": "lefevre"}).content.decode()
    assert "Active" in page
    assert "Archivée" not in page
    assert archivee.email not in page


def test_l_api_ne_liste_ni_ne_lit_ni_ne_trouve_par_nir_un_dossier_archive():
    agence = OrganisationFactory()
    api = appelant(client_api(agence))
    active = PersonneFactory(organisme_referent=agence)
    archivee = PersonneFactory(organisme_referent=agence, date_naissance=datetime.date(1985, 1, 1))
    DossierInscription.objects.create(personne=archivee, nir=nir_valide(), canal="guichet")
    avant = api.get(reverse("v1:personne-list"))
    assert [p["id"] for p in avant.json()["results"]] == [active.pk, archivee.pk]
    trouvee = api.post(reverse("v1:personne-recherche-nir"), {"nir": nir_valide()}, format="json")
    assert [p["id"] for p in trouvee.json()] == [archivee.pk]
    JournalAcces.objects.all().delete()

    archiver(archivee)
    liste = api.get(reverse("v1:personne-list"))
    assert liste.status_code == 200
    assert [p["id"] for p in liste.json()["results"]] == [active.pk]
    assert api.get(reverse("v1:personne-detail", args=[archivee.pk])).status_code == 404
    trouvee = api.post(reverse("v1:personne-recherche-nir"), {"nir": nir_valide()}, format="json")
    assert trouvee.status_code == 200
    assert trouvee.json() == []
    assert not JournalAcces.objects.filter(personne=archivee).exists()


def test_la_mise_en_relation_ne_propose_pas_un_dossier_archive():
    o = offre()
    actif = profil()
    archive = profil()
    ids = [c.personne_id for c in appariement.candidats_pour_offre(appariement.charger_offre(o.pk))]
    assert sorted(ids) == sorted([actif.pk, archive.pk])

    archiver(archive.personne)
    ids = [c.personne_id for c in appariement.candidats_pour_offre(appariement.charger_offre(o.pk))]
    assert ids == [actif.pk]


def test_la_limite_de_la_mise_en_relation_compte_apres_l_archive():
    # The archived are left out before the cut to ``limite``: the list keeps its length.
    o = offre()
    archives = [profil() for _ in range(3)]
    actifs = [profil() for _ in range(2)]
    for p in archives:
        archiver(p.personne)
    ids = [c.personne_id for c in appariement.candidats_pour_offre(appariement.charger_offre(o.pk), limite=2)]
    assert sorted(ids) == sorted(p.pk for p in actifs)
