from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from francetravail.comptes.acces import est_compte_technique
from francetravail.comptes.enums import TYPES_INSCRIPTION_PUBLIQUE, TypeCompte
from francetravail.comptes.models import User

REFUS_COMPTE_TECHNIQUE = (
    "Ce compte est celui d'un logiciel connecté à l'API : il ne se connecte jamais au site. "
    "Le logiciel s'authentifie avec l'identifiant et le secret de son client."
)


# Which OpenID Connect provider serves which kind of account.
PROVIDER_TYPE_COMPTE = {
    "franceconnect": TypeCompte.PERSONNE,
    "proconnect": TypeCompte.PROFESSIONNEL,
}


# -- the service's name and address in e-mails ------------------------------------------------------------
# allauth builds its links from the request (``request.build_absolute_uri``: the host the browser
# or the proxy sent, 127.0.0.1:8001 behind a proxy) and names the site after that host (without
# the Sites framework, ``current_site`` is the request's host). E-mails name the service and link
# to its public address, SITE_NAME and SITE_URL, like the outbox notifications
# (``francetravail/notifications/dispatch.py``), with or without a request (a Celery task).


def url_du_site(chemin):
    """The public address of a path of the service."""
    return settings.SITE_URL.rstrip("/") + chemin


@dataclass(frozen=True)
class SiteDuService:
    """What allauth's e-mail templates read as ``current_site`` (a Sites framework ``Site``)."""

    name: str
    domain: str


def site_du_service():
    return SiteDuService(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _sur_le_site(valeur, hote_de_la_requete):
    """``valeur`` moved onto SITE_URL when it is a link to the request's host, unchanged otherwise."""
    if not isinstance(valeur, str) or not hote_de_la_requete:
        return valeur
    morceaux = urlsplit(valeur)
    if morceaux.scheme not in ("http", "https") or morceaux.netloc != hote_de_la_requete:
        return valeur
    return url_du_site(urlunsplit(("", "", morceaux.path, morceaux.query, morceaux.fragment)))


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

    def pre_login(self, request, user, **kwargs):
        # Whatever the way (password, code, ProConnect), a software's account never opens a session.
        if est_compte_technique(user):
            clear_login(request)
            messages.error(request, REFUS_COMPTE_TECHNIQUE)
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request):
        return reverse("pages:apres_connexion")

    # The links allauth asks the adapter for: built on SITE_URL, also without a request.

    def get_email_confirmation_url(self, request, emailconfirmation):
        return url_du_site(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # allauth's own construction (one opaque key in the URL), on SITE_URL.
        chemin = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return url_du_site(chemin.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email):
        contexte = {
            "signup_url": url_du_site(reverse("account_signup")),
            "password_reset_url": url_du_site(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, contexte)

    def send_mail(self, template_prefix, email, context):
        """Every allauth e-mail goes through here: the site is the service, never the request's host.

        Links allauth builds by itself from the request (the unknown-account e-mail's sign-up
        link, and whatever a later version adds) are moved onto SITE_URL.
        """
        request = allauth_context.request  # None in a Celery task
        hote = request.get_host() if request is not None else None
        contexte = {"request": request, "email": email}
        contexte.update({cle: _sur_le_site(valeur, hote) for cle, valeur in context.items()})
        contexte.update(
            current_site=site_du_service(), site_name=settings.SITE_NAME, site_url=settings.SITE_URL.rstrip("/")
        )
        self.render_mail(template_prefix, email, contexte).send()


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
            user = User.objects.filter(
                email=email, type_compte=TypeCompte.PROFESSIONNEL, is_active=True, client_api__isnull=True
            ).first()
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
