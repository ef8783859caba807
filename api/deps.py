"""Dependencies of the routes, as ``Annotated`` aliases.

They are ``async`` so that FastAPI resolves them on the event loop: a plain ``def``
dependency costs a round trip through the thread pool on every request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.settings import Settings
from cica_graph.store import Repo


async def get_repo(request: Request) -> Repo:
    repo: Repo = request.app.state.repo
    return repo


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


RepoDep = Annotated[Repo, Depends(get_repo)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
