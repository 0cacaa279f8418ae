"""Inviting 10 000 oriented people in one action (issue 19): ``invitations.actions.inviter_en_masse`` on a
real worker process (two prefork processes, as the CAF/MSA import's benchmark), the people's files mixing
e-mail, mobile phone and postal address so that the three channels are used (``MELANGE``: 6 000 e-mails,
6 000 SMS, 4 000 letters).

Timed from the action (the professional's click: the lot recorded and committed) to:
- ``invitations_10k_s``: every invitation created and its e-mails and SMS written to the outbox with their
  sending queued (the lot « terminé », its counts complete);
- ``invitations_10k_courriers_s``: the day's letters batch of the organisation rendered by the worker (one
  PDF holding every letter of the lot).
Not timed: creating the 10 000 people, their registrations and notified orientations (bulk), starting the
worker. Size: ``BENCH_INVITATIONS_N`` (default 10 000; the figures' names keep « 10k » only at that size).
Run alone: ``TEST_SUFFIX=bench .venv/bin/pytest tests/benchmarks/test_invitations.py -p no:xdist -s -q``.
"""

import datetime
import os
import time

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from pypdf import PdfReader

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.invitations import actions
from francetravail.invitations.enums import CanalInvitation, StatutLot
from francetravail.invitations.models import EnvoiInvitation, Invitation, LotCourriers, LotInvitations
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif
from francetravail.rendezvous.models import HistoriqueSuivi, SuiviRendezVous
from francetravail.reseau.enums import Role
from inscription.models import DossierInscription
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.benchmarks.conftest import bench
from tests.factories import OrganisationFactory, professionnel
from tests.fixtures_e2e import worker_externe

N = int(os.environ.get("BENCH_INVITATIONS_N", "10000"))
TAILLE = "10k" if N == 10_000 else str(N)
DELAI_MAX = float(os.environ.get("BENCH_INVITATIONS_TIMEOUT", "1800"))
AGENCE = "Agence du banc d'essai des invitations"

pytestmark = pytest.mark.no_django_db


# What each fifth of the people's files holds (e-mail, mobile, postal address): all three, e-mail and mobile,
# e-mail only, mobile only, address only (the people of the CAF/MSA flow who gave nothing else).
MELANGE = ((True, True, True), (True, True, False), (True, False, False), (False, True, False), (False, False, True))


def _attendus(n):
    courriels = sms = courriers = 0
    for i in range(n):
        email, mobile, adresse = MELANGE[i % len(MELANGE)]
        courriels, sms, courriers = courriels + email, sms + mobile, courriers + adresse
    return courriels, sms, courriers


