"""E-mails printed in the terminal as a person reads them (the demo's and development's mailer).

Django's console mailer prints the message as it would travel, and Django 6 encodes Kazakh and
Russian text in base64 there, so neither the text nor its links could be read. This one prints
the headers that matter and each text part decoded; attachments by name, type and size.
"""

from email.message import EmailMessage as MIMEMessage
from typing import Any

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


class EmailBackend(ConsoleBackend):
    def write_message(self, message: Any) -> None:
        mime: MIMEMessage = message.message()
        lines = [f"{name}: {mime[name]}" for name in HEADERS if mime[name]]
        for part in mime.walk():
            if part.is_multipart():
                continue
            kind = part.get_content_type()
            name = part.get_filename()
            if name or not kind.startswith("text/"):
                payload = part.get_payload(decode=True) or b""
                lines.append(f"[{kind}: {name or '—'}, {len(payload):,} bytes]")
            elif kind == "text/plain":
                lines += ["", str(part.get_content()).rstrip()]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
