"""Once the président du conseil départemental has ended a person's RSA right (CASF R262-68, R262-40 3°),
the person is no longer on the RSA list: the orientation rules, the bulk proposals and the 6-week sweep
of RSA orientations stop treating them as a bRSA — from the day the end takes effect, not before."""

import datetime

import pytest
from django.utils import timezone

from inscription.models import DroitRSA
from orientation import actions, masse, tasks
from orientation.actions import est_beneficiaire_rsa
from orientation.enums import FileDecision
from orientation.models import DecisionOrientation
from tests.factories import PersonneFactory
from tests.inscription.factories import dossier_complet
from tests.orientation.test_decisions import droit_rsa


def _fin(droit, le):
    DroitRSA.objects.filter(pk=droit.pk).update(fin_droit=le, motif_fin="Fin du droit décidée après 4 mois.")


@pytest.mark.parametrize(
    ("fin_dans_jours", "beneficiaire"),
    [(None, True), (1, True), (0, False), (-30, False)],  # no end; ends tomorrow; ends today; ended
)
def test_un_droit_clos_retire_de_la_liste_du_rsa(fin_dans_jours, beneficiaire):
    personne = PersonneFactory()
    droit = droit_rsa(personne, datetime.date(2024, 1, 1))
    if fin_dans_jours is not None:
        _fin(droit, timezone.localdate() + datetime.timedelta(days=fin_dans_jours))
    dossier = dossier_complet(personne, prestations=["rsa"])  # declared at registration, before the decision
    assert est_beneficiaire_rsa(personne, dossier) is beneficiaire
    # The bulk reading says the same.
    (lu,) = masse.avec_personne_et_rsa(type(dossier).objects.filter(pk=dossier.pk))
    assert est_beneficiaire_rsa(lu.personne, lu, a_droit_rsa=lu.a_droit_rsa, droit_rsa_clos=lu.droit_rsa_clos) is (
        beneficiaire
    )


def test_sans_droit_connu_la_declaration_d_inscription_compte():
    personne = PersonneFactory()
    assert est_beneficiaire_rsa(personne, dossier_complet(personne, prestations=["rsa"])) is True
    autre = PersonneFactory()
    assert est_beneficiaire_rsa(autre, dossier_complet(autre, prestations=[])) is False


def test_un_nouveau_droit_ouvert_apres_la_fin_compte_de_nouveau():
    personne = PersonneFactory()
    _fin(droit_rsa(personne, datetime.date(2024, 1, 1)), timezone.localdate() - datetime.timedelta(days=30))
    DroitRSA.objects.create(
        personne=personne, organisme_payeur="CAF", numero_allocataire="NOUVEAU", role="demandeur",
        date_ouverture=timezone.localdate(),
    )  # fmt: skip
    assert est_beneficiaire_rsa(personne, dossier_complet(personne, prestations=[])) is True


@pytest.mark.parametrize(("fin_dans_jours", "beneficiaire"), [(1, True), (0, False)])
def test_la_proposition_en_masse_lit_la_fin_du_droit_comme_la_proposition_seule(fin_dans_jours, beneficiaire):
    """The set-based SQL of the bulk proposal (CAF/MSA batches, beat sweep) and the one-person rule agree."""
    personnes = [PersonneFactory(), PersonneFactory()]
    for personne in personnes:
        _fin(
            droit_rsa(personne, datetime.date(2024, 1, 1)),
            timezone.localdate() + datetime.timedelta(days=fin_dans_jours),
        )
        dossier_complet(personne, prestations=["rsa"])
    seule = actions.proposer(personnes[0])
    assert masse.proposer_en_masse([personnes[1].pk]) == 1
    en_masse = DecisionOrientation.objects.get(personne=personnes[1])
    assert seule.beneficiaire_rsa is en_masse.beneficiaire_rsa is beneficiaire


@pytest.mark.parametrize(("fin_dans_jours", "confiee"), [(1, True), (0, False)])
def test_le_balayage_des_six_semaines_ignore_un_droit_clos(fin_dans_jours, confiee):
    """A bRSA not oriented 6 weeks after their right opened goes to France Travail's queue (CASF D262-65-2);
    once the right is ended, the person is no longer on the RSA list and the sweep leaves them alone."""
    personne = PersonneFactory()
    droit = droit_rsa(personne, datetime.date(2024, 1, 1))
    dossier_complet(personne, prestations=["rsa"])
    decision = actions.proposer(personne)  # proposed while the right was in force: the département's queue
    assert decision.beneficiaire_rsa and decision.file == FileDecision.ORIENTEUR
    _fin(droit, timezone.localdate() + datetime.timedelta(days=fin_dans_jours))
    tasks.signaler_rsa_hors_delai()
    decision.refresh_from_db()
    assert (decision.file == FileDecision.FRANCE_TRAVAIL) is confiee
