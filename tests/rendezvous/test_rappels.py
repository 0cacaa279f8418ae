from datetime import timedelta

from django.utils import timezone

from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.rendezvous import actions
from francetravail.rendezvous.tasks import planifier_rappels
from tests.rendezvous.factories import CreneauFactory, dans


def rappels(**filtres):
    return Notification.objects.filter(modele="rendezvous/rappel", **filtres)


def test_rappels_a_j_moins_2_et_j_moins_1_une_seule_fois(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, debut=dans(5))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    debut = creneau.debut

    assert planifier_rappels(maintenant=debut - timedelta(days=3)) == 0
    assert not rappels().exists()

    j2 = debut - timedelta(days=2) + timedelta(minutes=5)
    assert planifier_rappels(maintenant=j2) == 1
    assert planifier_rappels(maintenant=j2) == 0  # the sweep run twice writes nothing more
    assert sorted(rappels().values_list("canal", "contexte__jours")) == [(Canal.EMAIL, 2), (Canal.SMS, 2)]
    assert set(rappels().values_list("adresse", flat=True)) == {personne.email, personne.telephone}

    j1 = debut - timedelta(days=1) + timedelta(minutes=5)
    planifier_rappels(maintenant=j1)
    planifier_rappels(maintenant=j1)
    assert rappels().count() == 4
    assert rappels(contexte__jours=1).count() == 2
    rdv.refresh_from_db()
    assert rdv.prochain_rappel is None


def test_rappel_deja_depasse_a_la_reservation_n_est_pas_envoye(personne, agenda, conseiller):
    # A day and a half ahead, whatever the time of day: the J-2 time is past, the J-1 time is not.
    creneau = CreneauFactory(agenda=agenda, debut=timezone.now() + timedelta(hours=36))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    # Booked less than two days ahead: only the J-1 reminder is planned.
    assert rdv.prochain_rappel == creneau.debut - timedelta(days=1)


def test_rendez_vous_deplace_aucun_rappel_pour_l_ancien_creneau(personne, agenda, conseiller):
    ancien = CreneauFactory(agenda=agenda, debut=dans(5))
    nouveau = CreneauFactory(agenda=agenda, debut=dans(8))
    rdv = actions.reserver(personne, ancien, acting_user=conseiller)
    # The J-2 reminder of the old slot is written but still pending (e.g. broker down)…
    planifier_rappels(maintenant=ancien.debut - timedelta(days=2))
    en_attente = list(rappels(statut=Statut.EN_ATTENTE).values_list("pk", flat=True))
    assert len(en_attente) == 2

    actions.deplacer(rdv, nouveau, acting_user=personne.user, motif="Empêchement")
    # …and is closed by the move, never sent.
    assert not rappels(pk__in=en_attente, statut=Statut.EN_ATTENTE).exists()
    assert all("déplacé" in e for e in rappels(pk__in=en_attente).values_list("derniere_erreur", flat=True))

    # Sweeps at the old slot's times write nothing; the new slot gets its own reminders.
    planifier_rappels(maintenant=ancien.debut - timedelta(days=1))
    assert not rappels(statut=Statut.EN_ATTENTE).exists()
    planifier_rappels(maintenant=nouveau.debut - timedelta(days=2))
    nouveaux = rappels(statut=Statut.EN_ATTENTE)
    assert nouveaux.count() == 2
    assert all(f":{nouveau.pk}:" in cle for cle in nouveaux.values_list("cle_idempotence", flat=True))


def test_rendez_vous_annule_plus_de_rappel(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, debut=dans(5))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    actions.annuler(rdv, acting_user=personne.user, motif="Emploi trouvé")
    assert planifier_rappels(maintenant=creneau.debut - timedelta(days=1)) == 0
    assert not rappels().exists()


def test_le_rappel_se_rend_en_francais(personne, agenda, conseiller):
    from francetravail.notifications.dispatch import rendre_courriel, rendre_sms

    creneau = CreneauFactory(agenda=agenda, debut=dans(5))
    actions.reserver(personne, creneau, acting_user=conseiller)
    planifier_rappels(maintenant=creneau.debut - timedelta(days=1))
    sujet, corps = rendre_courriel(rappels(canal=Canal.EMAIL).get())
    assert sujet.startswith("Rappel : votre rendez-vous du ")
    assert "de demain" in corps and agenda.organisation.nom in corps
    assert "Rappel : rendez-vous" in rendre_sms(rappels(canal=Canal.SMS).get())
