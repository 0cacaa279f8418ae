"""Two people booking the last place of a collective session through their links at the same instant:
one gets it, the other a clear message; and the same booking sent twice at once books once.

Real commits on separate connections (one per thread): ``base_validee``; the rows committed here are
deleted at the end.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from francetravail.invitations import actions_lien
from francetravail.invitations.models import Invitation
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau, RendezVous, SuiviRendezVous
from francetravail.reseau.models import Organisation
from tests.factories import OrganisationFactory, PersonneFactory
from tests.invitations.factories_lien import invitation
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

pytestmark = [pytest.mark.no_django_db]


@pytest.fixture
def session_collective(base_validee):
    org = OrganisationFactory()
    agenda = AgendaFactory(organisation=org)
    creneau = CreneauFactory(
        agenda=agenda,
        debut=dans(3, heure=14),
        motif=Motif.SESSION_COLLECTIVE,
        capacite=8,
        nb_reservations=7,
        intitule="Information collective",
    )
    personnes = [PersonneFactory(organisme_referent=org) for _ in range(2)]
    invitations = [
        invitation(p, org, motif=Motif.SESSION_COLLECTIVE, limite_rdv=timezone.localdate() + timedelta(days=10))
        for p in personnes
    ]
    try:
        yield creneau, invitations
    finally:
        Invitation.objects.filter(personne__in=personnes).delete()
        RendezVous.objects.filter(personne__in=personnes).delete()
        SuiviRendezVous.objects.filter(personne__in=personnes).delete()
        Personne.objects.filter(pk__in=[p.pk for p in personnes]).delete()
        Creneau.objects.filter(agenda=agenda).delete()
        Agenda.objects.filter(pk=agenda.pk).delete()
        Organisation.objects.filter(pk=org.pk).delete()


def _dans_un_fil(cible, resultats, cle):
    def executer():
        try:
            resultats[cle] = cible()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread got
            resultats[cle] = exc
        finally:
            connection.close()

    return threading.Thread(target=executer)


def _reserver(invitation_pk, creneau_pk):
    # Each thread reads its own objects on its own connection.
    return actions_lien.reserver(Invitation.objects.get(pk=invitation_pk), Creneau.objects.get(pk=creneau_pk))


def test_deux_personnes_pour_la_derniere_place_une_seule_l_obtient(session_collective):
    creneau, (premiere, seconde) = session_collective
    a_reserve = threading.Event()
    resultats = {}

    def la_premiere_reserve_et_tarde_a_valider():
        with transaction.atomic():
            rdv = _reserver(premiere.pk, creneau.pk)
            a_reserve.set()
            time.sleep(0.5)  # the second booking starts while the first transaction is still open
        return rdv

    def la_seconde_reserve_en_meme_temps():
        a_reserve.wait(5)
        return _reserver(seconde.pk, creneau.pk)

    fils = [
        _dans_un_fil(la_premiere_reserve_et_tarde_a_valider, resultats, "premiere"),
        _dans_un_fil(la_seconde_reserve_en_meme_temps, resultats, "seconde"),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(10)

    rdv, nouveau = resultats["premiere"]
    assert nouveau and rdv.statut == StatutRendezVous.RESERVE
    refus = resultats["seconde"]
    assert isinstance(refus, ValidationError), refus
    assert "est complet : choisissez-en un autre" in " ".join(refus.messages)
    creneau.refresh_from_db()
    assert creneau.nb_reservations == creneau.capacite == 8
    assert not RendezVous.objects.filter(personne=seconde.personne).exists()
    seconde.refresh_from_db()
    assert seconde.ouverte and seconde.rendez_vous_id is None


def test_la_meme_reservation_envoyee_deux_fois_a_la_fois_reserve_une_fois(session_collective):
    creneau, (premiere, _) = session_collective
    depart = threading.Barrier(2)
    resultats = {}

    def envoi():
        depart.wait(5)
        return _reserver(premiere.pk, creneau.pk)

    fils = [_dans_un_fil(envoi, resultats, i) for i in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(10)

    issues = sorted((resultats[0], resultats[1]), key=lambda r: not r[1])
    (rdv, nouveau), (rejoue, nouveau_rejoue) = issues
    assert nouveau and not nouveau_rejoue and rejoue.pk == rdv.pk
    assert RendezVous.objects.filter(personne=premiere.personne).count() == 1
    creneau.refresh_from_db()
    assert creneau.nb_reservations == 8
