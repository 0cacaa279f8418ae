"""« Où j'en suis » read from the real files: each app's reader (francetravail/personnes/parcours.py),
its bounds on both sides, and the statuses the rule names are those of the apps."""

import datetime

from django.urls import reverse
from django.utils import timezone

from contrats.enums import StatutContrat
from contrats.suivi import declarer_semaine, lundi
from francetravail.personnes.parcours import ou_en_est
from francetravail.personnes.queries import charger_espace
from francetravail.personnes.regles import ETAPES_DU_PARCOURS, FaitsDuParcours, ou_j_en_suis
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from inscription.enums import Canal, StatutInscription
from sanctions import actions as sanctions
from tests.contrats.factories import Situation
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve
from tests.sanctions.factories import Situation as SituationSanction


def _suivi(personne, maintenant=None):
    return ou_en_est(charger_espace(personne.user_id), maintenant=maintenant)


def _liens(suivi):
    return [a.url for a in suivi.a_faire]


def test_les_statuts_que_la_regle_nomme_sont_ceux_des_applications():
    # The core names these values without importing the apps (tests/test_architecture.py).
    assert {"soumis", "accepte", "signe", "brouillon"} <= set(StatutContrat.values)
    assert {"en_cours", "inscrit", "cessee"} <= set(StatutInscription.values)
    assert "flux_caf_msa" in Canal.values
    assert [code for code, _ in ETAPES_DU_PARCOURS][-1] == "accompagnement"


def test_un_creneau_propose_se_choisit_un_rendez_vous_reserve_se_rappelle():
    situation = Situation()
    agenda = AgendaFactory(organisation=situation.organisme)
    assert _suivi(situation.personne).etape == "premier_rdv" and _suivi(situation.personne).a_faire == ()

    RendezVous.objects.create(
        personne=situation.personne,
        creneau=CreneauFactory(agenda=agenda, debut=dans(jours=2)),
        statut=StatutRendezVous.PROPOSE,
    )
    assert _liens(_suivi(situation.personne)) == ["rendezvous:liste"]
    assert _suivi(situation.personne).a_faire[0].libelle == "Choisir un créneau de rendez-vous"

    creneau = CreneauFactory(agenda=agenda, debut=dans(jours=4))
    rdv_reserve(situation.personne, creneau)
    suivi = _suivi(situation.personne)
    assert [(a.libelle, a.echeance) for a in suivi.a_faire] == [
        ("Me rendre à mon prochain rendez-vous", creneau.debut)
    ]
    # Once its hour has passed, it is no longer to come.
    assert _suivi(situation.personne, maintenant=creneau.debut).a_faire == ()


def test_la_semaine_declaree_n_est_plus_a_declarer():
    situation = Situation()
    contrat = situation.signe()
    suivi = _suivi(situation.personne)
    assert suivi.etape == "accompagnement"
    assert [(a.url, a.echeance) for a in suivi.a_faire] == [
        ("contrats:activite", lundi(timezone.localdate()) + datetime.timedelta(days=6))
    ]
    action = contrat.actions.get()
    declarer_semaine(
        contrat, acting_user=situation.personne.user, semaine=timezone.localdate(), heures={action.pk: 15}
    )
    assert _suivi(situation.personne).a_faire == ()
    # The next Monday, the new week is to declare.
    lundi_suivant = lundi(timezone.localdate()) + datetime.timedelta(weeks=1)
    maintenant = timezone.make_aware(datetime.datetime.combine(lundi_suivant, datetime.time(10)))
    assert _liens(_suivi(situation.personne, maintenant=maintenant)) == ["contrats:activite"]


def test_l_avertissement_prealable_attend_une_reponse_jusqu_a_son_echeance_incluse():
    s = SituationSanction()
    procedure = sanctions.examiner(
        s.ouverte(), acting_user=s.controleur, examen="Situation revue.", accompagnement_fourni="Trois entretiens."
    )
    procedure = sanctions.notifier_avertissement_prealable(
        procedure,
        acting_user=s.controleur,
        mesure_envisagee="suspension",
        sanction_envisagee="Suspension de 30 % pendant un mois.",
    )
    echeance = procedure.echeance_observations

    def a_midi(jour):
        return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(12)))

    le_dernier_jour = _suivi(s.personne, maintenant=a_midi(echeance))
    assert le_dernier_jour.procedure_en_cours
    assert [(a.url, a.argument, a.echeance) for a in le_dernier_jour.a_faire][0] == (
        "sanctions:procedure",
        procedure.pk,
        echeance,
    )
    le_lendemain = _suivi(s.personne, maintenant=a_midi(echeance + datetime.timedelta(days=1)))
    assert "sanctions:procedure" not in _liens(le_lendemain) and le_lendemain.procedure_en_cours


def test_un_compte_sans_dossier_ne_lit_rien(django_assert_num_queries):
    with django_assert_num_queries(0):
        suivi = ou_en_est(None)
    assert suivi == ou_j_en_suis(FaitsDuParcours(), timezone.localdate())


def test_l_avertissement_mene_a_la_page_ou_l_on_repond(client):
    s = SituationSanction()
    procedure = sanctions.examiner(
        s.ouverte(), acting_user=s.controleur, examen="Situation revue.", accompagnement_fourni="Trois entretiens."
    )
    sanctions.notifier_avertissement_prealable(
        procedure, acting_user=s.controleur, mesure_envisagee="suspension", sanction_envisagee="Suspension."
    )
    client.force_login(s.personne.user)
    page = client.get(reverse("personnes:espace")).content.decode()
    assert f'href="{reverse("sanctions:procedure", args=[procedure.pk])}">Répondre à l’avertissement préalable' in page
    assert "Procédure en cours" in page
