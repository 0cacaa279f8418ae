import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Développement : affiche le code TOTP courant d'un compte (remplace l'application d'authentification)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("Commande réservée au développement (DEBUG=True).")
        auth = Authenticator.objects.filter(user__email=email.lower(), type=Authenticator.Type.TOTP).first()
        if auth is None:
            raise CommandError(f"Aucun second facteur TOTP pour {email}.")
        secret = decrypt(auth.data["secret"])
        self.stdout.write(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
