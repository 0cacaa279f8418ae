"""Changing a person's contact details: through the API as on the pages, one action, one rule, one audit row.

Only those who may make the change on the pages may make it through the API: the person
themself, and the professionals who accompany them (accompaniment roles of the organisme
référent, of an organisation involved in the file, or France Travail's orienteur for a
person awaiting orientation). The département-wide roles read the file, never rewrite it.
"""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from francetravail.audit.enums import Canal, TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import Role
from inscription.enums import Canal as CanalInscription
from inscription.models import DossierInscription
from tests.factories import MembershipFactory, OrganisationFactory, PersonneFactory, UserFactory, professionnel

NOUVELLES = {"email": "detournee@exemple.fr", "telephone": "0799999999"}


def _url(personne):
    return reverse("v1:personne-detail", args=[personne.pk])


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def _coordonnees(personne):
    return Personne.objects.filter(pk=personne.pk).values("email", "telephone", "adresse", "commune_id").get()


def _evenements(personne):
    return AuditEvent.objects.filter(personne=personne, event_type=TypeEvenement.COORDONNEES_MODIFIEES)


@pytest.fixture
def agence():
    return OrganisationFactory()


@pytest.fixture
def personne(agence):
    return PersonneFactory(organisme_referent=agence, avec_compte=True, adresse="1 rue du Port")


@pytest.mark.parametrize("role", [Role.DECIDEUR_DEPARTEMENTAL, Role.EQUIPE_PLURIDISCIPLINAIRE])
def test_un_role_departemental_lit_mais_ne_reecrit_pas_les_coordonnees(personne, role):
    departement = professionnel(OrganisationFactory(conseil_departemental=True), role)
    client = _client(departement)
    assert client.get(_url(personne)).status_code == 200  # it reads the file…
    avant = _coordonnees(personne)

    response = client.patch(_url(personne), NOUVELLES, format="json")

    assert response.status_code == 403  # …and is told plainly it may not change it
    probleme = response.json()
    assert probleme["status"] == 403
    assert "accompagnent" in probleme["detail"]
    assert response["Content-Type"].startswith("application/problem+json")
    assert _coordonnees(personne) == avant
    assert not _evenements(personne).exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_un_role_departemental_est_refuse_avant_la_validation(personne):
    """Invalid data from a refused caller is a 403, not a 400 that would invite a second try."""
    decideur = professionnel(OrganisationFactory(conseil_departemental=True), Role.DECIDEUR_DEPARTEMENTAL)
    response = _client(decideur).patch(_url(personne), {"telephone": "pas un numéro"}, format="json")
    assert response.status_code == 403


