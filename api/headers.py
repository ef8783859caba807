"""Security headers: ``X-Content-Type-Options`` and ``Referrer-Policy`` on every response,
and on HTML pages a Content-Security-Policy that allows only the site's own scripts (the query
page loads CodeMirror from ``/static/vendor``) and forbids framing.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from api.middleware import HttpMiddleware

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
"""Inline styles are allowed: the pages carry one small stylesheet and CodeMirror sets
element styles from script."""
ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
HTML_ONLY = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY")]


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware adding the headers above to each response."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = dict(headers).get(b"content-type", b"")
                headers += ALWAYS
                if content_type.startswith(b"text/html"):
                    headers += HTML_ONLY
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
