"""``cle_idempotence`` stays unique in the partitioned outbox (issue 21).

PostgreSQL cannot hold a unique index on a partitioned table unless it contains the partition column
(``created_at``), which would let the same key be written twice at two dates. So a trigger (migration
0005) checks, before a row is written, that no partition holds its key, under an advisory lock on the
key that serialises two writers of the same key until the first one commits (what a unique index's
insertion does). It raises PostgreSQL's ``unique_violation`` with the former constraint's name: Django
sees the same ``IntegrityError`` as before, so ``get_or_create`` keeps its behaviour.

Every writer takes the shared lock ``VERROU_ECRITURE``; a bulk writer (``notifier_en_masse*``) takes it
exclusively instead of one lock per key (10 000 keys would fill PostgreSQL's lock table), skips the
keys already written, and tells the trigger through a transaction-local setting that it holds it.
"""

from django.db import connection

VERROU_ECRITURE = 0x4E4F5449  # "NOTI": every writer of the outbox (shared), a bulk writer (exclusive)
VERROU_CLE = 0x4E4F5443  # "NOTC": one key (hashtext of the key as second integer)
CONTRAINTE = "notifications_notification_cle_idempotence_key"
REGLAGE_EN_MASSE = "francetravail.notifications_en_masse"

# Identifiers and numbers of this module only; no input goes into it.
SQL_FONCTION = f"""
CREATE OR REPLACE FUNCTION notifications_cle_idempotence_unique() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.cle_idempotence = OLD.cle_idempotence THEN
        RETURN NEW;
    END IF;
    IF coalesce(current_setting('{REGLAGE_EN_MASSE}', true), '') <> 'on' THEN
        PERFORM pg_advisory_xact_lock_shared({VERROU_ECRITURE}, 0);
        PERFORM pg_advisory_xact_lock({VERROU_CLE}, hashtext(NEW.cle_idempotence));
    END IF;
    IF EXISTS (SELECT 1 FROM notifications_notification WHERE cle_idempotence = NEW.cle_idempotence) THEN
        RAISE unique_violation USING
            MESSAGE = 'duplicate key value violates unique constraint "{CONTRAINTE}"',
            DETAIL = format('Key (cle_idempotence)=(%s) already exists.', NEW.cle_idempotence),
            CONSTRAINT = '{CONTRAINTE}', TABLE = 'notifications_notification', COLUMN = 'cle_idempotence';
    END IF;
    RETURN NEW;
END
$$
"""  # noqa: S608
SQL_DECLENCHEUR = """
CREATE TRIGGER notifications_cle_idempotence_unique
BEFORE INSERT OR UPDATE OF cle_idempotence ON notifications_notification
FOR EACH ROW EXECUTE FUNCTION notifications_cle_idempotence_unique()
"""
SQL_SUPPRESSION = """
DROP TRIGGER IF EXISTS notifications_cle_idempotence_unique ON notifications_notification;
DROP FUNCTION IF EXISTS notifications_cle_idempotence_unique();
"""


def verrouiller_en_masse():
    """Takes the outbox's write lock exclusively until the end of the transaction (no other writer
    meanwhile), so the keys found absent stay absent until this transaction's rows are written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s::int, 0)", [VERROU_ECRITURE])
        cursor.execute("SELECT set_config(%s, 'on', true)", [REGLAGE_EN_MASSE])
