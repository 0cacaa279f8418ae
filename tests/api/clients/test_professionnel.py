"""``X-Professionnel``: the software names the professional of its organisation it reads for; the access
log carries them, and the person's page says « Logiciel X de l'organisation Y, pour le compte de Z »."""

from django.urls import reverse

from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.partenaires.factories import appelant, client_api, client_api_entreprise

LISTE = reverse("v1:personne-list")


def _detail(personne):
    return reverse("v1:personne-detail", kwargs={"pk": personne.pk})


def test_le_professionnel_nomme_est_dans_le_journal():
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    conseillere = professionnel(agence, role=Role.CONSEILLER, first_name="Zoé", last_name="Martin")
    logiciel = client_api(agence, portees=["personnes:read"])

    reponse = appelant(logiciel).get(_detail(suivie), HTTP_X_PROFESSIONNEL=conseillere.email.upper())

    assert reponse.status_code == 200, reponse.content
    ligne = JournalAcces.objects.get(personne=suivie)
    assert (ligne.user_id, ligne.professionnel_id, ligne.canal) == (logiciel.compte_id, conseillere.pk, "api")


def test_sans_en_tete_pas_de_professionnel_nomme():
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    assert appelant(client_api(agence)).get(_detail(suivie)).status_code == 200
    assert JournalAcces.objects.get(personne=suivie).professionnel_id is None


def test_un_professionnel_inconnu_ou_d_ailleurs_est_refuse_400_sans_rien_journaliser():
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    logiciel = client_api(agence, portees=["personnes:read"])
    d_ailleurs = professionnel(OrganisationFactory(), role=Role.CONSEILLER)
    retire = professionnel(agence, role=Role.CONSEILLER)
    Membership.objects.filter(user=retire).update(actif=False)
    autre_logiciel = client_api(agence)

    for adresse in ("personne@exemple.fr", d_ailleurs.email, retire.email, autre_logiciel.compte.email):
        reponse = appelant(logiciel).get(_detail(suivie), HTTP_X_PROFESSIONNEL=adresse)
        assert reponse.status_code == 400, adresse
        assert reponse["Content-Type"] == "application/problem+json"
        assert "X-Professionnel" in reponse.json()["detail"]
    assert appelant(logiciel).get(LISTE, HTTP_X_PROFESSIONNEL="inconnu@exemple.fr").status_code == 400
    assert not JournalAcces.objects.exists()


def test_un_logiciel_d_employeur_ne_nomme_personne():
    logiciel = client_api_entreprise()
    conseiller = professionnel(OrganisationFactory(), role=Role.CONSEILLER)
    reponse = appelant(logiciel).get(reverse("v1:api-root"), HTTP_X_PROFESSIONNEL=conseiller.email)
    assert reponse.status_code == 400


def test_la_page_de_la_personne_nomme_le_logiciel_et_le_professionnel(client):
    agence = OrganisationFactory(nom="Agence de Lille")
    suivie = PersonneFactory(organisme_referent=agence, avec_compte=True)
    conseillere = professionnel(agence, role=Role.CONSEILLER, first_name="Zoé", last_name="Martin")
    logiciel = client_api(agence, portees=["personnes:read"], nom="Solis")
    appelant(logiciel).get(_detail(suivie), HTTP_X_PROFESSIONNEL=conseillere.email)
    appelant(logiciel).get(_detail(suivie))

    client.force_login(suivie.user)
    page = client.get(reverse("personnes:acces")).content.decode()

    assert "Logiciel « Solis » de l’organisation Agence de Lille, pour le compte de Zoé Martin" in page
    assert "Logiciel « Solis » de l’organisation Agence de Lille</td>" in page
