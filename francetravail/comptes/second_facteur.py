"""Whether this session used its second factor.

allauth keeps a log of the authentication steps of each session
(``request.session["account_authentication_methods"]``, read through
``allauth.account.authentication.get_authentication_records``): ``password``,
``socialaccount`` (FranceConnect, ProConnect), ``mfa`` (a TOTP or a recovery code
at the login stage or a reauthentication)… A session counts as verified only when
that log holds an ``mfa`` step for its user. Having a TOTP authenticator is not
enough: a session opened with a password alone (e.g. Django admin's own login
form before it was routed to allauth's) has the user but not the step.
"""

import logging

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator

logger = logging.getLogger(__name__)

TYPES_SECOND_FACTEUR = frozenset({Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES})


def second_facteur_utilise(request):
    return any(
        record.get("method") == "mfa" and record.get("type") in TYPES_SECOND_FACTEUR
        for record in get_authentication_records(request, request.user)
    )


def totp_de(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def enregistrer_activation(request, authenticator):
    """Records in the session that it just enrolled ``authenticator`` (a TOTP).

    A professional without a second factor logs in with their password, then must
    enrol one before anything else (``MandatorySecondFactorMiddleware``); the code
    they type to activate it is the same proof of possession as the one typed at the
    login stage, so the session is recorded as having used it.
    """
    # allauth's own recorder (internal in 65.x, pinned in pyproject.toml): same record
    # format and same ``authentication_step_completed`` signal as its login stage.
    record_authentication(request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, activation=True)
    logger.info("Second facteur activé et utilisé par la session du compte %s.", request.user.pk)
