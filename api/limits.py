"""Request limits, enforced before a route runs: URL length (414), body size (413), malformed
percent-encoding or UTF-8 (400), and the number of requests in flight (503 with
``Retry-After`` instead of an unbounded queue).

Bodies on this endpoint are small (a query, a form): the middleware reads the body up to the
limit and hands it on, so a route never sees more than ``max_body`` bytes.

>>> well_formed(b"query=SELECT%20*%20%7B%7D&format=json")
True
>>> well_formed(b"query=%ZZ"), well_formed(b"query=%C3%28")
(False, False)
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.urlencoded import BAD_ESCAPE, percent_decode


def well_formed(encoded: bytes) -> bool:
    """True if ``encoded`` (a query string or form body) has only complete ``%XX`` escapes
    and decodes to UTF-8."""
    if BAD_ESCAPE.search(encoded):
        return False
    try:
        percent_decode(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def _plain(send: Send, status: int, text: str, headers: dict[str, str] | None = None) -> None:
    body = f"{text}\n".encode()
    raw = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


@dataclass
class RequestLimits:
    """ASGI middleware: refuse what is too long or malformed, then cap requests in flight."""

    app: ASGIApp
    max_url: int = 8192
    max_body: int = 1_000_000
    max_concurrent: int = 64
    retry_after: int = 1

    def __post_init__(self) -> None:
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query_string: bytes = scope.get("query_string", b"")
        if len(scope.get("raw_path", b"")) + len(query_string) > self.max_url:
            await _plain(send, 414, f"the URL is longer than {self.max_url} bytes: POST the query")
            return
        if not well_formed(query_string) or not well_formed(scope.get("raw_path", b"")):
            await _plain(send, 400, "malformed percent-encoding or UTF-8 in the URL")
            return
        if self.in_flight >= self.max_concurrent:
            await _plain(
                send,
                503,
                f"the endpoint is busy ({self.max_concurrent} requests in flight): retry shortly",
                {"Retry-After": str(self.retry_after)},
            )
            return
        self.in_flight += 1
        try:
            await self._limited_body(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _limited_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _plain(send, 413, f"the request body is larger than {self.max_body} bytes")
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _plain(send, 413, f"the request body is larger than {self.max_body} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if content_type == b"application/x-www-form-urlencoded" and not well_formed(body):
            await _plain(send, 400, "malformed percent-encoding or UTF-8 in the form")
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
