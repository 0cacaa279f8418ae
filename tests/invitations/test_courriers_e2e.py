"""The day's batch rendered by a real Celery worker: N letters, one PDF of N pages in the private storage."""

import io

import pytest
from django.db import transaction
from pypdf import PdfReader

from francetravail.invitations import courriers
from francetravail.invitations.enums import StatutLot
from francetravail.invitations.models import Invitation, LotCourriers
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Organisation
from tests.factories import OrganisationFactory, PersonneFactory
from tests.invitations.test_courriers import envoi_courrier
from tests.notifications.test_e2e import attendre

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

TACHE = "francetravail.invitations.courriers.rendre_lot_courriers"
N = 12


def test_lot_de_n_courriers_un_pdf_de_n_pages_par_le_worker(base_validee, celery_worker_reel):
    organisation = OrganisationFactory()
    try:
        personnes = [PersonneFactory(organisme_referent=organisation) for _ in range(N)]
        envois = [envoi_courrier(personne=p) for p in personnes]
        with transaction.atomic():
            courriers.inscrire_au_lot([e.pk for e in envois[: N // 2]])
        with transaction.atomic():  # later the same day: the same batch, rendered again whole
            courriers.inscrire_au_lot([e.pk for e in envois[N // 2 :]])
        celery_worker_reel.attendre(TACHE, 2, timeout=60)
        attendre(lambda: LotCourriers.objects.get(organisation=organisation).nb_courriers == N, timeout=30)
        lot = LotCourriers.objects.get(organisation=organisation)
        assert lot.statut == StatutLot.TERMINE
        with lot.fichier.open("rb") as f:
            lecteur = PdfReader(io.BytesIO(f.read()))
        assert len(lecteur.pages) == N
        textes = [page.extract_text() for page in lecteur.pages]
        for envoi in envois:
            assert sum(envoi.invitation.code in t for t in textes) == 1
    finally:
        for lot in LotCourriers.objects.filter(organisation=organisation):
            if lot.fichier:
                lot.fichier.delete(save=False)
        Invitation.objects.filter(organisation=organisation).delete()
        LotCourriers.objects.filter(organisation=organisation).delete()
        Personne.objects.filter(organisme_referent=organisation).delete()
        Organisation.objects.filter(pk=organisation.pk).delete()
