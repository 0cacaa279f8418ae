import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison
from francetravail.reseau.enums import Role


class ClientAPI(models.Model):
    """A partner's software, calling the API for one organisation.

    Its OAuth2 application (client credentials) gives tokens; its technical account
    (``compte``, a professional account with no password and one membership in the
    organisation, with ``role``) is who the calls act as: the API goes through the same
    access gate as the pages, and the access log names this account, hence this client.
    """

    # Null for an employer's software (its recruitment tool): the company is then named by
    # ``entreprises.ClientAPIEntreprise``, and the technical account is an employer's account.
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="clients_api",
        null=True,
        blank=True,
    )
    nom = models.CharField("nom du logiciel", max_length=150)
    application = models.OneToOneField(
        "oauth2_provider.Application",
        verbose_name="application OAuth2",
        on_delete=models.PROTECT,
        related_name="client_api",
    )
    compte = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="compte technique", on_delete=models.PROTECT, related_name="client_api"
    )
    role = models.CharField("rôle des appels", max_length=40, choices=Role.choices, blank=True)
    portees = ArrayField(models.CharField(max_length=60), verbose_name="portées", default=list)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créé par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    secret_renouvele_le = models.DateTimeField("secret renouvelé le", null=True, blank=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)
    revoque_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="révoqué par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)

    class Meta:
        verbose_name = "client de l'API"
        verbose_name_plural = "clients de l'API"
        ordering = ["organisation", "nom"]

    def __str__(self):
        return f"{self.nom} ({self.organisation})"

    @property
    def actif(self):
        return self.revoque_le is None


class AbonnementWebhook(models.Model):
    """An organisation's subscription: which events, delivered to which URL, signed with which secret."""

    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="abonnements_webhook",
    )
    url = models.URLField("adresse de réception", max_length=500)
    # The HMAC-SHA256 key of the signatures; shown once to the organisation's admin.
    secret = models.CharField("secret de signature", max_length=100)
    evenements = ArrayField(
        models.CharField(max_length=40, choices=EvenementWebhook.choices), verbose_name="événements", default=list
    )
    actif = models.BooleanField("actif", default=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créé par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "abonnement aux webhooks"
        verbose_name_plural = "abonnements aux webhooks"

    def __str__(self):
        return f"{self.organisation} → {self.url}"


class LivraisonWebhook(models.Model):
    """One event for one subscription: the webhooks' outbox, and the delivery log the organisation reads."""

    abonnement = models.ForeignKey(
        AbonnementWebhook, verbose_name="abonnement", on_delete=models.CASCADE, related_name="livraisons"
    )
    # Sent as the event's id: a receiver that keeps the ids it has seen ignores a replay.
    identifiant = models.UUIDField("identifiant de l'événement", default=uuid.uuid4, unique=True)
    evenement = models.CharField("événement", max_length=40, choices=EvenementWebhook.choices)
    charge = models.JSONField("contenu", default=dict)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutLivraison.choices, default=StatutLivraison.EN_ATTENTE
    )
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    prochaine_tentative = models.DateTimeField("prochaine tentative", default=timezone.now)
    dernier_code_http = models.PositiveSmallIntegerField("dernier code HTTP", null=True, blank=True)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now, db_index=True)
    livree_le = models.DateTimeField("livrée le", null=True, blank=True)

    class Meta:
        verbose_name = "livraison de webhook"
        verbose_name_plural = "livraisons de webhooks"
        indexes = [
            models.Index(
                fields=["prochaine_tentative"],
                condition=models.Q(statut=StatutLivraison.EN_ATTENTE),
                name="livraison_a_envoyer_idx",
            ),
            models.Index(fields=["abonnement", "-cree_le"], name="livraison_abonnement_idx"),
        ]

    def __str__(self):
        return f"{self.get_evenement_display()} → {self.abonnement.url}"


# An Idempotency-Key is honoured for 24 hours (its stored answer is replayed); after that the key is free.
DUREE_IDEMPOTENCE = timedelta(hours=24)


class RequeteIdempotente(models.Model):
    """A POST sent with an ``Idempotency-Key``: the answer is kept (24 hours) and given again to a replay."""

    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE, related_name="+"
    )
    cle = models.CharField("clé", max_length=255)
    methode = models.CharField("méthode", max_length=10)
    chemin = models.CharField("chemin", max_length=500)
    empreinte = models.CharField("empreinte du corps", max_length=64)
    # Null while the first request runs: a concurrent replay is told to wait (409).
    statut_http = models.PositiveSmallIntegerField("code HTTP", null=True, blank=True)
    reponse = models.JSONField("réponse", null=True, blank=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "requête idempotente"
        verbose_name_plural = "requêtes idempotentes"
        constraints = [models.UniqueConstraint(fields=["compte", "cle"], name="requete_idempotente_unique")]

    def __str__(self):
        return f"{self.methode} {self.chemin} ({self.cle})"
