"""Sending the webhooks' outbox (``LivraisonWebhook``): one row at a time, under its row lock, at most once.

Mirrors ``francetravail/notifications/dispatch.py``: :func:`livrer` is what the Celery task runs right after
the business transaction commits (``evenements.emettre`` registers it); :func:`balayer` is what beat runs
every minute to pick up whatever was left pending (broker down at commit time, retry due, worker killed
mid-send). Both are safe to run at the same time, in as many workers as you like.
"""

import ipaddress
import json
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from francetravail.partenaires import signature
from francetravail.partenaires.enums import StatutLivraison
from francetravail.partenaires.models import LivraisonWebhook

logger = logging.getLogger(__name__)

# Backoff after a failed attempt: 1 min, 2, 4, 8… doubling, capped at 6 h. With WEBHOOKS_MAX_TENTATIVES = 12
# (the default), the last attempt comes about 1 + 2 + … + 256 min + 3 × 6 h ≈ 26.5 h after the first:
# a receiver down for a day (a weekend's maintenance is not covered: replay from the back-office) still
# gets the event, and a dead URL stops being called.
DELAI_INITIAL = timedelta(minutes=1)
DELAI_MAX = timedelta(hours=6)
# (connect, read) seconds: a receiver must answer quickly (process the event later, on its side).
DELAIS_HTTP = (5, 10)
# A sweep stops taking new rows after this long (beat runs it again a minute later); with one request's
# worst case (DELAIS_HTTP) it stays under CELERY_TASK_SOFT_TIME_LIMIT (60 s).
DUREE_MAX_BALAYAGE = 40
LONGUEUR_MAX_ERREUR = 500


class AdresseRefusee(Exception):
    """The subscription's URL may not be called (scheme, or an address inside our network): no retry helps."""


def max_tentatives():
    return settings.WEBHOOKS_MAX_TENTATIVES


def delai_avant_tentative(tentatives):
    """Wait after the ``tentatives``-th failed attempt: 1 min, 2, 4, … doubling up to 6 h (the cap)."""
    if tentatives < 1:
        raise ValueError("tentatives commence à 1")
    return min(DELAI_INITIAL * 2 ** min(tentatives - 1, 16), DELAI_MAX)


# -- which addresses may be called -------------------------------------------------------------------------


def hote_local_autorise(hote):
    """``hote`` is one of WEBHOOKS_HOTES_LOCAUX_AUTORISES (empty in production; 127.0.0.1 in tests, in DEBUG)."""
    return (hote or "").lower() in {h.lower() for h in settings.WEBHOOKS_HOTES_LOCAUX_AUTORISES}


