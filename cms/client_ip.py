"""The address of the person making a request, for rate limits, consent proof and search sessions.

Behind a proxy (the shipped deploy/nginx.conf) REMOTE_ADDR is the proxy's own address: used as is, every
visitor shares one rate limit and every consent record names the proxy. The client's address is then
the right-most X-Forwarded-For entry that is not one of our proxies. Entries left of it were written by
the client and prove nothing, so they are never read. Proxies are trusted by network (TRUSTED_PROXIES,
CIDR), which django-ipware's prefix strings cannot express.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _parse(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as text, or None when there is no request or no usable address."""
    if request is None:
        return None
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    proxies = trusted_proxies()
    if not any(peer in network for network in proxies):
        return str(peer)  # a direct connection: whatever it put in its headers is its own claim
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = peer
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a garbled entry: stop at the last address a trusted proxy vouched for
        client = address
        if not any(address in network for network in proxies):
            break
    return str(client)
