"""SQL snapshots of the most read pages: the queries each runs, in ``tests/snapshots/sql/<page>.sql``.

A change to these queries (one more, a join less, another WHERE) fails here with a diff
naming the page; the updated file then shows the change in review. After an intended
change, rewrite the files and read their diff before committing::

    make snapshots      # or .venv/bin/pytest tests/snapshots --snapshot-update, or SNAPSHOT_UPDATE=1 …

Each page is read once before the capture, as a user already on the site would: the
professional's session refresh (once a minute) and the per-process caches are then warm,
so that what is recorded is the page's steady state, whatever ran before in the process.
The data is built so that each page shows its blocks; everything that could change the
code path from one day to the next (an age, an hour of the day) is fixed.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats import points_etape, suivi
from francetravail.messagerie.actions import envoyer_message
from francetravail.personnes.models import Personne
from francetravail.personnes.queries import charger_fiche
from francetravail.rendezvous.actions import reserver
from francetravail.rendezvous.enums import Motif
from francetravail.reseau.enums import Role
from orientation.enums import Parcours
from tests.ages import naissance_pour_age
from tests.contrats.factories import Situation as SituationContrat
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans
from tests.sanctions.factories import Situation as SituationSanction
from tests.sql_snapshot import DOSSIER

# The snapshots these tests write, one per page and reader.
INSTANTANES = {
    "fiche_personne",
    "portefeuille",
    "liste_personnes",
    "contrat_conseiller",
    "contrat_espace",
    "procedure_equipe",
    "procedure_decideur",
    "procedure_espace",
}

# An adult, well away from the ages the rules treat apart (under 26, 60 and over).
AGE = 40


class DossierAccompagne:
    """A person in the middle of the journey: oriented, contract signed, activity declared
    this week, an appointment booked and a point d'étape offered, messages both ways, and
    a second organisation involved in the file."""

    def __init__(self):
        self.s = SituationContrat(parcours=Parcours.PROFESSIONNEL, date_naissance=naissance_pour_age(AGE))
        self.personne, self.referent, self.organisme = self.s.personne, self.s.referent, self.s.organisme
        # The référent unique is designated at orientation; the contract situation leaves it to the test.
        Personne.objects.filter(pk=self.personne.pk).update(referent_unique=self.referent)
        self.personne.refresh_from_db()
        self.contrat = self.s.signe()
        (action,) = self.contrat.actions.all()
        suivi.declarer_semaine(
            self.contrat,
            acting_user=self.personne.user,
            semaine=timezone.localdate(),
            heures={action.pk: Decimal("12")},
            commentaire="Deux demi-journées de formation.",
        )
        agenda = AgendaFactory(organisation=self.organisme)
        reserver(self.personne, CreneauFactory(agenda=agenda, debut=dans(jours=3)), acting_user=self.referent)
        point_etape = CreneauFactory(agenda=agenda, debut=dans(jours=20), motif=Motif.POINT_ETAPE)
        points_etape.proposer_point_etape(self.contrat, [point_etape], acting_user=self.referent)
        envoyer_message(self.personne, acting_user=self.referent, corps="Bonjour, votre contrat est signé.")
        envoyer_message(self.personne, acting_user=self.personne.user, corps="Merci, à jeudi.")
        ImplicationFactory(personne=self.personne, organisation=OrganisationFactory(mission_locale=True))


@pytest.fixture
def dossier():
    return DossierAccompagne()


def _lire(client, url, requetes_sql, nom, description, avant=None):
    assert client.get(url).status_code == 200  # warm-up (see the module's docstring)
    if avant is not None:
        avant()
    with requetes_sql(nom, description):
        response = client.get(url)
        assert response.status_code == 200
    return response


# --- The person page -------------------------------------------------------------------------------


def test_fiche_personne(client, requetes_sql, dossier):
    client.force_login(dossier.referent)
    response = _lire(
        client,
        reverse("backoffice:fiche_personne", args=[dossier.personne.pk]),
        requetes_sql,
        "fiche_personne",
        "Page : GET /conseiller/personnes/<id>/ (backoffice:fiche_personne), lue par le référent unique.\n"
        "Dossier : contrat signé, activité déclarée, rendez-vous réservé et point d'étape proposé, messages,\n"
        "une mission locale impliquée.\n"
        "La requête du dossier est préparée une fois par connexion (PREPARE, ici montré) ; ensuite, EXECUTE seul.",
        # The statement prepared again, so that its SQL shows here (personnes.queries.ParIdentifiant).
        avant=charger_fiche.oublier,
    )
    contenu = response.content.decode()
    assert 'href="messages/"' in contenu and 'href="candidatures/"' in contenu


# --- The portfolio ---------------------------------------------------------------------------------


def _portefeuille(dossier):
    """The référent's portfolio: the accompanied person, someone awaiting their contract, someone
    late on it, someone under a sanction procedure (all with them as référent unique)."""
    referent, organisme = dossier.referent, dossier.organisme
    naissance = naissance_pour_age(AGE)
    PersonneFactory(organisme_referent=organisme, referent_unique=referent, date_naissance=naissance)
    tardif = SituationContrat(date_naissance=naissance)
    Personne.objects.filter(pk=tardif.personne.pk).update(organisme_referent=organisme, referent_unique=referent)
    sanction = SituationSanction(organisme=organisme, age_ans=AGE)
    Personne.objects.filter(pk=sanction.personne.pk).update(referent_unique=referent)
    sanction.ouverte()
    # Someone else's person in the same organisme: in the list, not in the portfolio.
    PersonneFactory(
        organisme_referent=organisme,
        referent_unique=professionnel(organisme, Role.CONSEILLER),
        date_naissance=naissance,
    )


@pytest.mark.parametrize(
    ("nom", "parametres", "description"),
    [
        (
            "portefeuille",
            "?portefeuille=1",
            "Page : GET /conseiller/personnes/?portefeuille=1 (backoffice:personnes), le portefeuille du référent.",
        ),
        (
            "liste_personnes",
            "",
            "Page : GET /conseiller/personnes/ (backoffice:personnes), toutes les personnes que voit le conseiller.",
        ),
    ],
)
def test_portefeuille(client, requetes_sql, dossier, nom, parametres, description):
    _portefeuille(dossier)
    client.force_login(dossier.referent)
    response = _lire(
        client,
        reverse("backoffice:personnes") + parametres,
        requetes_sql,
        nom,
        description + "\nCinq personnes : accompagnée, contrat à rédiger, sans contrat, en procédure de sanction,"
        "\nune suivie par un collègue.",
    )
    assert dossier.personne.nom_naissance.upper() in response.content.decode()


# --- The contract page -----------------------------------------------------------------------------


def test_contrat_conseiller(client, requetes_sql, dossier):
    client.force_login(dossier.referent)
    response = _lire(
        client,
        reverse("backoffice:contrat", args=[dossier.personne.pk]),
        requetes_sql,
        "contrat_conseiller",
        "Page : GET /conseiller/personnes/<id>/contrat/ (backoffice:contrat), lue par le référent.\n"
        "Contrat signé (plan de 15 h), activité déclarée cette semaine, point d'étape proposé.",
    )
    assert "Formation de cariste" in response.content.decode()


def test_contrat_espace(client, requetes_sql, dossier):
    client.force_login(dossier.personne.user)
    response = _lire(
        client,
        reverse("contrats:contrat"),
        requetes_sql,
        "contrat_espace",
        "Page : GET /mon-espace/contrat/ (contrats:contrat), lue par la personne.\n"
        "Contrat signé (plan de 15 h), activité déclarée cette semaine, point d'étape proposé.",
    )
    assert "Formation de cariste" in response.content.decode()


# --- The procedure page ----------------------------------------------------------------------------


@pytest.fixture
def procedure_a_decider():
    """A procedure past the prior notice: notified 11 days ago, the period for observations over."""
    s = SituationSanction(age_ans=AGE)
    return s, s.a_decider()


@pytest.mark.parametrize(
    ("nom", "lecteur", "description"),
    [
        ("procedure_equipe", "controleur", "lue par le conseiller qui a mené le contrôle"),
        ("procedure_decideur", "delegue", "lue par le délégué du directeur régional, qui décide"),
    ],
)
def test_procedure_conseiller(client, requetes_sql, procedure_a_decider, nom, lecteur, description):
    s, procedure = procedure_a_decider
    client.force_login(getattr(s, lecteur))
    _lire(
        client,
        reverse("backoffice:sanction", args=[procedure.pk]),
        requetes_sql,
        nom,
        f"Page : GET /conseiller/sanctions/<id>/ (backoffice:sanction), {description}.\n"
        "Procédure à décider : avertissement notifié il y a 11 jours, délai d'observations expiré.",
    )


def test_procedure_espace(client, requetes_sql, procedure_a_decider):
    s, procedure = procedure_a_decider
    client.force_login(s.personne.user)
    _lire(
        client,
        reverse("sanctions:procedure", args=[procedure.pk]),
        requetes_sql,
        "procedure_espace",
        "Page : GET /mon-espace/sanctions/<id>/ (sanctions:procedure), lue par la personne.\n"
        "Procédure à décider : avertissement notifié il y a 11 jours, délai d'observations expiré.",
    )


def test_chaque_instantane_a_son_test():
    # A page whose test is renamed or removed must not leave its old snapshot behind to mislead review.
    assert {f.stem for f in DOSSIER.glob("*.sql")} == INSTANTANES
