"""The pages of rectification requests: the person asks, follows and reads the answer; the organisation in
charge finds the request in its queue (counted in « À faire », the overdue highlighted), reads it (logged)
and answers. Everyone else gets a 404, and a refused request changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.donnees import rectification
from francetravail.donnees.enums import CategorieDonnees, StatutRectification
from francetravail.donnees.models import DemandeRectification
from francetravail.notifications.models import Notification
from francetravail.personnes import a_faire
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

pytestmark = pytest.mark.django_db

TEXTE = "Ma date de naissance est le 3 mars 1990, pas le 3 mai."


def demander(personne, **kw):
    kw = {"acting_user": personne.user, "categorie": CategorieDonnees.IDENTITE, "texte": TEXTE} | kw
    return rectification.demander(personne, **kw)


def url_pro(demande):
    return reverse("backoffice:rectification", kwargs={"pk": demande.pk})


def test_la_personne_demande_suit_et_lit_la_reponse(client, personne, conseiller):
    client.force_login(personne.user)
    hub = client.get(reverse("donnees:mes_donnees")).content.decode()
    assert reverse("donnees:rectification_demander") in hub
    formulaire = client.get(reverse("donnees:rectification_demander")).content.decode()
    assert personne.organisme_referent.nom in formulaire and "1 mois" in formulaire
    reponse = client.post(reverse("donnees:rectification_demander"), {"categorie": "identite", "texte": TEXTE})
    demande = DemandeRectification.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("donnees:rectification", args=[demande.pk])
    page = client.get(reponse["Location"]).content.decode()
    assert "En attente de réponse" in page and "3 mai" in page
    hub = client.get(reverse("donnees:mes_donnees")).content.decode()
    assert "Identité et coordonnées" in hub and "En attente de réponse" in hub
    rectification.repondre(demande, acting_user=conseiller, statut="rectifiee", reponse="Date corrigée au 3 mars.")
    page = client.get(reverse("donnees:rectification", args=[demande.pk])).content.decode()
    assert "Données rectifiées" in page and "Date corrigée au 3 mars." in page


def test_le_formulaire_garde_la_saisie_et_dit_l_erreur(client, personne):
    client.force_login(personne.user)
    trop_long = "b" * (rectification.LONGUEUR_MAX + 1)
    page = client.post(reverse("donnees:rectification_demander"), {"categorie": "", "texte": trop_long})
    contenu = page.content.decode()
    assert page.status_code == 200 and trop_long in contenu
    assert "Choisissez les données concernées dans la liste." in contenu
    assert f"au plus {rectification.LONGUEUR_MAX} caractères" in contenu
    assert not DemandeRectification.objects.exists()


def test_la_limite_des_demandes_en_attente_s_affiche_dans_le_formulaire(client, personne):
    for _ in range(rectification.OUVERTES_MAX):
        demander(personne)
    client.force_login(personne.user)
    page = client.post(reverse("donnees:rectification_demander"), {"categorie": "autre", "texte": "Encore"})
    assert page.status_code == 200 and "déjà 5 demandes en attente" in page.content.decode()
    assert DemandeRectification.objects.count() == rectification.OUVERTES_MAX


def test_une_personne_sans_dossier_ne_peut_pas_demander(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("donnees:rectification_demander")).content.decode()
    assert "pas encore créé" in page
    assert (
        client.post(reverse("donnees:rectification_demander"), {"categorie": "autre", "texte": "x"}).status_code == 200
    )
    assert not DemandeRectification.objects.exists()


def test_la_personne_ne_lit_que_ses_demandes(client, personne):
    demande = demander(personne)
    autre = PersonneFactory(avec_compte=True, organisme_referent=personne.organisme_referent)
    client.force_login(autre.user)
    assert client.get(reverse("donnees:rectification", args=[demande.pk])).status_code == 404
    assert TEXTE not in client.get(reverse("donnees:mes_donnees")).content.decode()
    assert client.get(reverse("donnees:rectification", args=[2**63])).status_code == 404


def test_le_conseiller_trouve_la_demande_dans_a_faire_la_lit_journalisee_et_repond(client, personne, conseiller):
    demande = demander(personne)
    assert {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(conseiller)}["demandes_rectification"] == 1
    client.force_login(conseiller)
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Demandes de rectification" in accueil and reverse("backoffice:rectifications") in accueil
    file = client.get(reverse("backoffice:rectifications")).content.decode()
    assert personne.nom_naissance.upper() in file.upper() and url_pro(demande) in file
    page = client.get(url_pro(demande)).content.decode()
    assert TEXTE in page
    lecture = JournalAcces.objects.get(personne=personne, user=conseiller)
    assert lecture.partie == PartieDossier.RECTIFICATION and lecture.organisation == personne.organisme_referent
    reponse = client.post(url_pro(demande), {"statut": "refusee", "reponse": "La date du dossier est exacte."})
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.REFUSEE and demande.repondue_par == conseiller
    assert Notification.objects.filter(destinataire=personne.user).count() == 2  # e-mail and in-app
    assert {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(conseiller)}["demandes_rectification"] == 0
    traitees = client.get(reverse("backoffice:rectifications"), {"traitees": "1"}).content.decode()
    assert "Rectification refusée" in traitees
    relue = client.get(url_pro(demande)).content.decode()
    assert "La date du dossier est exacte." in relue and "Envoyer la réponse" not in relue


def test_un_refus_sans_motif_reste_dans_le_formulaire(client, personne, conseiller):
    demande = demander(personne)
    client.force_login(conseiller)
    page = client.post(url_pro(demande), {"statut": "refusee", "reponse": "   "})
    assert page.status_code == 200 and "Écrivez le message à la personne." in page.content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.OUVERTE


def test_les_demandes_en_retard_sont_en_tete_et_signalees(client, personne, conseiller):
    aujourdhui = timezone.localdate()
    a_temps, echue, en_retard = demander(personne), demander(personne), demander(personne)
    DemandeRectification.objects.filter(pk=a_temps.pk).update(echeance=aujourdhui + datetime.timedelta(days=1))
    DemandeRectification.objects.filter(pk=echue.pk).update(echeance=aujourdhui)  # due today: not late yet
    DemandeRectification.objects.filter(pk=en_retard.pk).update(echeance=aujourdhui - datetime.timedelta(days=1))
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:rectifications")).content.decode()
    assert page.index(url_pro(en_retard)) < page.index(url_pro(echue)) < page.index(url_pro(a_temps))
    assert page.count("En retard</p>") == 1 and "1 demande dépasse son échéance" in page
    assert "En retard" in client.get(url_pro(en_retard)).content.decode()
    assert "En retard" not in client.get(url_pro(echue)).content.decode()


def test_la_file_ne_montre_que_les_demandes_de_mes_organisations_et_pas_les_dossiers_archives(
    client, personne, conseiller, org
):
    mienne = demander(personne)
    ailleurs = PersonneFactory(avec_compte=True, organisme_referent=OrganisationFactory(departement_id="59"))
    autre = demander(ailleurs)
    archivee = PersonneFactory(avec_compte=True, organisme_referent=org)
    demande_archivee = demander(archivee)
    archivee.archivee_le = timezone.now()
    archivee.save(update_fields=["archivee_le"])
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:rectifications")).content.decode()
    assert url_pro(mienne) in page and url_pro(autre) not in page and url_pro(demande_archivee) not in page
    assert client.get(url_pro(autre)).status_code == 404
    assert client.get(url_pro(demande_archivee)).status_code == 404
    assert {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(conseiller)}["demandes_rectification"] == 1


@pytest.mark.parametrize(
    "qui",
    ["conseiller_autre_org", "decideur_departemental", "responsable_equipe", "pilote", "la_personne", "employeur"],
)
def test_les_autres_n_ouvrent_ni_ne_repondent(client, personne, org, qui):
    """The département's decider reads the file, the responsable d'équipe too: neither answers a request."""
    demande = demander(personne)
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    user = {
        "conseiller_autre_org": lambda: professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
        "decideur_departemental": lambda: professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
        "responsable_equipe": lambda: professionnel(org, Role.RESPONSABLE_EQUIPE),
        "pilote": lambda: professionnel(org, Role.PILOTE),
        "la_personne": lambda: personne.user,
        "employeur": lambda: UserFactory(employeur=True),
    }[qui]()
    client.force_login(user)
    assert client.get(url_pro(demande)).status_code == 404
    assert client.post(url_pro(demande), {"statut": "rectifiee", "reponse": "Corrigé."}).status_code == 404
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.OUVERTE
    assert not JournalAcces.objects.filter(user=user).exists()


def test_la_file_a_un_nombre_de_requetes_constant(client, django_assert_max_num_queries, org, conseiller):
    for _ in range(3):
        demander(PersonneFactory(avec_compte=True, organisme_referent=org))
    client.force_login(conseiller)
    client.get(reverse("backoffice:rectifications"))
    with django_assert_max_num_queries(12) as petit:
        client.get(reverse("backoffice:rectifications"))
    for _ in range(20):
        demander(PersonneFactory(avec_compte=True, organisme_referent=org))
    with django_assert_max_num_queries(len(petit.captured_queries)):
        assert client.get(reverse("backoffice:rectifications")).status_code == 200
