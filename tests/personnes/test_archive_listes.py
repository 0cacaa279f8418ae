"""The lists that do not go through the gate leave an archived file out too (issue 21): the employer's
applications (page, API, one application), the sanctions queue, the référents' loads and portfolios,
the dashboard's portfolio count and follow-up counts, the unanswered messages."""

import datetime

from django.urls import reverse
from django.utils import timezone

from entreprises.enums import OrigineCandidature
from entreprises.models import Candidature
from francetravail.messagerie.models import Message
from francetravail.messagerie.queries import conversations_non_lues, conversations_sans_reponse
from francetravail.personnes.models import Personne
from francetravail.referents import queries as referents
from francetravail.rendezvous import suivi, suivi_affichage
from sanctions import queries as sanctions
from tests.entreprises.factories import employeur, entreprise, offre
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.partenaires.factories import appelant, client_api_entreprise
from tests.sanctions.factories import Situation


def archiver(*personnes):
    Personne.objects.filter(pk__in=[p.pk for p in personnes]).update(archivee_le=timezone.now())


# --- Employers ------------------------------------------------------------------------------------------------


def _candidatures():
    e = entreprise()
    o = offre(e)
    active, archivee = PersonneFactory(nom_naissance="Active"), PersonneFactory(nom_naissance="Archivee")
    lignes = [
        Candidature.objects.create(offre=o, personne=p, origine=OrigineCandidature.CANDIDATURE)
        for p in (active, archivee)
    ]
    return e, o, lignes


def test_l_employeur_ne_voit_plus_la_candidature_d_un_dossier_archive(client):
    e, o, (active, archivee) = _candidatures()
    client.force_login(employeur(e))
    archiver(archivee.personne)

    page = client.get(reverse("entreprises:offre_candidatures", kwargs={"pk": o.pk})).content.decode()
    assert "ACTIVE" in page.upper()
    assert "ARCHIVEE" not in page.upper()
    assert client.get(reverse("entreprises:candidature", kwargs={"pk": archivee.pk})).status_code == 404
    assert client.get(reverse("entreprises:candidature", kwargs={"pk": active.pk})).status_code == 200


def test_l_api_de_l_employeur_ne_renvoie_plus_la_candidature_d_un_dossier_archive():
    e, _o, (active, archivee) = _candidatures()
    api = appelant(client_api_entreprise(e))
    archiver(archivee.personne)

    liste = api.get(reverse("v1:candidature-list"))
    assert liste.status_code == 200, liste.content
    assert [c["id"] for c in liste.json()["results"]] == [active.pk]
    assert api.get(reverse("v1:candidature-detail", args=[archivee.pk])).status_code == 404


# --- Sanctions ------------------------------------------------------------------------------------------------


def test_la_file_des_sanctions_ne_montre_plus_un_dossier_archive(client):
    s = Situation()
    procedure = s.ouverte()
    assert list(sanctions.procedures_du_professionnel(s.controleur)) == [procedure]
    archiver(s.personne)

    assert not sanctions.procedures_du_professionnel(s.controleur).exists()
    assert sanctions.procedure_du_professionnel(s.controleur, procedure.pk) is None
    client.force_login(s.controleur)
    page = client.get(reverse("backoffice:sanctions")).content.decode()
    assert s.personne.nom_naissance.upper() not in page.upper()


# --- Référents and the dashboard ---------------------------------------------------------------------------------


def test_les_charges_et_portefeuilles_ne_comptent_pas_un_dossier_archive(client):
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    active = PersonneFactory(organisme_referent=agence, referent_unique=conseiller)
    archivee = PersonneFactory(organisme_referent=agence, referent_unique=conseiller)
    assert referents.charges(agence.pk, [conseiller.pk]) == {conseiller.pk: 2}
    archiver(archivee)

    assert referents.charges(agence.pk, [conseiller.pk]) == {conseiller.pk: 1}
    archiver(active)
    assert referents.charges(agence.pk, [conseiller.pk]) == {conseiller.pk: 0}
    assert referents.portefeuilles(agence.pk) == []
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Mon portefeuille (0 personnes)" in page


def test_les_compteurs_du_suivi_des_rendez_vous_ne_comptent_pas_un_dossier_archive():
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    active, archivee = PersonneFactory(organisme_referent=agence), PersonneFactory(organisme_referent=agence)
    for p in (active, archivee):
        suivi.noter(p.pk, "suivi", "invite", organisation_id=agence.pk)
    assert suivi_affichage.compter(conseiller)["invite"] == 2
    archiver(archivee)
    assert suivi_affichage.compter(conseiller)["invite"] == 1


def test_les_messages_sans_reponse_d_un_dossier_archive_ne_sont_plus_dans_les_files():
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    active = PersonneFactory(organisme_referent=agence, avec_compte=True)
    archivee = PersonneFactory(organisme_referent=agence, avec_compte=True)
    ancien = timezone.now() - datetime.timedelta(days=10)
    for p in (active, archivee):
        Message.objects.create(
            personne=p, organisme=agence, auteur=p.user, de_la_personne=True, corps="Bonjour", envoye_le=ancien
        )
    assert {ligne["personne_id"] for ligne in conversations_non_lues(conseiller)} == {active.pk, archivee.pk}
    archiver(archivee)
    assert [ligne["personne_id"] for ligne in conversations_non_lues(conseiller)] == [active.pk]
    assert [ligne["personne_id"] for ligne in conversations_sans_reponse(conseiller)] == [active.pk]
