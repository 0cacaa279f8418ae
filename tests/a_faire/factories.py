"""Situations for the dashboard's « À faire »: one person in each queue, written directly (the
actions that lead there are tested in their apps; here what matters is the dates and states)."""

import datetime

from django.utils import timezone

from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from francetravail.messagerie.models import Message
from francetravail.rendezvous.enums import Motif, StatutManquement, StatutRendezVous
from francetravail.rendezvous.models import ManquementAExaminer, RendezVous
from orientation.enums import Parcours
from tests.contrats.factories import orientation_notifiee
from tests.factories import PersonneFactory, UserFactory
from tests.rendezvous.factories import AgendaFactory, CreneauFactory


def contrat(
    personne,
    referent,
    *,
    statut=StatutContrat.BROUILLON,
    signe_le=None,
    parcours=Parcours.PROFESSIONNEL,
    ore_fixee_le=None,
    rythme=12,
):
    orientation = orientation_notifiee(personne, parcours=parcours)
    objet = ContratEngagement.objects.create(
        personne=personne,
        orientation=orientation,
        parcours=parcours,
        organisme=personne.organisme_referent,
        referent=referent,
        echeance_signature=timezone.localdate() + datetime.timedelta(days=30),
        rythme_points_etape=rythme,
    )
    # The state machine's field is protected: the state is written as a sweep would find it.
    # Drafted a month before its signature (the points d'étape attended count from the draft).
    cree_le = signe_le - datetime.timedelta(days=30) if signe_le else objet.created_at
    ContratEngagement.objects.filter(pk=objet.pk).update(
        statut=statut, signe_le=signe_le, ore_fixee_le=ore_fixee_le, created_at=cree_le
    )
    return objet


def signe_il_y_a(jours):
    jour = timezone.localdate() - datetime.timedelta(days=jours)
    return timezone.make_aware(datetime.datetime(jour.year, jour.month, jour.day, 10))


def message_de_la_personne(personne, *, il_y_a):
    if personne.user_id is None:
        personne.user = UserFactory()
        personne.save(update_fields=["user"])
    return Message.objects.create(
        personne=personne,
        organisme_id=personne.organisme_referent_id,
        auteur=personne.user,
        de_la_personne=True,
        corps="Bonjour, j'ai une question sur mon rendez-vous.",
        envoye_le=timezone.now() - il_y_a,
    )


def reponse(personne, auteur, *, il_y_a=datetime.timedelta(0)):
    return Message.objects.create(
        personne=personne,
        organisme_id=personne.organisme_referent_id,
        auteur=auteur,
        de_la_personne=False,
        corps="Bonjour, voici la réponse.",
        envoye_le=timezone.now() - il_y_a,
    )


def rendez_vous(personne, *, debut, motif=Motif.ENTRETIEN_ORIENTATION, statut=StatutRendezVous.RESERVE):
    creneau = CreneauFactory(
        agenda=AgendaFactory(organisation=personne.organisme_referent),
        debut=debut,
        fin=debut + datetime.timedelta(minutes=45),
        motif=motif,
        nb_reservations=1,
    )
    return RendezVous.objects.create(personne=personne, creneau=creneau, statut=statut)


def absence_a_examiner(personne, statut=StatutManquement.A_EXAMINER):
    rdv = rendez_vous(personne, debut=timezone.now() - datetime.timedelta(days=2), statut=StatutRendezVous.ABSENT)
    return ManquementAExaminer.objects.create(personne=personne, rendez_vous=rdv, statut=statut)


def personne_dans_chaque_file(agence, referent):
    """A person in each people-queue of a conseiller (and an unanswered message): 5 people.

    Fixed names that no page text contains: the tests look for them in whole pages, where a random
    Faker name (« Valentin ») can also be someone's first name."""
    a_contresigner = PersonneFactory(organisme_referent=agence, nom_naissance="Zacontresigner")
    contrat(a_contresigner, referent, statut=StatutContrat.ACCEPTE)
    point_du = PersonneFactory(organisme_referent=agence, nom_naissance="Zapointdu")
    contrat(
        point_du,
        referent,
        statut=StatutContrat.SIGNE,
        signe_le=signe_il_y_a(12 * 7),
        ore_fixee_le=timezone.localdate(),
    )
    sans_ore = PersonneFactory(organisme_referent=agence, nom_naissance="Zasansore")
    contrat(sans_ore, referent, statut=StatutContrat.SIGNE, signe_le=signe_il_y_a(300), ore_fixee_le=None, rythme=52)
    absent = PersonneFactory(organisme_referent=agence, nom_naissance="Zaabsent")
    absence_a_examiner(absent)
    ecrit = PersonneFactory(organisme_referent=agence, nom_naissance="Zaecrit")
    message_de_la_personne(ecrit, il_y_a=datetime.timedelta(hours=80))
    return [a_contresigner, point_du, sans_ore, absent, ecrit]
