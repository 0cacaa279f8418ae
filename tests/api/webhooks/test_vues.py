"""The back-office pages of an organisation's webhooks: subscribe (secret shown once), regenerate, deactivate, read
the delivery log, replay. Only an active admin_organisation of that organisation; everyone else gets a 404 and
changes nothing."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.partenaires.enums import EvenementWebhook as E
from francetravail.partenaires.enums import StatutLivraison
from francetravail.partenaires.livraison import livrer
from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.partenaires.signature import SignatureInvalide, verifier
from francetravail.partenaires.views.webhooks import LIVRAISONS_PAR_PAGE
from francetravail.reseau.enums import Role
from tests.api.webhooks.outils import abonner, livraison
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.recepteur_webhooks import Recepteur


@pytest.fixture
def org():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def admin(org):
    return professionnel(org, role=Role.ADMIN_ORGANISATION)


def connecte(client, user):
    client.force_login(user)
    return client


def secret_affiche(reponse):
    return re.search(r'id="secret-webhook"[^>]*>([^<]+)<', reponse.content.decode()).group(1)


def echouee(abonnement, **champs):
    une = livraison(abonnement)
    valeurs = {"statut": StatutLivraison.ECHEC, "tentatives": 12, "dernier_code_http": 503, **champs}
    LivraisonWebhook.objects.filter(pk=une.pk).update(derniere_erreur="Réponse HTTP 503", **valeurs)
    return LivraisonWebhook.objects.get(pk=une.pk)


# --- Subscribing ----------------------------------------------------------------------------------


def test_l_administrateur_s_abonne_et_voit_le_secret_une_seule_fois(client, org, admin):
    connecte(client, admin)
    url = reverse("backoffice:webhook_nouveau", kwargs={"pk": org.pk})
    assert client.get(url).status_code == 200
    reponse = client.post(
        url, {"url": "http://127.0.0.1:8765/recepteur", "evenements": [E.RENDEZVOUS_PRIS, E.CONTRAT_SIGNE]}
    )
    assert reponse.status_code == 200
    assert "no-cache" in reponse["Cache-Control"] or "no-store" in reponse["Cache-Control"]
    abonnement = AbonnementWebhook.objects.get(organisation=org)
    assert secret_affiche(reponse) == abonnement.secret
    assert abonnement.evenements == sorted([E.RENDEZVOUS_PRIS, E.CONTRAT_SIGNE])
    assert abonnement.cree_par == admin
    assert AuditEvent.objects.filter(event_type=TypeEvenement.ABONNEMENT_WEBHOOK_CREE, organisation=org).count() == 1

    liste = client.get(reverse("backoffice:webhooks", kwargs={"pk": org.pk}))
    contenu = liste.content.decode()
    assert abonnement.secret not in contenu
    assert "Rendez-vous pris" in contenu and "Contrat d&#x27;engagement signé" in contenu


@pytest.mark.parametrize(
    ("adresse", "message"),
    [
        ("http://10.0.0.5/webhooks", "https"),
        ("https://10.0.0.5/webhooks", "réseau privé ou local"),
        ("https://169.254.169.254/latest/", "réseau privé ou local"),
        ("ftp://exemple.fr/webhooks", "Seules les adresses http(s)"),
    ],
)
def test_une_adresse_interdite_est_refusee_sans_rien_creer(client, org, admin, adresse, message):
    connecte(client, admin)
    reponse = client.post(
        reverse("backoffice:webhook_nouveau", kwargs={"pk": org.pk}),
        {"url": adresse, "evenements": [E.RENDEZVOUS_PRIS]},
    )
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not AbonnementWebhook.objects.filter(organisation=org).exists()


def test_il_faut_choisir_au_moins_un_evenement(client, org, admin):
    connecte(client, admin)
    reponse = client.post(
        reverse("backoffice:webhook_nouveau", kwargs={"pk": org.pk}),
        {"url": "http://127.0.0.1:8765/", "evenements": []},
    )
    assert "Choisissez au moins un événement." in reponse.content.decode()
    assert not AbonnementWebhook.objects.exists()


def test_regenerer_le_secret_le_montre_une_fois_et_l_ancien_ne_signe_plus(client, org, admin):
    abonnement, _ = abonner(org)
    ancien = abonnement.secret
    connecte(client, admin)
    reponse = client.post(reverse("backoffice:webhook_secret", kwargs={"pk": org.pk, "abonnement_pk": abonnement.pk}))
    assert reponse.status_code == 200
    abonnement.refresh_from_db()
    assert abonnement.secret != ancien
    assert secret_affiche(reponse) == abonnement.secret
    assert AuditEvent.objects.filter(
        event_type=TypeEvenement.ABONNEMENT_WEBHOOK_MODIFIE, data__modification="secret_regenere"
    ).exists()


def test_desactiver_arrete_les_livraisons(client, org, admin):
    abonnement, _ = abonner(org, evenements=[E.RENDEZVOUS_PRIS])
    connecte(client, admin)
    reponse = client.post(
        reverse("backoffice:webhook_desactiver", kwargs={"pk": org.pk, "abonnement_pk": abonnement.pk})
    )
    assert reponse.status_code == 302
    abonnement.refresh_from_db()
    assert abonnement.actif is False
    from francetravail.partenaires.evenements import emettre

    assert emettre(E.RENDEZVOUS_PRIS, organisation_ids=[org.pk], donnees={"rendezvous": 1}) == []


# --- Who may ---------------------------------------------------------------------------------------


def _refuses(org):
    autre = OrganisationFactory()
    inactif = professionnel(org, role=Role.ADMIN_ORGANISATION)
    inactif.is_active = False
    inactif.save(update_fields=["is_active"])
    retire = professionnel(org, role=Role.ADMIN_ORGANISATION)
    retire.memberships.update(actif=False)
    return {
        "conseiller": professionnel(org, role=Role.CONSEILLER),
        "admin d'une autre organisation": professionnel(autre, role=Role.ADMIN_ORGANISATION),
        "administrateur national": UserFactory(professionnel=True, is_staff=True, is_superuser=True),
        "compte désactivé": inactif,
        "rattachement retiré": retire,
        "personne": UserFactory(),
    }


@pytest.mark.parametrize(
    "qui",
    [
        "conseiller",
        "admin d'une autre organisation",
        "administrateur national",
        "compte désactivé",
        "rattachement retiré",
        "personne",
    ],
)
def test_seul_un_administrateur_actif_de_l_organisation_entre_et_les_refus_ne_changent_rien(client, org, qui):
    abonnement, _ = abonner(org)
    une = echouee(abonnement)
    user = _refuses(org)[qui]
    client.force_login(user)
    lectures = [
        reverse("backoffice:webhooks", kwargs={"pk": org.pk}),
        reverse("backoffice:webhook_nouveau", kwargs={"pk": org.pk}),
        reverse("backoffice:webhook_livraisons", kwargs={"pk": org.pk}),
        reverse("backoffice:webhook_livraison", kwargs={"pk": org.pk, "livraison_pk": une.pk}),
    ]
    ecritures = [
        reverse("backoffice:webhook_nouveau", kwargs={"pk": org.pk}),
        reverse("backoffice:webhook_secret", kwargs={"pk": org.pk, "abonnement_pk": abonnement.pk}),
        reverse("backoffice:webhook_desactiver", kwargs={"pk": org.pk, "abonnement_pk": abonnement.pk}),
        reverse("backoffice:webhook_rejouer", kwargs={"pk": org.pk, "livraison_pk": une.pk}),
    ]
    for url in lectures:
        reponse = client.get(url)
        assert reponse.status_code in (404, 302), url
        if reponse.status_code == 302:  # a deactivated account is logged out
            assert "login" in reponse["Location"]
    for url in ecritures:
        assert client.post(url, {"url": "http://127.0.0.1:1/", "evenements": [E.RENDEZVOUS_PRIS]}).status_code in (
            404,
            302,
        )
    avant = (abonnement.secret, abonnement.actif)
    abonnement.refresh_from_db()
    assert (abonnement.secret, abonnement.actif) == avant
    assert AbonnementWebhook.objects.count() == 1
    assert LivraisonWebhook.objects.get(pk=une.pk).statut == StatutLivraison.ECHEC
    assert not AuditEvent.objects.filter(
        event_type__in=[TypeEvenement.ABONNEMENT_WEBHOOK_MODIFIE, TypeEvenement.LIVRAISON_WEBHOOK_REJOUEE]
    ).exists()


def test_une_livraison_ou_un_abonnement_d_une_autre_organisation_est_un_404(client, org, admin):
    ailleurs, _ = abonner(OrganisationFactory())
    sienne = echouee(ailleurs)
    connecte(client, admin)
    assert (
        client.get(
            reverse("backoffice:webhook_livraison", kwargs={"pk": org.pk, "livraison_pk": sienne.pk})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("backoffice:webhook_rejouer", kwargs={"pk": org.pk, "livraison_pk": sienne.pk})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("backoffice:webhook_desactiver", kwargs={"pk": org.pk, "abonnement_pk": ailleurs.pk})
        ).status_code
        == 404
    )
    assert client.get(reverse("backoffice:webhooks", kwargs={"pk": 999_999})).status_code == 404
    assert LivraisonWebhook.objects.get(pk=sienne.pk).statut == StatutLivraison.ECHEC
    assert AbonnementWebhook.objects.get(pk=ailleurs.pk).actif is True


def test_l_anonyme_est_envoye_a_la_connexion(client, org):
    reponse = client.get(reverse("backoffice:webhooks", kwargs={"pk": org.pk}))
    assert reponse.status_code == 302
    assert reverse("account_login") in reponse["Location"]


# --- The delivery log and replay ----------------------------------------------------------------


def test_le_journal_filtre_par_statut_et_evenement_et_pagine(client, org, admin, django_assert_max_num_queries):
    abonnement, _ = abonner(org)
    for _ in range(LIVRAISONS_PAR_PAGE):
        echouee(abonnement)
    livraison(abonnement, E.CONTRAT_SIGNE)
    connecte(client, admin)
    url = reverse("backoffice:webhook_livraisons", kwargs={"pk": org.pk})
    with django_assert_max_num_queries(25):
        reponse = client.get(url)
    assert reponse.context["page"].paginator.num_pages == 2  # 51 rows, 50 a page
    assert client.get(url, {"statut": "echec"}).context["page"].paginator.num_pages == 1  # exactly 50
    filtre = client.get(url, {"evenement": E.CONTRAT_SIGNE}).context["page"]
    assert [une.evenement for une in filtre.object_list] == [E.CONTRAT_SIGNE]
    assert client.get(url, {"statut": "livree"}).context["page"].paginator.count == 0


def test_le_journal_a_un_nombre_de_requetes_fixe(client, org, admin, django_assert_max_num_queries):
    abonnement, _ = abonner(org)
    connecte(client, admin)
    url = reverse("backoffice:webhook_livraisons", kwargs={"pk": org.pk})
    echouee(abonnement)
    with django_assert_max_num_queries(25) as peu:
        client.get(url)
    for _ in range(20):
        echouee(abonnement)
    with django_assert_max_num_queries(len(peu.captured_queries)):
        client.get(url)


def test_le_detail_montre_tentatives_code_erreur_et_dates(client, org, admin):
    abonnement, _ = abonner(org)
    une = echouee(abonnement)
    connecte(client, admin)
    contenu = client.get(
        reverse("backoffice:webhook_livraison", kwargs={"pk": org.pk, "livraison_pk": une.pk})
    ).content.decode()
    assert str(une.identifiant) in contenu
    assert "Réponse HTTP 503" in contenu
    assert "503" in contenu and ">12<" in contenu
    assert "Rejouer" in contenu


def test_rejouer_remet_la_meme_livraison_en_attente_et_l_audit_le_dit(client, org, admin):
    abonnement, _ = abonner(org)
    une = echouee(abonnement)
    connecte(client, admin)
    url = reverse("backoffice:webhook_rejouer", kwargs={"pk": org.pk, "livraison_pk": une.pk})
    assert client.post(url).status_code == 302
    rejouee = LivraisonWebhook.objects.get(pk=une.pk)
    assert (rejouee.statut, rejouee.tentatives, rejouee.identifiant) == (
        StatutLivraison.EN_ATTENTE,
        0,
        une.identifiant,
    )
    assert rejouee.prochaine_tentative <= timezone.now()
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.LIVRAISON_WEBHOOK_REJOUEE)
    assert (evenement.acting_user, evenement.organisation) == (admin, org)
    assert evenement.data["livraison"] == str(une.identifiant)
    assert evenement.data["statut_precedent"] == StatutLivraison.ECHEC

    # Already pending: refused, nothing changes.
    reponse = client.post(url, follow=True)
    assert "déjà en attente" in reponse.content.decode()
    assert AuditEvent.objects.filter(event_type=TypeEvenement.LIVRAISON_WEBHOOK_REJOUEE).count() == 1


def test_rejouer_la_livraison_d_un_abonnement_desactive_est_refuse(client, org, admin):
    abonnement, _ = abonner(org)
    une = echouee(abonnement)
    AbonnementWebhook.objects.filter(pk=abonnement.pk).update(actif=False)
    connecte(client, admin)
    reponse = client.post(
        reverse("backoffice:webhook_rejouer", kwargs={"pk": org.pk, "livraison_pk": une.pk}), follow=True
    )
    assert "désactivé" in reponse.content.decode()
    assert LivraisonWebhook.objects.get(pk=une.pk).statut == StatutLivraison.ECHEC


def test_webhook_rejoue_meme_identifiant_ignore_par_le_recepteur_et_capture_perimee_refusee(client, org, admin):
    """« Replayed webhook »: the same delivery re-sent (back-office replay) carries the same id and a receiver that
    dedupes processes it once; a captured delivery re-sent later with its old timestamp is refused."""
    with Recepteur() as recepteur:
        abonnement, _ = abonner(org, recepteur=recepteur)
        une = livraison(abonnement, donnees={"rendezvous": 40})
        assert livrer(une.pk) is True
        connecte(client, admin)
        client.post(reverse("backoffice:webhook_rejouer", kwargs={"pk": org.pk, "livraison_pk": une.pk}))
        time.sleep(1.1)  # the replay's timestamp is a later second
        assert livrer(une.pk) is True

    premiere, rejouee = recepteur.recues
    assert premiere["entetes"]["X-Webhook-Id"] == rejouee["entetes"]["X-Webhook-Id"] == str(une.identifiant)
    assert int(rejouee["entetes"]["X-Webhook-Horodatage"]) > int(premiere["entetes"]["X-Webhook-Horodatage"])
    assert [r["code"] for r in recepteur.recues] == [200, 200]
    assert len(recepteur.traitees) == 1  # processed once

    capture = premiere
    horodatage = int(capture["entetes"]["X-Webhook-Horodatage"])
    with pytest.raises(SignatureInvalide, match="tolérance"):
        verifier(recepteur.secret, capture["entetes"], capture["corps"], maintenant=horodatage + 301)


# --- The dashboard --------------------------------------------------------------------------------


def test_le_tableau_de_bord_compte_les_livraisons_en_echec_pour_l_administrateur(client, org, admin):
    abonnement, _ = abonner(org)
    connecte(client, admin)
    accueil = reverse("backoffice:accueil")
    contenu = client.get(accueil).content.decode()
    assert f"Webhooks de {org.nom}" in contenu
    assert "en échec" not in contenu
    echouee(abonnement)
    echouee(abonnement)
    livraison(abonnement)  # pending: not work to do
    contenu = client.get(accueil).content.decode()
    assert "2 livraisons en échec à rejouer" in contenu

    client.force_login(professionnel(org, role=Role.CONSEILLER))
    assert "Webhooks de" not in client.get(accueil).content.decode()


def test_un_rejeu_part_apres_le_commit(client, org, admin, django_capture_on_commit_callbacks):
    abonnement, _ = abonner(org)
    une = echouee(abonnement, prochaine_tentative=timezone.now() + timedelta(days=1))
    connecte(client, admin)
    with django_capture_on_commit_callbacks() as rappels:
        client.post(reverse("backoffice:webhook_rejouer", kwargs={"pk": org.pk, "livraison_pk": une.pk}))
    assert len(rappels) == 1
