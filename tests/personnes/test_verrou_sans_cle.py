"""Locking a person's row to change it never holds up the access log of someone reading that file.

An action locks the person's row with ``FOR NO KEY UPDATE`` (``select_for_update(no_key=True)``,
CONTRIBUTING.md « Transactions, verrous, effets »): the row's key is not changed, and the
access-log ``INSERT`` of a reader (a foreign key to the person, checked with ``FOR KEY SHARE``)
does not wait for the action's transaction. A plain ``FOR UPDATE`` would make every reader of the
file wait until the action commits.

Real transactions on two connections (one per thread): ``base_validee``; the action's transaction
is rolled back, so only the rows the fixture creates are committed, and deleted at the end.
"""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.comptes.models import User
from francetravail.messagerie.actions import envoyer_message
from francetravail.messagerie.models import Message
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = [pytest.mark.no_django_db]


class Annulation(Exception):
    pass


@pytest.fixture
def dossier(base_validee):
    org = OrganisationFactory(departement_id="59")
    conseiller = professionnel(org, Role.CONSEILLER)
    lecteur = professionnel(org, Role.CONSEILLER)
    personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=conseiller)
    try:
        yield personne, conseiller, lecteur, org
    finally:
        Message.objects.filter(personne=personne).delete()
        compte = personne.user_id
        Personne.objects.filter(pk=personne.pk).delete()
        for user in (conseiller, lecteur):
            user.memberships.all().delete()
        User.objects.filter(pk__in=[conseiller.pk, lecteur.pk, compte]).delete()
        org.delete()


def _lecture_pendant_l_action(action, personne, lecteur, org):
    """Runs ``action`` in a thread whose transaction stays open; meanwhile a reader's access-log row
    is written and its foreign key checked at once. Returns the reader's error, or None."""
    verrou_pris, fin = threading.Event(), threading.Event()
    erreurs = {}

    def agir():
        try:
            with transaction.atomic():
                action()
                verrou_pris.set()
                fin.wait(10)
                raise Annulation  # nothing the action wrote is committed
        except Annulation:
            pass
        except Exception as exc:  # noqa: BLE001 — the test reports what the thread got
            erreurs["action"] = exc
            verrou_pris.set()
        finally:
            connection.close()

    fil = threading.Thread(target=agir)
    fil.start()
    try:
        assert verrou_pris.wait(10)
        assert "action" not in erreurs, erreurs
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                journaliser_acces(
                    personne_id=personne.pk,
                    user_id=lecteur.pk,
                    organisation_id=org.pk,
                    partie=PartieDossier.SYNTHESE,
                    canal=Canal.WEB,
                )
                with connection.cursor() as cursor:
                    # The foreign keys are deferred: checked now rather than at the commit.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                raise Annulation
        except Annulation:
            return None
        except OperationalError as exc:
            return exc
    finally:
        fin.set()
        fil.join(15)


def test_envoyer_un_message_ne_bloque_pas_le_journal_des_acces_d_un_lecteur(dossier):
    personne, conseiller, lecteur, org = dossier

    def action():
        envoyer_message(personne, acting_user=conseiller, corps="Bonjour, votre rendez-vous est confirmé.")

    assert _lecture_pendant_l_action(action, personne, lecteur, org) is None
    assert not Message.objects.filter(personne=personne).exists()
    assert not JournalAcces.objects.filter(personne=personne).exists()


def test_modifier_les_coordonnees_ne_bloque_pas_le_journal_des_acces_d_un_lecteur(dossier):
    personne, conseiller, lecteur, org = dossier
    email = personne.email

    def action():
        modifier_coordonnees(personne, acting_user=conseiller, email="nouvelle@exemple.fr")

    assert _lecture_pendant_l_action(action, personne, lecteur, org) is None
    personne.refresh_from_db()
    assert personne.email == email
    assert not JournalAcces.objects.filter(personne=personne).exists()
