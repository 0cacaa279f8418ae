from datetime import datetime, timedelta

import factory
from django.utils import timezone

from francetravail.rendezvous.enums import Modalite, Motif
from francetravail.rendezvous.models import Agenda, Creneau
from tests.factories import OrganisationFactory


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda

    organisation = factory.SubFactory(OrganisationFactory)
    libelle = factory.Sequence(lambda n: f"Agenda n° {n}")


def dans(jours=3, heure=10):
    """A time ``jours`` calendar days from today (Europe/Paris), at ``heure`` o'clock."""
    jour = timezone.localdate() + timedelta(days=jours)
    return timezone.make_aware(datetime(jour.year, jour.month, jour.day, heure))


class CreneauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creneau

    agenda = factory.SubFactory(AgendaFactory)
    debut = factory.LazyFunction(dans)
    fin = factory.LazyAttribute(lambda o: o.debut + timedelta(minutes=45))
    motif = Motif.ENTRETIEN_ORIENTATION
    modalite = Modalite.SUR_PLACE
    lieu = "12 rue de la Gare, 59000 Lille"

    class Params:
        passe = factory.Trait(debut=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2)))
        collectif = factory.Trait(motif=Motif.SESSION_COLLECTIVE, capacite=10)


def rdv_reserve(personne, creneau, **kwargs):
    """A booked appointment written directly (e.g. on a slot already started, which actions refuse)."""
    from francetravail.rendezvous.enums import StatutRendezVous
    from francetravail.rendezvous.models import RendezVous

    creneau.nb_reservations += 1
    creneau.save(update_fields=["nb_reservations"])
    return RendezVous.objects.create(personne=personne, creneau=creneau, statut=StatutRendezVous.RESERVE, **kwargs)
