"""The demo's commands, run as ``make run`` runs them (``seed_demo``, then ``demo_logins`` for the banner)."""

import io

import pytest
from django.core.management import CommandError, call_command

from demo.reseau import MOT_DE_PASSE_DEMO, SECRET_TOTP_DEMO, identifiants_demo
from francetravail.comptes.models import User


def test_seed_demo_est_refuse_hors_developpement(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusées hors développement"):
        call_command("seed_demo")
    assert not User.objects.filter(email__endswith="@demo.francetravail.localhost").exists()


def test_seed_demo_charge_la_demo_en_developpement(settings):
    settings.DEBUG = True
    sortie = io.StringIO()
    call_command("seed_demo", stdout=sortie)
    assert "Données de démonstration à jour." in sortie.getvalue()
    for _label, email in identifiants_demo():
        assert User.objects.filter(email=email).exists(), email


def test_demo_logins_imprime_chaque_compte_et_le_second_facteur():
    sortie = io.StringIO()
    call_command("demo_logins", stdout=sortie)
    texte = sortie.getvalue()
    assert MOT_DE_PASSE_DEMO in texte and SECRET_TOTP_DEMO in texte
    for label, email in identifiants_demo():
        assert f"{label}" in texte and email in texte
