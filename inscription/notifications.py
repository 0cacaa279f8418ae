"""The kinds of notification of the registration app (``francetravail.notifications.registre``).

Registration sends none yet: the account's e-mails (sign-up, password) belong to
``francetravail.comptes``. A kind this app sends is declared here, once.
"""
