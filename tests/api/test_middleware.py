"""The middleware base: non-HTTP scopes reach the app untouched, HTTP goes to ``http``."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.middleware import HttpMiddleware


class Recorder(HttpMiddleware):
    async def http(self, scope: Any, receive: Any, send: Any) -> None:
        await send("handled")


def run(middleware: HttpMiddleware, scope_type: str) -> list[str]:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(f"app:{scope['type']}")

    async def send(message: Any) -> None:
        seen.append(message)

    async def receive() -> dict[str, str]:
        return {"type": "lifespan.startup"}

    middleware.app = app
    asyncio.run(middleware({"type": scope_type}, receive, send))
    return seen


def test_lifespan_passes_through_and_http_is_handled() -> None:
    assert run(Recorder(None), "lifespan") == ["app:lifespan"]  # type: ignore[arg-type]
    assert run(Recorder(None), "http") == ["handled"]  # type: ignore[arg-type]


def test_the_base_handles_nothing_itself() -> None:
    with pytest.raises(NotImplementedError):
        run(HttpMiddleware(None), "http")  # type: ignore[arg-type]
