"""The dashboard's « À faire » for a conseiller with 250 people and for the responsable d'équipe of an
agency of 10 000 people, every person with an orientation, a contract at some stage and a message,
some with an absence to examine.

Targets (issue 17): the times (``bench: todo_ms_*``: the dashboard page; ``bench: todo_compte_ms_*``:
the counts alone; ``bench: todo_liste_ms_*``: the longest queue's list), and the query counts
(``bench: todo_queries_*``), flat with the number of people (the counts' flatness at two sizes of the
same user: tests/a_faire).
"""

import datetime
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from francetravail.messagerie.models import Message
from francetravail.personnes import a_faire
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Modalite, Motif, StatutManquement, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau, ManquementAExaminer, RendezVous
from francetravail.reseau.enums import Role
from inscription.models import DossierInscription
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.benchmarks.conftest import bench
from tests.factories import OrganisationFactory, UserFactory, professionnel

STATUTS = [StatutContrat.BROUILLON, StatutContrat.SOUMIS, StatutContrat.ACCEPTE, StatutContrat.SIGNE]


def _peupler(agence, conseiller, nombre):
    maintenant = timezone.now()
    auteur = UserFactory()
    personnes = Personne.objects.bulk_create(
        [
            Personne(
                nom_naissance=f"AFAIRE{agence.pk}-{i:05d}",
                prenoms="Test",
                date_naissance="1990-01-01",
                commune_id="59350",
                departement_id="59",
                organisme_referent=agence,
                referent_unique=conseiller,
            )
            for i in range(nombre)
        ],
        batch_size=2000,
    )
    DossierInscription.objects.bulk_create(
        [DossierInscription(personne=p, canal="guichet", statut="inscrit", categorie="A") for p in personnes],
        batch_size=2000,
    )
    # Orientations notified 1 to 60 days ago: some first appointments overdue.
    orientations = DecisionOrientation.objects.bulk_create(
        [
            DecisionOrientation(
                personne=p,
                statut=StatutDecision.CONFIRMEE,
                explication="Orientation du banc d'essai.",
                parcours_propose=Parcours.PROFESSIONNEL,
                parcours=Parcours.PROFESSIONNEL,
                organisme=agence,
                decidee_le=maintenant - datetime.timedelta(days=1 + i % 60),
                notifiee_le=maintenant - datetime.timedelta(days=1 + i % 60),
            )
            for i, p in enumerate(personnes)
        ],
        batch_size=2000,
    )
    ContratEngagement.objects.bulk_create(
        [
            ContratEngagement(
                personne=p,
                orientation=o,
                parcours=Parcours.PROFESSIONNEL,
                organisme=agence,
                referent=conseiller,
                statut=STATUTS[i % 4],
                echeance_signature=timezone.localdate() + datetime.timedelta(days=20),
                signe_le=maintenant - datetime.timedelta(days=i % 400)
                if STATUTS[i % 4] == StatutContrat.SIGNE
                else None,
                created_at=maintenant - datetime.timedelta(days=i % 400 + 30),
            )
            for i, (p, o) in enumerate(zip(personnes, orientations, strict=True))
        ],
        batch_size=2000,
    )
    # One message each, written 1 to 120 hours ago: a third beyond the promise.
    Message.objects.bulk_create(
        [
            Message(
                personne=p,
                organisme=agence,
                auteur=auteur,
                de_la_personne=True,
                corps="Bonjour.",
                envoye_le=maintenant - datetime.timedelta(hours=1 + i % 120),
            )
            for i, p in enumerate(personnes)
        ],
        batch_size=2000,
    )
    # One absence to examine in twenty.
    agenda = Agenda.objects.create(organisation=agence, libelle="Banc d'essai")
    debut = maintenant - datetime.timedelta(days=3)
    creneau = Creneau.objects.create(
        agenda=agenda,
        debut=debut,
        fin=debut + datetime.timedelta(hours=1),
        motif=Motif.SESSION_COLLECTIVE,
        modalite=Modalite.SUR_PLACE,
        capacite=max(1, nombre),
        lieu="Agence",
    )
    absents = personnes[::20]
    rdvs = RendezVous.objects.bulk_create(
        [RendezVous(personne=p, creneau=creneau, statut=StatutRendezVous.ABSENT) for p in absents], batch_size=2000
    )
    ManquementAExaminer.objects.bulk_create(
        [ManquementAExaminer(personne=r.personne, rendez_vous=r, statut=StatutManquement.A_EXAMINER) for r in rdvs],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE personnes_personne; ANALYZE inscription_dossierinscription; "
            "ANALYZE orientation_decisionorientation; ANALYZE contrats_contratengagement; "
            "ANALYZE messagerie_message; ANALYZE rendezvous_rendezvous; ANALYZE rendezvous_manquementaexaminer"
        )


def _mesurer(fonction, fois):
    for _ in range(3):
        fonction()
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        fonction()
        durees.append(time.perf_counter() - debut)
    with CaptureQueriesContext(connection) as requetes:
        fonction()
    return statistics.median(durees), len(requetes.captured_queries)


def _page(client):
    from django.template import Template
    from django.test.utils import _TestState

    def get():
        assert client.get(reverse("backoffice:accueil")).status_code == 200

    def mesurer(fois):
        instrumented, Template._render = Template._render, _TestState.saved_data.template_render
        try:
            return _mesurer(get, fois)
        finally:
            Template._render = instrumented

    return mesurer


def test_a_faire_250_et_10000():
    petite = OrganisationFactory(departement_id="59")
    grande = OrganisationFactory(departement_id="59")
    conseiller = professionnel(petite, Role.CONSEILLER)
    responsable = professionnel(grande, Role.RESPONSABLE_EQUIPE)
    _peupler(petite, conseiller, 250)
    _peupler(grande, professionnel(grande, Role.CONSEILLER), 10000)

    resultats = {}
    for taille, user, fois in [(250, conseiller, 20), (10000, responsable, 5)]:
        client = Client()
        client.force_login(user)
        temps_page, requetes_page = _page(client)(fois)
        temps_compte, requetes_compte = _mesurer(lambda user=user: a_faire.lignes(user), fois)
        nombres = {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(user)}
        resultats[taille] = (temps_page, requetes_page, requetes_compte)
        bench(f"todo_ms_{taille}", round(temps_page * 1000, 1), "ms")
        bench(f"todo_compte_ms_{taille}", round(temps_compte * 1000, 1), "ms")
        bench(f"todo_queries_{taille}", requetes_page, "queries")
        bench(f"todo_compte_queries_{taille}", requetes_compte, "queries")
        print(f"bench: todo_nombres_{taille} {nombres}", flush=True)
        assert nombres["premiers_rdv_en_retard"] > 0

        # The longest people-queue's page (the portfolio list filtered on it).
        temps_liste, _ = _mesurer(
            lambda client=client: client.get(reverse("backoffice:personnes"), {"a_faire": "premiers_rdv_en_retard"}),
            fois,
        )
        bench(f"todo_liste_ms_{taille}", round(temps_liste * 1000, 1), "ms")

    # Not the same queues (the responsable's are fewer): each count is a fixed number of queries,
    # checked at two sizes by tests/a_faire; here the responsable's must not exceed the conseiller's.
    assert resultats[10000][2] <= resultats[250][2]
