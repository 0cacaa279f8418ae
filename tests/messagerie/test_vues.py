import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.messagerie import actions
from francetravail.messagerie.models import LONGUEUR_MAX, Message
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, UserFactory, professionnel


def url_pro(personne):
    return reverse("backoffice:messages_personne", kwargs={"pk": personne.pk})


def test_la_personne_ecrit_et_lit_la_reponse(client, personne, conseiller):
    client.force_login(personne.user)
    reponse = client.post(reverse("messagerie:fil"), {"corps": "Je serai en retard jeudi."})
    assert reponse.status_code == 302
    assert Notification.objects.filter(destinataire=conseiller).count() == 1
    actions.envoyer_message(personne, acting_user=conseiller, corps="Merci de prévenir.")
    page = client.get(reverse("messagerie:fil")).content.decode()
    assert "Je serai en retard jeudi." in page
    assert "Merci de prévenir." in page and "Nouveau" in page
    assert not Message.objects.filter(de_la_personne=False, lu_le__isnull=True).exists()
    assert "Nouveau</span>" not in client.get(reverse("messagerie:fil")).content.decode()


def test_un_message_trop_long_reste_dans_le_formulaire_avec_l_erreur_au_champ(client, personne):
    client.force_login(personne.user)
    texte = "b" * (LONGUEUR_MAX + 1)
    reponse = client.post(reverse("messagerie:fil"), {"corps": texte})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and texte in contenu
    assert f"au plus {LONGUEUR_MAX} caractères" in contenu
    assert not Message.objects.exists()
    vide = client.post(reverse("messagerie:fil"), {"corps": "  "}).content.decode()
    assert "Écrivez votre message avant de l&#x27;envoyer." in vide


def test_la_personne_ne_voit_que_sa_conversation(client, personne, conseiller, org):
    actions.envoyer_message(personne, acting_user=conseiller, corps="Message confidentiel")
    autre = PersonneFactory(avec_compte=True, organisme_referent=org)
    client.force_login(autre.user)
    assert "Message confidentiel" not in client.get(reverse("messagerie:fil")).content.decode()
    client.post(reverse("messagerie:fil"), {"corps": "Bonjour"})
    assert Message.objects.get(corps="Bonjour").personne == autre


def test_le_conseiller_repond_et_la_lecture_est_journalisee(client, personne, conseiller):
    actions.envoyer_message(personne, acting_user=personne.user, corps="Une question")
    client.force_login(conseiller)
    page = client.get(url_pro(personne)).content.decode()
    assert "Une question" in page
    assert JournalAcces.objects.filter(personne=personne, user=conseiller, partie=PartieDossier.MESSAGES).exists()
    assert Message.objects.get().lu_le is not None
    assert client.post(url_pro(personne), {"corps": "La réponse"}).status_code == 302
    assert Notification.objects.filter(destinataire=personne.user).count() == 1


@pytest.mark.parametrize(
    "qui", ["decideur", "equipe_pluri", "travailleur_social_implique", "mediateur_implique", "autre"]
)
def test_les_autres_lecteurs_du_dossier_ne_lisent_ni_n_ecrivent_les_messages(client, personne, conseiller, qui):
    """Messages are part of the accompaniment: those who see the file otherwise get 404, GET and POST."""
    actions.envoyer_message(personne, acting_user=personne.user, corps="Confidentiel")
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    # The médiateur is France Travail's regional one (R5312-47), involved in the file.
    organisation = OrganisationFactory(departement_id=None, region_id="32") if qui == "mediateur_implique" else cd
    if qui.endswith("implique"):
        ImplicationFactory(personne=personne, organisation=organisation)
    role = {
        "decideur": Role.DECIDEUR_DEPARTEMENTAL,
        "equipe_pluri": Role.EQUIPE_PLURIDISCIPLINAIRE,
        "travailleur_social_implique": Role.TRAVAILLEUR_SOCIAL,
        "mediateur_implique": Role.MEDIATEUR,
        "autre": Role.CONSEILLER,
    }[qui]
    user = professionnel(organisation if qui != "autre" else OrganisationFactory(departement_id="62"), role)
    client.force_login(user)
    assert client.get(url_pro(personne)).status_code == 404
    assert client.post(url_pro(personne), {"corps": "Intrusion"}).status_code == 404
    assert Message.objects.count() == 1 and Message.objects.get().lu_le is None
    assert not JournalAcces.objects.filter(user=user).exists()


def test_un_conseiller_qui_est_aussi_decideur_ailleurs_ne_lit_pas_par_le_departement(client, personne):
    """The same person's other roles open the file, not the conversation (and nothing is logged as read)."""
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    user = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, organisation=cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    client.force_login(user)
    assert client.get(url_pro(personne)).status_code == 404
    assert not JournalAcces.objects.filter(user=user).exists()


