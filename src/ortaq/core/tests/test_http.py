"""The client's address, believed from forwarded headers only as far as configured."""

import pytest
from django.test import RequestFactory, override_settings

from ortaq.core.http import client_ip


def ask(remote="10.0.0.5", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_a_trusted_proxy_the_connection_counts_and_forwarded_headers_do_not():
    request = ask(**{"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.8"})
    assert client_ip(request) == "10.0.0.5"


@override_settings(ORTAQ_TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # A client's own invented entries come first; the proxy appends the real address last.
        ("1.2.3.4, 5.6.7.8, 203.0.113.9", "203.0.113.9"),
        ("not-an-address", "10.0.0.5"),
        ("", "10.0.0.5"),
    ],
)
def test_one_trusted_proxy_believes_only_the_entry_it_appended(forwarded, expected):
    assert client_ip(ask(**{"X-Forwarded-For": forwarded})) == expected


@override_settings(ORTAQ_TRUSTED_PROXY_COUNT=2)
def test_two_proxies_believe_the_second_entry_from_the_end():
    assert client_ip(ask(**{"X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.2"})) == (
        "198.51.100.7"
    )


@override_settings(ORTAQ_CLIENT_IP_HEADER="X-Real-IP")
def test_a_configured_header_wins_and_x_forwarded_for_is_ignored():
    request = ask(**{"X-Real-IP": "198.51.100.7", "X-Forwarded-For": "6.6.6.6"})
    assert client_ip(request) == "198.51.100.7"


def test_an_ipv6_client_counts_by_its_64_network():
    assert client_ip(ask(remote="2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::"
    assert client_ip(ask(remote="2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::"
