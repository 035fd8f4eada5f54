"""Who is asking: the client's address, as the trusted proxies in front of the site saw it.

Behind nginx or Caddy, ``REMOTE_ADDR`` is the proxy's own address, shared by every visitor; the
visitor's is in ``X-Forwarded-For``, which any client can also write. Only the entries that the
configured number of trusted proxies appended are believed (``ORTAQ_TRUSTED_PROXY_COUNT``), or
one header that the proxy sets and overwrites (``ORTAQ_CLIENT_IP_HEADER``, e.g. ``X-Real-IP``).
With neither set, the connection's own address is used, which is right when nothing stands in
front of the application server and safe (if coarse) when something does.

Every per-address limit (sign-in, the API, IIN look-ups) counts by :func:`client_ip`.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# IPv6 clients get a /64 each from their provider: count the network, not each address in it.
IPV6_PREFIX = 64


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)


def client_ip(request: HttpRequest) -> str:
    """Return the client's address (an IPv6 client's /64), as the trusted proxies saw it.

    A forwarded entry that is not an address (a client's own invention) is not believed: the
    connection's address is used instead.
    """
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 - a key only
    header: str = settings.ORTAQ_CLIENT_IP_HEADER
    if header:
        return _clean(request.headers.get(header, "")) or remote
    count: int = settings.ORTAQ_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    # Each trusted proxy appends the address it received the request from; the client's is the
    # count-th from the end. A shorter list came past fewer proxies: its first entry is the
    # nearest one that a trusted proxy wrote.
    chosen = hops[-count] if len(hops) >= count else hops[0] if hops else ""
    return _clean(chosen) or remote
