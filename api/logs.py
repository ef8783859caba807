"""Structured access logs: one JSON line per request on the ``cica.access`` logger, with
method, path, status, duration, bytes sent, client and a hash of the query (never the query
itself, which may be long or private).

>>> query_hash(b"query=ASK%20%7B%7D")
'819ea91ed5f1'
>>> query_hash(b"format=json") is None
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from urllib.parse import parse_qs

from starlette.types import Message, Receive, Scope, Send

from api.middleware import HttpMiddleware
from api.urlencoded import pairs

logger = logging.getLogger("cica.access")


def query_hash(query_string: bytes) -> str | None:
    """The first 12 hex digits of the SHA-256 of the ``query`` parameter, if there is one."""
    decoded = pairs(query_string)
    if decoded is None:  # not ASCII or not well-formed: the slow, lenient way
        values = parse_qs(query_string.decode("latin-1")).get("query")
    else:
        values = [value for name, value in decoded if name == "query" and value]
    if not values:
        return None
    return hashlib.sha256(values[0].encode("utf-8", "replace")).hexdigest()[:12]


class AccessLog(HttpMiddleware):
    """ASGI middleware writing the access log line when the response is complete."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = 500
        sent = 0
        body_hash: str | None = None

        async def reading() -> Message:
            nonlocal body_hash
            message = await receive()
            body = message.get("body", b"")
            if body and body_hash is None:
                body_hash = hashlib.sha256(body).hexdigest()[:12]
            return message

        async def sending(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, reading, sending)
        finally:
            client = scope.get("client")
            entry = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": sent,
                "query_sha256": query_hash(scope.get("query_string", b"")) or body_hash,
                "client": client[0] if client else None,
            }
            if logger.isEnabledFor(logging.INFO):  # no caller lookup: the line names its path
                line = json.dumps(entry, separators=(",", ":"))
                logger.handle(
                    logger.makeRecord(logger.name, logging.INFO, __file__, 0, line, (), None)
                )
