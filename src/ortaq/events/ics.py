"""iCalendar (RFC 5545) text of events: one event for an e-mail's attachment, many for the
public feed. Never the online link: the feed is public, and an attachment is forwarded."""

import datetime
from collections.abc import Iterable

from django.urls import reverse

from ortaq.core.links import absolute_url
from ortaq.events.models import Event

STAMP = "%Y%m%dT%H%M%SZ"


def _text(value: str) -> str:
    """Escape a text value for iCalendar (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime(STAMP)


def vevent(event: Event) -> list[str]:
    url = absolute_url(reverse("events:event", args=[event.slug]))
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@ortaq",
        f"DTSTAMP:{_utc(event.updated_at)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_text(event.title)}",
    ]
    if event.venue:
        lines.append(f"LOCATION:{_text(event.venue)}")
    lines += [
        f"DESCRIPTION:{_text(url)}",
        f"URL:{url}",
        "STATUS:CANCELLED" if event.is_cancelled else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return lines


def calendar(events: Iterable[Event], name: str = "Ortaq") -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ortaq//Events//KK",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    for event in events:
        lines += vevent(event)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
