import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from francetravail.comptes.second_facteur import enregistrer_activation, second_facteur_utilise, totp_de

logger = logging.getLogger(__name__)

_SESSION_REFRESHED = "ft_session_refreshed"
# What any session may fetch: the assets pages need, the load balancer's probe.
_TOUJOURS_PERMIS = ("/static/", "/healthz")
# What a professional who has no second factor yet may do with a password-only (or
# ProConnect-only) session: enrol one, after allauth's reauthentication (the password, or
# a code sent by e-mail to an account that has no password), or leave. Nothing else of
# allauth's either: no recovery codes, no e-mail or password change.
_VUES_D_ACTIVATION = frozenset(
    {
        "mfa_activate_totp",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_logout",
    }
)


def _nom_de_vue(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _est_api(request):
    return request.path_info.startswith("/api/")


class MandatorySecondFactorMiddleware:
    """Professionals and staff reach nothing until this session has used their second factor.

    "Used" is read from allauth's authentication records of the session
    (``francetravail/comptes/second_facteur.py``), never from the account having a
    TOTP. The login paths that lead here all go through allauth's stages (its form,
    Django admin's login URL which only redirects to it, ProConnect), whose MFA stage
    asks for the code; a session that got past without it (opened by some other
    ``login()``) is closed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.doit_avoir_second_facteur
            and not request.path_info.startswith(_TOUJOURS_PERMIS)
            and not second_facteur_utilise(request)
        ):
            return self._sans_second_facteur(request)
        return self.get_response(request)

    def _sans_second_facteur(self, request):
        user = request.user
        if totp_de(user) is None:
            vue = _nom_de_vue(request)
            if vue == "mfa_activate_totp" and request.method == "POST":
                return self._activation(request)
            if vue in _VUES_D_ACTIVATION:
                return self.get_response(request)
            if _est_api(request):
                return JsonResponse({"detail": "Activez d'abord votre double authentification."}, status=403)
            activation = reverse("mfa_activate_totp")
            return redirect(f"{activation}?{urlencode({'next': request.get_full_path()})}")
        # The account has a TOTP but this session never used it: it was not opened by
        # a login this platform offers. End it; the next login asks for the code.
        logger.warning("Session du compte %s ouverte sans second facteur : fermée (%s).", user.pk, request.path)
        logout(request)
        if _est_api(request):
            return JsonResponse({"detail": "Connectez-vous avec votre double authentification."}, status=403)
        messages.warning(request, "Reconnectez-vous : votre code de double authentification est demandé.")
        return redirect_to_login(request.get_full_path())

    def _activation(self, request):
        """The enrolment form: once it has succeeded (a redirect, the transaction committed),
        the new TOTP was proven by the code typed in this session (``enregistrer_activation``).
        Done here rather than on allauth's ``authenticator_added`` signal, which is sent on
        commit: the record must reach the session before SessionMiddleware saves it."""
        response = self.get_response(request)
        if response.status_code == 302 and (totp := totp_de(request.user)) is not None:
            enregistrer_activation(request, totp)
        return response


class ProfessionalSessionMiddleware:
    """Professionals' sessions end after a short idle time (default 30 minutes).

    The expiry is refreshed at most once a minute so that an active session does
    not write to the session store on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.doit_avoir_second_facteur:
            now = int(time.time())
            if now - request.session.get(_SESSION_REFRESHED, 0) >= 60:
                request.session.set_expiry(settings.PROFESSIONAL_SESSION_IDLE_SECONDS)
                request.session[_SESSION_REFRESHED] = now
        return self.get_response(request)


# Areas whose pages, files and API answers are about someone (anonymous visits there are
# redirects to the login page, or pages reached by a personal link: an acknowledgement
# of receipt, an e-mail confirmation). The public pages and the static files stay cacheable.
_ESPACES_PRIVES = ("/api/", "/mon-espace/", "/conseiller/", "/entreprise/", "/admin/", "/comptes/")


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every answer that may carry personal data:
    any answer to a logged-in user (pages, PDFs, API) and anything under the private areas.

    No browser or proxy cache may keep a copy of a person's file (a shared computer at a
    desk, a back button after logging out). Static files are served before this runs
    (WhiteNoise) and keep their long cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        prive = request.path_info.startswith(_ESPACES_PRIVES) or request.user.is_authenticated
        if prive and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store, private"
        return response
