"""Development SMTP sink built on aiosmtpd.

Receives every message sent to it, keeps it in memory (parsed as
``email.message.EmailMessage``) and optionally writes it to a directory as
``<timestamp>-<n>.eml``. Used by ``make run`` (``python -m
francetravail.devtools.smtpsink``) and by the end-to-end tests::

    sink = SmtpSink().start()
    ...  # send mail to 127.0.0.1:sink.port
    message = sink.wait_for(lambda m: "bienvenue" in m["Subject"].lower())
    sink.stop()
"""

from __future__ import annotations

import argparse
import email
import email.policy
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

__all__ = ["SmtpSink"]


class _Controller(Controller):
    """aiosmtpd controller that supports ``port=0`` and never touches the global event loop."""

    def factory(self):
        # Passing the controller's own loop avoids aiosmtpd's get_event_loop() fallback,
        # which toggles the (process-wide) warnings filters from the server thread.
        return SMTP(self.handler, loop=self.loop, **self.SMTP_kwargs)

    def _trigger_server(self):
        if not self.port and self.server is not None:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class _Handler:
    def __init__(self, sink: SmtpSink):
        self._sink = sink

    async def handle_DATA(self, server, session, envelope):
        self._sink._record(envelope)
        return "250 Message accepted for delivery"


class SmtpSink:
    """Thread-safe in-memory SMTP server for development and tests."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        directory: str | os.PathLike | None = None,
        *,
        on_message: Callable[[EmailMessage], None] | None = None,
    ):
        self.host = host
        self.port = port
        self.directory = Path(directory) if directory is not None else None
        self.on_message = on_message
        self._messages: list[EmailMessage] = []
        self._condition = threading.Condition()
        self._counter = itertools.count(1)
        self._controller: _Controller | None = None

    # -- lifecycle -----------------------------------------------------------------------------------------

    def start(self) -> SmtpSink:
        if self._controller is not None:
            raise RuntimeError("SmtpSink déjà démarré")
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
        controller = _Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            ready_timeout=10,
            server_hostname="localhost",  # avoids a slow socket.getfqdn()
        )
        try:
            controller.start()
        except BaseException:
            thread = controller._thread
            if thread is not None:
                thread.join(timeout=5)
            if not controller.loop.is_running():
                controller.loop.close()
            raise
        self._controller = controller
        self.port = controller.port
        return self

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._controller is not None

    # -- messages ------------------------------------------------------------------------------------------

    def messages(self) -> list[EmailMessage]:
        with self._condition:
            return list(self._messages)

    def clear(self) -> None:
        with self._condition:
            self._messages.clear()

    def wait_for(self, predicate: Callable[[EmailMessage], bool] | None = None, timeout: float = 10) -> EmailMessage:
        """Return the first received message matching ``predicate`` (any message if None).

        Messages already received count. Raises ``TimeoutError`` after ``timeout`` seconds.
        """
        predicate = predicate or (lambda message: True)
        deadline = time.monotonic() + timeout
        checked = 0
        with self._condition:
            while True:
                for message in self._messages[checked:]:
                    if predicate(message):
                        return message
                checked = len(self._messages)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"Aucun courriel correspondant reçu en {timeout} s ({len(self._messages)} reçu(s))."
                    )
                self._condition.wait(remaining)

    # -- internals -----------------------------------------------------------------------------------------

    def _record(self, envelope) -> EmailMessage:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        # Envelope data (Bcc recipients only appear here).
        message.envelope_from = envelope.mail_from
        message.envelope_to = list(envelope.rcpt_tos)
        number = next(self._counter)
        if self.directory is not None:
            stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = self.directory / f"{stamp}-{number}.eml"
            tmp = target.with_suffix(".eml.tmp")
            tmp.write_bytes(raw)
            tmp.replace(target)
            message.path = target
        with self._condition:
            self._messages.append(message)
            self._condition.notify_all()
        if self.on_message is not None:
            self.on_message(message)
        return message


def _describe(message: EmailMessage) -> str:
    to = message.get("To") or ", ".join(getattr(message, "envelope_to", [])) or "?"
    subject = message.get("Subject") or "(sans objet)"
    return f"Courriel reçu pour {to} : {subject}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m francetravail.devtools.smtpsink",
        description="Serveur SMTP de développement : garde les courriels au lieu de les envoyer.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1)")
    parser.add_argument("--port", type=int, default=1025, help="port d'écoute (défaut : 1025, 0 = port libre)")
    parser.add_argument("--dir", dest="directory", default=None, help="dossier où enregistrer les .eml")
    args = parser.parse_args(argv)

    def on_message(message: EmailMessage) -> None:
        print(_describe(message), flush=True)

    stop = threading.Event()

    def handle_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGINT, handle_signal)
    signal.signal(signal.SIGTERM, handle_signal)

    sink = SmtpSink(args.host, args.port, args.directory, on_message=on_message)
    try:
        sink.start()
    except OSError as exc:
        print(f"Impossible d'écouter sur {args.host}:{args.port} : {exc}", file=sys.stderr, flush=True)
        return 1
    where = f", copies dans {args.directory}" if args.directory else ""
    print(f"Serveur SMTP de développement à l'écoute sur {args.host}:{sink.port}{where}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sink.stop()
    print("Serveur SMTP arrêté.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