@pytest.mark.parametrize("qui", ["personne", "employeur"])
def test_personnes_et_employeurs_n_entrent_pas_dans_la_messagerie_du_back_office(client, personne, qui):
    user = personne.user if qui == "personne" else UserFactory(employeur=True)
    client.force_login(user)
    assert client.get(url_pro(personne)).status_code == 404
    assert client.get(reverse("backoffice:messages_non_lus")).status_code == 404


def test_professionnels_et_employeurs_n_ont_pas_d_espace_messages(client, conseiller):
    for user in (conseiller, UserFactory(employeur=True)):
        client.force_login(user)
        assert client.get(reverse("messagerie:fil")).status_code == 404


def test_une_personne_sans_compte_ne_peut_pas_recevoir_de_message(client, org, conseiller):
    personne = PersonneFactory(organisme_referent=org)
    client.force_login(conseiller)
    assert "pas de compte" in client.get(url_pro(personne)).content.decode()
    reponse = client.post(url_pro(personne), {"corps": "Bonjour"})
    assert "pas de compte" in reponse.content.decode() and not Message.objects.exists()


def test_boite_des_non_lus_de_mes_organisations(client, personne, conseiller, org):
    autre = PersonneFactory(avec_compte=True, organisme_referent=OrganisationFactory())
    actions.envoyer_message(personne, acting_user=personne.user, corps="Un")
    actions.envoyer_message(personne, acting_user=personne.user, corps="Deux")
    actions.envoyer_message(autre, acting_user=autre.user, corps="Ailleurs")
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:messages_non_lus")).content.decode()
    assert personne.nom_complet in page and autre.nom_complet not in page
    assert "<td>2</td>" in page
    client.get(url_pro(personne))
    assert personne.nom_complet not in client.get(reverse("backoffice:messages_non_lus")).content.decode()


def _compter(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _ecrire(personne, conseiller, n):
    Message.objects.bulk_create(
        Message(
            personne=personne,
            organisme_id=personne.organisme_referent_id,
            auteur=personne.user if i % 2 else conseiller,
            de_la_personne=bool(i % 2),
            corps=f"Message {i}",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("cote", ["personne", "conseiller"])
def test_le_fil_a_un_nombre_de_requetes_independant_du_nombre_de_messages(
    client, personne, conseiller, cote, django_assert_max_num_queries
):
    user, url = (personne.user, reverse("messagerie:fil")) if cote == "personne" else (conseiller, url_pro(personne))
    client.force_login(user)
    _ecrire(personne, conseiller, 1)
    avec_un = _compter(client, url)
    _ecrire(personne, conseiller, 100)
    with django_assert_max_num_queries(avec_un):
        page = client.get(url).content.decode()
    assert "Message 99" in page and "Page suivante" in page  # paginated: the newest page, with a link back
    assert avec_un <= 20


def test_la_boite_des_non_lus_a_un_nombre_de_requetes_constant(client, conseiller, org, django_assert_max_num_queries):
    client.force_login(conseiller)

    def ajouter(n):
        for _ in range(n):
            p = PersonneFactory(avec_compte=True, organisme_referent=org)
            _ecrire(p, conseiller, 3)

    ajouter(1)
    avec_un = _compter(client, reverse("backoffice:messages_non_lus"))
    ajouter(10)
    with django_assert_max_num_queries(avec_un):
        client.get(reverse("backoffice:messages_non_lus"))


def test_mon_espace_montre_le_nombre_de_messages_non_lus(client, personne, conseiller):
    client.force_login(personne.user)
    assert "non lu" not in client.get(reverse("personnes:espace")).content.decode()
    actions.envoyer_message(personne, acting_user=conseiller, corps="Un")
    actions.envoyer_message(personne, acting_user=conseiller, corps="Deux")
    contenu = client.get(reverse("personnes:espace")).content.decode()
    assert "(2 messages non lus)" in contenu and reverse("messagerie:fil") in contenu
    client.get(reverse("messagerie:fil"))
    assert "non lu" not in client.get(reverse("personnes:espace")).content.decode()


def test_mon_espace_mene_a_mon_diagnostic_mon_contrat_mon_activite_et_mes_messages(client, personne):
    client.force_login(personne.user)
    contenu = client.get(reverse("personnes:espace")).content.decode()
    for nom in ("diagnostic:consulter", "contrats:contrat", "contrats:activite", "messagerie:fil"):
        assert f'href="{reverse(nom)}"' in contenu, nom
        assert client.get(reverse(nom)).status_code == 200, nom


def test_l_etiquette_du_lien_pour_la_fiche_ne_le_montre_qu_aux_participants(rf, personne, conseiller):
    from django.template import Context, Template

    gabarit = Template("{% load messagerie %}{% participe_aux_messages personne as p %}[{{ p }}]")
    decideur = professionnel(OrganisationFactory(conseil_departemental=True), Role.DECIDEUR_DEPARTEMENTAL)

    def rendre(user):
        requete = rf.get("/")
        requete.user = user
        return gabarit.render(Context({"request": requete, "personne": personne}))

    assert rendre(conseiller) == "[True]"
    assert rendre(decideur) == "[False]"
