"""The procedure's letters: snapshot, deterministic PDF with its hash, outbox, legal representative, receipt."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from francetravail.notifications.models import Notification
from sanctions import actions, courriers
from sanctions.models import CourrierProcedure, DestinataireCourrier, ProcedureSanction, TypeCourrier
from tests.sanctions.factories import Situation, relire

pytestmark = pytest.mark.django_db

T = TypeCourrier


def texte_pdf(octets):
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(octets)).pages)


def lettre(procedure, type_courrier, destinataire=DestinataireCourrier.PERSONNE):
    return CourrierProcedure.objects.get(procedure=procedure, type_courrier=type_courrier, destinataire=destinataire)


@pytest.fixture
def s():
    return Situation()


def test_avertissement_fige_les_faits_le_delai_et_la_plage(s):
    procedure = s.avertie()
    courrier = lettre(procedure, T.AVERTISSEMENT_PREALABLE)
    contenu = courrier.contenu
    assert contenu["manquement"]["faits"] == "Absent sans motif à l'atelier du 3 mars."
    assert contenu["delai_jours"] == 10
    assert contenu["echeance_observations"] == procedure.echeance_observations.isoformat()
    assert Decimal(contenu["plage"]["taux_min"]) == 30
    texte = texte_pdf(courriers.rendre_pdf(contenu))
    assert "Absent sans motif" in texte
    assert "10 jours" in texte
    assert f"jusqu'au {procedure.echeance_observations:%d/%m/%Y} inclus" in texte
    assert "assisté(e) d'une personne de votre choix" in texte
    assert "Suspension de 30 %" in texte


def test_rendu_identique_a_l_octet_et_empreinte(s, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        procedure = s.avertie()
    courrier = lettre(procedure, T.AVERTISSEMENT_PREALABLE)
    assert courrier.document and len(courrier.empreinte) == 64
    with courrier.document.open("rb") as f:
        stocke = f.read()
    assert courriers.empreinte(stocke) == courrier.empreinte
    assert courriers.rendre_pdf(courrier.contenu) == stocke
    # A later change of the person's file changes nothing in the letter.
    s.personne.nom_usage = "Autrenom"
    s.personne.save()
    assert courriers.rendre_pdf(relire(courrier).contenu) == stocke
    # Stored once: asking again keeps the file.
    assert courriers.assurer_pdf(courrier).document.name == courrier.document.name


def test_pdf_genere_a_la_lecture_si_absent(s):
    procedure = s.avertie()  # on-commit callbacks not run: no PDF yet
    courrier = lettre(procedure, T.AVERTISSEMENT_PREALABLE)
    assert not courrier.document
    reponse = courriers.reponse_pdf(courrier)
    assert reponse["Content-Type"] == "application/pdf"
    assert courriers.empreinte(reponse.content) == relire(courrier).empreinte


def test_decision_motivee_avec_la_voie_de_recours_france_travail(s):
    procedure = s.decidee(montant_mensuel=1000)
    contenu = lettre(procedure, T.DECISION).contenu
    texte = texte_pdf(courriers.rendre_pdf(contenu))
    assert "Absences répétées sans motif" in texte
    assert "30 %" in texte
    assert "Médiation préalable obligatoire" in texte
    assert "médiateur régional" in texte
    assert contenu["montant_mensuel"] == "1000.00"


def test_decision_rsa_rapo_devant_le_pcd():
    from sanctions.enums import Public, TypeManquement
    from tests.factories import OrganisationFactory

    # The département runs the control itself: it decides without a France Travail proposal.
    s = Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))
    procedure = s.decidee(type_manquement=TypeManquement.RSA_NON_RESPECT)
    texte = texte_pdf(courriers.rendre_pdf(lettre(procedure, T.DECISION).contenu))
    assert "président du conseil départemental" in texte
    assert "recours administratif préalable obligatoire" in texte.lower()


def test_levee_et_accuse_de_recours(s):
    procedure = s.levee(montant_mensuel=900)
    texte = texte_pdf(courriers.rendre_pdf(lettre(procedure, T.LEVEE).contenu))
    assert "est levée à compter du" in texte
    recours = actions.former_recours(relire(procedure), acting_user=s.personne.user, motifs="Je conteste les faits.")
    accuse = CourrierProcedure.objects.get(recours=recours)
    assert accuse.type_courrier == T.ACCUSE_RECOURS
    texte = texte_pdf(courriers.rendre_pdf(accuse.contenu))
    assert "Je conteste les faits." in texte and "médiateur régional" in texte


def test_un_courrier_par_type_et_le_journal_le_reference(s):
    procedure = s.levee()
    types = list(procedure.courriers.values_list("type_courrier", flat=True))
    assert sorted(types) == sorted([T.AVERTISSEMENT_PREALABLE, T.DECISION, T.LEVEE])
    for courrier in procedure.courriers.all():
        etape = procedure.historique.get(courrier=courrier)
        assert etape.document  # the label stays, the FK points at the letter
    with pytest.raises(IntegrityError), transaction.atomic():
        CourrierProcedure.objects.create(procedure=procedure, type_courrier=T.DECISION, contenu={})


def test_notification_outbox_par_courrier_sans_contenu_sensible(s):
    procedure = s.avertie()
    courrier = lettre(procedure, T.AVERTISSEMENT_PREALABLE)
    notification = courrier.notification
    assert notification.cle_idempotence == f"sanctions:courrier:{courrier.pk}:email"
    assert notification.adresse == s.personne.email
    assert notification.modele == "sanctions/courrier"
    assert notification.contexte["lien"] == reverse("sanctions:liste")
    assert "Absent" not in str(notification.contexte)  # the facts stay in the space
    from django.template.loader import render_to_string

    corps = render_to_string("notifications/sanctions/courrier_corps.txt", notification.contexte)
    assert "/mon-espace/sanctions/" in corps


def test_representant_legal_d_un_mineur_recoit_sa_copie():
    s = Situation(age_ans=17)
    procedure = s.examinee()
    procedure = actions.notifier_avertissement_prealable(
        procedure,
        acting_user=s.controleur,
        mesure_envisagee="suspension",
        sanction_envisagee="Suspension de 30 % pendant un mois.",
        representant_legal="Mme Dupont, mère\n3 rue des Lilas\n59000 Lille",
        representant_legal_courriel="mme.dupont@exemple.fr",
    )
    copie = lettre(procedure, T.AVERTISSEMENT_PREALABLE, DestinataireCourrier.REPRESENTANT_LEGAL)
    assert copie.notification.adresse == "mme.dupont@exemple.fr"
    assert copie.notification.modele == "sanctions/courrier_representant"
    from django.template.loader import render_to_string

    corps = render_to_string("notifications/sanctions/courrier_representant_corps.txt", copie.notification.contexte)
    assert "représentant légal" in corps and "/mon-espace/sanctions/" in corps
    assert "Absent" not in corps
    texte = texte_pdf(courriers.rendre_pdf(copie.contenu))
    assert "Mme Dupont" in texte and "représentant légal" in texte
    assert Notification.objects.filter(cle_idempotence__startswith="sanctions:courrier:").count() == 2
    # The decision goes to both as well.
    lendemain = procedure.echeance_observations + datetime.timedelta(days=1)
    procedure = actions.constater_delai_expire(procedure, aujourdhui=lendemain)
    procedure = actions.mettre_a_decider(procedure, aujourdhui=lendemain)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        avertissement_notifie_le=F("avertissement_notifie_le") - 11,
        echeance_observations=F("echeance_observations") - 11,
        decision_due_le=F("decision_due_le") - 11,
    )
    procedure = actions.decider(
        relire(procedure),
        acting_user=s.delegue,
        mesure="suspension",
        taux=30,
        duree_mois=1,
        motivation="Absences répétées.",
    )
    assert set(procedure.courriers.filter(type_courrier=T.DECISION).values_list("destinataire", flat=True)) == {
        DestinataireCourrier.PERSONNE,
        DestinataireCourrier.REPRESENTANT_LEGAL,
    }


def test_courriel_du_representant_sans_son_nom_refuse(s):
    with pytest.raises(ValidationError, match="nom du représentant"):
        actions.notifier_avertissement_prealable(
            s.examinee(),
            acting_user=s.controleur,
            mesure_envisagee="suspension",
            sanction_envisagee="Suspension.",
            representant_legal_courriel="x@exemple.fr",
        )


def test_date_de_reception(s):
    procedure = s.avertie()
    courrier = lettre(procedure, T.AVERTISSEMENT_PREALABLE)
    aujourdhui = timezone.localdate()
    with pytest.raises(ValidationError, match="futur"):
        actions.enregistrer_reception(
            courrier, acting_user=s.personne.user, recu_le=aujourdhui + datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="émis le"):
        actions.enregistrer_reception(
            courrier, acting_user=s.personne.user, recu_le=aujourdhui - datetime.timedelta(days=1)
        )
    autre = Situation()
    with pytest.raises(ValidationError):
        actions.enregistrer_reception(courrier, acting_user=autre.personne.user)
    courrier = actions.enregistrer_reception(courrier, acting_user=s.personne.user)
    assert courrier.recu_le == aujourdhui
    assert procedure.historique.filter(courrier=courrier, motif__contains="reçu le").count() == 1
    # The first date stands: a second opening changes nothing and logs nothing.
    actions.enregistrer_reception(courrier, acting_user=s.controleur, recu_le=aujourdhui)
    assert procedure.historique.filter(courrier=courrier, motif__contains="reçu le").count() == 1


def test_l_equipe_enregistre_un_accuse_postal(s):
    procedure = s.avertie()
    courrier = actions.enregistrer_reception(
        lettre(procedure, T.AVERTISSEMENT_PREALABLE), acting_user=s.controleur, recu_le=timezone.localdate()
    )
    assert courrier.recu_le == timezone.localdate()
