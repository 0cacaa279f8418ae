import pytest
from django.core.exceptions import ValidationError

from diagnostic import actions
from diagnostic.enums import Section
from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from orientation.enums import StatutDecision
from orientation.models import DecisionOrientation
from tests.contrats.factories import orientation_notifiee
from tests.diagnostic.factories import Scenario


@pytest.fixture
def s():
    return Scenario()


def test_chaque_enregistrement_cree_une_version_numerotee_avec_son_auteur(s):
    v1 = s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisine"})
    v2 = s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisine chaude"}, auteur=s.ts)
    v1_projet = s.enregistrer(Section.PROJET, {"projet": "Cuisinier"})
    assert (v1.numero, v2.numero, v1_projet.numero) == (1, 2, 1)  # numbered per section
    assert v2.auteur == s.ts
    assert v2.contenu == {"savoir_faire": "Cuisine chaude"}
    assert Diagnostic.objects.filter(personne=s.personne).count() == 1
    evenements = AuditEvent.objects.filter(event_type=TypeEvenement.DIAGNOSTIC_ENREGISTRE, personne=s.personne)
    assert evenements.count() == 3
    # The audit row never copies the content (it may be sensitive).
    assert all("Cuisine" not in str(e.data) for e in evenements)


def test_un_enregistrement_sans_changement_ne_cree_pas_de_version(s):
    v1 = s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisine"})
    assert s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisine"}, version_lue=1) == v1
    assert VersionSection.objects.count() == 1


@pytest.mark.parametrize("version_lue", [0, 2])
def test_une_version_lue_perimee_ou_inconnue_est_refusee(s, version_lue):
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisine"})
    with pytest.raises(actions.ConflitDeVersion) as exc:
        s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Pâtisserie"}, version_lue=version_lue)
    assert exc.value.actuelle.numero == 1
    assert exc.value.actuelle.contenu == {"savoir_faire": "Cuisine"}
    assert VersionSection.objects.count() == 1


def test_le_verrou_est_par_section(s):
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisine"})
    # Someone saved « Compétences »: « Projet » read at 0 still saves.
    assert s.enregistrer(Section.PROJET, {"projet": "Cuisinier"}, version_lue=0).numero == 1


@pytest.mark.parametrize("role", ["decideur", "equipe_pluri", "mediateur", "conseiller_autre_org", "personne"])
def test_seuls_le_referent_et_le_travailleur_social_implique_redigent(s, role):
    with pytest.raises(ValidationError):
        s.enregistrer(Section.COMPETENCES, {"savoir_faire": "x"}, auteur=s.utilisateurs[role])
    assert not Diagnostic.objects.exists()


def test_le_travailleur_social_n_est_plus_redacteur_quand_l_implication_se_termine(s):
    from django.utils import timezone

    s.enregistrer(Section.SANTE, {"details": "x"}, auteur=s.ts)
    s.personne.implications.update(fin=timezone.now())
    with pytest.raises(ValidationError):
        s.enregistrer(Section.SANTE, {"details": "y"}, auteur=s.ts)


def test_l_information_sur_les_droits_et_devoirs_enregistre_qui_l_a_donnee(s):
    v1 = s.enregistrer(Section.DROITS_DEVOIRS, {"informee": True, "informee_le": "2026-11-02", "modalites": ""})
    assert v1.contenu["informee_par_id"] == s.referent.pk
    # The social worker edits the « comment »: who informed stays the référent.
    v2 = s.enregistrer(
        Section.DROITS_DEVOIRS,
        {"informee": True, "informee_le": "2026-11-02", "modalites": "Document remis"},
        auteur=s.ts,
    )
    assert v2.contenu["informee_par_id"] == s.referent.pk
    # A new information (another date) is recorded with its author.
    v3 = s.enregistrer(
        Section.DROITS_DEVOIRS,
        {"informee": True, "informee_le": "2026-11-20", "modalites": "Document remis"},
        auteur=s.ts,
    )
    assert v3.contenu["informee_par_id"] == s.ts.pk
    v4 = s.enregistrer(Section.DROITS_DEVOIRS, {"informee": False, "informee_le": None, "modalites": ""})
    assert "informee_par_id" not in v4.contenu


def test_confirmer_le_parcours(s):
    decision = orientation_notifiee(s.personne)
    diagnostic = actions.confirmer_parcours(s.personne, acting_user=s.referent)
    assert diagnostic.decision_confirmee == decision
    assert diagnostic.parcours_confirme_par == s.referent
    assert diagnostic.parcours_confirme_le is not None
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.DIAGNOSTIC_PARCOURS_CONFIRME)
    assert evenement.data["decision_id"] == decision.pk


def test_pas_de_parcours_a_confirmer_sans_orientation_decidee(s):
    with pytest.raises(ValidationError, match="pas encore été orientée"):
        actions.confirmer_parcours(s.personne, acting_user=s.referent)


def test_pas_de_confirmation_quand_une_orientation_attend_sa_decision(s):
    orientation_notifiee(s.personne)
    DecisionOrientation.objects.create(personne=s.personne, statut=StatutDecision.PROPOSEE, explication="Proposée.")
    with pytest.raises(ValidationError, match="en attente de décision"):
        actions.confirmer_parcours(s.personne, acting_user=s.referent)


@pytest.mark.parametrize("role", ["ts_implique", "decideur", "equipe_pluri", "personne"])
def test_seul_le_referent_confirme_ou_demande_une_reorientation(s, role):
    orientation_notifiee(s.personne)
    with pytest.raises(ValidationError):
        actions.confirmer_parcours(s.personne, acting_user=s.utilisateurs[role])
    with pytest.raises(ValidationError):
        actions.demander_reorientation(s.personne, acting_user=s.utilisateurs[role], motif="Projet social d'abord")
    assert not AuditEvent.objects.filter(event_type__startswith="diagnostic.").exists()


def test_demander_une_reorientation_passe_par_le_flux_de_l_orientation(s):
    precedente = orientation_notifiee(s.personne)
    diagnostic = actions.demander_reorientation(s.personne, acting_user=s.referent, motif="Freins de santé forts")
    demande = diagnostic.demande_reorientation
    assert demande.reorientation_de == precedente
    assert demande.motif_demande == "Freins de santé forts"
    assert demande.ouverte
    types = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {TypeEvenement.DIAGNOSTIC_REORIENTATION_DEMANDEE, TypeEvenement.ORIENTATION_REORIENTATION_DEMANDEE} <= types


def test_une_reorientation_refusee_par_l_orientation_ne_laisse_rien(s):
    orientation_notifiee(s.personne)
    with pytest.raises(ValidationError):
        actions.demander_reorientation(s.personne, acting_user=s.referent, motif="  ")
    assert not Diagnostic.objects.filter(reorientation_demandee_le__isnull=False).exists()
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.DIAGNOSTIC_REORIENTATION_DEMANDEE).exists()
