"""Test-only email backend for the « worker killed mid-send » test (run in a subprocess)."""

import os
import time
from email.utils import parseaddr
from pathlib import Path

from django.core.mail.backends.smtp import EmailBackend
from django.db import connection


class SmtpBloqueEnPleinDataBackend(EmailBackend):
    """Starts a real SMTP transaction, sends half of the DATA, then hangs until killed.

    Before hanging it writes the PostgreSQL backend pid of the (locked) transaction to
    the file named by ``MARQUEUR_ENVOI``: the test knows the child is inside the send
    and can watch its database session die.
    """

    def _send(self, email_message):
        contenu = email_message.message().as_bytes(linesep="\r\n")
        self.connection.ehlo_or_helo_if_needed()
        code, reponse = self.connection.mail(parseaddr(email_message.from_email)[1])
        assert code == 250, reponse
        for destinataire in email_message.recipients():
            self.connection.rcpt(destinataire)
        code, reponse = self.connection.docmd("DATA")
        assert code == 354, reponse
        self.connection.send(contenu[: len(contenu) // 2])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        marqueur = Path(os.environ["MARQUEUR_ENVOI"])
        provisoire = marqueur.with_suffix(".tmp")
        provisoire.write_text(str(pid))
        provisoire.replace(marqueur)
        time.sleep(60)
        raise RuntimeError("Le test aurait dû tuer ce processus.")
