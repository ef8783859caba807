"""Jinja2 templates of the HTML pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from cica_graph.prefixes import PREFIXES, sparql_prologue

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def render(request: Request, template: str, **context: Any) -> str:
    page = TEMPLATES.get_template(template)
    return page.render(request=request, prefixes=PREFIXES, prologue=sparql_prologue(), **context)
