from django.core.management.base import BaseCommand

from demo.api import CLIENT_ID_DEMO, NOM_CLIENT, SECRET_CLIENT_DEMO
from demo.reseau import MOT_DE_PASSE_DEMO, SECRET_TOTP_DEMO, identifiants_demo


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration et comment se connecter."

    def handle(self, *args, **options):
        width = max(len(label) for label, _ in identifiants_demo())
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {MOT_DE_PASSE_DEMO})")
        for label, email in identifiants_demo():
            self.stdout.write(f"  {label.ljust(width)}  {email}")
        self.stdout.write(
            f"Second facteur des professionnels : application TOTP avec la clé {SECRET_TOTP_DEMO},\n"
            "  ou le code du moment : .venv/bin/python manage.py code_totp <email>"
        )
        self.stdout.write(
            f"API des partenaires ({NOM_CLIENT}) : client_id {CLIENT_ID_DEMO}, secret {SECRET_CLIENT_DEMO}\n"
            f"  jeton : curl -u {CLIENT_ID_DEMO}:{SECRET_CLIENT_DEMO} -d grant_type=client_credentials "
            "<adresse>/api/oauth/token/ ; documentation : <adresse>/api/docs/"
        )
