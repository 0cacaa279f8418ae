from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from francetravail.notifications.models import Notification
from francetravail.rendezvous import actions
from francetravail.rendezvous.enums import StatutManquement, StatutRendezVous
from francetravail.rendezvous.models import Creneau, HistoriqueRendezVous, ManquementAExaminer, RendezVous
from francetravail.rendezvous.queries import delai_premier_rendez_vous
from tests.factories import PersonneFactory
from tests.rendezvous.factories import CreneauFactory, dans, rdv_reserve


def recharger(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_reservation_par_le_conseiller_prend_une_place_et_journalise(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda)
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    assert rdv.statut == StatutRendezVous.RESERVE
    # Not oriented yet: an orientation interview, not the first accompaniment appointment
    # (issue 15: that one follows the notified orientation; tests/rendezvous/test_delai_premier_rdv.py).
    assert rdv.premier_rendez_vous is False
    assert recharger(creneau).nb_reservations == 1
    historique = HistoriqueRendezVous.objects.get(rendez_vous=rdv)
    assert (historique.user, historique.statut_avant, historique.statut_apres) == (conseiller, "", "reserve")
    assert Notification.objects.filter(modele="rendezvous/confirmation", adresse=personne.email).count() == 1


def test_creneau_d_une_place_ne_se_reserve_pas_deux_fois(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, capacite=1)
    actions.reserver(personne, creneau, acting_user=conseiller)
    autre = PersonneFactory(organisme_referent=agenda.organisation)
    with pytest.raises(ValidationError, match="complet"):
        actions.reserver(autre, recharger(creneau), acting_user=conseiller)
    assert RendezVous.objects.filter(creneau=creneau, statut=StatutRendezVous.RESERVE).count() == 1


def test_la_base_refuse_la_surreservation_meme_sans_les_actions(agenda):
    creneau = CreneauFactory(agenda=agenda, capacite=1, nb_reservations=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Creneau.objects.filter(pk=creneau.pk).update(nb_reservations=2)


def test_une_personne_n_a_qu_un_rendez_vous_actif_par_creneau(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, collectif=True)
    actions.reserver(personne, creneau, acting_user=conseiller)
    with pytest.raises(ValidationError, match="déjà réservé"):
        actions.reserver(personne, creneau, acting_user=conseiller)
    with pytest.raises(IntegrityError), transaction.atomic():
        RendezVous.objects.create(personne=personne, creneau=creneau)


def test_la_personne_choisit_parmi_les_creneaux_proposes(personne, agenda, conseiller):
    a, b = CreneauFactory(agenda=agenda), CreneauFactory(agenda=agenda, debut=dans(4))
    propositions = actions.proposer_creneaux(personne, [a, b], acting_user=conseiller)
    assert [p.statut for p in propositions] == [StatutRendezVous.PROPOSE] * 2
    assert recharger(a).nb_reservations == 0  # an offer takes no seat

    rdv = actions.reserver(personne, b, acting_user=personne.user)
    assert rdv.pk == propositions[1].pk
    assert rdv.reserve_par == personne.user
    assert recharger(propositions[0]).statut == StatutRendezVous.ANNULE  # the other offer is withdrawn


def test_la_personne_ne_reserve_pas_un_creneau_non_propose(personne, agenda):
    with pytest.raises(ValidationError, match="pas été proposé"):
        actions.reserver(personne, CreneauFactory(agenda=agenda), acting_user=personne.user)


def _oriente_le(personne, jours):
    """The person's orientation notified ``jours`` days from today (negative: ago), at midnight."""
    from datetime import datetime

    from tests.contrats.factories import orientation_notifiee

    jour = timezone.localdate() + timedelta(days=jours)
    orientation_notifiee(personne, notifiee_le=timezone.make_aware(datetime(jour.year, jour.month, jour.day)))


# Issue 15: these counted from the day the slots were offered, for anybody; the delay counts
# from the notified orientation (a person not oriented has none): same bounds, right start.
@pytest.mark.parametrize(("jours", "accepte"), [(15, True), (16, False)])
def test_premier_rendez_vous_dans_les_15_jours(personne, agenda, conseiller, jours, accepte):
    _oriente_le(personne, 0)
    creneau = CreneauFactory(agenda=agenda, debut=dans(jours, heure=23))
    if accepte:
        actions.proposer_creneaux(personne, [creneau], acting_user=conseiller)
    else:
        with pytest.raises(ValidationError, match="trop tard pour un premier rendez-vous"):
            actions.proposer_creneaux(personne, [creneau], acting_user=conseiller)


def test_le_delai_compte_depuis_la_date_d_orientation(personne, agenda, conseiller):
    _oriente_le(personne, -6)
    creneau = CreneauFactory(agenda=agenda, debut=dans(10))
    with pytest.raises(ValidationError, match="trop tard"):
        actions.proposer_creneaux(personne, [creneau], acting_user=conseiller)


def test_le_delai_ne_vaut_que_pour_le_premier_rendez_vous(personne, agenda, conseiller):
    _oriente_le(personne, -1)
    rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    RendezVous.objects.filter(personne=personne).update(statut=StatutRendezVous.HONORE)
    actions.proposer_creneaux(personne, [CreneauFactory(agenda=agenda, debut=dans(30))], acting_user=conseiller)


def test_creneau_passe_refuse(personne, agenda, conseiller):
    with pytest.raises(ValidationError, match="déjà passé"):
        actions.proposer_creneaux(personne, [CreneauFactory(agenda=agenda, passe=True)], acting_user=conseiller)


def test_deplacer_libere_l_ancienne_place_et_prend_la_nouvelle(personne, agenda, conseiller):
    ancien, nouveau = CreneauFactory(agenda=agenda), CreneauFactory(agenda=agenda, debut=dans(5))
    rdv = actions.reserver(personne, ancien, acting_user=conseiller)
    with pytest.raises(ValidationError) as exc:
        actions.deplacer(rdv, nouveau, acting_user=personne.user, motif=" ")
    assert "motif" in exc.value.message_dict
    rdv = actions.deplacer(rdv, nouveau, acting_user=personne.user, motif="Rendez-vous médical")
    assert (recharger(ancien).nb_reservations, recharger(nouveau).nb_reservations) == (0, 1)
    assert rdv.creneau == nouveau
    assert HistoriqueRendezVous.objects.filter(rendez_vous=rdv, creneau_avant=ancien).exists()


def test_annuler_rend_la_place_et_exige_un_motif(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda)
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    with pytest.raises(ValidationError, match="motif"):
        actions.annuler(rdv, acting_user=personne.user, motif="")
    rdv = actions.annuler(rdv, acting_user=personne.user, motif="J'ai trouvé un emploi")
    assert rdv.statut == StatutRendezVous.ANNULE
    assert recharger(creneau).nb_reservations == 0


def test_absence_non_excusee_ouvre_un_seul_manquement_sans_notification(personne, agenda, conseiller):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    avant = Notification.objects.count()
    actions.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller)
    manquement = ManquementAExaminer.objects.get()
    assert (manquement.personne, manquement.rendez_vous, manquement.statut) == (
        personne,
        rdv,
        StatutManquement.A_EXAMINER,
    )
    assert Notification.objects.count() == avant
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        actions.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller)
    assert ManquementAExaminer.objects.count() == 1


