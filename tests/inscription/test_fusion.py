"""Merging two files of the same person: everything moves to the kept file, conflicts refuse the merge."""

import datetime

import pytest

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.personnes.models import Implication, Personne
from inscription.fusion import FusionImpossible, fusionner
from inscription.models import DossierInscription, DoublonPotentiel, DroitRSA, FreinIdentifie
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

NAISSANCE = datetime.date(1988, 3, 3)


def _paire(**autre):
    existante = PersonneFactory(nom_naissance="Durand", prenoms="Ali", date_naissance=NAISSANCE, **autre)
    recente = PersonneFactory(nom_naissance="DURAND", prenoms="Ali", date_naissance=NAISSANCE, email="", telephone="")
    doublon = DoublonPotentiel.objects.create(personne=recente, autre=existante, motif="test")
    return existante, recente, doublon


def test_la_fusion_verse_tout_dans_le_dossier_garde():
    existante, recente, doublon = _paire()
    compte = UserFactory()
    Personne.objects.filter(pk=recente.pk).update(user=compte)
    recente.refresh_from_db()
    org = OrganisationFactory()
    lecteur = professionnel(org)
    JournalAcces.objects.create(personne=recente, user=lecteur, organisation=org, partie="synthese")
    Implication.objects.create(personne=recente, organisation=org, motif="test", created_by=lecteur)
    dossier = DossierInscription.objects.create(
        personne=recente, canal="flux_caf_msa", nir="188037505612345"[:13] + "00"
    )
    FreinIdentifie.objects.create(dossier=dossier, type_frein="sante", intensite="fort")
    DroitRSA.objects.create(
        personne=recente,
        organisme_payeur="CAF",
        numero_allocataire="123",
        role="demandeur",
        date_ouverture=datetime.date(2026, 1, 1),
    )

    gardee = fusionner(doublon, garder=existante, acting_user=lecteur)

    assert gardee == existante and not Personne.objects.filter(pk=recente.pk).exists()
    existante.refresh_from_db()
    assert existante.user == compte
    assert JournalAcces.objects.filter(personne=existante).count() == 1
    assert Implication.objects.filter(personne=existante).count() == 1
    assert DroitRSA.objects.get().personne == existante
    assert existante.inscription.nir == dossier.nir
    assert existante.inscription.freins.get().type_frein == "sante"
    assert AuditEvent.objects.filter(event_type="inscription.doublon_fusionne", personne=existante).exists()


@pytest.mark.parametrize("conflit", ["deux_comptes", "nir_differents"])
def test_une_fusion_en_conflit_est_refusee_et_ne_change_rien(conflit):
    existante, recente, doublon = _paire()
    if conflit == "deux_comptes":
        for personne in (existante, recente):
            Personne.objects.filter(pk=personne.pk).update(user=UserFactory())
    else:
        DossierInscription.objects.create(personne=existante, canal="guichet", nir="188037505612301")
        DossierInscription.objects.create(personne=recente, canal="guichet", nir="188037505612302")
    with pytest.raises(FusionImpossible):
        fusionner(doublon, garder=existante, acting_user=UserFactory(professionnel=True))
    assert Personne.objects.filter(pk=recente.pk).exists()
    doublon.refresh_from_db()
    assert doublon.statut == "a_examiner"


def test_deux_decisions_d_orientation_ouvertes_empechent_la_fusion():
    from orientation.actions import proposer

    existante, recente, doublon = _paire()
    proposer(existante)
    proposer(recente)
    with pytest.raises(FusionImpossible, match="décisions d'orientation|décision"):
        fusionner(doublon, garder=existante, acting_user=UserFactory(professionnel=True))
    assert Personne.objects.filter(pk=recente.pk).exists()