def verifier_url(url):
    """Raises :class:`AdresseRefusee` unless ``url`` may be called; checked at subscription and at each sending.

    A subscription's URL is typed by a partner's administrator: without this check the platform could be made
    to call its own internal services (the database, Redis, a cloud provider's metadata endpoint at
    169.254.169.254) and report their answers' codes in the delivery log (server-side request forgery). So:
    only http(s); https unless the host is explicitly allowed (tests, DEBUG); and every address the name
    resolves to must be a public one, unless the host is in WEBHOOKS_HOTES_LOCAUX_AUTORISES. The name is
    resolved again at each sending, as the DNS answer may change after the subscription was saved (a
    rebinding between this check and the connection remains possible; redirects are never followed).
    """
    parties = urlsplit(url)
    hote = parties.hostname
    if parties.scheme not in ("http", "https") or not hote:
        raise AdresseRefusee("Seules les adresses http(s) peuvent recevoir des webhooks.")
    local_autorise = hote_local_autorise(hote)
    if parties.scheme != "https" and not local_autorise:
        raise AdresseRefusee("L'adresse de réception doit être en https.")
    if local_autorise:
        return
    try:
        adresses = {info[4][0] for info in socket.getaddrinfo(hote, parties.port or 443, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError) as exc:
        raise AdresseRefusee(f"Nom d'hôte introuvable : {hote}.") from exc
    for adresse in adresses:
        if not ipaddress.ip_address(adresse.split("%")[0]).is_global:
            raise AdresseRefusee(f"L'adresse {hote} désigne un réseau privé ou local : refusée.")


# -- what is sent ------------------------------------------------------------------------------------------


def corps(livraison):
    """The JSON body (bytes): the event's id, its name, when it happened, and its data (ids, statuses, paths)."""
    return json.dumps(
        {
            "id": str(livraison.identifiant),
            "evenement": livraison.evenement,
            "cree_le": livraison.cree_le,
            "donnees": livraison.charge,
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def entetes(livraison, contenu, *, horodatage):
    """The headers of one attempt: the id is the delivery's (the same on every attempt), the timestamp this one's."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Reseau-France-Travail-Webhooks/1",
        signature.ENTETE_ID: str(livraison.identifiant),
        signature.ENTETE_EVENEMENT: livraison.evenement,
        signature.ENTETE_HORODATAGE: str(horodatage),
        signature.ENTETE_SIGNATURE: signature.PREFIXE
        + signature.signer(livraison.abonnement.secret, horodatage, contenu),
    }


class ReponseRefusee(Exception):
    def __init__(self, code):
        super().__init__(f"Réponse HTTP {code}")
        self.code = code


def _poster(livraison):
    verifier_url(livraison.abonnement.url)
    contenu = corps(livraison)
    with requests.Session() as session:
        # No proxy from the environment: the address checked above is the one called.
        session.trust_env = False
        reponse = session.post(
            livraison.abonnement.url,
            data=contenu,
            headers=entetes(livraison, contenu, horodatage=int(time.time())),
            timeout=DELAIS_HTTP,
            # A redirect could point anywhere (verifier_url's check would be bypassed): a 3xx is a failure.
            allow_redirects=False,
            stream=True,  # the receiver's answer is not read: only its status code counts
        )
        reponse.close()
    if not 200 <= reponse.status_code < 300:
        raise ReponseRefusee(reponse.status_code)
    return reponse.status_code


# -- sending -----------------------------------------------------------------------------------------------


# What one call of :func:`_livrer` did (None: nothing to do).
LIVREE, REFUSEE = "livree", "refusee"


def livrer(livraison_id):
    """Sends one pending, due delivery; returns True if this call delivered it (:func:`_livrer`)."""
    return _livrer(livraison_id) == LIVREE


def _livrer(livraison_id):
    """Sends one pending, due delivery; returns LIVREE, REFUSEE (an attempt failed) or None (nothing to do).

    At most once at a time: the row is taken with ``SELECT … FOR UPDATE SKIP LOCKED`` and the request is made
    *while holding that row lock*, then the row is marked ``LIVREE`` in the same transaction. A second worker
    running this at the same time skips the locked row; one running it afterwards no longer finds it pending
    or due. A worker killed mid-send drops its connection: PostgreSQL releases the lock with the row still
    pending, and the next sweep sends it again — with the same ``X-Webhook-Id``, so a receiver that dedupes
    processes it once (webhooks are « at least once »).

    A failure (a non-2xx answer, a timeout, a refused connection) is recorded, never raised: ``tentatives``
    + 1, the code and the error (never the body we sent), and a next attempt after the backoff
    (:func:`delai_avant_tentative`); at WEBHOOKS_MAX_TENTATIVES attempts, or for a URL that may not be called,
    the delivery is ``ECHEC`` (the organisation's admin can replay it from the back-office).
    """
    with transaction.atomic():
        livraison = (
            LivraisonWebhook.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
            .select_related("abonnement")
            .filter(pk=livraison_id, statut=StatutLivraison.EN_ATTENTE, prochaine_tentative__lte=timezone.now())
            .first()
        )
        if livraison is None:
            return None  # delivered or given up, being sent by another worker, or not due yet
        if not livraison.abonnement.actif:
            _noter_echec(livraison, AdresseRefusee("Abonnement désactivé : livraison abandonnée."))
            return REFUSEE
        try:
            code = _poster(livraison)
        except SoftTimeLimitExceeded as exc:
            # A receiver that holds the connection until the task's time limit (headers sent one byte at a time
            # beat the read timeout): the attempt counts, with its backoff, and the task stops once it is recorded.
            # Rolled back, the row would stay due and hold every sweep for a whole time limit, again and again.
            _noter_echec(livraison, exc)
            limite_atteinte = exc
        except Exception as exc:  # noqa: BLE001 - any failure of the receiver is retried later, never raised
            _noter_echec(livraison, exc)
            return REFUSEE
        else:
            limite_atteinte = None
            livraison.statut = StatutLivraison.LIVREE
            livraison.livree_le = timezone.now()
            livraison.tentatives += 1
            livraison.dernier_code_http = code
            livraison.derniere_erreur = ""
            livraison.save(update_fields=["statut", "livree_le", "tentatives", "dernier_code_http", "derniere_erreur"])
    if limite_atteinte is not None:
        raise limite_atteinte  # after the commit of the attempt
    logger.info("Webhook %s (%s) livré.", livraison.identifiant, livraison.evenement)
    return LIVREE


def _message_erreur(exc):
    # The exception's class and message only (requests' messages name the URL, never the body sent).
    if isinstance(exc, (ReponseRefusee, AdresseRefusee)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _noter_echec(livraison, exc):
    livraison.tentatives += 1
    livraison.dernier_code_http = exc.code if isinstance(exc, ReponseRefusee) else None
    livraison.derniere_erreur = _message_erreur(exc)[:LONGUEUR_MAX_ERREUR]
    if isinstance(exc, AdresseRefusee) or livraison.tentatives >= max_tentatives():
        livraison.statut = StatutLivraison.ECHEC
        logger.error(
            "Webhook %s abandonné après %s tentative(s) : %s",
            livraison.identifiant,
            livraison.tentatives,
            livraison.derniere_erreur,
        )
    else:
        livraison.prochaine_tentative = timezone.now() + delai_avant_tentative(livraison.tentatives)
        logger.warning(
            "Webhook %s : tentative %s en échec (%s), nouvel essai à %s.",
            livraison.identifiant,
            livraison.tentatives,
            livraison.derniere_erreur,
            livraison.prochaine_tentative.isoformat(),
        )
    livraison.save(
        update_fields=["tentatives", "dernier_code_http", "derniere_erreur", "statut", "prochaine_tentative"]
    )


def balayer(limit=200, duree_max=DUREE_MAX_BALAYAGE):
    """Sends the due pending deliveries, oldest due first, at most ``limit``; returns how many were delivered.

    Runs :func:`livrer` in this worker rather than re-queuing tasks: the broker may be the very thing that
    failed, and :func:`livrer` is safe to run concurrently. A subscription whose receiver has just refused or
    timed out is not called again in this sweep: a receiver down costs one attempt (and at most one timeout)
    per sweep, and the other organisations' deliveries are not held behind it.
    """
    lignes = list(
        LivraisonWebhook.objects.filter(statut=StatutLivraison.EN_ATTENTE, prochaine_tentative__lte=timezone.now())
        .order_by("prochaine_tentative", "pk")
        .values_list("pk", "abonnement_id")[:limit]
    )
    fin = time.monotonic() + duree_max
    livrees = 0
    en_echec = set()
    for livraison_id, abonnement_id in lignes:
        if time.monotonic() > fin:
            logger.info("Balayage des webhooks interrompu après %s s : le suivant reprendra.", duree_max)
            break
        if abonnement_id in en_echec:
            continue
        resultat = _livrer(livraison_id)
        livrees += resultat == LIVREE
        if resultat == REFUSEE:
            en_echec.add(abonnement_id)
    return livrees
