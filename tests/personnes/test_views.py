"""Back-office and person-space pages: the gate in the views, refusals, query counts."""

import pytest
from django.urls import reverse

from francetravail.audit.models import AuditEvent, JournalAcces
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, commune, professionnel


def test_la_fiche_d_une_personne_d_une_autre_organisation_est_un_404(client):
    conseiller = professionnel()
    personne = PersonneFactory()
    client.force_login(conseiller)
    response = client.get(reverse("backoffice:fiche_personne", args=[personne.pk]))
    assert response.status_code == 404
    assert personne.nom_naissance not in response.content.decode()


def test_la_fiche_est_journalisee_et_visible_par_la_personne(client):
    agence = OrganisationFactory(nom="Agence de Lille Sud")
    conseiller = professionnel(agence, first_name="Camille", last_name="Durand")
    personne = PersonneFactory(organisme_referent=agence, avec_compte=True)

    client.force_login(conseiller)
    response = client.get(reverse("backoffice:fiche_personne", args=[personne.pk]))
    assert response.status_code == 200
    assert JournalAcces.objects.filter(personne=personne, user=conseiller).count() == 1

    client.force_login(personne.user)
    page = client.get(reverse("personnes:acces")).content.decode()
    assert "Camille Durand" in page
    assert "Agence de Lille Sud" in page


def test_la_liste_ne_montre_que_les_personnes_visibles(client):
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    mienne = PersonneFactory(organisme_referent=agence, nom_naissance="Visiblement")
    PersonneFactory(nom_naissance="Cachee")
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes")).content.decode()
    assert mienne.nom_naissance.upper() in page
    assert "CACHEE" not in page


@pytest.mark.parametrize("n", [3, 30])
def test_la_liste_a_un_nombre_de_requetes_constant(client, django_assert_max_num_queries, n):
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    PersonneFactory.create_batch(n, organisme_referent=agence)
    client.force_login(conseiller)
    # 14: with the header's unread notifications count, the modality filter's choices, the chosen columns and
    # the cadences of points d'étape (francetravail/accompagnement).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("backoffice:personnes")).status_code == 200


def test_la_recherche_nationale_ne_donne_que_identite_contact_et_referent(client):
    autre_agence = OrganisationFactory(nom="Agence de Roubaix")
    jeanne = PersonneFactory(
        nom_naissance="Lefèvre", prenoms="Jeanne", organisme_referent=autre_agence, adresse="12 rue Secrète"
    )
    conseiller = professionnel()
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:recherche"), {"nom": "lefevre"}).content.decode()
    assert "Jeanne" in page
    assert "Agence de Roubaix" in page
    assert "12 rue Secrète" not in page
    # Not their person: no link to the file.
    assert reverse("backoffice:fiche_personne", args=[jeanne.pk]) not in page
    assert AuditEvent.objects.filter(event_type="personne.recherche", acting_user=conseiller).exists()
    assert not JournalAcces.objects.exists()


def test_la_recherche_nationale_est_refusee_aux_pilotes(client):
    from francetravail.reseau.enums import Role

    client.force_login(professionnel(role=Role.PILOTE))
    assert client.get(reverse("backoffice:recherche"), {"nom": "Martin"}).status_code == 404


