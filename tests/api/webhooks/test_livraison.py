"""Delivering the webhooks' outbox to a real receiver (tests/recepteur_webhooks.py): signed, retried with
backoff, given up after WEBHOOKS_MAX_TENTATIVES, never to an address inside our network, swept by beat."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from francetravail.partenaires import livraison as envoi
from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison
from francetravail.partenaires.livraison import AdresseRefusee, balayer, delai_avant_tentative, livrer, verifier_url
from francetravail.partenaires.models import LivraisonWebhook
from francetravail.partenaires.signature import verifier
from tests.api.webhooks.outils import abonner, livraison
from tests.recepteur_webhooks import Recepteur


def _rendre_due(une):
    LivraisonWebhook.objects.filter(pk=une.pk).update(prochaine_tentative=timezone.now())


def test_une_livraison_est_postee_signee_puis_livree():
    with Recepteur() as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement, donnees={"rendezvous": 40, "lien": "/api/v1/rendezvous/40/"})
        avant = int(time.time())
        assert livrer(une.pk) is True

    (recue,) = recepteur.recues
    assert recue["code"] == 200
    entetes = recue["entetes"]
    assert entetes["Content-Type"] == "application/json"
    assert entetes["X-Webhook-Id"] == str(une.identifiant)
    assert entetes["X-Webhook-Evenement"] == "rendezvous.pris"
    assert avant <= int(entetes["X-Webhook-Horodatage"]) <= int(time.time())
    assert verifier(recepteur.secret, entetes, recue["corps"], maintenant=time.time()) == str(une.identifiant)
    corps = json.loads(recue["corps"])
    assert corps["id"] == str(une.identifiant)
    assert corps["evenement"] == "rendezvous.pris"
    assert corps["donnees"] == {"rendezvous": 40, "lien": "/api/v1/rendezvous/40/"}

    une.refresh_from_db()
    assert une.statut == StatutLivraison.LIVREE
    assert une.tentatives == 1
    assert une.dernier_code_http == 200
    assert une.livree_le is not None
    # Delivered: a second call (a duplicate task, the sweep) sends nothing.
    assert livrer(une.pk) is False


def test_un_refus_est_retente_avec_le_meme_identifiant_apres_le_delai():
    with Recepteur(echecs=1) as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement, donnees={"rendezvous": 40})
        assert livrer(une.pk) is False
        une.refresh_from_db()
        assert (une.statut, une.tentatives, une.dernier_code_http) == (StatutLivraison.EN_ATTENTE, 1, 500)
        assert une.derniere_erreur == "Réponse HTTP 500"
        assert '"rendezvous"' not in une.derniere_erreur  # never the body we sent
        attendu = timezone.now() + timedelta(minutes=1)
        assert abs((une.prochaine_tentative - attendu).total_seconds()) < 5

        assert livrer(une.pk) is False  # not due yet: nothing sent
        assert len(recepteur.recues) == 1

        _rendre_due(une)
        assert livrer(une.pk) is True

    premiere, seconde = recepteur.recues
    assert premiere["entetes"]["X-Webhook-Id"] == seconde["entetes"]["X-Webhook-Id"] == str(une.identifiant)
    une.refresh_from_db()
    assert (une.statut, une.tentatives, une.dernier_code_http, une.derniere_erreur) == (
        StatutLivraison.LIVREE,
        2,
        200,
        "",
    )


@pytest.mark.parametrize(("tentatives", "delai"), [(1, 1), (2, 2), (3, 4), (9, 256), (10, 360), (12, 360), (40, 360)])
def test_le_delai_double_a_partir_d_une_minute_jusqu_a_six_heures(tentatives, delai):
    assert delai_avant_tentative(tentatives) == timedelta(minutes=delai)


def test_le_delai_commence_a_la_premiere_tentative():
    with pytest.raises(ValueError, match="commence à 1"):
        delai_avant_tentative(0)


@pytest.mark.parametrize(("max_tentatives", "statut"), [(2, StatutLivraison.ECHEC), (3, StatutLivraison.EN_ATTENTE)])
def test_abandon_au_nombre_maximal_de_tentatives(settings, max_tentatives, statut):
    settings.WEBHOOKS_MAX_TENTATIVES = max_tentatives
    with Recepteur(echecs=10) as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        livrer(une.pk)
        _rendre_due(une)
        livrer(une.pk)
    une.refresh_from_db()
    assert (une.tentatives, une.statut) == (2, statut)
    # Given up: the sweep leaves it alone.
    if statut == StatutLivraison.ECHEC:
        _rendre_due(une)
        assert livrer(une.pk) is False
        assert len(recepteur.recues) == 2


def test_une_redirection_n_est_pas_suivie():
    with Recepteur(echecs=1, code_echec=302) as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        assert livrer(une.pk) is False
    une.refresh_from_db()
    assert (une.statut, une.dernier_code_http) == (StatutLivraison.EN_ATTENTE, 302)


def test_un_recepteur_trop_lent_ou_injoignable_est_retente(monkeypatch):
    monkeypatch.setattr(envoi, "DELAIS_HTTP", (1, 0.3))
    with Recepteur(attente=1) as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        lente = livraison(abonnement)
        assert livrer(lente.pk) is False
    lente.refresh_from_db()
    assert (lente.statut, lente.tentatives, lente.dernier_code_http) == (StatutLivraison.EN_ATTENTE, 1, None)
    assert "Timeout" in lente.derniere_erreur

    # The receiver is gone: connection refused on its port.
    _rendre_due(lente)
    assert livrer(lente.pk) is False
    lente.refresh_from_db()
    assert lente.tentatives == 2
    assert "ConnectionError" in lente.derniere_erreur
    assert len(lente.derniere_erreur) <= envoi.LONGUEUR_MAX_ERREUR


@pytest.mark.parametrize(
    "url",
    [
        "ftp://partenaire.example/webhooks",
        "http://93.184.215.14/webhooks",  # public, but http
        "https://10.1.2.3/webhooks",
        "https://192.168.0.10/webhooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/webhooks",
        "https://127.0.0.2/webhooks",  # loopback, not the host the tests allow
        "https://localhost/webhooks",
    ],
)
def test_une_adresse_interne_ou_non_https_est_refusee(url):
    with pytest.raises(AdresseRefusee):
        verifier_url(url)


def test_une_adresse_publique_en_https_est_acceptee_et_127_0_0_1_seulement_si_autorise(settings):
    verifier_url("https://93.184.215.14/webhooks")  # an address literal: no DNS needed
    verifier_url("http://127.0.0.1:8000/webhooks")
    settings.WEBHOOKS_HOTES_LOCAUX_AUTORISES = []
    with pytest.raises(AdresseRefusee):
        verifier_url("http://127.0.0.1:8000/webhooks")
    with pytest.raises(AdresseRefusee):
        verifier_url("https://127.0.0.1:8000/webhooks")


def test_une_livraison_vers_une_adresse_devenue_interdite_est_abandonnee_sans_appel(settings):
    with Recepteur() as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        settings.WEBHOOKS_HOTES_LOCAUX_AUTORISES = []  # production: 127.0.0.1 refused
        assert livrer(une.pk) is False
    assert recepteur.recues == []
    une.refresh_from_db()
    assert une.statut == StatutLivraison.ECHEC
    assert "en https" in une.derniere_erreur


def test_la_livraison_d_un_abonnement_desactive_est_abandonnee_sans_appel():
    with Recepteur() as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        abonnement.actif = False
        abonnement.save(update_fields=["actif"])
        assert livrer(une.pk) is False
    assert recepteur.recues == []
    une.refresh_from_db()
    assert une.statut == StatutLivraison.ECHEC


def test_le_balayage_envoie_les_livraisons_dues_par_lots_bornes_et_deux_balayages_n_envoient_rien_deux_fois():
    with Recepteur() as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        dues = [livraison(abonnement) for _ in range(3)]
        plus_tard = livraison(abonnement)
        LivraisonWebhook.objects.filter(pk=plus_tard.pk).update(
            prochaine_tentative=timezone.now() + timedelta(minutes=5)
        )

        assert balayer(limit=2) == 2
        assert balayer(limit=2) == 1
        assert balayer(limit=2) == 0
    assert sorted(r["entetes"]["X-Webhook-Id"] for r in recepteur.recues) == sorted(str(d.identifiant) for d in dues)
    assert LivraisonWebhook.objects.get(pk=plus_tard.pk).statut == StatutLivraison.EN_ATTENTE


def test_le_balayage_s_arrete_a_sa_duree_maximale():
    with Recepteur() as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        for _ in range(2):
            livraison(abonnement)
        assert balayer(duree_max=-1) == 0
        assert recepteur.recues == []


def test_emettre_envoie_apres_le_commit(django_capture_on_commit_callbacks, taches_immediates):
    with Recepteur() as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur, evenements=[EvenementWebhook.CONTRAT_SIGNE])
        with django_capture_on_commit_callbacks(execute=True):
            livraison(abonnement, EvenementWebhook.CONTRAT_SIGNE, {"contrat": 7})
            assert recepteur.recues == []  # nothing before the commit
    assert [r["entetes"]["X-Webhook-Evenement"] for r in recepteur.recues] == ["contrat.signe"]
    assert LivraisonWebhook.objects.get(abonnement=abonnement).statut == StatutLivraison.LIVREE


def test_un_recepteur_qui_retient_la_connexion_jusqu_a_la_limite_de_la_tache_compte_une_tentative():
    """Celery's soft time limit raises SoftTimeLimitExceeded from a signal handler in the worker; a receiver that
    holds the connection until then must cost an attempt (backoff, then ECHEC), or the row would stay due and
    hold every sweep for a whole time limit, again and again."""
    import signal

    from celery.exceptions import SoftTimeLimitExceeded

    def limite(_signum, _frame):
        raise SoftTimeLimitExceeded

    with Recepteur(attente=3) as recepteur:
        abonnement, _admin = abonner(recepteur=recepteur)
        une = livraison(abonnement)
        ancien = signal.signal(signal.SIGALRM, limite)
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        try:
            with pytest.raises(SoftTimeLimitExceeded):
                livrer(une.pk)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, ancien)
    une.refresh_from_db()
    assert (une.statut, une.tentatives) == (StatutLivraison.EN_ATTENTE, 1)
    assert "SoftTimeLimitExceeded" in une.derniere_erreur
    assert une.prochaine_tentative > timezone.now()


def test_un_balayage_ne_rappelle_pas_un_recepteur_qui_vient_d_echouer():
    """A receiver down (or slow to time out) costs one attempt per sweep, not one per delivery due: the other
    subscriptions' deliveries are not held behind its timeouts."""
    with Recepteur(echecs=10) as en_panne, Recepteur() as sain:
        abonnement_en_panne, _ = abonner(recepteur=en_panne)
        abonnement_sain, _ = abonner(recepteur=sain)
        en_attente = [livraison(abonnement_en_panne) for _ in range(3)]
        bonne = livraison(abonnement_sain)
        assert balayer() == 1
    assert len(en_panne.recues) == 1
    assert len(sain.recues) == 1
    assert LivraisonWebhook.objects.get(pk=bonne.pk).statut == StatutLivraison.LIVREE
    tentatives = sorted(
        LivraisonWebhook.objects.filter(pk__in=[u.pk for u in en_attente]).values_list("tentatives", flat=True)
    )
    assert tentatives == [0, 0, 1]  # the two others wait for the next sweep, untouched
