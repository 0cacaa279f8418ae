from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from francetravail.comptes.enums import TYPES_INSCRIPTION_PUBLIQUE, TypeCompte
from francetravail.comptes.models import User

# Which OpenID Connect provider serves which kind of account.
PROVIDER_TYPE_COMPTE = {
    "franceconnect": TypeCompte.PERSONNE,
    "proconnect": TypeCompte.PROFESSIONNEL,
}


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        type_compte = data.get("type_compte")
        # The form only offers public kinds; a tampered POST falls back to "personne".
        if type_compte not in {t.value for t in TYPES_INSCRIPTION_PUBLIQUE}:
            type_compte = TypeCompte.PERSONNE
        user.type_compte = type_compte
        user.first_name = data.get("first_name", "")
        user.last_name = data.get("last_name", "")
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        return reverse("pages:apres_connexion")

    def send_mail(self, template_prefix, email, context):
        context.setdefault("site_name", "Réseau France Travail")
        super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # FranceConnect may create a person's account; ProConnect never creates one:
        # professional accounts are opened by an administrator.
        return PROVIDER_TYPE_COMPTE.get(sociallogin.account.provider) == TypeCompte.PERSONNE

    def pre_social_login(self, request, sociallogin):
        provider = sociallogin.account.provider
        if sociallogin.is_existing:
            expected = PROVIDER_TYPE_COMPTE.get(provider)
            if expected and sociallogin.user.type_compte != expected:
                self._refuse(request, "Ce compte ne peut pas se connecter par ce moyen.")
            return
        if provider == "proconnect":
            email = (sociallogin.user.email or "").strip().lower()
            user = User.objects.filter(email=email, type_compte=TypeCompte.PROFESSIONNEL, is_active=True).first()
            if user is None:
                self._refuse(
                    request,
                    "Aucun compte professionnel actif ne correspond à cette identité ProConnect. "
                    "Demandez à l'administrateur de votre organisation d'ouvrir votre accès.",
                )
            sociallogin.connect(request, user)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.type_compte = PROVIDER_TYPE_COMPTE.get(sociallogin.account.provider, TypeCompte.PERSONNE)
        return user

    def is_email_verified(self, provider, email):
        # FranceConnect/ProConnect addresses come from identity providers vouched for by
        # the State, which send no "email_verified" claim. Only new accounts are affected:
        # an address that already belongs to an account is never taken over.
        if provider.app and provider.app.provider_id in PROVIDER_TYPE_COMPTE:
            return True
        return super().is_email_verified(provider, email)

    def _refuse(self, request, message):
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("account_login"))


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Professionals and staff read other people's files: their second factor is mandatory.
        return not authenticator.user.doit_avoir_second_facteur
