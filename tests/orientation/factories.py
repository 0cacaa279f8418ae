"""Helpers for the orientation tests: national rules without the database, and DB factories."""

import factory

from orientation import regles
from orientation.enums import Parcours, StatutVersion, TypeOrganismeReferent
from orientation.models import Referentiel, Regle, VersionReferentiel
from orientation.referentiel_national import regles_nationales


def regle_moteur(code, conditions, parcours=None, type_organisme=None, explication="", ordre=None):
    return regles.Regle(
        code=code,
        conditions=conditions,
        parcours=parcours,
        type_organisme=type_organisme,
        explication=explication or f"Explication de {code}.",
        ordre=ordre,
    )


def regles_nationales_moteur():
    """The shipped national rules, compiled without the database (same data as the migration)."""
    return regles.ReglesCompilees(
        regles.Regle(
            code=d["code"],
            conditions=d["conditions"],
            parcours=d["parcours"] or None,
            type_organisme=d["type_organisme"] or None,
            explication=d["explication"],
            libelle=d["libelle"],
            ordre=d["ordre"],
        )
        for d in regles_nationales()
    )


class ReferentielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referentiel

    departement_id = "13"
    libelle = factory.LazyAttribute(lambda o: f"Référentiel départemental {o.departement_id}")


class VersionReferentielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VersionReferentiel

    referentiel = factory.SubFactory(ReferentielFactory)
    numero = factory.Sequence(lambda n: n + 100)
    statut = StatutVersion.BROUILLON


class RegleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regle

    version = factory.SubFactory(VersionReferentielFactory)
    code = factory.Sequence(lambda n: f"regle_{n}")
    ordre = 0
    libelle = factory.LazyAttribute(lambda o: f"Règle {o.code}")
    conditions = factory.LazyFunction(lambda: {"intensite_freins": ["moyen"]})
    parcours = Parcours.SOCIO_PROFESSIONNEL
    type_organisme = TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL
    explication = "Votre département vous propose un accompagnement adapté."
