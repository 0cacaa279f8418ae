"""Audit rows, notifications, version in force, the PDF at submission and acceptance, revisions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contrats import actions
from contrats.enums import StatutContrat
from contrats.models import VersionContrat
from contrats.revisions import diff_engagements
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from tests import fichiers
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, professionnel

pytestmark = pytest.mark.django_db


def evenements(personne):
    return list(AuditEvent.objects.filter(personne=personne).order_by("pk").values_list("event_type", flat=True))


def modeles(user, canal=Canal.EMAIL):
    return list(
        Notification.objects.filter(destinataire=user, canal=canal).order_by("pk").values_list("modele", flat=True)
    )


def test_chaque_action_du_contrat_ecrit_sa_ligne_d_audit_et_fixe_la_version_en_vigueur():
    s = Situation()
    contrat = s.soumis()
    contrat = actions.demander_modification(contrat, acting_user=s.personne.user, commentaire="Moins d'heures")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    assert contrat.version_en_vigueur is None
    contrat = actions.contresigner(contrat, acting_user=s.referent)
    assert contrat.version_en_vigueur.numero == 2
    assert evenements(s.personne) == [
        TypeEvenement.CONTRAT_REDIGE,
        TypeEvenement.CONTRAT_SOUMIS,
        TypeEvenement.CONTRAT_MODIFICATION_DEMANDEE,
        TypeEvenement.CONTRAT_SOUMIS,
        TypeEvenement.CONTRAT_DOCUMENT_GENERE,  # rendered at acceptance (no worker here)
        TypeEvenement.CONTRAT_ACCEPTE,
        TypeEvenement.CONTRAT_SIGNE,
    ]
    accepte = AuditEvent.objects.get(personne=s.personne, event_type=TypeEvenement.CONTRAT_ACCEPTE)
    assert accepte.acting_user == s.personne.user
    assert accepte.data["empreinte_document"] == contrat.empreinte_document_acceptee
    assert AuditEvent.objects.get(
        event_type=TypeEvenement.CONTRAT_MODIFICATION_DEMANDEE, personne=s.personne
    ).motif == ("Moins d'heures")


def test_signature_papier_audit_et_version_en_vigueur():
    s = Situation()
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    contrat = actions.enregistrer_signature_papier(contrat, acting_user=s.referent, scan=fichiers.scan("contrat.pdf"))
    assert contrat.version_en_vigueur.numero == 1
    assert TypeEvenement.CONTRAT_SIGNE_PAPIER in evenements(s.personne)
    assert modeles(s.personne.user) == ["contrats/signe"]


def test_la_personne_est_prevenue_a_la_soumission_et_a_la_signature_le_referent_a_l_acceptation():
    s = Situation()
    contrat = s.soumis()
    assert modeles(s.personne.user) == ["contrats/soumis"]
    assert modeles(s.personne.user, Canal.IN_APP) == ["contrats/soumis"]
    actions.accepter(contrat, acting_user=s.personne.user)
    assert modeles(s.referent) == ["contrats/accepte"]
    actions.contresigner(contrat, acting_user=s.referent)
    assert modeles(s.personne.user) == ["contrats/soumis", "contrats/signe"]
    notification = Notification.objects.get(destinataire=s.referent)
    assert notification.contexte["lien"] == f"/conseiller/personnes/{s.personne.pk}/contrat/"


def test_le_referent_est_prevenu_d_une_demande_de_modification_avec_le_commentaire():
    s = Situation()
    actions.demander_modification(s.soumis(), acting_user=s.personne.user, commentaire="Ajouter le permis")
    notification = Notification.objects.get(destinataire=s.referent)
    assert notification.modele == "contrats/modification_demandee"
    assert notification.contexte["commentaire"] == "Ajouter le permis"


def test_le_document_est_genere_par_la_tache_apres_le_commit(django_capture_on_commit_callbacks, taches_immediates):
    s = Situation()
    with django_capture_on_commit_callbacks(execute=True):
        contrat = s.soumis()
    version = contrat.derniere_version()
    assert version.document_empreinte
    assert version.document_genere_le is not None


def test_la_tache_ignore_une_version_disparue():
    from contrats.tasks import generer_document

    assert generer_document(987654321) is False


# --- Revisions --------------------------------------------------------------------------------


def test_seul_le_referent_ouvre_une_revision_d_un_contrat_signe_avec_un_motif():
    s = Situation()
    contrat = s.soumis()
    with pytest.raises(ValidationError, match="Seul un contrat signé"):
        actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    with pytest.raises(ValidationError, match="Seul un référent"):
        actions.ouvrir_revision(contrat, acting_user=s.personne.user, motif="Point d'étape")
    autre = professionnel(OrganisationFactory())
    with pytest.raises(ValidationError, match="Seul un référent"):
        actions.ouvrir_revision(contrat, acting_user=autre, motif="Point d'étape")
    with pytest.raises(ValidationError) as erreur:
        actions.ouvrir_revision(contrat, acting_user=s.referent, motif="  ")
    assert "motif" in erreur.value.message_dict
    contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape : formation trouvée")
    assert contrat.statut == StatutContrat.BROUILLON
    assert contrat.revision_ouverte_le is not None
    assert contrat.version_en_vigueur.numero == 1
    assert not contrat.signature_en_retard(datetime.date.today() + datetime.timedelta(days=400))
    revision = AuditEvent.objects.get(event_type=TypeEvenement.CONTRAT_REVISION_OUVERTE, personne=s.personne)
    assert (revision.motif, revision.acting_user) == ("Point d'étape : formation trouvée", s.referent)


def test_une_revision_donne_une_nouvelle_version_sans_toucher_l_ancienne():
    s = Situation()
    contrat = s.brouillon()
    gardee = s.ajouter(contrat, "10", description="Recherche active")
    retiree = s.ajouter(contrat, "5", description="Atelier CV")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    ancienne = VersionContrat.objects.get(pk=contrat.version_en_vigueur_id)
    contenu, empreinte, document = ancienne.contenu, ancienne.empreinte, ancienne.document_empreinte

    contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    actions.modifier_action(gardee, acting_user=s.referent, heures_hebdo=Decimal("12"))
    actions.supprimer_action(retiree, acting_user=s.referent)
    ajoutee = s.ajouter(contrat, "3", description="Permis de conduire")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    # Until the new version is signed, the signed one stays in force.
    assert contrat.version_en_vigueur_id == ancienne.pk
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    nouvelle = contrat.version_en_vigueur
    assert nouvelle.numero == 2
    assert contrat.revision_ouverte_le is None

    ancienne.refresh_from_db()
    assert (ancienne.contenu, ancienne.empreinte, ancienne.document_empreinte) == (contenu, empreinte, document)

    diff = {ligne["etat"]: ligne for ligne in diff_engagements(ancienne, nouvelle)}
    assert set(diff) == {"modifiee", "retiree", "ajoutee"}
    assert diff["modifiee"]["champs"] == ["heures_hebdo"]
    assert diff["modifiee"]["avant"]["id"] == diff["modifiee"]["apres"]["id"] == gardee.pk
    assert diff["retiree"]["avant"]["id"] == retiree.pk and diff["retiree"]["apres"] is None
    assert diff["ajoutee"]["apres"]["id"] == ajoutee.pk and diff["ajoutee"]["avant"] is None


def test_diff_engagements_inchangee_et_premiere_version():
    s = Situation()
    contrat = s.soumis()
    v1 = contrat.derniere_version()
    contrat = actions.demander_modification(contrat, acting_user=s.personne.user, commentaire="Relire")
    v2 = actions.soumettre(contrat, acting_user=s.referent).derniere_version()
    assert [ligne["etat"] for ligne in diff_engagements(v1, v2)] == ["inchangee"]
    assert [ligne["etat"] for ligne in diff_engagements(None, v1)] == ["ajoutee"]


def test_diff_engagements_sans_identifiant_compare_le_contenu():
    avant = VersionContrat(contenu={"plan": [{"type": "formation", "description": "A", "debut": "2026-01-05"}]})
    apres = VersionContrat(
        contenu={"plan": [{"type": "formation", "description": "A", "debut": "2026-01-05", "heures_hebdo": "3"}]}
    )
    (ligne,) = diff_engagements(avant, apres)
    assert (ligne["etat"], ligne["champs"]) == ("modifiee", ["heures_hebdo"])
