"""The decision letter (PDF) in the person's space: dated, and reading it counts as receipt."""

import datetime

from django.urls import reverse

from francetravail.reseau.enums import Role
from orientation import actions
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet


def test_le_courrier_de_decision_est_un_pdf_date_et_vaut_reception(client):
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    personne = PersonneFactory(
        avec_compte=True, organisme_referent=None, commune=commune("59350"), date_naissance=datetime.date(1985, 1, 1)
    )
    dossier_complet(personne, freins=["sans_impact"])
    decision = actions.confirmer(actions.proposer(personne), acting_user=conseiller, organisme=agence)
    assert decision.notifiee_le is not None and decision.recue_le is None

    client.force_login(personne.user)
    response = client.get(reverse("orientation:courrier"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    decision.refresh_from_db()
    assert decision.recue_le is not None


def test_sans_decision_notifiee_pas_de_courrier(client):
    personne = PersonneFactory(avec_compte=True)
    client.force_login(personne.user)
    assert client.get(reverse("orientation:courrier")).status_code == 404


def test_l_accuse_de_reception_par_lien_signe(client):

    from francetravail.notifications.models import Notification
    from orientation import accuse

    agence = OrganisationFactory(departement_id="59")
    personne = PersonneFactory(
        organisme_referent=None,
        commune=commune("59350"),
        email="sans.compte@exemple.fr",
        date_naissance=datetime.date(1985, 1, 1),  # over 26: France Travail, not a mission locale
    )
    dossier_complet(personne, freins=["sans_impact"])
    decision = actions.confirmer(
        actions.proposer(personne), acting_user=professionnel(agence, Role.CONSEILLER), organisme=agence
    )
    notification = Notification.objects.get(adresse="sans.compte@exemple.fr")
    url = reverse("orientation:accuse", args=[accuse.jeton(decision)])
    assert notification.contexte["chemin_accuse"] == url

    page = client.get(url).content.decode()  # opening the link (a mail scanner) acknowledges nothing
    decision.refresh_from_db()
    assert decision.recue_le is None and "Je confirme" in page and personne.nom_naissance not in page
    assert "Réception enregistrée" in client.post(url).content.decode()
    decision.refresh_from_db()
    assert decision.recue_le is not None
    assert client.get(url[:-3] + "xx/").status_code == 404  # tampered token
