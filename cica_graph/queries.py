"""Named SPARQL queries: one per ``queries/**/*.rq`` file, with a ``#+`` metadata header.

Header lines (all optional but ``summary``)::

    #+ summary: Which state chaired CICA in a given year?
    #+ tags: competency, temporal
    #+ param: year (integer, default 2019): The year.

Parameters are bound as values through the store's substitution mechanism, never pasted
into the text. A SELECT must project its parameters (pyoxigraph binds projected variables).

>>> q = parse_query("x/demo", "#+ summary: Demo\\n#+ param: n (integer, default 3): N\\nSELECT ?n {}")
>>> q.summary, q.params[0].name, q.params[0].default, q.form
('Demo', 'n', '3', 'SELECT')
>>> bind(q, {}) == {"n": to_term(3)}
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cica_graph.namespaces import ID
from cica_graph.paths import QUERIES
from cica_graph.store import Repo, to_term

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\((\w+)(?:\s*,\s*default\s+(.+?))?\)\s*:?\s*(.*)$")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "integer", "date", "year", "boolean")


class ParameterError(ValueError):
    """A parameter value is missing or not of its declared type."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str
    form: str
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the ``#+`` header of a query file."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise ValueError(f"{name}: bad param line {value!r}")
            params.append(Param(pm.group(1), pm.group(2), pm.group(3), pm.group(4)))
        else:
            meta[key] = value
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    form = _FORM.search(re.sub(r"<[^>]*>", "", body))
    if "summary" not in meta:
        raise ValueError(f"{name}: missing '#+ summary:' header")
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return NamedQuery(
        name=name,
        text=text,
        summary=meta["summary"],
        form=form.group(1).upper() if form else "SELECT",
        tags=tags,
        params=tuple(params),
        meta=meta,
    )


def discover(root: Path = QUERIES) -> dict[str, NamedQuery]:
    """Every ``.rq`` file under ``root``, by name (path without ``.rq``)."""
    found: dict[str, NamedQuery] = {}
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        found[name] = parse_query(name, path.read_text(encoding="utf-8"))
    return found


def _term(param: Param, raw: str) -> Any:
    try:
        if param.type == "iri":
            iri = raw if re.match(r"^[a-z][a-z0-9+.-]*:", raw) else str(ID[raw])
            return ox.NamedNode(iri)
        if param.type == "integer":
            return to_term(int(raw))
        if param.type == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return to_term(raw.lower() == "true")
        if param.type in ("date", "year"):
            pattern = r"^\d{4}-\d{2}-\d{2}$" if param.type == "date" else r"^\d{4}$"
            if not re.match(pattern, raw):
                raise ValueError(raw)
            datatype = "date" if param.type == "date" else "gYear"
            return ox.Literal(raw, datatype=ox.NamedNode(_XSD + datatype))
        return ox.Literal(raw)
    except ValueError as exc:
        raise ParameterError(
            f"parameter {param.name!r}: {raw!r} is not a valid {param.type}"
        ) from exc


def bind(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Any]:
    """Typed terms for the query's parameters from text values (or defaults)."""
    unknown = set(values) - {p.name for p in query.params}
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(sorted(unknown))}")
    bound: dict[str, Any] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise ParameterError(f"parameter {param.name!r} is required")
        bound[param.name] = _term(param, raw)
    return bound


def run(repo: Repo, query: NamedQuery, values: Mapping[str, str] | None = None) -> Any:
    """Run a named query with its parameters bound."""
    return repo.query(query.text, bind(query, values or {}))


def rows(result: Any) -> Iterator[dict[str, str | None]]:
    """SELECT results as dicts of lexical values."""
    names = [v.value for v in result.variables]
    for solution in result:
        yield {n: (None if solution[n] is None else str(solution[n].value)) for n in names}
