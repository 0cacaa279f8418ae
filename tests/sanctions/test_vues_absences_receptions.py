"""From a missed appointment to a manquement, the role-aware link on the person page, and postal receipts."""

import datetime

import pytest
from django.utils import timezone

from contrats.regles import ajouter_mois
from francetravail.audit.models import JournalAcces
from francetravail.rendezvous.enums import StatutManquement
from francetravail.rendezvous.models import ManquementAExaminer
from sanctions import actions
from sanctions.enums import Public, SourceManquement, StatutProcedure, TypeManquement
from sanctions.models import CourrierProcedure, DestinataireCourrier, Manquement, TypeCourrier
from tests.factories import OrganisationFactory, professionnel
from tests.rendezvous.factories import CreneauFactory, rdv_reserve
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
AUJOURDHUI = timezone.localdate


@pytest.fixture
def s():
    return Situation()


def signaler(s):
    return f"/conseiller/personnes/{s.personne.pk}/manquements/signaler/"


def absence(s):
    rdv = rdv_reserve(s.personne, CreneauFactory(passe=True))
    return ManquementAExaminer.objects.create(personne=s.personne, rendez_vous=rdv)


def jour_du_rdv(a):
    return timezone.localdate(a.rendez_vous.creneau.debut)


# --- The person page links to the report only for the référent's organisation -----------------


def test_le_lien_signaler_un_manquement_depend_du_role(client, s):
    fiche = f"/conseiller/personnes/{s.personne.pk}/"
    for user in (s.referent, s.controleur):
        client.force_login(user)
        page = client.get(fiche).content.decode()
        assert 'href="manquements/signaler/"' in page
        # The relative link leads to the report form.
        assert client.get(fiche + "manquements/signaler/").status_code == 200
    # The département's decider sees the person (same département) but does not report: no link.
    client.force_login(s.decideur_cd)
    reponse = client.get(fiche)
    assert reponse.status_code == 200
    assert "manquements/signaler/" not in reponse.content.decode()


# --- A missed appointment becomes a manquement -------------------------------------------------


def test_le_referent_retient_une_absence_non_excusee(client, s):
    a = absence(s)
    client.force_login(s.referent)
    page = client.get(signaler(s)).content.decode()
    assert "Absence non excusée à l’origine du signalement" in page or "Absence non excusée à l&#x27;origine" in page
    assert f'value="{a.pk}"' in page
    donnees = {
        "absence": a.pk,
        "type_manquement": TypeManquement.M1,
        "public": Public.ALLOCATION,
        "source": "signalement",
        "date_faits": (jour_du_rdv(a) - datetime.timedelta(days=1)).isoformat(),
        "faits": "Absent au rendez-vous de suivi, sans excuse.",
    }
    # A date other than the appointment's is refused at the field, the text kept.
    reponse = client.post(signaler(s), donnees)
    assert reponse.status_code == 200
    assert "Le rendez-vous manqué a eu lieu le" in reponse.content.decode()
    assert "Absent au rendez-vous de suivi" in reponse.content.decode()
    assert not Manquement.objects.filter(personne=s.personne).exists()

    reponse = client.post(signaler(s), {**donnees, "date_faits": jour_du_rdv(a).isoformat()})
    assert reponse.status_code == 302
    manquement = Manquement.objects.get(personne=s.personne)
    assert manquement.source == SourceManquement.ABSENCE and manquement.manquement_rdv == a
    assert relire(a).statut == StatutManquement.RETENUE
    # Once retained, it is no longer offered.
    assert f'value="{a.pk}"' not in client.get(signaler(s)).content.decode()


def test_sans_absence_a_examiner_le_champ_n_apparait_pas(client, s):
    client.force_login(s.referent)
    assert 'name="absence"' not in client.get(signaler(s)).content.decode()


def test_l_absence_d_une_autre_personne_n_est_pas_proposee(client, s):
    propre = absence(s)
    autre = Situation(organisme=s.organisme)
    a = absence(autre)
    client.force_login(s.referent)
    page = client.get(signaler(s)).content.decode()
    assert f'value="{propre.pk}"' in page and f'value="{a.pk}"' not in page
    reponse = client.post(
        signaler(s),
        {
            "absence": a.pk,
            "type_manquement": TypeManquement.M1,
            "public": Public.ALLOCATION,
            "source": "signalement",
            "date_faits": jour_du_rdv(a).isoformat(),
            "faits": "Tentative.",
        },
    )
    assert reponse.status_code == 200  # an invalid choice, shown at the field
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert relire(a).statut == StatutManquement.A_EXAMINER
    assert not Manquement.objects.filter(personne=s.personne).exists()


