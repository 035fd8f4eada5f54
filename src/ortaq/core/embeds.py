"""Interactive exercises embedded from other sites: only from hosts on the allowlist."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from ortaq.core.errors import DomainError


def allowed_hosts() -> tuple[str, ...]:
    hosts: tuple[str, ...] = tuple(settings.ORTAQ_EMBED_HOSTS)
    return hosts


def host_allowed(host: str) -> bool:
    """``host`` is on the allowlist, or a subdomain of an entry written as ``.example.org``."""
    host = host.lower().rstrip(".")
    for entry in allowed_hosts():
        if entry.startswith(".") and (host.endswith(entry) or host == entry[1:]):
            return True
        if host == entry:
            return True
    return False


def check_embed_url(url: str) -> str:
    """Return ``url`` if it is HTTPS on an allowed host; refuse it with a message otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise DomainError(_("The exercise's address must start with https://."), code="embed")
    if not host_allowed(parts.hostname):
        raise DomainError(
            _("Exercises from %(host)s cannot be embedded. Allowed: %(hosts)s.")
            % {"host": parts.hostname, "hosts": ", ".join(h.lstrip(".") for h in allowed_hosts())},
            code="embed_host",
        )
    return url.strip()
