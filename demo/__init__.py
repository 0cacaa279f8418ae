"""Demo data for ``make run``: one module per app (``reseau`` for the core's accounts, organisations and
people), composed by ``charger.charger_demo``; commands ``seed_demo`` and ``demo_logins``."""
