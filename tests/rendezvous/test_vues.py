import pytest
from django.urls import reverse

from francetravail.rendezvous import actions
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import ManquementAExaminer
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.rendezvous.factories import CreneauFactory, dans, rdv_reserve


def test_conseiller_d_une_autre_organisation_recoit_404(client, personne, agenda):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    intrus = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    client.force_login(intrus)
    assert client.get(reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk})).status_code == 404
    url = reverse("backoffice:presence_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": rdv.pk})
    assert client.post(url, {"statut": "absent"}).status_code == 404
    assert client.get(reverse("backoffice:agenda", kwargs={"pk": agenda.pk})).status_code == 404
    assert not ManquementAExaminer.objects.exists()


def test_une_personne_ne_voit_pas_les_rendez_vous_d_une_autre(client, personne, agenda, conseiller):
    autre = PersonneFactory(avec_compte=True, organisme_referent=agenda.organisation)
    rdv = actions.reserver(autre, CreneauFactory(agenda=agenda), acting_user=conseiller)
    client.force_login(personne.user)
    for nom in ("rendezvous:annuler", "rendezvous:deplacer"):
        assert client.get(reverse(nom, kwargs={"pk": rdv.pk})).status_code == 404
    assert client.post(reverse("rendezvous:annuler", kwargs={"pk": rdv.pk}), {"motif": "x"}).status_code == 404
    assert rdv.creneau.agenda.organisation.nom not in client.get(reverse("rendezvous:liste")).content.decode()


def test_parcours_de_la_personne_choisir_puis_deplacer(client, personne, agenda, conseiller):
    a, b = CreneauFactory(agenda=agenda), CreneauFactory(agenda=agenda, debut=dans(6))
    (proposition,) = actions.proposer_creneaux(personne, [a], acting_user=conseiller)
    client.force_login(personne.user)
    assert "Choisir ce créneau" in client.get(reverse("rendezvous:liste")).content.decode()
    client.post(reverse("rendezvous:choisir", kwargs={"pk": proposition.pk}))
    proposition.refresh_from_db()
    assert proposition.statut == StatutRendezVous.RESERVE

    url = reverse("rendezvous:deplacer", kwargs={"pk": proposition.pk})
    reponse = client.post(url, {"creneau": b.pk, "motif": ""})
    assert "Ce champ est obligatoire." in reponse.content.decode()
    reponse = client.post(url, {"creneau": b.pk, "motif": "Entretien d'embauche"})
    assert reponse.status_code == 302
    proposition.refresh_from_db()
    assert proposition.creneau == b


def test_conseiller_enregistre_une_excuse_sans_motif_erreur_au_champ(client, personne, agenda, conseiller):
    rdv = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    client.force_login(conseiller)
    url = reverse("backoffice:presence_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": rdv.pk})
    reponse = client.post(url, {"statut": "excuse", "motif": ""})
    assert "Indiquez le motif de l&#x27;excuse." in reponse.content.decode()
    assert client.post(url, {"statut": "absent"}).status_code == 302
    assert ManquementAExaminer.objects.filter(rendez_vous=rdv).count() == 1


def test_conseiller_cree_un_creneau(client, agenda, conseiller):
    client.force_login(conseiller)
    jour = dans(3).date().isoformat()
    data = {"jour": jour, "heure_debut": "10:00", "heure_fin": "09:00", "motif": "suivi", "modalite": "telephone"}
    data["capacite"] = 1
    reponse = client.post(reverse("backoffice:agenda", kwargs={"pk": agenda.pk}), data)
    assert "L&#x27;heure de fin doit être après l&#x27;heure de début." in reponse.content.decode()
    data["heure_fin"] = "10:30"
    assert client.post(reverse("backoffice:agenda", kwargs={"pk": agenda.pk}), data).status_code == 302
    assert agenda.creneaux.count() == 1


def _remplir(personne, agenda, n):
    for i in range(n):
        rdv_reserve(personne, CreneauFactory(agenda=agenda, debut=dans(3 + i), collectif=True))


def _requetes(client, user, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("page", ["liste", "personne", "agenda", "agendas"])
def test_nombre_de_requetes_des_listes_independant_du_nombre_de_lignes(
    client, personne, agenda, conseiller, django_assert_max_num_queries, page
):
    user, url = {
        "liste": (personne.user, reverse("rendezvous:liste")),
        "personne": (conseiller, reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk})),
        "agenda": (conseiller, reverse("backoffice:agenda", kwargs={"pk": agenda.pk})),
        "agendas": (conseiller, reverse("backoffice:agendas")),
    }[page]
    _remplir(personne, agenda, 1)
    avec_une_ligne = _requetes(client, user, url)
    _remplir(personne, agenda, 10)
    with django_assert_max_num_queries(avec_une_ligne):
        client.get(url)
    # 17: with the header's unread notifications count; 18: and the appointments' justificatifs (issue 21).
    assert avec_une_ligne <= 18


def test_le_conseiller_deplace_puis_annule_un_rendez_vous_avec_un_motif(client, personne, agenda, conseiller):
    creneau, autre = CreneauFactory(agenda=agenda, debut=dans(3)), CreneauFactory(agenda=agenda, debut=dans(4))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    client.force_login(conseiller)
    url = reverse("backoffice:modifier_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": rdv.pk})
    assert (
        "Déplacer ou annuler"
        in client.get(reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk})).content.decode()
    )

    sans_motif = client.post(url, {"action": "annuler", "annuler-motif": ""})
    assert sans_motif.status_code == 200
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.RESERVE

    client.post(url, {"action": "deplacer", "deplacer-creneau": autre.pk, "deplacer-motif": "Conseiller absent"})
    rdv.refresh_from_db()
    assert rdv.creneau_id == autre.pk

    client.post(url, {"action": "annuler", "annuler-motif": "Demande de la personne par téléphone"})
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.ANNULE
    # Closed now: the page says so and nothing more can change.
    assert "ne peut plus être déplacé" in client.get(url).content.decode()


def test_un_conseiller_d_une_autre_organisation_ne_peut_pas_modifier(client, personne, agenda, conseiller):
    rdv = actions.reserver(personne, CreneauFactory(agenda=agenda, debut=dans(3)), acting_user=conseiller)
    client.force_login(professionnel(OrganisationFactory(), Role.CONSEILLER))
    url = reverse("backoffice:modifier_rendez_vous", kwargs={"pk": personne.pk, "rdv_pk": rdv.pk})
    assert client.post(url, {"action": "annuler", "annuler-motif": "x"}).status_code == 404
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.RESERVE
