"""Domain errors → HTTP status codes, in one place."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from cica_graph.executor import PoolBusy, QueryTimeout, WorkerCrashed
from cica_graph.guard import ForbiddenQuery
from cica_graph.queries import ParameterError
from cica_graph.remote import RemoteError, RemoteTimeout, RemoteUnavailable
from cica_graph.store import QueryError

logger = logging.getLogger("cica.errors")


class BadRequest(ValueError):
    """The request is malformed."""


class NotAcceptable(ValueError):
    """No representation the client accepts can be served."""


class UnsupportedMediaType(ValueError):
    """The request body is in a media type the endpoint does not read."""


class NotFound(LookupError):
    """No such entity, query or file."""


class PayloadTooLarge(ValueError):
    """The query is longer than the endpoint accepts."""


STATUS: dict[type[Exception], int] = {
    QueryError: 400,
    ParameterError: 400,
    BadRequest: 400,
    PayloadTooLarge: 413,
    ForbiddenQuery: 403,
    NotFound: 404,
    NotAcceptable: 406,
    UnsupportedMediaType: 415,
    RemoteError: 502,
    RemoteUnavailable: 503,
    RemoteTimeout: 504,
    QueryTimeout: 503,
    WorkerCrashed: 503,
    PoolBusy: 503,
}
RETRY_AFTER: dict[type[Exception], str] = {PoolBusy: "2"}
"""Seconds a client should wait before retrying, by error."""


def install(app: FastAPI) -> None:
    """Register one handler per domain error: a plain-text message, never a traceback."""
    for exc_type, status in STATUS.items():

        async def handler(
            request: Request, exc: Exception, status: int = status
        ) -> PlainTextResponse:
            retry = RETRY_AFTER.get(type(exc))
            headers = {"Retry-After": retry} if retry else None
            return PlainTextResponse(f"{exc}\n", status_code=status, headers=headers)

        app.add_exception_handler(exc_type, handler)

    async def unexpected(request: Request, exc: Exception) -> PlainTextResponse:
        error_id = uuid.uuid4().hex[:12]
        logger.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        return PlainTextResponse(
            f"internal error {error_id}: the error is logged; please report this id\n",
            status_code=500,
        )

    app.add_exception_handler(Exception, unexpected)
