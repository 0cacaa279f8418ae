"""Dated legal parameters: lookup by date and département, no overlap, history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from francetravail.parametres.loader import charger_parametres
from francetravail.parametres.lookup import ParametreIntrouvable, parametre, valeur
from francetravail.parametres.models import ParametreLegal

D = datetime.date


def _param(**kw):
    defaults = {
        "cle": "test.delai",
        "libelle": "Délai de test",
        "valeur": Decimal(10),
        "unite": "jours",
        "reference_legale": "Article de test",
        "valide_du": D(2025, 1, 1),
    }
    defaults.update(kw)
    return ParametreLegal.objects.create(**defaults)


def test_la_valeur_en_vigueur_depend_de_la_date_des_faits():
    _param(valeur=10, valide_du=D(2025, 1, 1), valide_au=D(2025, 6, 1))
    _param(valeur=12, valide_du=D(2025, 6, 1))
    assert valeur("test.delai", le=D(2025, 5, 31)) == 10  # last day of the old décret
    assert valeur("test.delai", le=D(2025, 6, 1)) == 12  # first day of the new one (valide_au excluded)
    with pytest.raises(ParametreIntrouvable):
        valeur("test.delai", le=D(2024, 12, 31))  # before any text


def test_la_valeur_du_departement_l_emporte_sur_la_valeur_nationale():
    # Where the key allows one (a figure of the law does not: test_portee_departementale.py).
    _param(valeur=0, cle="test.rappel", departemental="libre")
    _param(valeur=1, cle="test.rappel", departement_id="59")
    assert valeur("test.rappel", le=D(2025, 3, 1), departement="59") == 1
    assert valeur("test.rappel", le=D(2025, 3, 1), departement="62") == 0
    assert valeur("test.rappel", le=D(2025, 3, 1)) == 0


def test_deux_periodes_qui_se_chevauchent_sont_refusees_par_la_base():
    _param(valide_du=D(2025, 1, 1), valide_au=D(2025, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _param(valide_du=D(2025, 5, 31))
    # Adjacent periods are fine ([) ranges), and another département is another scope.
    _param(valide_du=D(2025, 6, 1))
    _param(valide_du=D(2025, 1, 1), departement_id="59")


def test_une_periode_vide_ou_inversee_est_refusee():
    with pytest.raises(IntegrityError), transaction.atomic():
        _param(valide_du=D(2025, 6, 1), valide_au=D(2025, 6, 1))


def test_la_validation_du_modele_explique_le_chevauchement_en_francais():
    _param(valide_du=D(2025, 1, 1))
    doublon = ParametreLegal(
        cle="test.delai", libelle="x", valeur=1, unite="jours", reference_legale="x", valide_du=D(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        doublon.full_clean()
    assert "déjà en vigueur" in str(exc.value)


def test_les_parametres_nationaux_sont_charges_avec_leur_reference_legale():
    p = parametre("sanctions.delai_observations", le=D(2025, 7, 1))
    assert (p.valeur, p.unite) == (10, "jours")
    assert "R5412-7" in p.reference_legale
    assert valeur("contrat.heures_hebdo_minimum", le=D(2025, 1, 1)) == 15
    assert valeur("sanctions.plafond_foyer_rsa", le=D(2025, 6, 1)) == 50
    assert not parametre("sanctions.rappel_suspension_mois", le=D(2025, 7, 1)).confirme
    # Décret 2025-478 is in force from 1 June 2025, not the day before.
    with pytest.raises(ParametreIntrouvable):
        valeur("sanctions.delai_observations", le=D(2025, 5, 31))


def test_le_chargement_est_idempotent():
    avant = list(ParametreLegal.objects.order_by("pk").values())
    assert charger_parametres() == (0, 0)
    assert list(ParametreLegal.objects.order_by("pk").values()) == avant


def test_chaque_modification_est_historisee_avec_son_auteur():
    from pghistory.models import Events

    p = _param()
    p.valeur = 11
    p.save()
    events = Events.objects.tracks(p).order_by("pgh_created_at")
    assert [e.pgh_data["valeur"] for e in events] == [10, 11]
