"""Every letter of the procedure prints its recipient's full postal address in the envelope's window;
a letter the administration sends and cannot address is refused (nothing committed, nothing sent);
the appeal receipt waits for the address, counted on the team's dashboard, and leaves once it is complete."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from francetravail.audit.models import AuditEvent
from francetravail.base import relances
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from sanctions import actions, courriers
from sanctions.enums import StatutProcedure
from sanctions.models import (
    CourrierProcedure,
    DestinataireCourrier,
    HistoriqueProcedure,
    ProcedureSanction,
    TypeCourrier,
)
from tests.courriers import bloc_adresse
from tests.sanctions.factories import Situation, relire

pytestmark = pytest.mark.django_db

T = TypeCourrier
S = StatutProcedure
REPRESENTANT = "Mme Sophie Dupont, mère\n3, rue des Lilas\n59000 Lille"


def _situation(**personne):
    return Situation(
        prenoms="Jean-Noël", nom_naissance="Lefèvre", adresse="8 rue des Tilleuls", code_postal="59800", **personne
    )


def _pdf(courrier):
    courrier = courriers.assurer_pdf(courrier)
    with courrier.document.open("rb") as f:
        return f.read()


def _lettre(procedure, type_courrier, destinataire=DestinataireCourrier.PERSONNE):
    return CourrierProcedure.objects.get(procedure=procedure, type_courrier=type_courrier, destinataire=destinataire)


PERSONNE = ["Jean-Noël LEFÈVRE", "8 RUE DES TILLEULS", "59800 LILLE"]


def test_chaque_courrier_porte_l_adresse_complete_dans_la_fenetre():
    s = _situation()
    procedure = s.levee()
    recours = actions.former_recours(relire(procedure), acting_user=s.personne.user, motifs="Je conteste.")
    for type_courrier in (T.AVERTISSEMENT_PREALABLE, T.DECISION, T.LEVEE):
        courrier = _lettre(procedure, type_courrier)
        assert courrier.contenu["adresse"] == PERSONNE
        assert bloc_adresse(_pdf(courrier)) == PERSONNE, type_courrier
    accuse = CourrierProcedure.objects.get(recours=recours)
    assert bloc_adresse(_pdf(accuse)) == PERSONNE


def test_la_copie_du_representant_legal_porte_son_adresse():
    s = _situation(age_ans=16)
    procedure = actions.notifier_avertissement_prealable(
        s.examinee(),
        acting_user=s.controleur,
        mesure_envisagee="suspension",
        sanction_envisagee="Suspension de 30 % pendant un mois.",
        representant_legal=REPRESENTANT,
    )
    copie = _lettre(procedure, T.AVERTISSEMENT_PREALABLE, DestinataireCourrier.REPRESENTANT_LEGAL)
    assert bloc_adresse(_pdf(copie)) == ["Mme Sophie Dupont, mère", "3 RUE DES LILAS", "59000 LILLE"]
    assert copie.contenu["representant_legal"] == "Mme Sophie Dupont, mère"
    assert bloc_adresse(_pdf(_lettre(procedure, T.AVERTISSEMENT_PREALABLE))) == PERSONNE


def _compter(procedure):
    return (
        CourrierProcedure.objects.filter(procedure=procedure).count(),
        Notification.objects.count(),
        HistoriqueProcedure.objects.filter(procedure=procedure).count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("champs", "motif"),
    [
        ({"adresse": ""}, "n'indique ni numéro ni voie"),
        ({"code_postal": ""}, "a plusieurs codes postaux"),
        ({"commune": None}, "La commune de résidence de"),
    ],
)
def test_l_avertissement_d_une_personne_sans_adresse_est_refuse(champs, motif):
    s = _situation()
    procedure = s.examinee()
    Personne.objects.filter(pk=s.personne.pk).update(**champs)
    avant = _compter(procedure)
    with pytest.raises(ValidationError) as refus:
        actions.notifier_avertissement_prealable(
            relire(procedure),
            acting_user=s.controleur,
            mesure_envisagee="suspension",
            sanction_envisagee="Suspension de 30 % pendant un mois.",
        )
    assert "Le courrier « Avertissement préalable » ne peut pas être adressé" in refus.value.messages[0]
    assert motif in refus.value.messages[0]
    relue = relire(procedure)
    assert relue.statut == S.EXAMEN and relue.avertissement_notifie_le is None
    assert _compter(procedure) == avant


def test_la_decision_et_la_levee_sont_refusees_si_l_adresse_a_disparu():
    s = _situation()
    procedure = s.a_decider()
    Personne.objects.filter(pk=s.personne.pk).update(adresse="")
    avant = _compter(procedure)
    with pytest.raises(ValidationError, match="Le courrier « Notification de la décision » ne peut pas être adressé"):
        actions.decider(
            relire(procedure),
            acting_user=s.decideur(),
            mesure="suspension",
            taux=30,
            duree_mois=1,
            motivation="Absences répétées.",
        )
    assert relire(procedure).statut == S.A_DECIDER and relire(procedure).decidee_le is None
    assert _compter(procedure) == avant

    s = _situation()
    procedure = actions.enregistrer_remobilisation(s.en_cours(), acting_user=s.referent, constat="Contrat signé.")
    Personne.objects.filter(pk=s.personne.pk).update(code_postal="")
    avant = _compter(procedure)
    with pytest.raises(ValidationError, match="a plusieurs codes postaux"):
        actions.lever_par_remobilisation(relire(procedure), acting_user=s.decideur())
    assert relire(procedure).statut == S.SANCTION_EN_COURS
    assert _compter(procedure) == avant


def test_le_refus_s_affiche_sur_la_page_de_la_procedure(client):
    s = _situation()
    procedure = s.examinee()
    Personne.objects.filter(pk=s.personne.pk).update(code_postal="")
    client.force_login(s.controleur)
    reponse = client.post(
        f"/conseiller/sanctions/{procedure.pk}/avertir/",
        {"avertir-mesure_envisagee": "suspension", "avertir-sanction_envisagee": "Suspension de 30 %."},
    )
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "ne peut pas être adressé" in page and "plusieurs codes postaux" in page
    assert relire(procedure).statut == S.EXAMEN
    assert not CourrierProcedure.objects.filter(procedure=procedure).exists()


@pytest.mark.parametrize(
    ("representant", "motif"),
    [
        ("Mme Dupont, mère, 3 rue des Lilas, Lille", "sur plusieurs lignes"),
        ("Mme Dupont\n3 rue des Lilas\n62000 Lille", "ne dessert pas la commune"),
    ],
)
def test_le_representant_sans_adresse_complete_est_refuse_au_champ(client, representant, motif):
    s = _situation(age_ans=16)
    procedure = s.examinee()
    with pytest.raises(ValidationError) as refus:
        actions.notifier_avertissement_prealable(
            relire(procedure),
            acting_user=s.controleur,
            mesure_envisagee="suspension",
            sanction_envisagee="Suspension.",
            representant_legal=representant,
        )
    assert motif in refus.value.message_dict["representant_legal"][0]
    client.force_login(s.controleur)
    reponse = client.post(
        f"/conseiller/sanctions/{procedure.pk}/avertir/",
        {
            "avertir-mesure_envisagee": "suspension",
            "avertir-sanction_envisagee": "Suspension.",
            "avertir-representant_legal": representant,
        },
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    # At the field: its error is rendered inside the field's group, right after it.
    champ = page.index('name="avertir-representant_legal"')
    assert page.index(motif.replace("'", "&#x27;"), champ) - champ < 1500
    assert relire(procedure).statut == S.EXAMEN
    assert not CourrierProcedure.objects.filter(procedure=procedure).exists()


def test_le_recours_est_recu_sans_adresse_et_son_accuse_attend_l_adresse(client, settings, taches_immediates):
    s = _situation()
    procedure = s.decidee()
    Personne.objects.filter(pk=s.personne.pk).update(code_postal="")
    notifications = Notification.objects.count()
    # The person appeals from their space: the appeal is recorded, whatever the address.
    client.force_login(s.personne.user)
    reponse = client.post(f"/mon-espace/sanctions/{procedure.pk}/", {"recours": "1", "motifs": "Je conteste."})
    assert reponse.status_code == 302
    recours = relire(procedure).recours.get()
    accuse = CourrierProcedure.objects.get(recours=recours)
    assert courriers.en_attente_d_adresse(accuse)
    assert accuse.contenu["adresse"] is None and "plusieurs codes postaux" in accuse.contenu["adresse_manquante"]
    assert not accuse.document and accuse.notification is None
    assert Notification.objects.count() == notifications  # nothing sent
    page = client.get(f"/mon-espace/sanctions/{procedure.pk}/").content.decode()
    assert "en attente : votre adresse postale est incomplète" in page
    assert client.get(f"/mon-espace/sanctions/{procedure.pk}/courriers/{accuse.pk}/").status_code == 404

    # The team sees it as work to do: on the dashboard, in the queue, on the procedure page.
    client.force_login(s.controleur)
    assert "1 courrier en attente d'une adresse postale" in client.get("/conseiller/").content.decode()
    file = client.get("/conseiller/sanctions/?sans_adresse=on").content.decode()
    assert f"/conseiller/sanctions/{procedure.pk}/" in file and "1 courrier en attente" in file
    assert (
        "en attente d'une adresse postale complète"
        in client.get(f"/conseiller/sanctions/{procedure.pk}/").content.decode()
    )
    with pytest.raises(ValidationError, match="attend une adresse postale complète"):
        actions.enregistrer_reception(accuse, acting_user=s.controleur)

    # The re-drive sweep tries again: still no postcode, still waiting.
    settings.DOCUMENTS_DELAI_RELANCE = 0
    plus_tard = timezone.now() + datetime.timedelta(seconds=5)
    relances.relancer_documents(maintenant=plus_tard)
    assert courriers.en_attente_d_adresse(relire(accuse))

    # The postcode is completed: the next sweep establishes the letter, dated that day, and announces it.
    Personne.objects.filter(pk=s.personne.pk).update(code_postal="59800")
    relances.relancer_documents(maintenant=plus_tard)
    accuse = relire(accuse)
    assert not courriers.en_attente_d_adresse(accuse) and accuse.empreinte
    assert "adresse_manquante" not in accuse.contenu and accuse.contenu["date"] == timezone.localdate().isoformat()
    assert accuse.notification is not None
    assert bloc_adresse(_pdf(accuse)) == PERSONNE
    assert "courrier en attente" not in client.get("/conseiller/").content.decode()


def test_l_accuse_en_attente_s_etablit_a_l_ouverture_une_fois_l_adresse_complete(client):
    s = _situation()
    procedure = s.decidee()
    Personne.objects.filter(pk=s.personne.pk).update(adresse="")
    recours = actions.former_recours(relire(procedure), acting_user=s.controleur, motifs="Reçu au guichet.")
    accuse = CourrierProcedure.objects.get(recours=recours)
    assert courriers.en_attente_d_adresse(accuse)
    Personne.objects.filter(pk=s.personne.pk).update(adresse="8 rue des Tilleuls")
    client.force_login(s.personne.user)
    reponse = client.get(f"/mon-espace/sanctions/{procedure.pk}/courriers/{accuse.pk}/")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert bloc_adresse(reponse.content) == PERSONNE
    assert relire(accuse).recu_le == timezone.localdate()


def test_une_procedure_sans_courrier_en_attente_n_est_pas_dans_le_filtre(client):
    s = _situation()
    procedure = s.decidee()
    client.force_login(s.controleur)
    file = client.get("/conseiller/sanctions/?sans_adresse=on").content.decode()
    assert f"/conseiller/sanctions/{procedure.pk}/" not in file
    assert ProcedureSanction.objects.filter(pk=procedure.pk).exists()


def test_la_demo_montre_un_accuse_en_attente_d_adresse(client):
    """Karim Lefebvre (Conseil départemental du Nord) finds, from the dashboard, Thomas Faure's appeal
    receipt waiting for his postcode."""
    from demo.charger import charger_demo
    from francetravail.comptes.models import User

    charger_demo()
    client.force_login(User.objects.get(email__startswith="travailleur.social@"))
    assert "1 courrier en attente d'une adresse postale" in client.get("/conseiller/").content.decode()
    file = client.get("/conseiller/sanctions/?sans_adresse=on").content.decode()
    assert "Thomas FAURE" in file
