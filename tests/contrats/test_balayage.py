"""The daily sweep: référents told once of overdue contracts and of missing ORE; the overdue queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contrats import actions
from contrats.models import ContratEngagement
from contrats.queries import annoter_contrat_en_retard, contrats_en_retard, indicateurs, pour_liste
from contrats.regles import ajouter_mois
from contrats.tasks import signaler_retards
from francetravail.beat import BEAT_SCHEDULE
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from inscription.actions import rouvrir_accompagnement, terminer_accompagnement
from inscription.cessation import cesser
from orientation.actions import demenager
from orientation.enums import Parcours
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, commune
from tests.inscription.factories import dossier_complet

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()


def notifies(user, modele):
    return Notification.objects.filter(destinataire=user, modele=modele).count()


def a_echeance(s, jours):
    """A draft whose signature deadline is ``jours`` days from today (negative: passed)."""
    contrat = s.brouillon()
    ContratEngagement.objects.filter(pk=contrat.pk).update(
        echeance_signature=AUJOURDHUI + datetime.timedelta(days=jours)
    )
    contrat.refresh_from_db()
    return contrat


def test_le_balayage_est_planifie():
    assert BEAT_SCHEDULE["contrats-signaler-retards"]["task"] == "contrats.tasks.signaler_retards"


def test_retard_signale_une_fois_au_lendemain_de_l_echeance():
    en_retard, a_jour = Situation(), Situation()
    contrat = a_echeance(en_retard, -1)
    a_echeance(a_jour, 0)  # the deadline is today: still in time
    assert signaler_retards() == (1, 0)
    assert notifies(en_retard.referent, "contrats/retard_signature") == 1
    assert notifies(a_jour.referent, "contrats/retard_signature") == 0
    # Twice: told once.
    assert signaler_retards() == (0, 0)
    assert notifies(en_retard.referent, "contrats/retard_signature") == 1
    contrat.refresh_from_db()
    assert contrat.retard_signature_signale_le is not None


def test_un_contrat_signe_ou_en_revision_n_est_pas_en_retard():
    s = Situation()
    contrat = s.signe()
    ContratEngagement.objects.filter(pk=contrat.pk).update(echeance_signature=AUJOURDHUI - datetime.timedelta(days=5))
    actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    assert signaler_retards() == (0, 0)
    assert not contrats_en_retard().filter(pk=contrat.pk).exists()


def test_le_lot_est_borne():
    for _ in range(3):
        a_echeance(Situation(), -2)
    assert signaler_retards(limit=2) == (2, 0)
    assert signaler_retards(limit=2) == (1, 0)


def test_alerte_ore_six_mois_apres_la_signature_une_fois():
    s = Situation(parcours=Parcours.PROFESSIONNEL)
    contrat = s.signe()
    # Noon of the local day: « now minus six months » may cross a DST change into another local day late in the evening.
    signe_le = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(12)))

    def signe_il_y_a(jour):
        ContratEngagement.objects.filter(pk=contrat.pk).update(signe_le=signe_le - jour)

    # Signed exactly 6 months ago: the ORE is due today, no alert yet.
    six_mois = AUJOURDHUI - ajouter_mois(AUJOURDHUI, -6)
    signe_il_y_a(six_mois)
    assert signaler_retards()[1] == 0
    signe_il_y_a(six_mois + datetime.timedelta(days=1))
    assert signaler_retards()[1] == 1
    assert signaler_retards()[1] == 0
    assert notifies(s.referent, "contrats/alerte_ore") == 1


def test_pas_d_alerte_ore_quand_elle_est_fixee_ou_en_parcours_social():
    social = Situation(parcours=Parcours.SOCIAL)
    contrat = social.signe()
    ContratEngagement.objects.filter(pk=contrat.pk).update(signe_le=timezone.now() - datetime.timedelta(days=400))
    pro = Situation()
    brouillon = pro.brouillon()
    pro.ajouter(brouillon, "15")
    actions.fixer_ore(brouillon, acting_user=pro.referent, metiers=["N1101"], zone="Lille")
    contrat = actions.soumettre(brouillon, acting_user=pro.referent)
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=pro.personne.user), acting_user=pro.referent)
    ContratEngagement.objects.filter(pk=contrat.pk).update(signe_le=timezone.now() - datetime.timedelta(days=400))
    assert signaler_retards()[1] == 0


def test_requetes_en_retard_pour_le_portefeuille_et_les_indicateurs():
    retard, a_jour = Situation(), Situation()
    a_echeance(retard, -1)
    a_echeance(a_jour, 3)
    personnes = Personne.objects.filter(pk__in=[retard.personne.pk, a_jour.personne.pk])
    assert list(contrats_en_retard(personnes).values_list("personne", flat=True)) == [retard.personne.pk]
    annotees = dict(annoter_contrat_en_retard(personnes).values_list("pk", "contrat_en_retard"))
    assert annotees == {retard.personne.pk: True, a_jour.personne.pk: False}


def test_indicateurs_d_une_liste_en_requetes_constantes():
    vingt_ans = AUJOURDHUI.replace(year=AUJOURDHUI.year - 20, day=1)

    def compter(n):
        situations = [Situation(date_naissance=vingt_ans) for _ in range(n)]
        for s in situations:
            s.signe()
        qs = pour_liste(ContratEngagement.objects.filter(personne__in=[s.personne for s in situations]))
        with CaptureQueriesContext(connection) as requetes:
            contrats = indicateurs(qs)
            for c in contrats:
                assert c.mention_jeunes_ is True
                assert c.alerte_ore_ is False
                assert c.en_retard_ is False
                c.derniere_version()
        return len(requetes)

    assert compter(1) == compter(5)


def test_pas_de_relance_pour_un_accompagnement_termine_ou_une_inscription_cessee():
    """An ended accompaniment (or a radiation) stops the reminders: the référent is not chased about the
    contract of a person no longer accompanied; reopened, the person is chased again."""

    termine, radie = Situation(), Situation()
    for s in (termine, radie):
        dossier_complet(s.personne)
        a_echeance(s, -3)
    terminer_accompagnement(termine.personne, acting_user=termine.referent, motif="reprise_emploi")
    cesser(radie.personne, du=AUJOURDHUI, au=AUJOURDHUI + datetime.timedelta(days=30), motif="Radiation (test)")
    assert signaler_retards() == (0, 0)
    assert notifies(termine.referent, "contrats/retard_signature") == 0
    assert notifies(radie.referent, "contrats/retard_signature") == 0
    rouvrir_accompagnement(termine.personne, acting_user=termine.referent, motif="Fin de la mission d'intérim")
    assert signaler_retards() == (1, 0)
    assert notifies(termine.referent, "contrats/retard_signature") == 1


def test_pas_d_alerte_ore_pour_un_accompagnement_termine():

    s = Situation(parcours=Parcours.PROFESSIONNEL)
    dossier_complet(s.personne)
    contrat = s.signe()
    ContratEngagement.objects.filter(pk=contrat.pk).update(signe_le=timezone.now() - datetime.timedelta(days=400))
    terminer_accompagnement(s.personne, acting_user=s.referent, motif="formation")
    assert signaler_retards() == (0, 0)
    assert notifies(s.referent, "contrats/alerte_ore") == 0


def test_apres_un_transfert_l_ancien_referent_n_est_plus_relance():
    """A move to another département (orientation.actions.demenager) takes the file from the old organisme
    référent: its contract is left as it is, and the sweep no longer writes to the old référent about a person
    they cannot see any more (the person's name is in the notice)."""
    s = Situation()
    contrat = a_echeance(s, -1)
    agence_62 = OrganisationFactory(departement_id="62")
    demenager(
        s.personne,
        acting_user=s.referent,
        adresse="3 place des Héros",
        commune=commune("62041"),
        code_postal="62000",
        organisme=agence_62,
    )
    assert signaler_retards() == (0, 0)
    assert notifies(s.referent, "contrats/retard_signature") == 0
    contrat.refresh_from_db()
    assert contrat.retard_signature_signale_le is None