# --- Postal acknowledgement of receipt -------------------------------------------------------


def decision(s):
    procedure = s.decidee()
    courrier = CourrierProcedure.objects.get(
        procedure=procedure, type_courrier=TypeCourrier.DECISION, destinataire=DestinataireCourrier.PERSONNE
    )
    return procedure, courrier


def test_l_equipe_enregistre_l_accuse_de_reception_postal(client, s):
    procedure, courrier = decision(s)
    adresse = f"/conseiller/sanctions/{procedure.pk}/reception/"
    client.force_login(s.controleur)
    page = client.get(f"/conseiller/sanctions/{procedure.pk}/").content.decode()
    assert "Accusé de réception postal" in page and adresse in page

    demain = AUJOURDHUI() + datetime.timedelta(days=1)
    reponse = client.post(adresse, {"reception-courrier": courrier.pk, "reception-recu_le": demain.isoformat()})
    assert reponse.status_code == 200 and "futur" in reponse.content.decode()
    assert relire(courrier).recu_le is None

    reponse = client.post(adresse, {"reception-courrier": courrier.pk, "reception-recu_le": AUJOURDHUI().isoformat()})
    assert reponse.status_code == 302
    assert relire(courrier).recu_le == AUJOURDHUI()
    # The procedure's log says which letter was received, and when.
    assert "reçu le" in client.get(f"/conseiller/sanctions/{procedure.pk}/").content.decode()


def test_un_courrier_recu_ne_se_redate_pas_et_les_autres_recoivent_une_404(client, s):
    procedure, courrier = decision(s)
    actions.enregistrer_reception(courrier, acting_user=s.controleur)
    adresse = f"/conseiller/sanctions/{procedure.pk}/reception/"
    client.force_login(s.controleur)
    reponse = client.post(adresse, {"reception-courrier": courrier.pk, "reception-recu_le": AUJOURDHUI().isoformat()})
    assert reponse.status_code in (200, 404)  # not offered any more: an invalid choice, or no step left
    for user in (professionnel(OrganisationFactory()), s.mediateur, s.personne.user):
        client.force_login(user)
        assert client.post(adresse, {"reception-courrier": courrier.pk}).status_code == 404


def test_le_delai_de_recours_court_de_la_reception_de_la_decision(s):
    procedure, courrier = decision(s)
    decidee = timezone.localdate(procedure.decidee_le)
    assert actions.notification_decision(procedure) == decidee
    avant = actions.echeance_recours_de(procedure)
    assert avant == ajouter_mois(decidee, 2)
    # Received three days later (a postal acknowledgement): the deadline moves with it.
    CourrierProcedure.objects.filter(pk=courrier.pk).update(recu_le=decidee + datetime.timedelta(days=3))
    assert actions.echeance_recours_de(procedure) == ajouter_mois(decidee + datetime.timedelta(days=3), 2)


@pytest.mark.parametrize(("ecart", "hors_delai"), [(0, False), (1, True)])
def test_un_recours_le_dernier_jour_est_dans_le_delai_le_lendemain_hors_delai(s, ecart, hors_delai):
    procedure, courrier = decision(s)
    recu = timezone.localdate(procedure.decidee_le)
    CourrierProcedure.objects.filter(pk=courrier.pk).update(recu_le=recu)
    echeance = actions.echeance_recours_de(procedure)
    recours = actions.former_recours(
        procedure,
        acting_user=s.personne.user,
        motifs="J'étais hospitalisé.",
        forme_le=echeance + datetime.timedelta(days=ecart),
    )
    assert recours.echeance == echeance and recours.hors_delai is hors_delai


def test_la_lecture_par_un_delegue_passe_par_le_portail_et_est_journalisee(client, s):
    procedure = s.a_decider()
    client.force_login(s.delegue)
    avant = JournalAcces.objects.filter(personne=s.personne, user=s.delegue).count()
    assert client.get(f"/conseiller/sanctions/{procedure.pk}/").status_code == 200
    lignes = JournalAcces.objects.filter(personne=s.personne, user=s.delegue)
    assert lignes.count() == avant + 1
    assert lignes.order_by("-pk").first().organisation_id == procedure.organisation_decisionnaire_id
