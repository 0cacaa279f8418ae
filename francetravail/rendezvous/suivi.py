"""The follow-up status of a person for one motif (``SuiviRendezVous``): the one place that moves it.

Called by the invitations' actions (invited, relancé, expired, callback asked, booked through the link)
and by this app's actions (booked, attendance, cancelled). Every move is one ``HistoriqueSuivi`` row.
``noter_en_masse`` does the same for a bulk invitation.
"""

from django.utils import timezone

from francetravail.rendezvous.models import HistoriqueSuivi, SuiviRendezVous


def noter(
    personne_id,
    motif,
    statut,
    *,
    organisation_id=None,
    invitation_id=None,
    rendez_vous_id=None,
    acting_user=None,
    commentaire="",
    le=None,
):
    """Moves ``personne_id``'s follow-up for ``motif`` to ``statut`` (a ``StatutSuivi``); returns the row.

    Inside the caller's transaction. The same status again, for the same invitation and appointment,
    writes nothing (a replay changes nothing).
    """
    le = le or timezone.now()
    suivi, cree = SuiviRendezVous.objects.select_for_update(of=("self",), no_key=True).get_or_create(
        personne_id=personne_id, motif=motif, defaults={"depuis": le}
    )
    avant = "" if cree else suivi.statut
    if (
        avant == statut
        and invitation_id in (None, suivi.invitation_id)
        and rendez_vous_id in (None, suivi.rendez_vous_id)
    ):
        return suivi
    suivi.statut = statut
    suivi.depuis = le
    if organisation_id is not None:
        suivi.organisation_id = organisation_id
    if invitation_id is not None:
        suivi.invitation_id = invitation_id
    if rendez_vous_id is not None:
        suivi.rendez_vous_id = rendez_vous_id
    suivi.save()
    HistoriqueSuivi.objects.create(
        suivi=suivi, statut_avant=avant, statut_apres=statut, at=le, user=acting_user, commentaire=commentaire[:250]
    )
    return suivi


def noter_en_masse(lignes, motif, statut, *, acting_user=None, commentaire="", le=None):
    """``lignes``: (personne_id, organisation_id, invitation_id) — the same move for many people (a bulk
    invitation of 10 000). Contract version, one call per person; to be made set-based."""
    for personne_id, organisation_id, invitation_id in lignes:
        noter(
            personne_id,
            motif,
            statut,
            organisation_id=organisation_id,
            invitation_id=invitation_id,
            acting_user=acting_user,
            commentaire=commentaire,
            le=le,
        )
