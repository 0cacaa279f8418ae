"""The person's home page ("mon espace"): what it shows, and one query for all of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from francetravail.messagerie.actions import envoyer_message, marquer_lus
from inscription.models import DossierInscription
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve

URL = reverse("personnes:espace")
_TRANSACTION = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def _requetes(client):
    """The page's statements, without the request's transaction (ATOMIC_REQUESTS)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(_TRANSACTION)], response


def _ajouter(situation, *, messages, rendez_vous):
    agenda = AgendaFactory(organisation=situation.organisme)
    for i in range(rendez_vous):
        rdv_reserve(situation.personne, CreneauFactory(agenda=agenda, debut=dans(jours=2 + i)))
    for i in range(messages):
        auteur = situation.personne.user if i % 2 else situation.referent
        envoyer_message(situation.personne, acting_user=auteur, corps=f"Message {i}")


def test_mon_espace_lit_la_personne_et_tout_ce_qu_il_montre_en_un_nombre_fixe_de_requetes(client):
    """The session (read from the database since Redis may be down), its user, then one query for the
    person with the names, the registration status and the unread count the page shows, then one per
    app of the journey for « Où j'en suis » (appointments, orientation, diagnostic, contract, procedures),
    however many contracts, appointments and messages there are."""
    situation = Situation()
    situation.signe()
    _ajouter(situation, messages=1, rendez_vous=1)
    client.force_login(situation.personne.user)
    client.get(URL)

    petit, _ = _requetes(client)
    _ajouter(situation, messages=30, rendez_vous=10)
    grand, response = _requetes(client)

    assert len(grand) == len(petit) == 8, grand
    assert '"django_session"' in grand[0]
    assert '"comptes_user"' in grand[1]
    lues = " ".join(grand[3:])
    for table in ("rendezvous", "orientation", "diagnostic", "contrats", "sanctions"):
        assert f'"{table}_' in lues, table
    assert "(16 messages non lus)" in response.content.decode()


@pytest.mark.parametrize("nom_du_referent", [True, False])
def test_mon_espace_montre_organisme_referent_inscription_et_messages_non_lus(client, nom_du_referent):
    agence = OrganisationFactory(nom="Agence de Lille Sud")
    noms = {"first_name": "Camille", "last_name": "Durand"} if nom_du_referent else {"first_name": "", "last_name": ""}
    referent = professionnel(agence, email="camille.durand@exemple.fr", **noms)
    personne = PersonneFactory(
        avec_compte=True, organisme_referent=agence, referent_unique=referent, prenoms="Léa", nom_naissance="Martin"
    )
    client.force_login(personne.user)

    page = client.get(URL).content.decode()
    assert "Bonjour Léa MARTIN." in page
    assert "<dd>Agence de Lille Sud</dd>" in page
    assert ("Camille Durand" if nom_du_referent else "camille.durand@exemple.fr") in page
    assert "Votre inscription n’est pas terminée" in page  # no registration file yet
    assert "non lu" not in page

    DossierInscription.objects.create(personne=personne, canal="guichet", statut="inscrit", categorie="A")
    envoyer_message(personne, acting_user=referent, corps="Un")
    envoyer_message(personne, acting_user=personne.user, corps="Réponse")
    envoyer_message(personne, acting_user=referent, corps="Deux")
    page = client.get(URL).content.decode()
    assert "Votre inscription n’est pas terminée" not in page
    assert "(2 messages non lus)" in page

    marquer_lus(personne, lecteur=personne.user)
    envoyer_message(personne, acting_user=referent, corps="Trois")
    assert "(1 message non lu)" in client.get(URL).content.decode()

    # A new organisme référent starts a new conversation: the old one's messages no longer count.
    personne.organisme_referent = OrganisationFactory()
    personne.referent_unique = None
    personne.save(update_fields=["organisme_referent", "referent_unique"])
    page = client.get(URL).content.decode()
    assert "non lu" not in page
    assert "<dd>Pas encore désigné</dd>" in page


def test_mon_espace_sans_dossier_propose_l_inscription(client):
    client.force_login(UserFactory())
    page = client.get(URL).content.decode()
    assert "Votre dossier n’est pas encore créé" in page and "Bonjour" not in page


def test_mon_espace_sans_organisme_referent(client):
    personne = PersonneFactory(avec_compte=True, organisme_referent=None)
    client.force_login(personne.user)
    page = client.get(URL).content.decode()
    assert page.count("<dd>Pas encore désigné</dd>") == 2 and "non lu" not in page
