"""Orientation decisions: proposal, decision, notification, sweeps, re-orientation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from inscription.enums import Categorie, StatutInscription
from inscription.models import DossierInscription, DroitRSA, FreinIdentifie
from orientation import acces, actions, tasks
from orientation.enums import FileDecision, Parcours, StatutDecision, StatutVersion
from orientation.models import DecisionOrientation, VersionReferentiel
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet


def droit_rsa(personne, ouverture):
    return DroitRSA.objects.create(
        personne=personne,
        organisme_payeur="CAF",
        numero_allocataire=f"A{personne.pk}",
        role="demandeur",
        date_ouverture=ouverture,
    )


@pytest.fixture
def agence():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def conseiller(agence):
    return professionnel(agence, Role.CONSEILLER)


@pytest.fixture
def personne(agence):
    personne = PersonneFactory(avec_compte=True, organisme_referent=agence, date_naissance=datetime.date(1990, 5, 1))
    dossier_complet(personne)
    return personne


def test_situation_depuis_dossier(personne):
    dossier = personne.inscription
    FreinIdentifie.objects.create(dossier=dossier, type_frein="sante", intensite="fort")
    situation = actions.situation_depuis_dossier(dossier, aujourdhui=datetime.date(2026, 4, 30))
    assert situation.activite_recente is True
    assert situation.age == 35
    assert situation.intensite_freins == "fort"
    assert situation.beneficiaire_rsa is False
    assert situation.handicap_frein_majeur is False


def test_proposition_enregistre_version_et_criteres(personne):
    decision = actions.proposer(personne)
    version = VersionReferentiel.objects.get(referentiel__departement__isnull=True, statut=StatutVersion.PUBLIEE)
    assert decision.statut == StatutDecision.PROPOSEE
    assert decision.version == version
    assert decision.regle_code
    assert decision.parcours_propose == Parcours.PROFESSIONNEL
    assert decision.criteres and all(" : " in c for c in decision.criteres)
    assert decision.entrees["se_projette"] == "oui"
    assert decision.explication
    # Idempotent: no second open decision.
    assert actions.proposer(personne) == decision
    assert DecisionOrientation.objects.filter(personne=personne).count() == 1


def test_giratoire_quand_il_manque_des_informations(agence):
    personne = PersonneFactory(organisme_referent=agence)
    dossier_complet(personne, se_projette="", activite_deux_ans=None, freins=[])
    decision = actions.proposer(personne)
    assert decision.statut == StatutDecision.GIRATOIRE
    assert decision.parcours_propose == ""
    assert any("non renseigné" in c for c in decision.criteres)


def test_confirmer_oriente_notifie_et_change_la_categorie(personne, conseiller, agence):
    DossierInscription.objects.filter(personne=personne).update(categorie=Categorie.G)
    decision = actions.proposer(personne)
    decision = actions.confirmer(decision, acting_user=conseiller, organisme=agence)
    assert decision.statut == StatutDecision.CONFIRMEE
    assert decision.parcours == Parcours.PROFESSIONNEL
    assert decision.notifiee_le is not None
    personne.refresh_from_db()
    assert personne.organisme_referent == agence
    assert DossierInscription.objects.get(personne=personne).categorie == Categorie.A
    canaux = set(
        Notification.objects.filter(cle_idempotence__startswith=f"orientation:{decision.pk}:").values_list(
            "canal", flat=True
        )
    )
    assert canaux == {Canal.EMAIL, Canal.IN_APP}
    assert AuditEvent.objects.filter(event_type=TypeEvenement.ORIENTATION_DECIDEE, personne=personne).exists()
    assert list(decision.historique.values_list("statut_apres", flat=True)) == ["proposee", "confirmee"]
    with pytest.raises(ValidationError):
        actions.confirmer(decision, acting_user=conseiller, organisme=agence)


def test_modifier_sans_motif_refuse(personne, conseiller, agence):
    decision = actions.proposer(personne)
    with pytest.raises(ValidationError) as exc:
        actions.modifier(decision, acting_user=conseiller, parcours=Parcours.SOCIAL, organisme=agence, motif="  ")
    assert "motif" in exc.value.message_dict
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.PROPOSEE


def test_modifier_vers_le_social_met_en_categorie_f(personne, conseiller, agence):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decision = actions.modifier(
        actions.proposer(personne),
        acting_user=conseiller,
        parcours=Parcours.SOCIAL,
        organisme=cd,
        motif="Hébergement d'urgence constaté à l'entretien.",
    )
    assert decision.statut == StatutDecision.MODIFIEE
    assert decision.motif_modification.startswith("Hébergement")
    assert DossierInscription.objects.get(personne=personne).categorie == Categorie.F


def test_brsa_decide_par_le_departement_de_la_personne(agence, conseiller):
    personne = PersonneFactory(organisme_referent=agence)
    dossier_complet(personne, prestations=["rsa"])
    decision = actions.proposer(personne)
    assert decision.beneficiaire_rsa
    cd_autre = OrganisationFactory(conseil_departemental=True, departement_id="62")
    decideur_autre = professionnel(cd_autre, Role.DECIDEUR_DEPARTEMENTAL)
    for refuse in (conseiller, decideur_autre):
        with pytest.raises(ValidationError):
            actions.modifier(decision, acting_user=refuse, parcours=Parcours.SOCIAL, organisme=agence, motif="x")
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decideur = professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL)
    decision = actions.modifier(decision, acting_user=decideur, parcours=Parcours.SOCIAL, organisme=cd, motif="x")
    assert decision.decideur == decideur


def test_balayage_idempotent(personne, agence):
    en_cours = PersonneFactory(organisme_referent=agence)
    dossier_complet(en_cours, statut=StatutInscription.EN_COURS)
    assert tasks.proposer_en_attente() == 1
    assert tasks.proposer_en_attente() == 0
    assert DecisionOrientation.objects.filter(personne=personne).count() == 1
    assert not DecisionOrientation.objects.filter(personne=en_cours).exists()


@pytest.mark.parametrize(("jours", "confiee"), [(41, False), (42, True)])
def test_delai_rsa_de_six_semaines(agence, jours, confiee):
    personne = PersonneFactory(organisme_referent=agence)
    dossier_complet(personne, prestations=["rsa"])
    aujourdhui = timezone.localdate()
    droit_rsa(personne, aujourdhui - datetime.timedelta(days=jours))
    decision = actions.proposer(personne)
    assert tasks.signaler_rsa_hors_delai(aujourdhui=aujourdhui) == int(confiee)
    decision.refresh_from_db()
    assert decision.file == (FileDecision.FRANCE_TRAVAIL if confiee else FileDecision.ORIENTEUR)
    assert decision.statut in (StatutDecision.PROPOSEE, StatutDecision.GIRATOIRE)  # never decided by a timer
    assert tasks.signaler_rsa_hors_delai(aujourdhui=aujourdhui) == 0


def test_france_travail_decide_apres_le_delai(agence, conseiller):
    personne = PersonneFactory(organisme_referent=agence)
    dossier_complet(personne, prestations=["rsa"])
    droit_rsa(personne, timezone.localdate() - datetime.timedelta(weeks=7))
    decision = actions.proposer(personne)
    assert not acces.peut_decider(conseiller, decision)
    tasks.signaler_rsa_hors_delai()
    decision.refresh_from_db()
    assert acces.peut_decider(conseiller, decision)


def test_reorientation_liee_a_la_precedente(personne, conseiller, agence):
    premiere = actions.confirmer(actions.proposer(personne), acting_user=conseiller, organisme=agence)
    with pytest.raises(ValidationError):
        actions.demander_reorientation(personne, acting_user=conseiller, motif="")
    nouvelle = actions.demander_reorientation(personne, acting_user=personne.user, motif="Je déménage.")
    assert nouvelle.reorientation_de == premiere
    assert nouvelle.demandee_par == personne.user
    assert nouvelle.ouverte
    with pytest.raises(ValidationError):
        actions.demander_reorientation(personne, acting_user=conseiller, motif="Encore")


@pytest.mark.parametrize("delegation", [False, True])
def test_france_travail_decide_des_le_depart_quand_le_departement_a_delegue(agence, conseiller, delegation):
    from francetravail.parametres.models import ParametreLegal

    if delegation:
        national = ParametreLegal.objects.get(
            cle="orientation.delegation_rsa_france_travail", departement__isnull=True
        )
        ParametreLegal.objects.create(
            cle=national.cle,
            libelle=national.libelle,
            valeur=1,
            unite=national.unite,
            reference_legale="Convention de délégation du département",
            valide_du=national.valide_du,
            departement_id=agence.departement_id,
        )
    personne = PersonneFactory(organisme_referent=agence)
    dossier_complet(personne, prestations=["rsa"])
    droit_rsa(personne, timezone.localdate())
    decision = actions.proposer(personne)
    assert decision.file == FileDecision.ORIENTEUR
    assert acces.peut_decider(conseiller, decision) is delegation
