"""The demo's partner API (issue 20): the Nord's RSA software, a client of the API with some scopes, and
the département's webhook subscription with two deliveries (one delivered, one given up), so that the
admin's back-office pages show something and a developer can call the API at once.

The client's id and secret are fixed DEMO values, like the demo password, so ``demo_logins`` can print
them: they exist only in a demo database. Idempotent: the client is found by its id before being created.
"""

import datetime

from django.utils import timezone

from francetravail.partenaires.actions import creer_client
from francetravail.partenaires.actions_webhooks import creer_abonnement
from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison
from francetravail.partenaires.evenements import emettre
from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import Role

# Demo only, printed by `manage.py demo_logins`: never the credentials of a real client.
CLIENT_ID_DEMO = "demo-logiciel-rsa-nord"
SECRET_CLIENT_DEMO = "Demo-Secret-API-Nord-2026"
NOM_CLIENT = "Logiciel RSA du Nord (démo)"
PORTEES_DEMO = ["personnes:read", "orientation:read", "rendezvous:read", "rendezvous:write", "contrats:read"]
# A local address: the demo never sends anything off this machine (the delivery below failed there).
URL_RECEPTION_DEMO = "http://127.0.0.1:8765/webhooks/reseau/"


def charger_demo_api(departement, administrateur, personne):
    """``personne``: one the département follows, named by the two deliveries' payloads."""
    if ClientAPI.objects.filter(application__client_id=CLIENT_ID_DEMO).exists():
        return
    client, _secret = creer_client(
        departement, nom=NOM_CLIENT, role=Role.TRAVAILLEUR_SOCIAL, portees=PORTEES_DEMO, acting_user=administrateur
    )
    application = client.application
    application.client_id = CLIENT_ID_DEMO
    application.client_secret = SECRET_CLIENT_DEMO  # hashed on save, like any client's secret
    application.save(update_fields=["client_id", "client_secret"])
    ClientAPI.objects.filter(pk=client.pk).update(derniere_utilisation=timezone.now() - datetime.timedelta(hours=3))

    abonnement, _secret = creer_abonnement(
        departement,
        url=URL_RECEPTION_DEMO,
        evenements=[EvenementWebhook.PERSONNE_ORIENTEE, EvenementWebhook.RENDEZVOUS_HONORE],
        acting_user=administrateur,
    )
    hier = timezone.now() - datetime.timedelta(days=1)
    (livree,) = emettre(
        EvenementWebhook.PERSONNE_ORIENTEE,
        organisation_ids=[departement.pk],
        donnees={"personne": personne.pk, "lien": f"/api/v1/personnes/{personne.pk}/"},
    )
    livree.statut, livree.tentatives, livree.dernier_code_http, livree.livree_le = (
        StatutLivraison.LIVREE,
        1,
        200,
        hier,
    )
    livree.save(update_fields=["statut", "tentatives", "dernier_code_http", "livree_le"])
    (echouee,) = emettre(
        EvenementWebhook.RENDEZVOUS_HONORE,
        organisation_ids=[departement.pk],
        donnees={"personne": personne.pk, "lien": f"/api/v1/personnes/{personne.pk}/"},
    )
    echouee.statut, echouee.tentatives, echouee.dernier_code_http = StatutLivraison.ECHEC, 8, 503
    echouee.derniere_erreur = "Le récepteur a répondu 503 (Service Unavailable) à chacune des 8 tentatives."
    echouee.save(update_fields=["statut", "tentatives", "dernier_code_http", "derniere_erreur"])
    return abonnement
