"""End to end through a real Celery worker: a bulk invitation recorded by the action (committed) is invited
by the worker's task batch by batch, and its e-mails leave through the outbox to a real SMTP server."""

import pytest
from django.db import transaction

from francetravail.audit.models import AuditEvent
from francetravail.invitations import actions
from francetravail.invitations.enums import CanalInvitation as C
from francetravail.invitations.enums import StatutInvitation, StatutLot
from francetravail.invitations.models import EnvoiInvitation, Invitation, LotCourriers, LotInvitations
from francetravail.invitations.tasks import traiter_lot_invitations
from francetravail.notifications.tasks import envoyer_notifications
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif
from francetravail.rendezvous.models import SuiviRendezVous
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

N = 12


def test_un_worker_reel_invite_le_lot_et_envoie_les_courriels(base_validee, celery_worker_reel, smtp_sink):
    org = OrganisationFactory(departement_id="59")
    conseiller = professionnel(org, Role.CONSEILLER)
    personnes = PersonneFactory.create_batch(N, organisme_referent=org, departement_id="59")
    injoignable = PersonneFactory(organisme_referent=org, email="", telephone="", adresse="")
    lot = None
    try:
        with transaction.atomic():
            lot = actions.inviter_en_masse(
                [p.pk for p in [*personnes, injoignable]],
                motif=Motif.ENTRETIEN_ORIENTATION,
                organisation=org,
                canaux=[C.EMAIL, C.COURRIER],
                origine="Test du worker",
                acting_user=conseiller,
            )
        # Committed: the task was queued on commit, the worker invites the lot.
        celery_worker_reel.attendre(traiter_lot_invitations.name, 1, timeout=60)
        lot.refresh_from_db()
        assert (lot.statut, lot.nb_invitations, lot.nb_ignorees) == (StatutLot.TERMINE, N, 1)
        assert "Aucun moyen de la joindre" in lot.ignorees[str(injoignable.pk)]
        assert Invitation.objects.filter(lot=lot, statut=StatutInvitation.ENVOYEE).count() == N
        # The letters went to the organisation's batch of the day, on the batch's commit (« courriers »).
        lettres = EnvoiInvitation.objects.filter(invitation__lot=lot, canal=C.COURRIER)
        assert lettres.count() == N and not lettres.filter(lot_courriers__isnull=True).exists()
        # The e-mails were queued in chunks on the batch's commit and sent by the worker.
        celery_worker_reel.attendre(envoyer_notifications.name, 1, timeout=60)
        adresses = {p.email for p in personnes}
        smtp_sink.wait_for(lambda m: m["To"] in adresses)
        for personne in personnes:
            message = smtp_sink.wait_for(lambda m, a=personne.email: m["To"] == a, timeout=30)
            assert "/rdv/" in message.get_payload(decode=True).decode()
    finally:
        if lot is not None:
            Invitation.objects.filter(lot=lot).delete()
            LotInvitations.objects.filter(pk=lot.pk).delete()
        SuiviRendezVous.objects.filter(personne__in=[*personnes, injoignable]).delete()
        AuditEvent.objects.filter(acting_user=conseiller).delete()
        Personne.objects.filter(pk__in=[p.pk for p in [*personnes, injoignable]]).delete()
        EnvoiInvitation.objects.filter(invitation__personne__organisme_referent=org).delete()
        LotCourriers.objects.filter(organisation=org).delete()
        conseiller.memberships.all().delete()
        conseiller.delete()
        org.delete()
