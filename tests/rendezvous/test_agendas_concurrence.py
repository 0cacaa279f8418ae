"""Two real connections at once: two workers generating the same pattern, two people booking the last seat
of a collective session. Real commits (``base_validee``); the rows committed here are deleted at the end."""

import threading
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.rendezvous import actions, plages
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau, HistoriqueRendezVous, PlageOuverture, RendezVous
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

pytestmark = [pytest.mark.no_django_db]


@pytest.fixture
def monde(base_validee):
    org = OrganisationFactory(departement_id="59")
    agenda = AgendaFactory(organisation=org)
    conseiller = professionnel(org, Role.CONSEILLER)
    personnes = [PersonneFactory(organisme_referent=org) for _ in range(2)]
    try:
        yield {"org": org, "agenda": agenda, "conseiller": conseiller, "personnes": personnes}
    finally:
        HistoriqueRendezVous.objects.filter(rendez_vous__creneau__agenda=agenda).delete()
        RendezVous.objects.filter(creneau__agenda=agenda).delete()
        Creneau.objects.filter(agenda=agenda).delete()
        PlageOuverture.objects.filter(agenda=agenda).delete()
        Agenda.objects.filter(pk=agenda.pk).delete()
        for personne in personnes:
            JournalAcces.objects.filter(personne=personne).delete()
            AuditEvent.objects.filter(personne=personne).delete()
            personne.delete()
        Membership.objects.filter(organisation=org).delete()
        User.objects.filter(pk=conseiller.pk).delete()
        Organisation.objects.filter(pk=org.pk).delete()


def _ensemble(*fonctions):
    """Runs the functions in threads released together; returns the exceptions they raised, in order."""
    barriere = threading.Barrier(len(fonctions))
    resultats = [None] * len(fonctions)

    def lancer(i, fonction):
        try:
            barriere.wait(timeout=10)
            fonction()
        except Exception as exc:  # noqa: BLE001 — returned to the test
            resultats[i] = exc
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(i, f)) for i, f in enumerate(fonctions)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=30)
    return resultats


def test_deux_workers_generent_chaque_creneau_une_fois(monde):
    plage = PlageOuverture.objects.create(
        agenda=monde["agenda"],
        motif=Motif.SUIVI,
        jours=[1, 2, 3, 4, 5],
        heure_debut=time(9),
        heure_fin=time(12),
        duree_minutes=30,
        valide_du=timezone.localdate(),
        lieu="Agence",
    )

    def generer():
        plages.synchroniser_plage(PlageOuverture.objects.select_related("agenda__organisation").get(pk=plage.pk))

    assert _ensemble(generer, generer) == [None, None]
    debuts = list(Creneau.objects.filter(plage=plage).values_list("debut", flat=True))
    assert len(debuts) == len(set(debuts)) > 5 * 6


def test_deux_personnes_prennent_la_derniere_place_d_une_session_une_seule_gagne(monde):
    session = CreneauFactory(
        agenda=monde["agenda"], debut=dans(6, 14), motif=Motif.SESSION_COLLECTIVE, capacite=3, intitule="Info coll"
    )
    Creneau.objects.filter(pk=session.pk).update(nb_reservations=2)  # two seats already taken
    a, b = monde["personnes"]

    def reserver(personne):
        return lambda: actions.reserver(personne, Creneau.objects.get(pk=session.pk), acting_user=monde["conseiller"])

    resultats = _ensemble(reserver(a), reserver(b))
    assert sorted(r is None for r in resultats) == [False, True]
    (refus,) = [r for r in resultats if r is not None]
    assert isinstance(refus, ValidationError) and "complet" in refus.messages[0]
    session.refresh_from_db()
    assert session.nb_reservations == 3
    assert RendezVous.objects.filter(creneau=session, statut=StatutRendezVous.RESERVE).count() == 1
