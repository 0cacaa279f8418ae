"""Documents whose task message was lost (the broker restarted, the worker died on it) are made by the
re-drive sweep once they have been awaited longer than its delay, and not before."""

import datetime

import pytest
from django.utils import timezone

from contrats.models import VersionContrat
from entreprises.models import Immersion
from francetravail.base import relances
from sanctions.models import CourrierProcedure, TypeCourrier
from tests.contrats.factories import Situation as SituationContrat
from tests.entreprises.test_immersions import Scenario as ScenarioImmersion
from tests.sanctions.factories import Situation as SituationSanction


@pytest.fixture
def delai(settings):
    settings.DOCUMENTS_DELAI_RELANCE = 600
    return datetime.timedelta(seconds=600)


# One moment for the whole test: rendering a PDF takes time, and "1 second before the delay" must stay so.
MAINTENANT = timezone.now()


def _vieillir(modele, pk, depuis, *champs):
    modele.objects.filter(pk=pk).update(**dict.fromkeys(champs, MAINTENANT - depuis))


def _relancer():
    return relances.relancer_documents(maintenant=MAINTENANT)


def test_le_pdf_d_un_contrat_perdu_est_refait_apres_le_delai_et_pas_avant(delai, taches_immediates):
    # Submitted without running the on-commit task: the message that never reached the worker.
    attendue = SituationContrat().soumis().derniere_version()
    recente = SituationContrat().soumis().derniere_version()
    assert not attendue.document and not recente.document
    _vieillir(VersionContrat, attendue.pk, delai + datetime.timedelta(seconds=1), "created_at")
    _vieillir(VersionContrat, recente.pk, delai - datetime.timedelta(seconds=1), "created_at")
    assert _relancer() == {"contrats.VersionContrat": 1}
    attendue.refresh_from_db()
    recente.refresh_from_db()
    assert attendue.document and len(attendue.document_empreinte) == 64
    assert not recente.document
    assert _relancer() == {}


def test_la_convention_d_immersion_perdue_est_refaite_apres_le_delai_et_pas_avant(delai, taches_immediates):
    s = ScenarioImmersion()
    attendue = s.validee()
    recente = s.validee(debut=attendue.date_fin + datetime.timedelta(days=1))
    demandee = s.demande(debut=recente.date_fin + datetime.timedelta(days=1))  # no convention before the agreements
    champs = ("accord_personne_le", "accord_entreprise_le", "accord_referent_le", "created_at")
    _vieillir(Immersion, attendue.pk, delai + datetime.timedelta(seconds=1), *champs)
    _vieillir(Immersion, recente.pk, delai - datetime.timedelta(seconds=1), *champs)
    _vieillir(Immersion, demandee.pk, delai * 10, "created_at")
    assert _relancer() == {"entreprises.Immersion": 1}
    assert Immersion.objects.get(pk=attendue.pk).convention_empreinte
    assert not Immersion.objects.get(pk=recente.pk).convention
    assert not Immersion.objects.get(pk=demandee.pk).convention


def test_le_courrier_de_sanction_perdu_est_refait_apres_le_delai_et_pas_avant(delai, taches_immediates):
    s = SituationSanction()
    procedure = s.avertie()  # the on-commit render never ran (the process died after the commit)
    courrier = CourrierProcedure.objects.get(procedure=procedure, type_courrier=TypeCourrier.AVERTISSEMENT_PREALABLE)
    assert not courrier.document
    _vieillir(CourrierProcedure, courrier.pk, delai - datetime.timedelta(seconds=1), "created_at")
    assert _relancer() == {}
    _vieillir(CourrierProcedure, courrier.pk, delai + datetime.timedelta(seconds=1), "created_at")
    assert _relancer() == {"sanctions.CourrierProcedure": 1}
    courrier.refresh_from_db()
    assert courrier.document and len(courrier.empreinte) == 64


def test_un_document_en_souffrance_depuis_plus_que_la_fenetre_n_est_plus_relance(delai, settings, taches_immediates):
    settings.DOCUMENTS_FENETRE_RELANCE = 86_400
    version = SituationContrat().soumis().derniere_version()
    _vieillir(VersionContrat, version.pk, datetime.timedelta(seconds=86_401), "created_at")
    assert _relancer() == {}
    _vieillir(VersionContrat, version.pk, datetime.timedelta(seconds=86_399), "created_at")
    assert _relancer() == {"contrats.VersionContrat": 1}