def test_le_referent_modifie_les_coordonnees_par_l_action_et_l_audit(personne, agence):
    conseiller = professionnel(agence, Role.CONSEILLER)

    response = _client(conseiller).patch(_url(personne), {**NOUVELLES, "telephone": "07 99 99 99 99"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["telephone"] == "0799999999"  # normalised as on the pages
    assert _coordonnees(personne)["email"] == "detournee@exemple.fr"
    assert _coordonnees(personne)["telephone"] == "0799999999"
    evenement = _evenements(personne).get()
    assert evenement.acting_user == conseiller
    assert evenement.organisation == agence
    assert evenement.data == {"champs": ["email", "telephone"], "canal": Canal.API}


def test_un_numero_invalide_est_refuse_en_francais_et_rien_ne_change(personne, agence):
    conseiller = professionnel(agence, Role.CONSEILLER)
    avant = _coordonnees(personne)

    response = _client(conseiller).patch(_url(personne), {"telephone": "12345"}, format="json")

    assert response.status_code == 400
    probleme = response.json()
    assert probleme["status"] == 400
    assert "10 chiffres" in probleme["erreurs"]["telephone"][0]
    assert _coordonnees(personne) == avant
    assert not _evenements(personne).exists()


def test_un_envoi_sans_changement_n_ecrit_aucun_evenement(personne, agence):
    conseiller = professionnel(agence, Role.CONSEILLER)
    response = _client(conseiller).patch(_url(personne), {"telephone": personne.telephone}, format="json")
    assert response.status_code == 200
    assert not _evenements(personne).exists()


def test_l_identite_et_la_commune_restent_en_lecture_seule(personne, agence):
    conseiller = professionnel(agence, Role.CONSEILLER)
    avant = Personne.objects.filter(pk=personne.pk).values().get()
    response = _client(conseiller).patch(
        _url(personne), {"nom_naissance": "Autre", "commune": "75056", "prenoms": "Autre"}, format="json"
    )
    assert response.status_code == 200
    assert Personne.objects.filter(pk=personne.pk).values().get() == avant


def test_un_professionnel_qui_ne_voit_pas_la_personne_recoit_un_404(personne):
    autre = professionnel(OrganisationFactory(), Role.CONSEILLER)
    avant = _coordonnees(personne)
    response = _client(autre).patch(_url(personne), NOUVELLES, format="json")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert _coordonnees(personne) == avant


def test_conseiller_ailleurs_et_decideur_au_departement_ne_modifie_pas(personne):
    """An accompaniment role elsewhere does not turn a département-wide read into a right to write."""
    cd = OrganisationFactory(conseil_departemental=True)
    mixte = professionnel(OrganisationFactory(), Role.CONSEILLER)
    MembershipFactory(user=mixte, organisation=cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    avant = _coordonnees(personne)
    assert _client(mixte).patch(_url(personne), NOUVELLES, format="json").status_code == 403
    assert _coordonnees(personne) == avant


def test_une_organisation_impliquee_modifie_les_coordonnees(personne):
    mission_locale = OrganisationFactory(mission_locale=True)
    Implication.objects.create(
        personne=personne, organisation=mission_locale, motif="Accompagnement", created_by=UserFactory()
    )
    conseiller_ml = professionnel(mission_locale, Role.CONSEILLER)
    response = _client(conseiller_ml).patch(_url(personne), {"telephone": "0612121212"}, format="json")
    assert response.status_code == 200
    assert _evenements(personne).get().organisation == mission_locale


def test_l_agence_france_travail_du_departement_modifie_celles_d_une_personne_a_orienter():
    """France Travail orients everyone who is not a bRSA: its conseillers of the département accompany them."""
    a_orienter = PersonneFactory(organisme_referent=None)
    conseiller = professionnel(OrganisationFactory(), Role.CONSEILLER)
    assert _client(conseiller).patch(_url(a_orienter), {"telephone": "0613131313"}, format="json").status_code == 200
    assert _coordonnees(a_orienter)["telephone"] == "0613131313"


def test_un_mediateur_implique_lit_mais_ne_modifie_pas(personne):
    mediation = OrganisationFactory()
    Implication.objects.create(personne=personne, organisation=mediation, motif="Médiation", created_by=UserFactory())
    mediateur = professionnel(mediation, Role.MEDIATEUR)
    client = _client(mediateur)
    assert client.get(_url(personne)).status_code == 200
    avant = _coordonnees(personne)
    assert client.patch(_url(personne), NOUVELLES, format="json").status_code == 403
    assert _coordonnees(personne) == avant


def test_l_action_refuse_hors_requete_un_role_departemental_et_un_compte_desactive(personne, agence):
    from francetravail.personnes.actions import CoordonneesNonModifiables, modifier_coordonnees

    decideur = professionnel(OrganisationFactory(conseil_departemental=True), Role.DECIDEUR_DEPARTEMENTAL)
    conseiller = professionnel(agence, Role.CONSEILLER)
    conseiller.is_active = False
    conseiller.save(update_fields=["is_active"])
    avant = _coordonnees(personne)
    for auteur in (decideur, conseiller):
        with pytest.raises(CoordonneesNonModifiables):
            modifier_coordonnees(personne, acting_user=auteur, telephone="0788888888")
    assert _coordonnees(personne) == avant
    assert not _evenements(personne).exists()


def test_la_personne_modifie_ses_coordonnees_et_personne_d_autre(personne):
    from francetravail.personnes.actions import CoordonneesNonModifiables, modifier_coordonnees

    modifier_coordonnees(personne, acting_user=personne.user, email="moi@exemple.fr")
    assert _coordonnees(personne)["email"] == "moi@exemple.fr"
    evenement = _evenements(personne).get()
    assert (evenement.acting_user, evenement.organisation, evenement.data["canal"]) == (
        personne.user,
        None,
        Canal.WEB,
    )
    autre = PersonneFactory(avec_compte=True)
    with pytest.raises(CoordonneesNonModifiables):
        modifier_coordonnees(personne, acting_user=autre.user, email="pirate@exemple.fr")
    assert _coordonnees(personne)["email"] == "moi@exemple.fr"


# The pages: the registration step "Coordonnées" (online by the person, at the desk by a conseiller).

COORDONNEES = {
    "email": "nouvelle@exemple.fr",
    "telephone": "06 11 22 33 44",
    "adresse": "3 rue Neuve",
    "code_postal": "59100",
    "commune": "Roubaix",
}


def _dossier(personne, **kwargs):
    return DossierInscription.objects.create(personne=personne, canal=CanalInscription.GUICHET, **kwargs)


def test_le_guichet_passe_par_la_meme_action_et_le_meme_evenement(client, personne, agence):
    _dossier(personne, etape="identite")
    conseiller = professionnel(agence, Role.CONSEILLER)
    client.force_login(conseiller)
    url = reverse("backoffice:inscription_etape", args=[personne.pk, "coordonnees"])

    assert client.post(url, COORDONNEES).status_code == 302

    coordonnees = _coordonnees(personne)
    assert (coordonnees["email"], coordonnees["telephone"], coordonnees["adresse"]) == (
        "nouvelle@exemple.fr",
        "0611223344",
        "3 rue Neuve",
    )
    evenement = _evenements(personne).get()
    assert (evenement.acting_user, evenement.organisation) == (conseiller, agence)
    # The postcode is recorded too (letters print it: Lille and Roubaix each have several).
    assert evenement.data == {
        "champs": ["adresse", "code_postal", "commune", "email", "telephone"],
        "canal": Canal.WEB,
    }
    assert Personne.objects.get(pk=personne.pk).code_postal == "59100"


def test_le_guichet_refuse_un_decideur_qui_est_aussi_conseiller_ailleurs(client, personne):
    _dossier(personne, etape="identite")
    cd = OrganisationFactory(conseil_departemental=True)
    mixte = professionnel(OrganisationFactory(), Role.CONSEILLER)
    MembershipFactory(user=mixte, organisation=cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    client.force_login(mixte)
    avant = _coordonnees(personne)

    response = client.post(reverse("backoffice:inscription_etape", args=[personne.pk, "coordonnees"]), COORDONNEES)

    assert response.status_code == 404
    assert _coordonnees(personne) == avant
    assert DossierInscription.objects.get(personne=personne).etape == "identite"
    assert not _evenements(personne).exists()


def test_la_personne_en_ligne_passe_par_la_meme_action(client, personne):
    dossier = _dossier(personne, etape="identite")
    dossier.canal = CanalInscription.EN_LIGNE
    dossier.save(update_fields=["canal"])
    client.force_login(personne.user)

    assert client.post(reverse("inscription:etape", args=["coordonnees"]), COORDONNEES).status_code == 302

    evenement = _evenements(personne).get()
    assert (evenement.acting_user, evenement.organisation) == (personne.user, None)
