"""Demo of the dashboard's « À faire » for ``make run`` (idempotent: each object found again by a stable
key). Written as the situations are found on a given morning (dated in the past), which the actions,
acting now, cannot produce:

- Camille Durand (conseiller, Lille Centre): Marie Dupont's message unanswered for four days (beyond the
  72-hour promise), Julien Blanc's absence at a workshop three days ago to examine, and Hugo Lefort,
  oriented towards Lille Centre three weeks ago, still without a first appointment (15-day objective);
- Sophie Martin (decider, Nord): Samia Petit, a bRSA of Roubaix, whose orientation the rules proposed
  and who waits for the département's decision.
"""

import datetime

from django.utils import timezone

from demo.reseau import adresse_exemple
from francetravail.messagerie.models import Message
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Modalite, Motif, StatutManquement, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau, ManquementAExaminer, RendezVous
from orientation.enums import FileDecision, Parcours, StatutDecision, TypeOrganismeReferent
from orientation.models import DecisionOrientation

JOUR = datetime.timedelta(days=1)


def _personne(nom, prenoms, naissance, organisme, referent=None):
    personne, _ = Personne.objects.get_or_create(
        nom_naissance=nom,
        prenoms=prenoms,
        date_naissance=naissance,
        defaults={
            "email": adresse_exemple(prenoms, nom),
            "telephone": "0601020304",
            "adresse": "3 rue Nationale",
            "commune_id": "59350",
            "code_postal": "59000",
            "organisme_referent": organisme,
            "referent_unique": referent,
        },
    )
    return personne


def _message_sans_reponse(personne):
    if personne.user_id is None or personne.organisme_referent_id is None:
        return
    Message.objects.get_or_create(
        personne=personne,
        organisme_id=personne.organisme_referent_id,
        de_la_personne=True,
        corps="Bonjour, je n'ai pas reçu la convocation à l'atelier CV. Pouvez-vous me la renvoyer ?",
        defaults={"auteur": personne.user, "envoye_le": timezone.now() - 4 * JOUR},
    )


def _absence_a_examiner(personne, organisme):
    agenda, _ = Agenda.objects.get_or_create(organisation=organisme, libelle="Ateliers collectifs (démo)")
    debut = (timezone.now() - 3 * JOUR).replace(hour=9, minute=30, second=0, microsecond=0)
    creneau = Creneau.objects.filter(agenda=agenda, motif=Motif.SESSION_COLLECTIVE).first()
    if creneau is None:
        creneau = Creneau.objects.create(
            agenda=agenda,
            debut=debut,
            fin=debut + datetime.timedelta(hours=2),
            motif=Motif.SESSION_COLLECTIVE,
            modalite=Modalite.SUR_PLACE,
            capacite=10,
            lieu="Agence France Travail Lille Centre, salle 2",
        )
    rdv, cree = RendezVous.objects.get_or_create(
        personne=personne, creneau=creneau, defaults={"statut": StatutRendezVous.ABSENT}
    )
    if cree:
        Creneau.objects.filter(pk=creneau.pk).update(nb_reservations=creneau.nb_reservations + 1)
    ManquementAExaminer.objects.get_or_create(
        personne=personne, rendez_vous=rdv, defaults={"statut": StatutManquement.A_EXAMINER}
    )


def _orientation_sans_premier_rdv(personne, organisme):
    if personne.orientations.exists():
        return
    il_y_a_trois_semaines = timezone.now() - 21 * JOUR
    DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Projet professionnel établi : parcours professionnel avec France Travail.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=organisme,
        decidee_le=il_y_a_trois_semaines,
        notifiee_le=il_y_a_trois_semaines,
    )


def _orientation_a_decider(personne):
    if personne.orientations.exists():
        return
    DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.PROPOSEE,
        file=FileDecision.ORIENTEUR,
        beneficiaire_rsa=True,
        explication="Bénéficiaire du RSA, freins au logement déclarés : parcours social proposé par les règles.",
        parcours_propose=Parcours.SOCIAL,
        type_organisme_propose=TypeOrganismeReferent.CONSEIL_DEPARTEMENTAL,
    )


def charger_demo_a_faire(lille, marie, julien, conseiller):
    _message_sans_reponse(marie)
    _absence_a_examiner(julien, lille)
    # In Camille Durand's portfolio (not in the référents' queue « à attribuer » of the demo's twenty people).
    hugo = _personne("Lefort", "Hugo", datetime.date(1995, 4, 8), lille, referent=conseiller)
    _orientation_sans_premier_rdv(hugo, lille)
    _orientation_a_decider(_personne("Petit", "Samia", datetime.date(1990, 6, 21), None))
