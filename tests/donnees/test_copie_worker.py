"""The copy of a person's file built by a real Celery worker (real Redis, committed rows): the person asks
on the page, the worker builds the ZIP while the page reads its progress, the person downloads it."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier
from francetravail.donnees.tasks_copie import construire_copie
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Organisation
from tests.factories import PersonneFactory

pytestmark = pytest.mark.no_django_db


def test_un_worker_reel_construit_la_copie_demandee_depuis_la_page(base_validee, celery_worker_reel):
    personne = PersonneFactory(avec_compte=True)
    user, organisation = personne.user, personne.organisme_referent
    try:
        client = Client()
        client.force_login(user)
        # No test transaction: on_commit really runs and queues the task on the test's Redis queue.
        assert client.post(reverse("donnees:copie_demander")).status_code == 302
        celery_worker_reel.attendre(construire_copie.name, 1, timeout=120)

        copie = CopieDossier.objects.get(personne=personne)
        assert copie.statut == StatutCopie.PRETE, copie.erreur
        etat = client.get(reverse("donnees:copie_etat", kwargs={"pk": copie.pk})).json()
        assert etat["statut"] == "prete" and etat["progression"] == 100
        reponse = client.get(reverse("donnees:copie_telecharger", kwargs={"pk": copie.pk}))
        assert reponse.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(reponse.streaming_content)))
        assert {"resume.pdf", "donnees/identite.json", "donnees/consultations.json"} <= set(archive.namelist())
    finally:
        for copie in CopieDossier.objects.filter(personne=personne):
            if copie.fichier:
                copie.fichier.delete(save=False)
        CopieDossier.objects.filter(personne=personne).delete()
        # The audit events and notifications would be deleted by base_validee after this block: the account
        # they point at goes first.
        AuditEvent.objects.filter(personne=personne).delete()
        Notification.objects.filter(destinataire=user).delete()
        Personne.objects.filter(pk=personne.pk).delete()
        User.objects.filter(pk=user.pk).delete()
        Organisation.objects.filter(pk=organisation.pk).delete()
