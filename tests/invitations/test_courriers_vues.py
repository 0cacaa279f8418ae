"""« Courriers à imprimer »: the list, the gated download (access log), « marquer imprimé », the dashboard tile."""

import io

from django.urls import reverse
from pypdf import PdfReader

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.invitations import courriers
from francetravail.invitations.models import LotCourriers
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.invitations.test_courriers import envoi_courrier


def lot_rendu(organisation, n=2):
    envois = [envoi_courrier(personne=PersonneFactory(organisme_referent=organisation)) for _ in range(n)]
    (lot,) = courriers.inscrire_au_lot([e.pk for e in envois])
    return courriers.rendre_lot(lot.pk), envois


def test_liste_telechargement_et_journal(client):
    org = OrganisationFactory()
    conseiller = professionnel(org, Role.CONSEILLER)
    lot, envois = lot_rendu(org)
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:courriers")).content.decode()
    assert "Courriers à imprimer" in page
    assert reverse("backoffice:courriers_pdf", kwargs={"pk": lot.pk}) in page
    reponse = client.get(reverse("backoffice:courriers_pdf", kwargs={"pk": lot.pk}))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert len(PdfReader(io.BytesIO(reponse.content)).pages) == 2
    journal = set(JournalAcces.objects.filter(user=conseiller).values_list("personne_id", flat=True))
    assert journal == {e.invitation.personne_id for e in envois}


def test_autre_organisation_404_rien_ecrit(client):
    lot, _envois = lot_rendu(OrganisationFactory())
    autre = professionnel(OrganisationFactory(), Role.CONSEILLER)
    client.force_login(autre)
    assert client.get(reverse("backoffice:courriers_pdf", kwargs={"pk": lot.pk})).status_code == 404
    assert client.post(reverse("backoffice:courriers_imprime", kwargs={"pk": lot.pk})).status_code == 404
    assert (
        reverse("backoffice:courriers_pdf", kwargs={"pk": lot.pk})
        not in client.get(reverse("backoffice:courriers")).content.decode()
    )
    lot.refresh_from_db()
    assert lot.imprime_le is None
    assert not JournalAcces.objects.filter(user=autre).exists()
    assert not AuditEvent.objects.filter(event_type="invitations.courriers_imprimes").exists()


def test_administrateur_d_organisation_ne_voit_pas_les_courriers(client):
    org = OrganisationFactory()
    lot, _envois = lot_rendu(org, n=1)
    client.force_login(professionnel(org, Role.ADMIN_ORGANISATION))
    assert client.get(reverse("backoffice:courriers")).status_code == 404
    assert client.get(reverse("backoffice:courriers_pdf", kwargs={"pk": lot.pk})).status_code == 404


def test_marquer_imprime_puis_tuile(client):
    org = OrganisationFactory()
    conseiller = professionnel(org, Role.CONSEILLER)
    lot, _envois = lot_rendu(org)
    client.force_login(conseiller)
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Courriers à imprimer" in accueil and "1 lot à imprimer" in accueil
    reponse = client.post(reverse("backoffice:courriers_imprime", kwargs={"pk": lot.pk}))
    assert reponse.status_code == 302
    lot.refresh_from_db()
    assert lot.imprime_par == conseiller and lot.imprime_le is not None
    premier = lot.imprime_le
    client.post(reverse("backoffice:courriers_imprime", kwargs={"pk": lot.pk}))
    lot.refresh_from_db()
    assert lot.imprime_le == premier
    assert AuditEvent.objects.filter(event_type="invitations.courriers_imprimes").count() == 1
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Courriers à imprimer" in accueil and "lot à imprimer" not in accueil


def test_lot_pas_pret_refuse(client):
    org = OrganisationFactory()
    conseiller = professionnel(org, Role.CONSEILLER)
    (lot,) = courriers.inscrire_au_lot([envoi_courrier(personne=PersonneFactory(organisme_referent=org)).pk])
    client.force_login(conseiller)
    reponse = client.post(reverse("backoffice:courriers_imprime", kwargs={"pk": lot.pk}), follow=True)
    assert "pas encore prêt" in reponse.content.decode()
    assert LotCourriers.objects.get(pk=lot.pk).imprime_le is None
