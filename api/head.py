"""``HEAD`` answered wherever ``GET`` is: the same status and headers, no body (RFC 9110 9.3.2).

FastAPI routes declared with ``@router.get`` answer ``HEAD`` with 405; this ASGI middleware
runs ``HEAD`` requests as ``GET`` and drops the body on the way out, keeping
``Content-Length``.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from api.middleware import HttpMiddleware


class HeadAsGet(HttpMiddleware):
    """Wrap an ASGI app so that ``HEAD`` is served by its ``GET`` routes."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
