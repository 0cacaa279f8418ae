"""The SQL form of a parameter's value (lists, portfolios) says what ``lookup.valeur`` says, for every
kind of key: a departmental row applies only where the national row allows it, and a value that may
only be stricter never exceeds the national one."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Value

from francetravail.parametres.lookup import valeur
from francetravail.parametres.models import ParametreLegal, PorteeDepartementale
from francetravail.parametres.sql import valeur_en_vigueur
from francetravail.personnes.models import Personne
from tests.factories import PersonneFactory, commune

CLE = "test.portee_sql"
DEBUT = datetime.date(2025, 1, 1)


def _ligne(valeur_, departement=None, portee=PorteeDepartementale.NATIONALE):
    return ParametreLegal.objects.create(
        cle=CLE,
        libelle="Paramètre de test",
        valeur=Decimal(valeur_),
        unite="jours",
        reference_legale="Test",
        valide_du=DEBUT,
        departement_id=departement,
        departemental=portee,
    )


@pytest.mark.parametrize(
    ("portee", "propre", "attendu"),
    [
        (PorteeDepartementale.NATIONALE, 10, 15),  # a figure of the law: the département's row is ignored
        (PorteeDepartementale.LIBRE, 20, 20),
        (PorteeDepartementale.TERRITORIALE, 20, 20),
        (PorteeDepartementale.AU_PLUS, 10, 10),  # stricter: applies
        (PorteeDepartementale.AU_PLUS, 15, 15),  # equal: applies (same figure)
        (PorteeDepartementale.AU_PLUS, 16, 15),  # looser: capped at the national value
        (PorteeDepartementale.LIBRE, None, 15),  # no departmental row
    ],
)
def test_la_forme_sql_dit_comme_la_lecture(portee, propre, attendu):
    _ligne(15, portee=portee)
    if propre is not None:
        _ligne(propre, departement="59")
    du_nord, du_pas_de_calais = PersonneFactory(commune=commune("59350")), PersonneFactory(commune=commune("62041"))
    jour = datetime.date(2026, 6, 1)
    lues = dict(
        Personne.objects.filter(pk__in=[du_nord.pk, du_pas_de_calais.pk])
        .annotate(v=valeur_en_vigueur(CLE, le=Value(jour), departement="departement_id"))
        .values_list("pk", "v")
    )
    assert lues[du_nord.pk] == valeur(CLE, le=jour, departement="59") == attendu
    assert lues[du_pas_de_calais.pk] == valeur(CLE, le=jour, departement="62") == 15


@pytest.mark.parametrize(
    ("portee", "propre", "attendu"),
    [
        (PorteeDepartementale.NATIONALE, 10, 15),
        (PorteeDepartementale.LIBRE, 20, 20),
        (PorteeDepartementale.AU_PLUS, 10, 10),
        (PorteeDepartementale.AU_PLUS, 16, 15),
        (PorteeDepartementale.LIBRE, None, 15),
    ],
)
def test_la_forme_en_ligne_dit_comme_la_lecture_de_part_et_d_autre_d_un_changement(portee, propre, attendu):
    """``valeur_en_vigueur_en_ligne`` (the « À faire » counts): the same values, and a new national row
    from a date on applies from that day, not the day before."""
    from francetravail.parametres.sql import valeur_en_vigueur_en_ligne

    ancienne = _ligne(15, portee=portee)
    changement = datetime.date(2026, 7, 1)
    ParametreLegal.objects.filter(pk=ancienne.pk).update(valide_au=changement)
    ParametreLegal.objects.create(
        cle=CLE,
        libelle="Paramètre de test",
        valeur=Decimal(30),
        unite="jours",
        reference_legale="Test",
        valide_du=changement,
        departemental=portee,
    )
    if propre is not None:
        _ligne(propre, departement="59")
    du_nord, du_pas_de_calais = PersonneFactory(commune=commune("59350")), PersonneFactory(commune=commune("62041"))
    for jour in (changement - datetime.timedelta(days=1), changement):
        lues = dict(
            Personne.objects.filter(pk__in=[du_nord.pk, du_pas_de_calais.pk])
            .annotate(v=valeur_en_vigueur_en_ligne(CLE, le=Value(jour), departement="departement_id"))
            .values_list("pk", "v")
        )
        assert lues[du_nord.pk] == valeur(CLE, le=jour, departement="59")
        assert lues[du_pas_de_calais.pk] == valeur(CLE, le=jour, departement="62")
    assert valeur(CLE, le=changement - datetime.timedelta(days=1), departement="59") == attendu
