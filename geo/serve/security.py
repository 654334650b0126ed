"""Who may use the server: the page token, same-origin writes, and a token on every
request when the server is reachable from other machines.

Reads are open on loopback. A state-changing request must carry the page's token in
``X-Frontline-Token`` and an ``Origin`` naming this server, so that another site open in
the analyst's browser cannot post decisions (CSRF). With a token required, every request
presents it: the header, ``Authorization: Bearer``, or the cookie the pages set when opened
as ``/review?token=...``.
"""
from __future__ import annotations

import ipaddress
import json
import secrets
from urllib.parse import parse_qs

COOKIE = "frontline_token"
HEADER = "x-frontline-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    """ASGI middleware refusing (403, JSON ``{"error": ...}``) what the rules above forbid."""

    def __init__(self, app, *, token: str, require_token: bool) -> None:
        self.app = app
        self.token = token
        self.require_token = require_token

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self.problem(scope, headers)
        if problem is None:
            return await self.app(scope, receive, send)
        body = json.dumps({"error": problem}).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def problem(self, scope, headers: dict[str, str]) -> str | None:
        """Why the request is refused, or None."""
        presented = self.presented(scope, headers)
        if self.require_token and not self.matches(presented):
            return "this server needs its token (open /review?token=..., or send X-Frontline-Token)"
        if scope["method"] in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
        if origin is None or origin != own:
            return "cross-origin request refused (Origin must be this server)"
        if not self.matches(headers.get(HEADER)):
            return "missing or wrong page token (X-Frontline-Token)"
        return None

    def presented(self, scope, headers: dict[str, str]) -> str | None:
        if HEADER in headers:
            return headers[HEADER]
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        if query:
            return query[0]
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                return value
        return None

    def matches(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(value.encode(), self.token.encode())
