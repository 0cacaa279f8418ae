"""The booking link's pages, for a person without an account (contract stub: the « lien » engineer owns it)."""

from django.http import Http404

from francetravail.comptes.decorators import public
from francetravail.invitations import lien as liens


@public
def lien(request, jeton):
    try:
        liens.lire(jeton)
    except (liens.LienInvalide, liens.LienExpire):
        raise Http404 from None
    raise Http404
