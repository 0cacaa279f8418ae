"""Every periodic task of the platform, in one place.

Each entry says why it runs at that rhythm; ``tests/test_beat.py`` checks that
each target task exists and every schedule is sane.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Outbox sweep: sends what was left pending (Redis down at commit time, retry due).
    # Every minute so a broker outage delays mail by about a minute once it is back.
    "notifications-balayer": {
        "task": "francetravail.notifications.tasks.balayer_notifications",
        "schedule": 60.0,
    },
    # Partners' webhooks: deliveries left pending (broker down at commit time) and retries come due. Every
    # minute, like the notifications' outbox: the first retry (1 min of backoff) is not late by more than a minute.
    # Bounded batches (livraison.balayer), SKIP LOCKED: safe twice and on two workers.
    "partenaires-balayer-webhooks": {
        "task": "francetravail.partenaires.tasks.balayer_webhooks",
        "schedule": 60.0,
    },
    # Worker heartbeat read by /healthz: proves beat and a worker both run.
    "sante-battement": {
        "task": "francetravail.pages.tasks.battement_worker",
        "schedule": 30.0,
    },
    # Appointment reminders (J-2 and J-1 by default, parameters rendezvous.rappel_*): written when due,
    # so every 15 minutes keeps them within a quarter of an hour of their time without a long-lived queue.
    "rendezvous-planifier-rappels": {
        "task": "francetravail.rendezvous.tasks.planifier_rappels",
        "schedule": crontab(minute="*/15"),
    },
    # Recurring openings' slots for the next weeks (rendezvous.plages.HORIZON_SEMAINES): the horizon moves by a
    # day each day, so once a night (02:50, crontab.guru/#50_2_*_*_*); a saved pattern generates its own at once.
    "rendezvous-generer-creneaux": {
        "task": "francetravail.rendezvous.tasks.generer_creneaux",
        "schedule": crontab(minute=50, hour=2),
    },
    # Invitations to book an appointment: relances due (invitations.delai_relance, in days), invitations past
    # their validity expired, bulk invitations left running taken up again. Every 5 minutes: a relance or an
    # expiry is never more than 5 minutes late; bounded batches, SKIP LOCKED, safe on two workers.
    "invitations-balayer": {
        "task": "francetravail.invitations.tasks.balayer_invitations",
        "schedule": crontab(minute="*/5"),
    },
    # Registered people without an orientation get the rules' proposal: every minute, so a new
    # registration (desk, online, CAF/MSA flow) reaches the deciders' queue within a minute.
    "orientation-proposer-en-attente": {
        "task": "orientation.tasks.proposer_en_attente",
        "schedule": 60.0,
    },
    # bRSA not oriented within orientation.delai_rsa (6 weeks, CASF D262-65-2) go to France Travail's
    # queue; the delay is counted in days, so once a day (06:10) is enough (crontab.guru/#10_6_*_*_*).
    "orientation-signaler-rsa-hors-delai": {
        "task": "orientation.tasks.signaler_rsa_hors_delai",
        "schedule": crontab(minute=10, hour=6),
    },
    # Contracts not signed by their deadline (1 month after the orientation notice, D5411-14-1) and
    # signed professional contracts still without an ORE after 6 months (R5411-15-1): both counted in
    # days, so once a day before office hours (06:20, crontab.guru/#20_6_*_*_*); each référent is told once.
    "contrats-signaler-retards": {
        "task": "contrats.tasks.signaler_retards",
        "schedule": crontab(minute=20, hour=6),
    },
    # Sanction procedures: a 10-day observation delay that ran out, a hearing held, a decided sanction
    # reaching its first day, a decision overdue (15 days). Every 5 minutes keeps the decider's queue
    # current within minutes; the sweep only moves cases to « à décider », it never decides.
    "sanctions-balayer-procedures": {
        "task": "sanctions.tasks.balayer_procedures",
        "schedule": crontab(minute="*/5"),
    },
    # Sanction periods end on a day, and 4-month total suppressions are counted in months: once a
    # day after midnight (00:30, crontab.guru/#30_0_*_*_*) ends yesterday's last days before office hours.
    "sanctions-balayer-quotidien": {
        "task": "sanctions.tasks.balayer_sanctions_quotidien",
        "schedule": crontab(minute=30, hour=0),
    },
    # A radiation ends the registration for its duration (C. trav. R5412-5): a radiation decided to start on a
    # later day ceases it on that day, and a ceased registration reopens the day after the radiation's last
    # day. Both are counted in days; every hour (at :35, then :40 so a radiation that follows another is applied
    # before the first one's end reopens the registration) rather than once a night, so a worker down at night
    # delays a reopening by an hour, not a day. Idempotent, safe on two workers.
    "sanctions-appliquer-radiations": {
        "task": "sanctions.tasks.appliquer_radiations",
        "schedule": crontab(minute=35),
    },
    "inscription-rouvrir-inscriptions": {
        "task": "inscription.rouvrir_inscriptions",
        "schedule": crontab(minute=40),
    },
    # Published offers whose last day (expire_le, inclusive) has passed expire; counted in days, once a
    # day after midnight (00:40, crontab.guru/#40_0_*_*_*).
    "entreprises-expirer-offres": {
        "task": "entreprises.tasks.expirer_offres",
        "schedule": crontab(minute=40, hour=0),
    },
    # Offers unfilled on their 30th day get a follow-up task for their conseiller recrutement: counted
    # in days, once a day before office hours (06:40); idempotent through the task's unique constraint.
    "entreprises-relances-offres": {
        "task": "entreprises.tasks.creer_relances_offres",
        "schedule": crontab(minute=40, hour=6),
    },
    # Job-search profiles follow orientations, contracts and moves through on-commit tasks; a nightly
    # rebuild (03:40) catches what a broker outage let slip.
    "entreprises-actualiser-profils": {
        "task": "entreprises.profils.actualiser_tous_profils_tache",
        "schedule": crontab(minute=40, hour=3),
    },
    # CAF/MSA imports that gave no news for FLUX_CAF_DELAI_SANS_NOUVELLES (15 min) and that no live
    # session runs (message lost, worker killed) are re-driven, or given up after FLUX_CAF_TENTATIVES_MAX
    # runs: every 5 minutes, so a lost import resumes within about 20 minutes.
    "inscription-balayer-imports": {
        "task": "inscription.balayer_imports",
        "schedule": crontab(minute="*/5"),
    },
    # The CAF/MSA drop folder (FLUX_CAF_DEPOT): a file is taken once still for FLUX_CAF_DEPOT_DELAI (60 s), so
    # every minute starts a dropped file within about two minutes. One sweep at a time (advisory lock).
    "inscription-relever-depot-flux-caf": {
        "task": "inscription.relever_depot_flux_caf",
        "schedule": 60.0,
    },
    # Generated documents (contract PDFs, immersion conventions, sanction letters) still missing
    # DOCUMENTS_DELAI_RELANCE (10 min) after they were due get their task queued again: every 10 minutes.
    "documents-relancer": {
        "task": "francetravail.base.relances.relancer_documents",
        "schedule": crontab(minute="*/10"),
    },
    # The access log and the notification outbox are partitioned by month (francetravail/donnees/partitions.py):
    # nightly at 03:15 (crontab.guru/#15_3_*_*_*) the next 3 months' partitions are made ready and the months
    # past conservation.journaux (6 months, read on the day) are dropped whole, one purge-register line each.
    "donnees-entretenir-partitions": {
        "task": "francetravail.donnees.partitions.entretenir_partitions",
        "schedule": crontab(minute=15, hour=3),
    },
    # Stored files no row names any more (a rolled-back upload, a deleted row): once a night, after the other
    # purges (03:55), since a file is kept 24 hours anyway (documents.orphelins.DELAI_GRACE).
    "documents-balayer-fichiers-orphelins": {
        "task": "francetravail.documents.tasks.balayer_fichiers_orphelins",
        "schedule": crontab(minute=55, hour=3),
    },
    # Retention of personal data (R5312-44): shorter categories, notices, archive, anonymisation, each run
    # written in the purge register; nightly at 02:10 (crontab.guru/#10_2_*_*_*), before the other purges.
    "donnees-balayer-conservation": {
        "task": "francetravail.donnees.tasks.balayer_conservation",
        "schedule": crontab(minute=10, hour=2),
    },
    # Expired sessions (stored in the database only) are deleted nightly at 03:25 (crontab.guru/#25_3_*_*_*).
    "comptes-purger-sessions": {
        "task": "francetravail.comptes.tasks.purger_sessions_expirees",
        "schedule": crontab(minute=25, hour=3),
    },
    # The partner API: Idempotency-Key rows are kept 24 hours, then purged nightly at 03:35 in batches
    # (crontab.guru/#35_3_*_*_*); expired OAuth2 tokens (django-oauth-toolkit's cleartokens) at 03:40.
    "partenaires-purger-requetes-idempotentes": {
        "task": "francetravail.partenaires.tasks.purger_requetes_idempotentes",
        "schedule": crontab(minute=35, hour=3),
    },
    "partenaires-purger-jetons-expires": {
        "task": "francetravail.partenaires.tasks.purger_jetons_expires",
        "schedule": crontab(minute=40, hour=3),
    },
    # Copies of people's files (issue 21): a ready copy is deleted once its COPIE_DOSSIER_DUREE_JOURS are over, and a
    # copy left waiting (broker down at commit time) is queued again. Every 15 minutes: a copy never outlives its
    # availability by more than a quarter of an hour; bounded batches, SKIP LOCKED, safe on two workers.
    "donnees-balayer-copies": {
        "task": "francetravail.donnees.tasks_copie.balayer_copies",
        "schedule": crontab(minute="*/15"),
    },
}