def test_excuse_sans_motif_refusee(personne, agenda, conseiller):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    with pytest.raises(ValidationError) as exc:
        actions.enregistrer_presence(rdv, StatutRendezVous.EXCUSE, acting_user=conseiller, motif="  ")
    assert exc.value.message_dict == {"motif": ["Indiquez le motif de l'excuse."]}
    rdv = actions.enregistrer_presence(rdv, StatutRendezVous.EXCUSE, acting_user=conseiller, motif="Hospitalisation")
    assert rdv.statut == StatutRendezVous.EXCUSE
    assert not ManquementAExaminer.objects.exists()


def test_presence_pas_avant_l_heure(personne, agenda, conseiller):
    rdv = actions.reserver(personne, CreneauFactory(agenda=agenda), acting_user=conseiller)
    with pytest.raises(ValidationError, match="à partir de l'heure"):
        actions.enregistrer_presence(rdv, StatutRendezVous.HONORE, acting_user=conseiller)


def test_delai_premier_rendez_vous(personne, agenda, conseiller):
    assert delai_premier_rendez_vous(personne) is None  # not oriented: no delay runs
    _oriente_le(personne, 0)
    assert delai_premier_rendez_vous(personne).dans_les_delais is None
    actions.reserver(personne, CreneauFactory(agenda=agenda, debut=dans(12)), acting_user=conseiller)
    delai = delai_premier_rendez_vous(personne)
    assert (delai.jours, delai.dans_les_delais) == (12, True)
