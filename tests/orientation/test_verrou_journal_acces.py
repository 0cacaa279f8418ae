"""A person locked by an action does not stop anyone from reading their file.

Every read of a file writes a row of the access log, whose foreign key to the person takes a
KEY SHARE lock on the person's row. An action that locks that row ``FOR UPDATE`` blocks it until
it commits; ``FOR NO KEY UPDATE`` (``select_for_update(no_key=True)``) does not, and still
serialises the actions among themselves. Two real connections: the action holds its lock in a
thread while the test's connection writes the access-log row with a short ``lock_timeout``.

Real commits (``base_validee``); the rows committed here are deleted at the end.
"""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, transaction

from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.models import Personne
from inscription.models import DossierInscription, FreinIdentifie
from orientation.actions import proposer
from orientation.masse import proposer_en_masse
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.factories import OrganisationFactory, PersonneFactory
from tests.inscription.factories import dossier_complet

pytestmark = [pytest.mark.no_django_db]


@pytest.fixture
def personne(base_validee):
    agence = OrganisationFactory(departement_id="59")
    personne = PersonneFactory(avec_compte=True, organisme_referent=agence, date_naissance=datetime.date(1990, 5, 1))
    dossier_complet(personne)
    try:
        yield personne
    finally:
        HistoriqueDecision.objects.filter(decision__personne=personne).delete()
        DecisionOrientation.objects.filter(personne=personne).delete()
        FreinIdentifie.objects.filter(dossier__personne=personne).delete()
        DossierInscription.objects.filter(personne=personne).delete()
        JournalAcces.objects.filter(personne=personne).delete()
        AuditEvent.objects.filter(personne=personne).delete()
        Personne.objects.filter(pk=personne.pk).delete()
        User.objects.filter(pk=personne.user_id).delete()
        agence.delete()


def _pendant_que_l_action_tient_son_verrou(action, lecture):
    """Runs ``action`` in a thread whose transaction stays open while ``lecture`` runs here."""
    verrouille, lu = threading.Event(), threading.Event()
    erreurs = []

    def agir():
        try:
            with transaction.atomic():
                action()
                verrouille.set()
                lu.wait(10)
        except Exception as exc:  # noqa: BLE001 — the test reports what the thread got
            erreurs.append(exc)
            verrouille.set()
        finally:
            connection.close()

    fil = threading.Thread(target=agir)
    fil.start()
    try:
        assert verrouille.wait(10)
        return lecture()
    finally:
        lu.set()
        fil.join(10)
        assert not erreurs, erreurs


def _lire_le_dossier(personne):
    """The access-log row of a read, as ``acces_personne`` writes it, with a short ``lock_timeout``."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")
            journaliser_acces(
                personne_id=personne.pk,
                user_id=personne.user_id,
                organisation_id=None,
                partie=PartieDossier.IDENTITE,
                canal=Canal.WEB,
            )
    except OperationalError as exc:
        pytest.fail(f"La lecture du dossier attend le verrou de l'action : {exc}")
    return JournalAcces.objects.filter(personne=personne).count()


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda p: proposer(Personne.objects.get(pk=p.pk)), id="orientation-proposer"),
        pytest.param(lambda p: proposer_en_masse([p.pk]), id="orientation-proposer-en-masse"),
        pytest.param(
            lambda p: modifier_coordonnees(
                Personne.objects.get(pk=p.pk), acting_user=User.objects.get(pk=p.user_id), telephone="0611223344"
            ),
            id="inscription-coordonnees",
        ),
    ],
)
def test_une_action_qui_verrouille_la_personne_ne_bloque_pas_le_journal_des_acces(personne, action):
    lectures = _pendant_que_l_action_tient_son_verrou(lambda: action(personne), lambda: _lire_le_dossier(personne))
    assert lectures == 1