def _peupler(agence, n):
    """``n`` people of the flow, oriented to ``agence`` (notified 1 to 10 days ago): bulk, not timed."""
    maintenant = timezone.now()
    personnes = []
    for i in range(n):
        email, mobile, adresse = MELANGE[i % len(MELANGE)]
        personnes.append(
            Personne(
                nom_naissance=f"INVITE{agence.pk}-{i:05d}",
                prenoms="Camille",
                date_naissance=datetime.date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                email=f"invite{i}@banc.exemple.fr" if email else "",
                telephone=f"06{i:08d}" if mobile else "",
                adresse=f"{1 + i % 200} rue Nationale" if adresse else "",
                commune_id="59350",
                code_postal="59000",
                departement_id="59",
                organisme_referent=agence,
            )
        )
    personnes = Personne.objects.bulk_create(personnes, batch_size=2000)
    DossierInscription.objects.bulk_create(
        [DossierInscription(personne=p, canal="flux_caf_msa", statut="inscrit", categorie="G") for p in personnes],
        batch_size=2000,
    )
    DecisionOrientation.objects.bulk_create(
        [
            DecisionOrientation(
                personne=p,
                statut=StatutDecision.CONFIRMEE,
                explication="Orientation du banc d'essai des invitations.",
                parcours_propose=Parcours.PROFESSIONNEL,
                parcours=Parcours.PROFESSIONNEL,
                organisme=agence,
                decidee_le=maintenant - datetime.timedelta(days=1 + i % 10),
                notifiee_le=maintenant - datetime.timedelta(days=1 + i % 10),
            )
            for i, p in enumerate(personnes)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE personnes_personne")
    return [p.pk for p in personnes]


def _evenements_pghistory(modeles):
    """The pghistory event models of ``modeles`` (their rows point at the tracked rows by ``pgh_obj``)."""
    for modele in apps.get_models():
        champ = next((f for f in modele._meta.get_fields() if f.name == "pgh_obj"), None)
        if champ is not None and champ.related_model in modeles:
            yield modele


def effacer(agence_nom):
    """Every row the benchmark wrote (the people, their files, the invitations and letters): the bench database
    only holds tests' rows. Notifications, audit events and access-log rows go with ``base_validee``."""
    for agence in apps.get_model("reseau", "Organisation").objects.filter(nom=agence_nom):
        ids = list(Personne.objects.filter(organisme_referent=agence).values_list("pk", flat=True))
        for lot in LotCourriers.objects.filter(organisation=agence):
            if lot.fichier:
                lot.fichier.delete(save=False)
        EnvoiInvitation.objects.filter(invitation__organisation=agence).delete()
        HistoriqueSuivi.objects.filter(suivi__personne_id__in=ids).delete()
        SuiviRendezVous.objects.filter(personne_id__in=ids).delete()
        Invitation.objects.filter(organisation=agence).delete()
        LotInvitations.objects.filter(organisation=agence).delete()
        LotCourriers.objects.filter(organisation=agence).delete()
        DecisionOrientation.objects.filter(personne_id__in=ids).delete()
        DossierInscription.objects.filter(personne_id__in=ids).delete()
        for modele in _evenements_pghistory({Personne, DossierInscription, DecisionOrientation}):
            modele.objects.filter(pgh_obj_id__in=ids).delete()
        Personne.objects.filter(pk__in=ids).delete()
        membres = list(agence.memberships.values_list("user_id", flat=True))
        agence.memberships.all().delete()
        AuditEvent.objects.filter(acting_user_id__in=membres).delete()
        JournalAcces.objects.filter(user_id__in=membres).delete()
        apps.get_model("comptes", "User").objects.filter(pk__in=membres).delete()
        agence.delete()


@pytest.fixture
def agence(base_validee, monkeypatch, settings):
    # The worker process writes the letters' PDF where this test reads it.
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    effacer(AGENCE)
    with transaction.atomic():
        organisation = OrganisationFactory(nom=AGENCE, departement_id="59", commune_id="59350")
        conseiller = professionnel(organisation, Role.CONSEILLER)
        ids = _peupler(organisation, N)
    try:
        yield organisation, conseiller, ids
    finally:
        effacer(AGENCE)


def _attendre(condition, quoi):
    fin = time.monotonic() + DELAI_MAX
    while not condition():
        if time.monotonic() > fin:
            pytest.fail(f"{quoi} : pas fini en {DELAI_MAX:.0f} s")
        time.sleep(0.05)


def test_inviter_10000_personnes_en_une_action(agence):
    organisation, conseiller, ids = agence
    courriels, sms, courriers = _attendus(N)

    with worker_externe("invitations", pool="prefork", concurrency=2) as worker:
        debut = time.perf_counter()
        lot = actions.inviter_en_masse(
            ids,
            motif=Motif.ENTRETIEN_ORIENTATION,
            organisation=organisation,
            canaux=list(CanalInvitation.values),
            origine="Banc d'essai : personnes orientées sans premier rendez-vous",
            acting_user=conseiller,
        )
        duree_action = time.perf_counter() - debut
        _attendre(
            lambda: LotInvitations.objects.filter(pk=lot.pk).exclude(statut=StatutLot.EN_COURS).exists(),
            "les invitations",
        )
        duree_invitations = time.perf_counter() - debut
        jour = timezone.localdate()

        def lettres_rendues():
            lettres = LotCourriers.objects.filter(organisation=organisation, jour=jour).first()
            return lettres is not None and lettres.statut != StatutLot.EN_COURS and lettres.nb_courriers >= courriers

        _attendre(lettres_rendues, "le lot de courriers")
        duree_courriers = time.perf_counter() - debut
    print("".join(ligne for ligne in worker._lignes if "ERROR" in ligne or "Traceback" in ligne)[-5000:], end="")

    lot.refresh_from_db()
    assert lot.statut == StatutLot.TERMINE, lot.ignorees.get("erreur")
    assert (lot.nb_invitations, lot.nb_ignorees) == (N, 0), dict(list(lot.ignorees.items())[:5])
    envois = EnvoiInvitation.objects.filter(invitation__lot=lot)
    assert envois.filter(canal=CanalInvitation.EMAIL).count() == courriels
    assert envois.filter(canal=CanalInvitation.SMS).count() == sms
    assert envois.filter(canal=CanalInvitation.COURRIER).count() == courriers
    # Each e-mail and SMS is an outbox row pointed at by its sending.
    notifications = Notification.objects.filter(pk__in=envois.exclude(notification=None).values("notification"))
    assert notifications.filter(canal=Canal.EMAIL).count() == courriels
    assert notifications.filter(canal=Canal.SMS).count() == sms
    assert SuiviRendezVous.objects.filter(personne_id__in=ids, invitation__lot=lot).count() == N
    lettres = LotCourriers.objects.get(organisation=organisation, jour=timezone.localdate())
    assert lettres.statut == StatutLot.TERMINE, lettres.erreur
    with lettres.fichier.open("rb") as pdf:
        pages = len(PdfReader(pdf).pages)
    assert pages >= courriers, (pages, courriers)

    print(f"\n{N} personnes : {courriels} courriels, {sms} SMS, {courriers} courriers ({pages} pages)")
    # The professional's click: the lot recorded, the page answers (the worker does the rest).
    bench(f"invitations_{TAILLE}_action_ms", round(duree_action * 1000), "ms")
    bench(f"invitations_{TAILLE}_s", round(duree_invitations, 1), "s")
    bench(f"invitations_{TAILLE}_courriers_s", round(duree_courriers, 1), "s")
    bench(f"invitations_{TAILLE}_rate", round(N / duree_invitations), "invitations/s")
