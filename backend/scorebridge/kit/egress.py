"""Outgoing requests: every request the server makes to an address someone configured (a
vendor's poll URL, a webhook endpoint, a notification channel, an identity provider) goes
through this module, so a configured address cannot reach the server's own network.

* Refused unless ``SCOREBRIDGE_OUTBOUND_ALLOW`` allows them: loopback, link-local (incl. the
  cloud metadata address 169.254.169.254, fe80::/10), unspecified, multicast, private (RFC 1918,
  fc00::/7, 100.64.0.0/10), reserved and documentation ranges; IPv6 forms carrying such an IPv4
  address (``::ffff:127.0.0.1``, 6to4, NAT64); IPv4 written in unusual spellings
  (``0x7f000001``, ``2130706433``, ``0177.0.0.1``, ``127.1``).
* Public destinations must be ``https://``; plain ``http://`` goes only to hosts the allow-list
  names (by host name, or a literal address inside an allowed network).
* :func:`check_on_save` — when an address is saved: a literal or resolvable refused address is
  an :class:`InvalidInput` (422) naming the field.
* :func:`client` — an ``httpx.AsyncClient`` whose every request (redirects included) is checked,
  and whose connections resolve the host, check every address and connect to a checked one
  (so a name that resolves differently later — DNS rebinding — is still caught).
* :func:`open_socket` — the same for protocols that are not HTTP (SMTP): a socket connected to
  a checked address; the caller keeps the host name for TLS.
* A refused attempt raises :class:`Refused` before anything is sent, and is logged (the host
  and why, never the URL: URLs may carry keys). :func:`describe` gives users a generic error
  class for any failure, never the other side's answer.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import re
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from scorebridge.kit.errors import InvalidInput

logger = logging.getLogger(__name__)

REFUSED = "destination refused by the outgoing-request policy"
SAVE_RESOLVE_SECONDS = 2.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NUMERIC_HOST = re.compile(r"^[0-9a-fA-FxX.]+$")
_HOST_NAME = re.compile(
    r"^(\*\.)?[a-z0-9]([a-z0-9\-_]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-_]*[a-z0-9])?)*$"
)


class Refused(httpx.TransportError):
    """An outgoing request the policy refused (nothing was sent). An httpx transport error, so
    HTTP callers' handlers catch it; SMTP callers catch it by name."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(REFUSED)
        self.host = host
        self.reason = reason


def _why_refused(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public destination (None: it is)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _why_refused(ip.ipv4_mapped)
        embedded: ipaddress.IPv4Address | None = ip.sixtofour
        if embedded is None and (ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1)):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is not None and _why_refused(embedded):
            return "an IPv6 form of a refused IPv4 address"
    for label, hit in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private or ip in _CGNAT),
        ("reserved", ip.is_reserved or not ip.is_global),
    ):
        if hit:
            return f"a {label} address"
    return None


