"""The .ics of an appointment: stable UID, SEQUENCE = moves, CANCEL once cancelled, who downloads it."""

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from francetravail.rendezvous import actions
from francetravail.rendezvous.ics import calendrier_rendez_vous
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import CreneauFactory, dans


def _evenement(contenu):
    calendrier = Calendar.from_ical(contenu)
    (evenement,) = calendrier.walk("VEVENT")
    return calendrier, evenement


def test_uid_stable_sequence_des_deplacements_et_annulation(agenda, conseiller, personne):
    a, b, c = (CreneauFactory(agenda=agenda, debut=dans(j)) for j in (3, 4, 5))
    rdv = actions.reserver(personne, a, acting_user=conseiller)
    calendrier, evenement = _evenement(calendrier_rendez_vous(rdv))
    uid = str(evenement["UID"])
    assert calendrier["METHOD"] == "PUBLISH"
    assert (int(evenement["SEQUENCE"]), str(evenement["STATUS"])) == (0, "CONFIRMED")
    assert evenement.decoded("DTSTART") == a.debut
    assert str(evenement["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert calendrier.walk("VTIMEZONE")
    assert str(evenement["LOCATION"]) == a.lieu

    actions.deplacer(rdv, b, acting_user=conseiller, motif="Indisponible")
    actions.deplacer(rdv, c, acting_user=personne.user, motif="Encore")
    rdv.refresh_from_db()
    _, evenement = _evenement(calendrier_rendez_vous(rdv))
    assert str(evenement["UID"]) == uid
    assert int(evenement["SEQUENCE"]) == 2
    assert evenement.decoded("DTEND") == c.fin

    actions.annuler(rdv, acting_user=conseiller, motif="Fermeture")
    rdv.refresh_from_db()
    calendrier, evenement = _evenement(calendrier_rendez_vous(rdv))
    assert calendrier["METHOD"] == "CANCEL"
    assert (str(evenement["UID"]), str(evenement["STATUS"]), int(evenement["SEQUENCE"])) == (uid, "CANCELLED", 2)


def test_la_copie_de_la_personne_ne_nomme_pas_la_personne(agenda, conseiller, personne):
    rdv = actions.reserver(personne, CreneauFactory(agenda=agenda), acting_user=conseiller)
    pour_la_personne = calendrier_rendez_vous(rdv, pour="personne").decode()
    pour_le_conseiller = calendrier_rendez_vous(rdv, pour="conseiller").decode()
    nom = personne.nom_naissance.upper()
    assert nom not in pour_la_personne.upper().replace("\r\n ", "")
    assert nom in pour_le_conseiller.upper().replace("\r\n ", "")
    assert personne.date_naissance.strftime("%Y%m%d") not in pour_le_conseiller
    assert len(pour_le_conseiller) < 3000  # one VTIMEZONE of a few years, not its whole history


def test_telechargements_derriere_la_porte(client, agenda, conseiller, personne):
    rdv = actions.reserver(personne, CreneauFactory(agenda=agenda, debut=dans(6)), acting_user=conseiller)
    url_personne = reverse("rendezvous:calendrier", kwargs={"pk": rdv.pk})
    url_conseiller = reverse("backoffice:calendrier_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": rdv.pk})
    client.force_login(personne.user)
    reponse = client.get(url_personne)
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/calendar")
    assert "attachment" in reponse["Content-Disposition"]
    assert "Ajouter à mon agenda" in client.get(reverse("rendezvous:liste")).content.decode()
    client.force_login(PersonneFactory(avec_compte=True).user)
    assert client.get(url_personne).status_code == 404
    client.force_login(conseiller)
    assert client.get(url_conseiller).status_code == 200
    assert (
        "Fichier agenda (.ics)"
        in client.get(reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk})).content.decode()
    )
    for intrus in (
        professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER),
        professionnel(agenda.organisation, Role.ADMIN_ORGANISATION),
    ):
        client.force_login(intrus)
        assert client.get(url_conseiller).status_code == 404
    assert rdv.creneau.debut - dans(6) == timedelta(0)


def test_les_courriels_de_confirmation_deplacement_annulation_portent_le_ics(agenda, conseiller, personne, mailoutbox):
    from francetravail.notifications.dispatch import envoyer
    from francetravail.notifications.models import Notification
    from francetravail.rendezvous import notifications

    a, b = CreneauFactory(agenda=agenda, debut=dans(3)), CreneauFactory(agenda=agenda, debut=dans(4))
    rdv = actions.reserver(personne, a, acting_user=conseiller)
    actions.deplacer(rdv, b, acting_user=conseiller, motif="Réunion")
    actions.annuler(rdv, acting_user=conseiller, motif="Fermeture")
    for cle in (notifications.CONFIRMATION.cle, notifications.DEPLACEMENT.cle, notifications.ANNULATION.cle):
        notification = Notification.objects.get(type_notification=cle, adresse=personne.email)
        assert envoyer(notification.pk) is True
        (piece,) = mailoutbox[-1].attachments
        nom, contenu, type_mime = piece
        assert nom.endswith(".ics") and type_mime == "text/calendar"
        # Rendered when sent: the appointment as it stands now (cancelled).
        assert "STATUS:CANCELLED" in (contenu.decode() if isinstance(contenu, bytes) else contenu)
    propositions = Notification.objects.filter(type_notification=notifications.PROPOSITIONS.cle)
    assert all("ics_rendez_vous_id" not in n.contexte for n in propositions)
