"""Drafting a contract locks the person's row FOR NO KEY UPDATE: anyone may read the file meanwhile.

The access log references the person: its INSERT takes a KEY SHARE lock on the person's row,
which a plain FOR UPDATE blocks until the draft commits, and a FOR NO KEY UPDATE does not
(CONTRIBUTING.md « Transactions, verrous, effets »). Commits for real (``base_validee``): the
draft's thread and the reader have their own connections. The draft is rolled back.
"""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from contrats import actions
from contrats.models import SocleDroitsDevoirs
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.comptes.models import User
from francetravail.personnes.acces import journaliser_lecture
from francetravail.reseau.models import Organisation
from orientation.models import DecisionOrientation
from tests.contrats.factories import Situation
from tests.factories import professionnel

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]


class Annulation(Exception):
    pass


@pytest.fixture
def situation_validee(base_validee):
    socles = set(SocleDroitsDevoirs.objects.values_list("pk", flat=True))
    with transaction.atomic():
        s = Situation()
        lecteur = professionnel(s.organisme)
    yield s, lecteur
    personne = s.personne
    DecisionOrientation.objects.filter(personne=personne).delete()
    personne.delete()
    User.objects.filter(pk__in=[s.referent.pk, lecteur.pk, personne.user_id]).delete()
    Organisation.objects.filter(pk=s.organisme.pk).delete()
    SocleDroitsDevoirs.objects.exclude(pk__in=socles).delete()


def test_un_contrat_en_redaction_ne_bloque_pas_la_lecture_du_dossier(situation_validee):
    s, lecteur = situation_validee
    verrouille, lu = threading.Event(), threading.Event()

    def rediger():
        try:
            with transaction.atomic():
                actions.rediger(s.personne, acting_user=s.referent)
                verrouille.set()
                lu.wait(timeout=15)
                raise Annulation
        except Annulation:
            pass
        finally:
            verrouille.set()
            connection.close()

    fil = threading.Thread(target=rediger)
    fil.start()
    try:
        assert verrouille.wait(timeout=15)
        with transaction.atomic():
            with connection.cursor() as curseur:
                curseur.execute("SET LOCAL lock_timeout = '3s'")
            journaliser_lecture(lecteur, s.personne, partie=PartieDossier.CONTRAT)
        bloque = False
    except OperationalError:
        bloque = True
    finally:
        lu.set()
        fil.join()
    assert not bloque, "La rédaction du contrat a bloqué la lecture du dossier."
    assert JournalAcces.objects.filter(personne=s.personne, user=lecteur).count() == 1
    assert not s.personne.contrats_engagement.exists()
