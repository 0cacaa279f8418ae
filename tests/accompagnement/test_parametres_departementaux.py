"""Each figure of a modality is the département's where it set one, the national one otherwise."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from francetravail.accompagnement import queries
from francetravail.accompagnement.actions import choisir_modalite
from francetravail.accompagnement.models import ModaliteAccompagnement
from francetravail.base.calendrier import ajouter_mois
from francetravail.parametres.models import ParametreLegal, Unite
from francetravail.personnes.models import Personne
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

CODES = ("intensif", "guide", "suivi", "global")


def ligne_du_59(cle, valeur, unite):
    ParametreLegal.objects.create(
        cle=cle,
        libelle="Valeur du département",
        valeur=valeur,
        unite=unite,
        reference_legale="Choix du département",
        valide_du=datetime.date(2025, 1, 1),
        departement_id="59",
    )


@pytest.mark.parametrize("code", CODES)
def test_la_cible_du_departement_prime_sur_la_nationale(code):
    nationale = queries.cibles("59")[code]
    ligne_du_59(f"accompagnement.portefeuille_cible.{code}", 7, Unite.PERSONNES)
    assert queries.cibles("59")[code] == 7
    assert queries.cibles("62")[code] == nationale


@pytest.mark.parametrize("code", CODES)
def test_la_cadence_du_departement_prime_sur_la_nationale(code):
    agence = OrganisationFactory()
    referent = professionnel(agence)
    debut = timezone.localdate()
    fin = ajouter_mois(debut, 12) if code == "intensif" else None
    personne = PersonneFactory(organisme_referent=agence, referent_unique=referent)
    choisir_modalite(personne, ModaliteAccompagnement.objects.get(code=code), referent, fin_prevue=fin)
    sans_ligne = queries.prochain_point_etape(Personne.objects.get(pk=personne.pk))
    ligne_du_59(f"accompagnement.cadence_points_etape.{code}", 1, Unite.MOIS)
    assert queries.prochain_point_etape(personne) == ajouter_mois(debut, 1) != sans_ligne


def test_la_duree_de_l_intensif_du_departement_plus_courte():
    agence = OrganisationFactory()
    referent = professionnel(agence)
    personne = PersonneFactory(organisme_referent=agence, referent_unique=referent)
    intensif = ModaliteAccompagnement.objects.get(code="intensif")
    debut = timezone.localdate()
    ligne_du_59("accompagnement.duree_max_mois.intensif", 6, Unite.MOIS)
    with pytest.raises(ValidationError):
        choisir_modalite(personne, intensif, referent, fin_prevue=ajouter_mois(debut, 6) + datetime.timedelta(days=1))
    choisir_modalite(personne, intensif, referent, fin_prevue=ajouter_mois(debut, 6))
    # Never longer than the national 12 months (« au plus »): a 13-month row of the département is ignored.
    ParametreLegal.objects.filter(cle="accompagnement.duree_max_mois.intensif", departement_id="59").update(valeur=13)
    autre = PersonneFactory(organisme_referent=agence, referent_unique=referent)
    with pytest.raises(ValidationError):
        choisir_modalite(autre, intensif, referent, fin_prevue=ajouter_mois(debut, 12) + datetime.timedelta(days=1))