def _literal(host: str) -> IPAddress | None:
    """The address ``host`` spells, if it is one; raises :class:`Refused` for unusual IPv4
    spellings (hex, octal, a single number, fewer than four parts)."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(bare):
        try:
            socket.inet_aton(bare)
        except OSError:
            return None
        raise Refused(host, "an unusual IPv4 spelling (write it as a.b.c.d)")
    return None


@dataclass(frozen=True)
class Policy:
    """The allow-list: networks (``10.20.0.0/16``, ``127.0.0.1``) and host names
    (``hris.corp.internal``, ``*.corp.internal``)."""

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()

    @classmethod
    def parse(cls, allow: str | Iterable[str]) -> Policy:
        entries = allow.split(",") if isinstance(allow, str) else list(allow)
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        suffixes: list[str] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            if not _HOST_NAME.match(entry):
                raise ValueError(f"not a host name, address or network: {raw.strip()!r}")
            if entry.startswith("*."):
                suffixes.append(entry[1:])
            else:
                hosts.add(entry)
        return cls(tuple(networks), frozenset(hosts), tuple(suffixes))

    def _in_networks(self, ip: IPAddress) -> bool:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip.version == n.version and ip in n for n in self.networks)

    def names(self, host: str) -> bool:
        """Whether the allow-list names ``host`` (plain http:// may go there)."""
        name = host.lower().rstrip(".")
        if name in self.hosts or any(name.endswith(s) for s in self.suffixes):
            return True
        try:
            ip = _literal(name)
        except Refused:
            return False
        return ip is not None and self._in_networks(ip)

    def check_address(self, host: str, ip: IPAddress) -> None:
        if self._in_networks(ip):
            return
        why = _why_refused(ip)
        if why:
            raise Refused(host, f"{ip} is {why}")

    def check_url(self, url: httpx.URL | str) -> None:
        """The checks that need no DNS: scheme, http:// only to named hosts, literal addresses."""
        url = httpx.URL(url) if isinstance(url, str) else url
        host = url.host
        if url.scheme not in ("http", "https") or not host:
            raise Refused(host or "?", "not an http(s) URL")
        if url.scheme == "http" and not self.names(host):
            raise Refused(host, "plain http:// to a host the allow-list does not name")
        ip = _literal(host)
        if ip is not None:
            self.check_address(host, ip)

    async def resolve(self, host: str, port: int) -> list[str]:
        """The checked addresses to connect to for ``host`` (every one it resolves to must
        pass, unless the allow-list names the host)."""
        ip = _literal(host)
        if ip is not None:
            self.check_address(host, ip)
            return [str(ip)]
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not self.names(host):
            for address in addresses:
                self.check_address(host, ipaddress.ip_address(address.split("%", 1)[0]))
        return addresses


_policy = Policy()


def configure(allow: str | Iterable[str]) -> None:
    """Set the allow-list (the app and the worker call this with their settings at start-up);
    also keeps httpx/httpcore from logging request URLs (they may carry keys)."""
    global _policy
    _policy = Policy.parse(allow)
    for name in ("httpx", "httpcore"):
        if logging.getLogger(name).level < logging.WARNING:  # NOTSET too: not the root's level
            logging.getLogger(name).setLevel(logging.WARNING)


def policy() -> Policy:
    return _policy


def _log_refused(exc: Refused) -> None:
    logger.warning("outgoing request to %s refused: %s", exc.host, exc.reason)


# --- When an address is saved -------------------------------------------------------------


def _invalid(loc: list[str | int], exc: Refused) -> InvalidInput:
    return InvalidInput(
        loc,
        f"{REFUSED}: {exc.host} — {exc.reason}. Use a public https:// address, or allow it "
        "with SCOREBRIDGE_OUTBOUND_ALLOW",
    )


async def _check_resolved(loc: list[str | int], host: str, port: int) -> None:
    try:
        await asyncio.wait_for(_policy.resolve(host, port), SAVE_RESOLVE_SECONDS)
    except Refused as exc:
        raise _invalid(loc, exc) from None
    except (OSError, TimeoutError, UnicodeError):
        pass  # not resolvable now: checked again when used


async def check_on_save(loc: list[str | int], url: str) -> None:
    """A 422 naming ``loc`` when ``url`` may not be used as a destination."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        raise InvalidInput(loc, "not a valid URL") from None
    try:
        _policy.check_url(parsed)
    except Refused as exc:
        raise _invalid(loc, exc) from None
    await _check_resolved(
        loc, parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80)
    )


async def check_host_on_save(loc: list[str | int], host: str, port: int) -> None:
    """The same for a host and port of a protocol that is not HTTP (an SMTP server)."""
    try:
        _literal(host)
    except Refused as exc:
        raise _invalid(loc, exc) from None
    await _check_resolved(loc, host, port)


# --- When a request is made ----------------------------------------------------------------


class _CheckedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the policy allows."""

    def __init__(self, checked: Policy) -> None:
        self._policy = checked
        self._inner = httpcore.AnyIOBackend()  # what httpcore uses under asyncio

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109  (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await asyncio.wait_for(self._policy.resolve(host, port), timeout)
        except Refused as exc:
            _log_refused(exc)
            raise
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"could not resolve {host}") from exc
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109  (httpcore's interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise Refused(path, "a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every client (building one per client is slow)."""
    return httpx.create_ssl_context(trust_env=False)


class CheckedTransport(httpx.AsyncHTTPTransport):
    """An httpx transport that checks every request's URL and every connection's address."""

    def __init__(self, checked: Policy | None = None, *, retries: int = 0) -> None:
        # No proxies from the environment: they would bypass the check.
        super().__init__(verify=_ssl_context(), trust_env=False)
        self._policy = checked or _policy
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=_ssl_context(),
            retries=retries,
            network_backend=_CheckedBackend(self._policy),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            self._policy.check_url(request.url)
        except Refused as exc:
            _log_refused(exc)
            exc.request = request
            raise
        return await super().handle_async_request(request)


def client(
    *,
    timeout: httpx.Timeout | float,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = False,
    retries: int = 0,
) -> httpx.AsyncClient:
    """An httpx client for configured addresses (every request and redirect checked)."""
    return httpx.AsyncClient(
        transport=CheckedTransport(retries=retries),
        timeout=timeout,
        headers=headers,
        follow_redirects=follow_redirects,
        max_redirects=5,
        trust_env=False,
    )


async def open_socket(host: str, port: int, seconds: float) -> socket.socket:
    """A TCP socket connected to a checked address of ``host`` (for SMTP; keep ``host`` as the
    TLS server name)."""
    try:
        addresses = await asyncio.wait_for(_policy.resolve(host, port), seconds)
    except Refused as exc:
        _log_refused(exc)
        raise
    loop = asyncio.get_running_loop()
    last: OSError | None = None
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, (address, port)), seconds)
            return sock
        except (OSError, TimeoutError) as exc:
            sock.close()
            last = exc if isinstance(exc, OSError) else OSError(f"timed out connecting to {host}")
    raise last or OSError(f"no address for {host}")


# --- What users are told -------------------------------------------------------------------


def describe(exc: BaseException) -> str:
    """A generic class for a failed outgoing request: never the other side's answer."""
    if isinstance(exc, Refused):
        return REFUSED
    if isinstance(exc, httpx.HTTPStatusError):
        return status_error(exc.response.status_code)
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return "timed out"
    if isinstance(exc, httpx.TransportError | OSError):
        return "connection failed"
    return "request failed"


def status_error(status_code: int) -> str:
    return f"HTTP {status_code} from the endpoint"
