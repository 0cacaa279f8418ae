"""The nightly sweep of orphan files: a stored file no row names any more is deleted once it is older
than 24 hours; a file a row (or its history) names is kept; a young file is kept whatever."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from francetravail.documents import depot, orphelins
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from francetravail.documents.tasks import balayer_fichiers_orphelins
from tests.documents.fichiers import televerse
from tests.factories import PersonneFactory

pytestmark = pytest.mark.django_db


def vieillir(settings, nom, heures):
    chemin = Path(settings.MEDIA_ROOT) / nom
    moment = (timezone.now() - timedelta(hours=heures)).timestamp()
    os.utime(chemin, (moment, moment))
    return chemin


def deposer(personne):
    return depot.deposer(televerse(), personne=personne, nature=NatureDocument.ABSENCE_EXCUSEE, par=personne.user)


class Annulee(Exception):
    pass


def fichier_d_une_action_annulee(personne):
    """An action that stored its document, then failed: the row is rolled back, the file stays."""
    avant = set(Document.objects.values_list("fichier", flat=True))
    noms = []

    @transaction.atomic
    def action():
        noms.append(deposer(personne).fichier.name)
        raise Annulee

    with pytest.raises(Annulee):
        action()
    assert not Document.objects.exclude(fichier__in=avant).exists()
    return noms[0]


def test_les_fichiers_a_nom_aleatoire_sont_tous_balayes():
    dossiers = orphelins.champs_par_dossier()
    assert ("Document", "fichier") in [(m.__name__, c) for m, c in dossiers["documents"]]
    assert len(dossiers) > 1  # the contracts', the letters'…: every random-named FileField


def test_un_orphelin_de_plus_de_24_heures_est_supprime_a_24_heures_moins_il_reste(settings):
    personne = PersonneFactory(avec_compte=True)
    garde = deposer(personne)
    orphelin = fichier_d_une_action_annulee(personne)
    vieillir(settings, garde.fichier.name, 48)

    vieillir(settings, orphelin, 23)
    assert orphelins.balayer()["documents"] == 0
    assert (Path(settings.MEDIA_ROOT) / orphelin).exists()

    chemin = vieillir(settings, orphelin, 25)
    assert balayer_fichiers_orphelins.apply().get()["documents"] == 1
    assert not chemin.exists()
    # The file a row names is kept, however old.
    assert (Path(settings.MEDIA_ROOT) / garde.fichier.name).exists()
    assert Document.objects.get().fichier.read()


def test_la_limite_de_24_heures_au_plus_pres(settings):
    personne = PersonneFactory(avec_compte=True)
    orphelin = fichier_d_une_action_annulee(personne)
    chemin = Path(settings.MEDIA_ROOT) / orphelin
    maintenant = timezone.now()
    moment = (maintenant - orphelins.DELAI_GRACE).timestamp()
    os.utime(chemin, (moment + 1, moment + 1))
    assert orphelins.balayer(maintenant=maintenant)["documents"] == 0
    os.utime(chemin, (moment - 1, moment - 1))
    assert orphelins.balayer(maintenant=maintenant)["documents"] == 1
    assert not chemin.exists()


def test_le_fichier_d_une_personne_supprimee_part_avec_elle(settings):
    personne = PersonneFactory(avec_compte=True)
    nom = deposer(personne).fichier.name
    vieillir(settings, nom, 30)
    personne.delete()  # the rows go by CASCADE; their files are the sweep's
    assert orphelins.balayer()["documents"] == 1
    assert not (Path(settings.MEDIA_ROOT) / nom).exists()
