"""Who opens and answers a rectification request.

A request is answered by an accompaniment professional (conseiller, travailleur social) of the organisation
it was sent to (``DemandeRectification.organisation``), even if the person has changed organisme référent
since: the request's page is then opened as a mission on the file (``acces_personne(..., par_mission=...)``,
logged the same way), never the rest of the file. The person reads their own requests only. Anyone else
gets the same 404 as for a request that does not exist.
"""

from django.http import Http404

from francetravail.audit.enums import PartieDossier
from francetravail.comptes.acces import est_professionnel_actif
from francetravail.donnees.models import DemandeRectification
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel

_PK_MAX = 2**63 - 1


def organisations_qui_repondent(user):
    """The organisations for which ``user`` answers requests (ids). No query (the memberships are cached)."""
    if not est_professionnel_actif(user):
        return frozenset()
    return contexte_professionnel(user).organisations_avec(ROLES_ACCOMPAGNEMENT)


def peut_repondre(user, demande):
    """An accompaniment professional of the organisation in charge."""
    return demande.organisation_id is not None and demande.organisation_id in organisations_qui_repondent(user)


def _pk(pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= _PK_MAX:  # beyond bigint PostgreSQL would raise an error (a 500)
        raise Http404
    return pk


def acces_demande(request, pk):
    """The request ``pk`` for a professional of the organisation it was sent to, or 404; logs the read
    (partie RECTIFICATION) as a read of the person's file."""
    pk = _pk(pk)
    demande = (
        DemandeRectification.objects.filter(
            pk=pk,
            organisation_id__in=organisations_qui_repondent(request.user),
            # A file in the intermediate archive is out of every page but the archive's own.
            personne__archivee_le__isnull=True,
        )
        .select_related("personne__user", "organisation", "repondue_par")
        .first()
    )
    if demande is None:
        raise Http404

    def charger(personne_id):
        return demande.personne if personne_id == demande.personne_id else None

    def par_mission(user, personne):
        return demande.organisation_id

    acces_personne(
        request, demande.personne_id, partie=PartieDossier.RECTIFICATION, charger=charger, par_mission=par_mission
    )
    return demande


def demande_de_la_personne(user, pk):
    """The person's own request ``pk``, or 404 (another person's request is the same 404 as none)."""
    pk = _pk(pk)
    if not (user.is_authenticated and user.is_active):
        raise Http404
    demande = (
        DemandeRectification.objects.select_related("organisation", "personne")
        .filter(pk=pk, personne__user=user)
        .first()
    )
    if demande is None:
        raise Http404
    return demande
