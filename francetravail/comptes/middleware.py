import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

_SESSION_MFA_OK = "ft_mfa_ok"
_SESSION_REFRESHED = "ft_session_refreshed"
# Paths a professional without a second factor may still reach: enrolling it,
# logging out, and what the pages need to render.
_MFA_EXEMPT_PREFIXES = ("/comptes/", "/static/", "/healthz")


def _a_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MandatorySecondFactorMiddleware:
    """Professionals and staff must have a TOTP second factor before using the platform."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.doit_avoir_second_facteur
            and not request.session.get(_SESSION_MFA_OK)
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
        ):
            if not _a_totp(user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
            request.session[_SESSION_MFA_OK] = True
        return self.get_response(request)


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
