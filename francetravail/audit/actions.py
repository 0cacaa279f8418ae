import functools

from django.db import connection
from django.utils import timezone

from francetravail.audit.contexte import professionnel_nomme
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.audit.models import AuditEvent, JournalAcces


def enregistrer_evenement(event_type, *, acting_user=None, personne=None, organisation=None, motif="", **data):
    """Writes an audit row; call it inside the action's transaction."""
    return AuditEvent.objects.create(
        event_type=event_type,
        acting_user=acting_user if acting_user and acting_user.is_authenticated else None,
        personne=personne,
        organisation=organisation,
        motif=motif,
        data=data,
    )


@functools.cache
def _sql_journal():
    meta = JournalAcces._meta
    qn = connection.ops.quote_name
    colonnes = ", ".join(qn(meta.get_field(nom).column) for nom in _CHAMPS_JOURNAL)
    # Identifiers come from the model's metadata, values are bound parameters.
    return f"INSERT INTO {qn(meta.db_table)} ({colonnes}) VALUES ({', '.join(['%s'] * len(_CHAMPS_JOURNAL))})"  # noqa: S608


_CHAMPS_JOURNAL = ("personne", "user", "organisation", "partie", "canal", "at", "professionnel")


def journaliser_acces(*, personne_id, user_id, organisation_id, partie, canal):
    """Writes one row of the access log, in the reading request's transaction.

    Every read of a file pays for it, so it is one plain INSERT rather than a
    model save (whose machinery costs as much as the statement; ``make bench``:
    person_page_vs_bare). The values are those of ``JournalAcces``'s fields; the
    model remains the way to read the log.
    """
    if partie not in PartieDossier.values or canal not in Canal.values:
        raise ValueError(f"Partie ({partie!r}) ou canal ({canal!r}) inconnu pour le journal des accès.")
    with connection.cursor() as cursor:
        cursor.execute(
            _sql_journal(),
            [personne_id, user_id, organisation_id, partie, canal, timezone.now(), professionnel_nomme.get()],
        )


def journaliser_acces_liste(*, personne_ids, user_id, organisation_id, partie, canal=Canal.WEB):
    """One access-log row per person shown in a list that displays their data (one INSERT)."""
    if partie not in PartieDossier.values or canal not in Canal.values:
        raise ValueError(f"Partie ({partie!r}) ou canal ({canal!r}) inconnu pour le journal des accès.")
    maintenant = timezone.now()
    professionnel = professionnel_nomme.get()
    JournalAcces.objects.bulk_create(
        JournalAcces(
            personne_id=pid,
            user_id=user_id,
            organisation_id=organisation_id,
            partie=partie,
            canal=canal,
            at=maintenant,
            professionnel_id=professionnel,
        )
        for pid in dict.fromkeys(personne_ids)
    )
