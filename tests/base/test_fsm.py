"""State fields in migration states leave no ``class_prepared`` listener (francetravail/base/fsm.py)."""

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import class_prepared

from francetravail.personnes.models import Implication

pytestmark = pytest.mark.no_django_db


def _ecouteurs():
    class_prepared._clear_dead_receivers()
    return len(class_prepared.receivers)


def test_rendre_les_modeles_historiques_n_ajoute_aucun_ecouteur():
    etat = MigrationLoader(None, ignore_no_migrations=True).project_state()
    avant = _ecouteurs()
    apps_historiques = etat.apps  # renders every historical model, each state field included
    implication = apps_historiques.get_model("personnes", "Implication")
    assert implication._meta.get_field("statut").__class__.__name__ == "FSMField"
    assert _ecouteurs() == avant


def test_les_modeles_de_l_application_gardent_leurs_transitions():
    transitions = {t.name for t in Implication().get_all_statut_transitions()}
    assert {"vers_acceptee", "vers_refusee"} <= transitions
