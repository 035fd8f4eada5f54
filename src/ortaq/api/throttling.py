"""How often the API may be called: per signed-in person, and per address for everyone else.

The limits are settings (``ORTAQ_API_RATE_USER``, ``ORTAQ_API_RATE_ANON``: ``"300/m"``, also
``/s``, ``/h``, ``/d``; empty for none), read at each request. The counters live in Django's
default cache, which the processes share when it is Redis. A request over its limit is answered
429 with ``Retry-After`` by ``ortaq.api.api``.
"""

import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from ortaq.core.http import client_ip


class FixedWindow(SimpleRateThrottle):
    """django-ninja's rate throttle, counting requests in fixed windows of the rate's period.

    django-ninja's own reads a list of timestamps from the cache and writes it back, so that
    two processes answering at once each write their own list and a burst goes uncounted. Here
    each window has one counter, created and incremented in the cache (atomic in Redis).
    """

    setting = ""
    timer = staticmethod(time.time)

    def get_rate(self) -> str | None:
        rate: str = getattr(settings, self.setting)
        return rate or None

    def ident(self, request: HttpRequest) -> str | None:
        """Whose requests count together; ``None`` for a request this limit does not count."""
        raise NotImplementedError

    def get_cache_key(self, request: HttpRequest) -> str | None:
        ident = self.ident(request)
        return None if ident is None else f"api-rate:{self.scope}:{ident}"

    def allow_request(self, request: HttpRequest) -> bool:
        limit, period = self.parse_rate(self.get_rate())
        key = self.get_cache_key(request)
        if limit is None or period is None or key is None:
            return True
        key = f"{key}:{int(self.timer() // period)}"
        self.cache.add(key, 0, timeout=period)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the counter expired between the two calls: a new window
            self.cache.set(key, 1, timeout=period)
            count = 1
        return count <= limit

    def wait(self) -> float | None:
        """Seconds until the current window ends, when the count starts again."""
        _limit, period = self.parse_rate(self.get_rate())
        return None if period is None else period - self.timer() % period


class PerPerson(FixedWindow):
    """A signed-in person's requests, whichever of her tokens or her session sends them."""

    scope = "person"
    setting = "ORTAQ_API_RATE_USER"

    def ident(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else None


class PerAddress(FixedWindow):
    """Requests without a signed-in person, by the client's address as the trusted proxies saw
    it (``ortaq.core.http.client_ip``), never by a forwarded header a client wrote itself."""

    scope = "address"
    setting = "ORTAQ_API_RATE_ANON"

    def ident(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return client_ip(request)
