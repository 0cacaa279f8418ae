"""The follow-up status of a person for one motif (``SuiviRendezVous``): the one place that moves it.

Called by the invitations' actions (invited, relancé, expired, callback asked, booked through the link)
and by this app's actions (booked, attendance, cancelled). Every move is one ``HistoriqueSuivi`` row.
``noter_en_masse`` does the same for a bulk invitation, in a fixed number of statements.

Allowed moves (``permise``): events arrive late and out of order (a bulk invitation processed by the
worker after the person booked by phone, the expiry sweep passing over an invitation the person just
used, the attendance of an older appointment recorded after a new booking). A move that would tell an
older story than the row is ignored — no change, no history — rather than refused with an error:

- « invité »: from any status, except that a person whose appointment is booked or honoured
  (``FIGES``) goes back to « invité » only for a NEW invitation (another ``invitation_id`` than the
  row's): the bulk action really created one, the person has a new link to use;
- « relancé », « invitation expirée », « demande à être rappelé »: only from the running invitation's
  statuses (``SOURCES``) and only for the row's own invitation (an older invitation's relance or
  expiry does not move a row that follows a newer one);
- « rendez-vous pris »: always (a booking is a fact);
- « honoré », « excusé », « absent »: always, except while the row follows ANOTHER appointment that
  is booked (the attendance of an older appointment does not hide the pending booking);
- « rendez-vous annulé »: only from « rendez-vous pris » for that very appointment;
- « non invité » is the starting point only, never a move.

No row yet counts as « non invité »; a refused move creates none.
"""

from django.db import connection
from django.utils import timezone

from francetravail.rendezvous.enums import StatutSuivi
from francetravail.rendezvous.models import HistoriqueSuivi, SuiviRendezVous

# A booked or honoured follow-up: only a new invitation moves it back to « invité ».
FIGES = (StatutSuivi.RDV_PRIS, StatutSuivi.HONORE)
# The statuses each invitation-side move starts from (the row's own invitation only).
SOURCES = {
    StatutSuivi.RELANCE: (StatutSuivi.INVITE, StatutSuivi.RELANCE),
    StatutSuivi.EXPIRE: (StatutSuivi.INVITE, StatutSuivi.RELANCE, StatutSuivi.RAPPEL_DEMANDE),
    StatutSuivi.RAPPEL_DEMANDE: (StatutSuivi.INVITE, StatutSuivi.RELANCE, StatutSuivi.EXPIRE),
}
PRESENCES = (StatutSuivi.HONORE, StatutSuivi.EXCUSE, StatutSuivi.ABSENT)


