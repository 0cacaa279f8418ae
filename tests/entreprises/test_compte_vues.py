"""The employer's pages (home, attaching by SIRET, the company page) and the network's pages
(list of companies, company page, référent): what each one shows, who gets a 404, the forms."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entreprises import comptes
from entreprises.enums import OrigineCandidature, RoleEntreprise, StatutMembre, StatutOffre
from entreprises.models import Candidature, Entreprise, MembreEntreprise
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.entreprises.factories import employeur, entreprise, offre
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, commune, professionnel

ESPACE = reverse("entreprises:espace")
RATTACHEMENT = reverse("entreprises:rattachement")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _page(e):
    return reverse("entreprises:entreprise", kwargs={"pk": e.pk})


def _texte(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- Sign-up and the home -----------------------------------------------------------------------


def test_un_employeur_inscrit_atteint_son_espace_une_fois_son_adresse_verifiee(client, mailoutbox):
    donnees = {
        "email": "paul.lemoine@exemple.fr",
        "password1": "Un-mot-de-passe-2026",
        "password2": "Un-mot-de-passe-2026",
        "type_compte": "employeur",
        "first_name": "Paul",
        "last_name": "Lemoine",
    }
    assert client.post(reverse("account_signup"), donnees).status_code == 302
    client.logout()
    # Not verified: allauth (ACCOUNT_EMAIL_VERIFICATION = "mandatory") opens no session, so the space stays closed.
    response = client.post(reverse("account_login"), {"login": donnees["email"], "password": donnees["password1"]})
    assert "confirm-email" in response["Location"]
    response = client.get(ESPACE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))

    lien = re.search(r"https?://[^\s]+/comptes/confirm-email/[^\s]+/", mailoutbox[-1].body).group(0)
    client.post("/" + lien.split("://", 1)[1].split("/", 1)[1])
    client.post(reverse("account_login"), {"login": donnees["email"], "password": donnees["password1"]})
    response = client.get(ESPACE)
    assert response.status_code == 200
    texte = _texte(response)
    assert "Bienvenue Paul" in texte
    assert "Rattacher mon entreprise" in texte
    assert "Bientôt" not in texte


def test_l_accueil_montre_les_entreprises_et_les_demandes():
    paul = UserFactory(employeur=True)
    boulangerie = entreprise(nom="Boulangerie du Beffroi")
    MembreEntreprise.objects.create(
        entreprise=boulangerie, user=paul, role=RoleEntreprise.ADMIN, statut=StatutMembre.ACTIF
    )
    employeur(boulangerie, role=RoleEntreprise.RECRUTEUR, statut=StatutMembre.EN_ATTENTE)
    employeur(boulangerie, role=RoleEntreprise.RECRUTEUR, statut=StatutMembre.EN_ATTENTE)
    for nom, statut in (("Menuiserie Vasseur", StatutMembre.EN_ATTENTE), ("Garage Lefort", StatutMembre.REFUSE)):
        autre = entreprise(nom=nom)
        employeur(autre)
        MembreEntreprise.objects.create(entreprise=autre, user=paul, statut=statut)

    texte = _texte(_client(paul).get(ESPACE))
    assert f'href="{_page(boulangerie)}"' in texte
    assert f'href="{reverse("entreprises:immersions")}"' in texte
    assert "2 demandes de rattachement à examiner" in texte
    assert "Demandes en attente" in texte and "Menuiserie Vasseur" in texte
    assert "Demandes refusées" in texte and "Garage Lefort" in texte
    # A pending or refused request gives no link to the company.
    assert texte.count('href="/entreprise/entreprises/') == 1


@pytest.mark.parametrize("compte", ["personne", "professionnel"])
def test_l_espace_employeur_est_reserve_aux_employeurs(compte):
    user = PersonneFactory(avec_compte=True).user if compte == "personne" else professionnel()
    for url in (ESPACE, RATTACHEMENT):
        assert _client(user).get(url).status_code == 404
    assert Client().get(ESPACE).status_code == 302


# --- Attaching by SIRET -------------------------------------------------------------------------


@pytest.fixture
def agence():
    agence = OrganisationFactory(departement_id="59", nom="Agence France Travail Lille Centre")
    return agence, professionnel(agence, first_name="Camille", last_name="Durand")


CREATION = {
    "etape": "creation",
    "nom": "Boulangerie du Beffroi",
    "code_naf": "10.71C",
    "tranche_effectif": "11",
    "adresse": "3 rue du Beffroi",
    "code_postal": "59000",
    "commune": "lille",
    "accessibilite_handicap": "Locaux de plain-pied.",
}


def test_creer_l_espace_d_une_nouvelle_entreprise(agence):
    paul = UserFactory(employeur=True)
    client = _client(paul)
    response = client.post(RATTACHEMENT, {"etape": "siret", "siret": "732 829 320 00074"})
    assert response.status_code == 200
    texte = _texte(response)
    assert "Créer l’espace de l’entreprise" in texte
    assert "732 829 320 00074" in texte
    # The activity list is grouped by NAF section.
    assert '<optgroup label="C — Industrie manufacturière">' in texte
    assert "10.71C — Boulangerie et boulangerie-pâtisserie" in texte

    response = client.post(RATTACHEMENT, {**CREATION, "siret": "73282932000074"})
    e = Entreprise.objects.get(siret="73282932000074")
    assert response.status_code == 302 and response["Location"] == _page(e)
    assert (e.nom, e.code_naf_id, e.tranche_effectif, e.commune_id) == (
        "Boulangerie du Beffroi",
        "10.71C",
        "11",
        "59350",
    )
    assert e.referent == agence[1]
    texte = _texte(client.get(_page(e)))
    assert "vous en êtes l&#x27;administrateur" in texte
    assert "Camille Durand" in texte and "Agence France Travail Lille Centre" in texte


def test_une_erreur_a_la_creation_garde_la_saisie(agence):
    client = _client(UserFactory(employeur=True))
    response = client.post(
        RATTACHEMENT, {**CREATION, "siret": "73282932000074", "commune": "Roubaix", "nom": "Boulangerie Ô Délices"}
    )
    assert response.status_code == 200
    texte = _texte(response)
    assert "Cette commune n&#x27;est pas desservie par le code postal 59000" in texte
    assert 'value="Boulangerie Ô Délices"' in texte
    assert 'value="3 rue du Beffroi"' in texte
    assert '<option value="10.71C" selected>' in texte
    assert "732 829 320 00074" in texte
    assert not Entreprise.objects.exists()
    # A tampered SIRET is said on top of the form.
    response = client.post(RATTACHEMENT, {**CREATION, "siret": "73282932000075"})
    assert "SIRET : Ce numéro SIRET n&#x27;est pas valide" in _texte(response)
    assert not Entreprise.objects.exists()


def test_un_siret_invalide_est_signale_au_champ():
    response = _client(UserFactory(employeur=True)).post(RATTACHEMENT, {"etape": "siret", "siret": "732 829 320 0007"})
    assert response.status_code == 200
    texte = _texte(response)
    assert "Le numéro SIRET compte 14 chiffres ; celui-ci en compte 13." in texte
    assert 'value="732 829 320 0007"' in texte


def test_demander_a_rejoindre_une_entreprise_existante():
    e = entreprise(nom="Menuiserie Vasseur")
    admin = employeur(e)
    nora = UserFactory(employeur=True)
    client = _client(nora)
    response = client.post(RATTACHEMENT, {"etape": "siret", "siret": e.siret})
    texte = _texte(response)
    assert "Rejoindre l’espace de Menuiserie Vasseur" in texte
    assert not MembreEntreprise.objects.filter(user=nora).exists()

    response = client.post(RATTACHEMENT, {"etape": "demande", "siret": e.siret})
    assert response.status_code == 302 and response["Location"] == ESPACE
    assert MembreEntreprise.objects.get(user=nora).statut == StatutMembre.EN_ATTENTE
    assert Notification.objects.get(modele="entreprises/compte_demande").destinataire == admin
    assert "Demandes en attente" in _texte(client.get(ESPACE))
    # Pending: the company page is a 404, and asking again is refused at the field.
    assert client.get(_page(e)).status_code == 404
    response = client.post(RATTACHEMENT, {"etape": "siret", "siret": e.siret})
    assert "attend déjà la décision" in _texte(response)


def test_un_membre_actif_qui_saisit_son_siret_retrouve_son_entreprise():
    e = entreprise()
    paul = employeur(e)
    response = _client(paul).post(RATTACHEMENT, {"etape": "siret", "siret": e.siret})
    assert response.status_code == 302 and response["Location"] == _page(e)


# --- The company page (employer) ----------------------------------------------------------------


@pytest.fixture
def societe():
    e = entreprise(nom="Menuiserie Vasseur")
    admin = employeur(e, first_name="Paul", last_name="Lemoine")
    recruteur = employeur(e, role=RoleEntreprise.RECRUTEUR, first_name="Léa", last_name="Morel")
    demandeur = employeur(e, role=RoleEntreprise.RECRUTEUR, statut=StatutMembre.EN_ATTENTE, first_name="Nora")
    return e, admin, recruteur, demandeur


def _intrus(e):
    return {
        "en_attente": employeur(e, statut=StatutMembre.EN_ATTENTE),
        "refuse": employeur(e, statut=StatutMembre.REFUSE),
        "autre_employeur": employeur(entreprise()),
        "sans_entreprise": UserFactory(employeur=True),
        "referent": e.referent,
        "personne": PersonneFactory(avec_compte=True).user,
        "staff": UserFactory(is_staff=True, is_superuser=True, totp=True),
    }


def test_la_page_de_l_entreprise_est_reservee_a_ses_membres_actifs(societe):
    e, admin, recruteur, demandeur = societe
    membre = MembreEntreprise.objects.get(user=demandeur)
    intrus = {**_intrus(e), "demandeur": demandeur}
    urls = [
        ("get", _page(e), {}),
        ("post", _page(e), {"nom": "Piratage"}),
        (
            "post",
            reverse("entreprises:membre", kwargs={"pk": e.pk, "membre_pk": membre.pk}),
            {"decision": "approuver"},
        ),
        (
            "post",
            reverse("entreprises:ecrire", kwargs={"pk": e.pk}),
            {"pour": e.referent_id, "contact-x-message": "a"},
        ),
    ]
    for nom, user in intrus.items():
        client = _client(user)
        for methode, url, donnees in urls:
            assert getattr(client, methode)(url, donnees).status_code == 404, (nom, url)
    assert Client().get(_page(e)).status_code == 302
    assert _client(admin).get(reverse("entreprises:entreprise", kwargs={"pk": 2**62})).status_code == 404
    membre.refresh_from_db()
    assert membre.statut == StatutMembre.EN_ATTENTE
    e.refresh_from_db()
    assert e.nom == "Menuiserie Vasseur"


def test_l_administrateur_voit_les_demandes_et_le_formulaire_le_recruteur_non(societe):
    e, admin, recruteur, _demandeur = societe
    texte = _texte(_client(admin).get(_page(e)))
    assert "Nora" in texte and "Accepter" in texte
    assert "Modifier les informations" in texte
    texte = _texte(_client(recruteur).get(_page(e)))
    assert "Paul Lemoine" in texte and "Léa Morel" in texte
    assert "Nora" not in texte and "Accepter" not in texte
    assert "Modifier les informations" not in texte
    assert "Quitter l’entreprise" in texte


def test_modifier_l_entreprise_depuis_sa_page(societe):
    e, admin, recruteur, _d = societe
    donnees = {
        "nom": "Menuiserie Vasseur et fils",
        "code_naf": "16.23Z",
        "tranche_effectif": "12",
        "adresse": "12 rue Nationale",
        "code_postal": "59000",
        "commune": "Lille",
        "accessibilite_handicap": "",
    }
    assert _client(recruteur).post(_page(e), donnees).status_code == 404
    client = _client(admin)
    response = client.post(_page(e), {**donnees, "code_postal": "5900"})
    assert response.status_code == 200
    assert 'value="Menuiserie Vasseur et fils"' in _texte(response)
    e.refresh_from_db()
    assert e.nom == "Menuiserie Vasseur"
    response = client.post(_page(e), donnees)
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.nom, e.code_naf_id, e.adresse) == ("Menuiserie Vasseur et fils", "16.23Z", "12 rue Nationale")


def _decider(client, e, membre, decision):
    url = reverse("entreprises:membre", kwargs={"pk": e.pk, "membre_pk": membre.pk})
    return client.post(url, {"decision": decision}, follow=True)


def test_accepter_refuser_nommer_depuis_la_liste_des_membres(societe):
    e, admin, recruteur, demandeur = societe
    client = _client(admin)
    membre = MembreEntreprise.objects.get(user=demandeur)
    response = _decider(client, e, membre, "approuver")
    assert "Nora" in _texte(response) and "est désormais membre" in _texte(response)
    membre.refresh_from_db()
    assert membre.statut == StatutMembre.ACTIF
    assert AuditEvent.objects.filter(event_type=TypeEvenement.ENTREPRISE_RATTACHEMENT, acting_user=admin).exists()

    autre = employeur(e, role=RoleEntreprise.RECRUTEUR, statut=StatutMembre.EN_ATTENTE)
    _decider(client, e, MembreEntreprise.objects.get(user=autre), "refuser")
    assert MembreEntreprise.objects.get(user=autre).statut == StatutMembre.REFUSE
    assert _client(autre).get(_page(e)).status_code == 404

    _decider(client, e, MembreEntreprise.objects.get(user=recruteur), "nommer_admin")
    assert MembreEntreprise.objects.get(user=recruteur).role == RoleEntreprise.ADMIN
    # A recruteur's buttons, an unknown decision, another company's member: 404.
    assert _decider(_client(demandeur), e, MembreEntreprise.objects.get(user=admin), "retirer").status_code == 404
    assert "Cette action n&#x27;existe pas" in _texte(_decider(client, e, membre, "supprimer_tout"))
    assert (
        _decider(_client(employeur(e, role=RoleEntreprise.RECRUTEUR)), e, membre, "supprimer_tout").status_code == 404
    )
    ailleurs = entreprise()
    membre_ailleurs = MembreEntreprise.objects.get(user=employeur(ailleurs))
    assert _decider(client, e, membre_ailleurs, "retirer").status_code == 404
    assert MembreEntreprise.objects.filter(pk=membre_ailleurs.pk).exists()


def test_le_dernier_administrateur_est_prevenu_qu_il_ne_peut_pas_partir(societe):
    e, admin, recruteur, _d = societe
    client = _client(admin)
    texte = _texte(client.get(_page(e)))
    assert "Dernier administrateur : nommez-en un autre avant de partir." in texte
    assert "Ne plus être administrateur" not in texte
    moi = MembreEntreprise.objects.get(user=admin)
    # Posted all the same (an old page, another tab): refused with the reason.
    response = _decider(client, e, moi, "retirer")
    assert "Vous êtes le dernier administrateur" in _texte(response)
    response = _decider(client, e, moi, "retirer_admin")
    assert "Vous êtes le dernier administrateur" in _texte(response)
    moi.refresh_from_db()
    assert (moi.role, moi.statut) == (RoleEntreprise.ADMIN, StatutMembre.ACTIF)
    # A recruteur leaves, and is sent back home.
    response = _decider(_client(recruteur), e, MembreEntreprise.objects.get(user=recruteur), "retirer")
    assert response.redirect_chain[-1][0] == ESPACE
    assert not MembreEntreprise.objects.filter(user=recruteur).exists()


# --- Writing to one's conseillers (page) --------------------------------------------------------


@pytest.fixture
def contacts(societe):
    e, admin, recruteur, _d = societe
    recruteuse = professionnel(OrganisationFactory(mission_locale=True), first_name="Inès", last_name="Bernard")
    offre(e, titre="Menuisier poseur", conseiller_recrutement=recruteuse)
    offre(e, titre="Apprenti menuisier", statut=StatutOffre.POURVUE, conseiller_recrutement=professionnel())
    return e, recruteur, recruteuse


def _ecrire(client, e, pour, message):
    return client.post(
        reverse("entreprises:ecrire", kwargs={"pk": e.pk}), {"pour": pour, f"contact-{pour}-message": message}
    )


def test_la_page_presente_le_referent_et_les_conseillers_recrutement(contacts):
    e, recruteur, recruteuse = contacts
    texte = _texte(_client(recruteur).get(_page(e)))
    assert "Écrire à mon référent" in texte
    assert "Inès Bernard" in texte and "Conseiller recrutement de l&#x27;offre « Menuisier poseur »" in texte
    # Both offers are listed; only the open one's conseiller is a contact.
    assert "Apprenti menuisier" in texte
    assert texte.count('name="pour"') == 2
    # Each offer leads to its applications once there are some.
    o = e.offres.get(titre="Menuisier poseur")
    lien = reverse("entreprises:offre_candidatures", kwargs={"pk": o.pk})
    assert lien not in texte
    Candidature.objects.create(offre=o, personne=PersonneFactory(), origine=OrigineCandidature.CANDIDATURE)
    texte = _texte(_client(recruteur).get(_page(e)))
    assert f'<a href="{lien}">1 candidature<span class="fr-sr-only"> pour « Menuisier poseur »</span></a>' in texte


def test_ecrire_depuis_la_page_et_la_limite_par_heure(contacts):
    e, recruteur, recruteuse = contacts
    client = _client(recruteur)
    for i in range(comptes.MESSAGES_PAR_HEURE):
        response = _ecrire(client, e, recruteuse.pk, f"Message {i}")
        assert response.status_code == 302, i
    assert Notification.objects.filter(modele="entreprises/compte_message", destinataire=recruteuse).count() == 10
    response = _ecrire(client, e, e.referent_id, "Onzième message")
    assert response.status_code == 200
    texte = _texte(response)
    assert "Vous avez déjà envoyé 10 messages au cours de la dernière heure" in texte
    assert "Onzième message" in texte  # kept in its box
    assert "<title>Erreur — Menuiserie Vasseur" in texte
    assert Notification.objects.filter(modele="entreprises/compte_message").count() == 10


def test_un_message_vide_ou_vers_un_inconnu_n_est_pas_envoye(contacts):
    e, recruteur, _r = contacts
    client = _client(recruteur)
    response = _ecrire(client, e, e.referent_id, "   ")
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in _texte(response)
    response = _ecrire(client, e, professionnel().pk, "Bonjour")
    assert response.status_code == 302
    assert not Notification.objects.filter(modele="entreprises/compte_message").exists()


def test_la_page_de_l_entreprise_tient_en_un_nombre_constant_de_requetes(contacts):
    e, recruteur, _r = contacts
    client = _client(recruteur)
    client.get(_page(e))
    with CaptureQueriesContext(connection) as peu:
        assert client.get(_page(e)).status_code == 200
    for i in range(6):
        employeur(e, role=RoleEntreprise.RECRUTEUR)
        offre(e, titre=f"Poste {i}", conseiller_recrutement=professionnel())
    with CaptureQueriesContext(connection) as beaucoup:
        assert client.get(_page(e)).status_code == 200
    assert len(beaucoup) == len(peu), [q["sql"] for q in beaucoup.captured_queries]


# --- The network's side -------------------------------------------------------------------------


@pytest.fixture
def reseau():
    ft_lille = OrganisationFactory(departement_id="59")
    ft_arras = OrganisationFactory(departement_id="62")
    ml = OrganisationFactory(departement_id="80", mission_locale=True)
    referent = professionnel(ft_lille)
    return {
        "ft_lille": ft_lille,
        "referent": referent,
        "roubaix": professionnel(OrganisationFactory(departement_id="59")),
        "arras": professionnel(ft_arras),
        "ml": professionnel(ml),
        "pilote": professionnel(ft_lille, Role.PILOTE),
        "ts_cd": professionnel(
            OrganisationFactory(departement_id="59", conseil_departemental=True), Role.TRAVAILLEUR_SOCIAL
        ),
        "lille": entreprise(nom="Boulangerie du Beffroi", referent=referent, organisation_referente=ft_lille),
        "sans_referent": entreprise(nom="Atelier Sans Référent", referent=None, organisation_referente=None),
        "arras_ent": entreprise(nom="Garage d'Arras", commune=commune("62041"), referent=None),
    }


LISTE = reverse("backoffice:entreprises")


def _fiche(e):
    return reverse("backoffice:entreprise", kwargs={"pk": e.pk})


def test_la_liste_des_entreprises_du_conseiller(reseau):
    texte = _texte(_client(reseau["referent"]).get(LISTE))
    assert "Boulangerie du Beffroi" in texte and "Atelier Sans Référent" in texte
    assert "Garage d&#x27;Arras" not in texte
    assert "Aucun référent : à désigner" in texte
    # Arras' France Travail conseiller sees the Pas-de-Calais' companies, not the Nord's.
    texte = _texte(_client(reseau["arras"]).get(LISTE))
    assert "Garage d&#x27;Arras" in texte and "Boulangerie" not in texte
    # A mission locale elsewhere sees none… until one of its conseillers follows an offer.
    assert "Aucune entreprise ne correspond" in _texte(_client(reseau["ml"]).get(LISTE))
    offre(reseau["lille"], conseiller_recrutement=reseau["ml"])
    texte = _texte(_client(reseau["ml"]).get(LISTE))
    assert "Boulangerie du Beffroi" in texte and "Atelier" not in texte


@pytest.mark.parametrize("qui", ["pilote", "personne", "employeur"])
def test_la_liste_est_reservee_aux_conseillers(reseau, qui):
    user = {
        "pilote": reseau["pilote"],
        "personne": PersonneFactory(avec_compte=True).user,
        "employeur": employeur(reseau["lille"]),
    }[qui]
    client = _client(user)
    assert client.get(LISTE).status_code == 404
    assert client.get(_fiche(reseau["lille"])).status_code == 404


def test_filtrer_par_nom_siret_et_sans_referent(reseau):
    client = _client(reseau["referent"])
    siret = reseau["lille"].siret
    for q in ("beffroi", "BEFFROÎ", siret, f"{siret[:3]} {siret[3:6]} {siret[6:9]}"):
        texte = _texte(client.get(LISTE, {"q": q}))
        assert "Boulangerie du Beffroi" in texte and "Atelier" not in texte, q
    texte = _texte(client.get(LISTE, {"sans_referent": "on"}))
    assert "Atelier Sans Référent" in texte and "Boulangerie" not in texte


def test_la_liste_tient_en_un_nombre_constant_de_requetes(reseau):
    client = _client(reseau["roubaix"])
    client.get(LISTE)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(LISTE).status_code == 200
    for i in range(30):
        e = entreprise(
            nom=f"Entreprise {i:02d}", organisation_referente=reseau["ft_lille"], referent=reseau["referent"]
        )
        employeur(e)
        offre(e, conseiller_recrutement=reseau["referent"])
    with CaptureQueriesContext(connection) as beaucoup:
        response = client.get(LISTE)
    assert response.status_code == 200
    assert "32 entreprises" in _texte(response)
    assert len(beaucoup) == len(peu), [q["sql"] for q in beaucoup.captured_queries]
    # Paginated: 25 a page, the rest on page 2.
    assert _texte(response).count('href="/conseiller/entreprises/') == 25
    assert _texte(client.get(LISTE, {"page": 2})).count('href="/conseiller/entreprises/') == 7


def test_la_fiche_de_l_entreprise_et_ses_refus(reseau):
    e = reseau["lille"]
    employeur(e, first_name="Paul", last_name="Lemoine")
    offre(e, titre="Boulanger de nuit", conseiller_recrutement=reseau["ml"])
    texte = _texte(_client(reseau["referent"]).get(_fiche(e)))
    assert "Paul Lemoine" in texte and "Boulanger de nuit" in texte and "Publiée" in texte
    assert "Changer de référent" in texte
    # The offer's conseiller recrutement reads the page but does not designate the référent.
    texte = _texte(_client(reseau["ml"]).get(_fiche(e)))
    assert "Boulanger de nuit" in texte and "Changer de référent" not in texte
    for qui in ("arras", "pilote", "ts_cd"):
        assert _client(reseau[qui]).get(_fiche(e)).status_code == 404, qui
    assert _client(reseau["referent"]).get(reverse("backoffice:entreprise", kwargs={"pk": 2**62})).status_code == 404


def test_designer_le_referent_d_une_entreprise_qui_n_en_a_pas(reseau):
    e = reseau["sans_referent"]
    client = _client(reseau["roubaix"])
    texte = _texte(client.get(_fiche(e)))
    assert "Aucun référent n’est désigné pour cette entreprise : désignez-en un ci-dessous." in texte
    url = reverse("backoffice:entreprise_referent", kwargs={"pk": e.pk})
    # A conseiller of another département is not among the choices.
    response = client.post(url, {"referent": reseau["arras"].memberships.get().pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in _texte(response)
    choisi = reseau["referent"].memberships.get()
    response = client.post(url, {"referent": choisi.pk})
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.referent, e.organisation_referente) == (reseau["referent"], reseau["ft_lille"])
    assert AuditEvent.objects.get(event_type=TypeEvenement.ENTREPRISE_REFERENT).acting_user == reseau["roubaix"]


def test_qui_ne_gere_pas_l_entreprise_ne_poste_pas_de_referent(reseau):
    e = reseau["lille"]
    offre(e, conseiller_recrutement=reseau["ml"])
    url = reverse("backoffice:entreprise_referent", kwargs={"pk": e.pk})
    for qui in ("ml", "arras", "pilote"):
        response = _client(reseau[qui]).post(url, {"referent": reseau["roubaix"].memberships.get().pk})
        assert response.status_code == 404, qui
    e.refresh_from_db()
    assert e.referent == reseau["referent"]


def test_la_fiche_tient_en_un_nombre_constant_de_requetes(reseau):
    e = reseau["lille"]
    client = _client(reseau["referent"])
    client.get(_fiche(e))
    with CaptureQueriesContext(connection) as peu:
        client.get(_fiche(e))
    for i in range(5):
        employeur(e)
        offre(e, titre=f"Poste {i}", conseiller_recrutement=professionnel())
        professionnel(reseau["ft_lille"])
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(_fiche(e))
    assert len(beaucoup) == len(peu), [q["sql"] for q in beaucoup.captured_queries]


def test_deux_administrateurs_peuvent_chacun_se_retirer(societe):
    e, admin, recruteur, _d = societe
    comptes.nommer_admin(MembreEntreprise.objects.get(user=recruteur), acting_user=admin)
    texte = _texte(_client(admin).get(_page(e)))
    assert "Ne plus être administrateur" in texte and "Dernier administrateur" not in texte
    _decider(_client(admin), e, MembreEntreprise.objects.get(user=admin), "retirer_admin")
    assert MembreEntreprise.objects.get(user=admin).role == RoleEntreprise.RECRUTEUR


# --- Admin ----------------------------------------------------------------------------------------


def test_l_admin_des_entreprises_cherche_par_siret_et_ne_modifie_que_la_description():
    e = entreprise(nom="Menuiserie Vasseur")
    employeur(e)
    staff = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client = _client(staff)
    liste = reverse("admin:entreprises_entreprise_changelist")
    siret = e.siret
    for q in (siret, f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}", "vasseur"):
        assert "Menuiserie Vasseur" in _texte(client.get(liste, {"q": q})), q
    assert "Menuiserie Vasseur" not in _texte(client.get(liste, {"q": "00000000000000"}))
    fiche = client.get(reverse("admin:entreprises_entreprise_change", args=[e.pk]))
    assert fiche.status_code == 200
    texte = _texte(fiche)
    assert 'name="nom"' in texte and 'name="siret"' not in texte and 'name="referent"' not in texte
    assert client.get(reverse("admin:entreprises_entreprise_add")).status_code == 403
    assert client.get(reverse("admin:entreprises_entreprise_delete", args=[e.pk])).status_code == 403
    membres = client.get(reverse("admin:entreprises_membreentreprise_changelist"), {"q": "vasseur"})
    assert membres.status_code == 200 and "Menuiserie Vasseur" in _texte(membres)
    naf = client.get(reverse("admin:entreprises_codenaf_changelist"), {"q": "10.71C"})
    assert "Boulangerie et boulangerie-pâtisserie" in _texte(naf)
