"""Real providers behind the outbox's channels (``settings.SMS_BACKEND``) and their delivery callbacks."""