def permise(avant, statut, *, invitation_avant=None, invitation_id=None, rdv_avant=None, rendez_vous_id=None):
    """True when a row at ``avant`` (its invitation and appointment ids) may move to ``statut``.

    The same status again, for the same invitation and appointment, is not a move (False)."""
    if statut == StatutSuivi.NON_INVITE:
        return False
    if avant == statut and invitation_id in (None, invitation_avant) and rendez_vous_id in (None, rdv_avant):
        return False
    nouvelle_invitation = invitation_id is not None and invitation_id != invitation_avant
    if statut == StatutSuivi.INVITE:
        return avant not in FIGES or nouvelle_invitation
    if statut in SOURCES:
        return avant in SOURCES[statut] and invitation_id in (None, invitation_avant)
    if statut == StatutSuivi.RDV_PRIS:
        return True
    if statut in PRESENCES:
        autre_rdv = rendez_vous_id is not None and rdv_avant is not None and rdv_avant != rendez_vous_id
        return not (avant == StatutSuivi.RDV_PRIS and autre_rdv)
    if statut == StatutSuivi.ANNULE:
        return avant == StatutSuivi.RDV_PRIS and rendez_vous_id in (None, rdv_avant)
    raise ValueError(f"Statut de suivi inconnu : {statut!r}")


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

    Inside the caller's transaction, under the row's lock. A move ``permise`` refuses (a replay, a late
    event telling an older story) writes nothing and returns the row as it is (unsaved « non invité »
    when there is none).
    """
    le = le or timezone.now()
    verrou = SuiviRendezVous.objects.select_for_update(of=("self",), no_key=True)
    suivi = verrou.filter(personne_id=personne_id, motif=motif).first()
    avant = suivi.statut if suivi is not None else StatutSuivi.NON_INVITE
    regle = {"invitation_id": invitation_id, "rendez_vous_id": rendez_vous_id}
    if suivi is None:
        if not permise(avant, statut, **regle):
            return SuiviRendezVous(personne_id=personne_id, motif=motif)
        suivi, cree = verrou.get_or_create(personne_id=personne_id, motif=motif, defaults={"depuis": le})
        avant = "" if cree else suivi.statut
    if not permise(
        avant or StatutSuivi.NON_INVITE,
        statut,
        invitation_avant=suivi.invitation_id,
        rdv_avant=suivi.rendez_vous_id,
        **regle,
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
    suivi.save(update_fields=["statut", "depuis", "organisation", "invitation", "rendez_vous"])
    HistoriqueSuivi.objects.create(
        suivi=suivi, statut_avant=avant, statut_apres=statut, at=le, user=acting_user, commentaire=commentaire[:250]
    )
    return suivi


def _condition_sql(statut):
    """``permise`` for the invitation-side moves, in SQL over the existing row ``s`` and the proposed
    one ``EXCLUDED`` (``ON CONFLICT … DO UPDATE … WHERE``)."""
    meme_invitation = "(EXCLUDED.invitation_id IS NULL OR EXCLUDED.invitation_id = s.invitation_id)"
    if statut == StatutSuivi.INVITE:
        nouvelle = "(EXCLUDED.invitation_id IS NOT NULL AND EXCLUDED.invitation_id IS DISTINCT FROM s.invitation_id)"
        return f"(s.statut <> ALL(%(figes)s) OR {nouvelle}) AND NOT (s.statut = %(statut)s AND {meme_invitation})"
    return f"s.statut = ANY(%(sources)s) AND {meme_invitation} AND NOT (s.statut = %(statut)s)"


def noter_en_masse(lignes, motif, statut, *, acting_user=None, commentaire="", le=None):
    """``lignes``: (personne_id, organisation_id, invitation_id) — the same move for many people (a bulk
    invitation of 10 000), with the rules of ``permise``, in three statements whatever their number:
    the existing rows' statuses read under lock, one ``INSERT … ON CONFLICT DO UPDATE … WHERE`` (the
    rule) for the rows, one ``INSERT … SELECT`` for the history of the rows that moved.

    Only the invitation-side moves (invited, relancé, expired, callback asked) come in bulk. Returns the
    ids of the people whose row moved."""
    if statut not in (StatutSuivi.INVITE, *SOURCES):
        raise ValueError(f"« {statut} » ne se note pas en masse.")
    lignes = list({int(p): (int(p), o, i) for p, o, i in lignes}.values())  # one move per person
    if not lignes:
        return []
    le = le or timezone.now()
    personnes = [p for p, _, _ in lignes]
    table = SuiviRendezVous._meta.db_table
    valeurs = {
        "personnes": personnes,
        "organisations": [o for _, o, _ in lignes],
        "invitations": [i for _, _, i in lignes],
        "motif": motif,
        "statut": statut,
        "le": le,
        "figes": list(FIGES),
        "sources": list(SOURCES.get(statut, ())),
        # Creating a row: « invité » starts from « non invité »; the others need a running invitation.
        "creer": statut == StatutSuivi.INVITE,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT personne_id, statut FROM {table} WHERE motif = %s AND personne_id = ANY(%s) "  # noqa: S608
            "ORDER BY id FOR NO KEY UPDATE",
            [motif, personnes],
        )
        avant = dict(cursor.fetchall())
        cursor.execute(
            f"""
            INSERT INTO {table} AS s (personne_id, motif, statut, depuis, organisation_id, invitation_id)
            SELECT e.personne_id, %(motif)s, %(statut)s, %(le)s, e.organisation_id, e.invitation_id
              FROM unnest(%(personnes)s::bigint[], %(organisations)s::bigint[], %(invitations)s::bigint[])
                   AS e(personne_id, organisation_id, invitation_id)
             WHERE %(creer)s OR e.personne_id IN (SELECT personne_id FROM {table} WHERE motif = %(motif)s)
            ON CONFLICT (personne_id, motif) DO UPDATE
               SET statut = EXCLUDED.statut, depuis = EXCLUDED.depuis,
                   organisation_id = COALESCE(EXCLUDED.organisation_id, s.organisation_id),
                   invitation_id = COALESCE(EXCLUDED.invitation_id, s.invitation_id)
             WHERE {_condition_sql(statut)}
            RETURNING id, personne_id
            """,  # noqa: S608 -- table name from the model, values as parameters
            valeurs,
        )
        deplaces = cursor.fetchall()
        if deplaces:
            cursor.execute(
                f"""
                INSERT INTO {HistoriqueSuivi._meta.db_table}
                       (suivi_id, statut_avant, statut_apres, at, user_id, commentaire)
                SELECT h.suivi_id, h.avant, %s, %s, %s, %s
                  FROM unnest(%s::bigint[], %s::text[]) AS h(suivi_id, avant)
                """,  # noqa: S608
                [
                    statut,
                    le,
                    acting_user.pk if acting_user is not None else None,
                    commentaire[:250],
                    [pk for pk, _ in deplaces],
                    [avant.get(p, "") for _, p in deplaces],
                ],
            )
    return [p for _, p in deplaces]