def test_un_anonyme_est_renvoye_vers_la_connexion(client):
    response = client.get(reverse("backoffice:personnes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_une_personne_ne_peut_pas_entrer_dans_le_back_office(client):
    client.force_login(UserFactory())
    assert client.get(reverse("backoffice:accueil")).status_code == 404


def test_la_fiche_montre_referent_commune_et_organisme(client):
    agence = OrganisationFactory(nom="Agence de Roubaix")
    conseiller = professionnel(agence)
    referent = professionnel(agence, first_name="Inès", last_name="Benali")
    sans_nom = professionnel(agence, first_name="", last_name="", email="referent.sans.nom@exemple.fr")
    personne = PersonneFactory(organisme_referent=agence, referent_unique=referent, commune=commune("59512"))
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:fiche_personne", args=[personne.pk])).content.decode()
    assert "Agence de Roubaix" in page
    assert "Inès Benali" in page
    assert "Roubaix (code INSEE 59512)" in page
    personne.referent_unique, personne.commune, personne.organisme_referent = sans_nom, None, agence
    personne.save()
    page = client.get(reverse("backoffice:fiche_personne", args=[personne.pk])).content.decode()
    assert "referent.sans.nom@exemple.fr" in page
    assert "Commune</dt>\n          <dd>Non renseignée" in page


@pytest.mark.parametrize("pk", ["0", "9223372036854775807", "9223372036854775808", "99999999999999999999999"])
def test_un_identifiant_hors_limites_est_un_404_pas_une_erreur(client, pk):
    client.force_login(professionnel())
    assert client.get(f"/conseiller/personnes/{pk}/").status_code == 404


def test_le_portefeuille_montre_inscription_et_prochain_rendez_vous_a_nombre_de_requetes_constant(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inscription.enums import Canal
    from inscription.models import DossierInscription
    from tests.rendezvous.factories import AgendaFactory, CreneauFactory, rdv_reserve

    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    client.force_login(conseiller)
    url = reverse("backoffice:personnes")
    client.get(url)  # primes the session and the cached memberships

    def ajouter(nombre):
        agenda = AgendaFactory(organisation=agence)
        for personne in PersonneFactory.create_batch(nombre, organisme_referent=agence):
            DossierInscription.objects.create(personne=personne, canal=Canal.GUICHET, statut="inscrit", categorie="A")
            rdv_reserve(personne, CreneauFactory(agenda=agenda))

    ajouter(2)
    with CaptureQueriesContext(connection) as requetes_2:
        page = client.get(url).content.decode()
    assert "Inscrit (catégorie A)" in page and "Prochain rendez-vous" in page
    ajouter(20)
    with CaptureQueriesContext(connection) as requetes_22:
        client.get(url)
    assert len(requetes_22.captured_queries) == len(requetes_2.captured_queries)


def test_le_portefeuille_signale_un_rsa_passe_dans_la_file_de_france_travail(client):
    from orientation.actions import proposer
    from orientation.enums import FileDecision
    from orientation.models import DecisionOrientation

    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    # Names that appear nowhere else on the page (random ones could be contained in one another).
    a_temps = PersonneFactory(organisme_referent=agence, nom_naissance="Ponctuelle")
    en_retard = PersonneFactory(organisme_referent=agence, nom_naissance="Retardataire")
    proposer(a_temps)
    decision = proposer(en_retard)
    DecisionOrientation.objects.filter(pk=decision.pk).update(file=FileDecision.FRANCE_TRAVAIL)
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes")).content.decode()
    assert page.count("En retard</p>") == 1
    filtree = client.get(reverse("backoffice:personnes"), {"en_retard": "on"}).content.decode()
    assert en_retard.nom_naissance.upper() in filtree.upper() and a_temps.nom_naissance.upper() not in filtree.upper()


def test_les_liens_relatifs_de_la_fiche_menent_aux_pages_nommees(client):
    from urllib.parse import urljoin

    agence = OrganisationFactory()
    client.force_login(professionnel(agence))
    personne = PersonneFactory(organisme_referent=agence)
    url = reverse("backoffice:fiche_personne", args=[personne.pk])
    page = client.get(url).content.decode()
    for relatif, nom in [
        ("orientation/", "backoffice:orientation_personne"),
        ("rendez-vous/", "backoffice:rendez_vous_personne"),
        ("diagnostic/", "backoffice:diagnostic"),
        ("contrat/", "backoffice:contrat"),
        ("messages/", "backoffice:messages_personne"),
    ]:
        assert f'href="{relatif}"' in page
        assert urljoin(url, relatif) == reverse(nom, args=[personne.pk])
        assert client.get(urljoin(url, relatif)).status_code == 200


# Issue 15: calendar days (Europe/Paris), no longer 15 × 24 hours to the minute: a decision
# taken at any hour of day 0 leaves the whole of day 15 to hold the first appointment.
@pytest.mark.parametrize(("il_y_a", "heure", "en_retard"), [(15, (0, 0), False), (16, (23, 59), True)])
def test_le_premier_rendez_vous_est_en_retard_apres_15_jours_sans_rendez_vous(client, il_y_a, heure, en_retard):
    import datetime

    from django.utils import timezone

    from orientation.actions import proposer
    from orientation.enums import StatutDecision
    from orientation.models import DecisionOrientation

    agence = OrganisationFactory()
    client.force_login(professionnel(agence))
    # A name that appears nowhere else on the page: the whole page is searched, case ignored.
    personne = PersonneFactory(organisme_referent=agence, nom_naissance="Retardataire")
    decision = proposer(personne)
    # Decided (not notified: no notice could be written, the decision date counts) on day 0 at
    # midnight (today is day 15: in time) or at 23:59 (today is day 16: late). A service
    # objective: rendezvous.delai_premier_rdv.
    jour = timezone.localdate() - datetime.timedelta(days=il_y_a)
    DecisionOrientation.objects.filter(pk=decision.pk).update(
        statut=StatutDecision.CONFIRMEE,
        parcours="professionnel",
        organisme=agence,
        decidee_le=timezone.make_aware(datetime.datetime(jour.year, jour.month, jour.day, *heure)),
    )
    page = client.get(reverse("backoffice:personnes")).content.decode()
    assert ("En retard</p>" in page) is en_retard
    filtree = client.get(reverse("backoffice:personnes"), {"en_retard": "on"}).content.decode()
    assert (personne.nom_naissance.upper() in filtree.upper()) is en_retard
