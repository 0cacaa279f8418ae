from allauth.account.utils import get_next_redirect_url
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode


def connexion_administration(request, extra_context=None):
    """Django admin's login URL (``admin.site.login``): one login for everyone, allauth's.

    Django's admin form would check a password by itself: no second factor, none of
    allauth's rate limits and lockout (ACCOUNT_RATE_LIMITS). This view never reads a
    password, GET or POST: it sends to allauth's login page, which then comes back
    to the admin page asked for. ``MandatorySecondFactorMiddleware`` still checks that
    the session used its second factor.
    """
    suite = get_next_redirect_url(request) or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return HttpResponseRedirect(suite)
        # Logged in without access to the admin: a refusal, not a second login form.
        raise Http404
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': suite})}")
