"""The orientation letter prints the person's full postal address in the envelope's window, and a
decision is not notified to a person who cannot be addressed (nothing committed, nothing sent)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Commune
from orientation import actions
from orientation.enums import StatutDecision
from orientation.models import DecisionOrientation
from tests.courriers import bloc_adresse, textes_places
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = pytest.mark.django_db


def _a_orienter(**champs):
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    # Followed by the agency already (so that the conseiller sees them even without a commune).
    personne = PersonneFactory(
        avec_compte=True,
        organisme_referent=agence,
        date_naissance=datetime.date(1985, 1, 1),
        prenoms="Marie-Hélène",
        nom_naissance="Dupont",
        **champs,
    )
    dossier_complet(personne, freins=["sans_impact"])
    return agence, conseiller, personne, actions.proposer(personne)


def _courrier(client, personne):
    client.force_login(personne.user)
    response = client.get(reverse("orientation:courrier"))
    assert response.status_code == 200, response
    return response.content


def test_le_courrier_porte_l_adresse_complete_dans_la_fenetre(client):
    agence, conseiller, personne, proposee = _a_orienter(adresse="12, rue de l'Église", code_postal="59800")
    actions.confirmer(proposee, acting_user=conseiller, organisme=agence)
    octets = _courrier(client, personne)
    assert bloc_adresse(octets) == ["Marie-Hélène DUPONT", "12 RUE DE L EGLISE", "59800 LILLE"]
    # Aligned left: every line starts at the same abscissa.
    abscisses = {round(x, 1) for x, _y, t in textes_places(octets) if t in ("12 RUE DE L EGLISE", "59800 LILLE")}
    assert len(abscisses) == 1


def test_un_arrondissement_est_adresse_sous_le_nom_de_sa_ville(client):
    agence = OrganisationFactory(departement_id="75")
    conseiller = professionnel(agence, Role.CONSEILLER)
    personne = PersonneFactory(
        avec_compte=True,
        organisme_referent=None,
        commune=commune("75111"),
        adresse="5 boulevard Voltaire",
        date_naissance=datetime.date(1985, 1, 1),
    )
    dossier_complet(personne, freins=["sans_impact"])
    actions.confirmer(actions.proposer(personne), acting_user=conseiller, organisme=agence)
    assert bloc_adresse(_courrier(client, personne))[-2:] == ["5 BOULEVARD VOLTAIRE", "75011 PARIS"]


def _commune_sans_code_postal():
    return Commune.objects.create(code_insee="59999", nom="Commune sans code", departement_id="59", codes_postaux=[])


@pytest.mark.parametrize(
    ("champs", "motif"),
    [
        ({"adresse": ""}, "n'indique ni numéro ni voie"),
        ({"adresse": " , "}, "n'indique ni numéro ni voie"),
        ({"commune": None, "code_postal": ""}, "La commune de résidence de Marie-Hélène DUPONT n'est pas connue"),
        # Lille has five postcodes: the file does not say which is the person's.
        ({"code_postal": ""}, "a plusieurs codes postaux (59000, 59160, 59260, 59777, 59800)"),
        ({"code_postal": "62000"}, "Le code postal 62000 de Marie-Hélène DUPONT ne dessert pas Lille"),
        ({"commune": _commune_sans_code_postal, "code_postal": ""}, "n'a pas de code postal connu"),
    ],
)
def test_une_decision_sans_adresse_complete_n_est_pas_notifiee(champs, motif):
    champs = {k: v() if callable(v) else v for k, v in champs.items()}
    agence, conseiller, personne, proposee = _a_orienter(**champs)
    notifications_avant = Notification.objects.count()
    with pytest.raises(ValidationError) as refus:
        actions.confirmer(proposee, acting_user=conseiller, organisme=agence)
    assert "La décision ne peut pas être notifiée par courrier" in refus.value.messages[0]
    assert motif in refus.value.messages[0]
    # Nothing committed, nothing sent.
    decision = DecisionOrientation.objects.get(pk=proposee.pk)
    assert decision.statut == StatutDecision.PROPOSEE and decision.notifiee_le is None and decision.organisme is None
    assert Notification.objects.count() == notifications_avant
    assert not AuditEvent.objects.filter(
        event_type=TypeEvenement.ORIENTATION_DECIDEE, personne_id=personne.pk
    ).exists()
    assert not Personne.objects.get(pk=personne.pk).updated_at > decision.updated_at


def test_le_refus_s_affiche_au_formulaire_du_decideur(client):
    agence, conseiller, personne, proposee = _a_orienter(code_postal="")
    client.force_login(conseiller)
    url = reverse("backoffice:orientation_personne", args=[personne.pk])
    response = client.post(url, {"action": "confirmer", "confirmer-organisme": agence.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "La décision ne peut pas être notifiée par courrier" in page
    assert "plusieurs codes postaux" in page
    assert DecisionOrientation.objects.get(pk=proposee.pk).statut == StatutDecision.PROPOSEE
    # Once the postcode is in the file, the same decision goes through.
    Personne.objects.filter(pk=personne.pk).update(code_postal="59000")
    response = client.post(url, {"action": "confirmer", "confirmer-organisme": agence.pk})
    assert response.status_code == 302
    assert DecisionOrientation.objects.get(pk=proposee.pk).notifiee_le is not None


def test_la_confirmation_par_lot_ecarte_la_personne_sans_adresse(client):
    agence, conseiller, personne, proposee = _a_orienter(code_postal="")
    adressee = PersonneFactory(organisme_referent=agence, date_naissance=datetime.date(1985, 1, 1))
    dossier_complet(adressee, freins=["sans_impact"])
    autre = actions.proposer(adressee)
    client.force_login(conseiller)
    response = client.post(reverse("backoffice:orientations"), {"decisions": [proposee.pk, autre.pk]}, follow=True)
    page = response.content.decode()
    assert "1 orientation confirmée et notifiée" in page
    assert "plusieurs codes postaux" in page
    assert DecisionOrientation.objects.get(pk=proposee.pk).statut == StatutDecision.PROPOSEE
    assert DecisionOrientation.objects.get(pk=autre.pk).notifiee_le is not None


def test_un_courrier_devenu_inadressable_n_est_pas_produit(client):
    agence, conseiller, personne, proposee = _a_orienter()
    actions.confirmer(proposee, acting_user=conseiller, organisme=agence)
    Personne.objects.filter(pk=personne.pk).update(adresse="")  # the street was removed since
    client.force_login(personne.user)
    response = client.get(reverse("orientation:courrier"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("orientation:pourquoi")
    assert response["Content-Type"].startswith("text/html")
    assert "Votre courrier ne peut pas être établi" in response.content.decode()
    assert "n&#x27;indique ni numéro ni voie" in response.content.decode()
