"""Real SMTP for tests: an aiosmtpd server on loopback receives every email (the ``smtp`` fixture)."""

from __future__ import annotations

import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default as default_policy


class Inbox:
    """What the SMTP server accepted, parsed. ``refuse`` makes it answer the next N messages with a code."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                return self.refuse.pop(0)
            self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def clear(self) -> None:
        self.messages.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
