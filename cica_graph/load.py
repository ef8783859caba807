"""Read ``data/*.yaml`` into validated models. No RDF here.

Every problem is collected and reported together; each names the file, the record id
and the field, so a curator can fix them in one pass. Nothing is returned unless all
of the data is valid.

>>> from cica_graph.paths import DATA
>>> curated = load(DATA)
>>> curated.get("kazakhstan").name
'Kazakhstan'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from cica_graph.models import ALWAYS_SUPPORTED, KINDS, Claim, Evidence, Record, Source, ref_kinds

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the curated data."""

    file: str
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        """One line: file, record, field, message."""
        where = self.file
        if self.record is not None:
            where += f": record '{self.record}'"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {normalise(self.message)}"


class DataError(Exception):
    """The curated data is not valid; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the curated data:\n{lines}{more}")


@dataclass
class Curated:
    """All curated records, by kind, plus the sources they cite."""

    sources: dict[str, Source]
    records: dict[str, list[Record]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def all(self) -> Iterator[Record]:
        for kind in KINDS:
            yield from self.records.get(kind.kind, [])

    def get(self, record_id: str) -> Record:
        for record in self.all():
            if record.id == record_id:
                return record
        raise KeyError(record_id)

    def kind_of(self) -> dict[str, str]:
        return {r.id: r.kind for r in self.all()}


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text and refuses duplicate keys."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        keys.add(key)
    return loader.construct_mapping(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; dates stay strings, duplicate keys are an error.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("- {id: a, start: 2024-06-27}")
    >>> read_yaml(p)
    [{'id': 'a', 'start': '2024-06-27'}]
    """
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)


def normalise(text: str) -> str:
    """Fold runs of white space, so quotes survive the line breaks of the extractions.

    >>> normalise("Road  Map\\nfor CICA")
    'Road Map for CICA'
    """
    return _WS.sub(" ", text).strip()


def load_sources(
    data_dir: Path, problems: list[Problem]
) -> tuple[dict[str, Source], dict[str, str]]:
    """Read ``sources.yaml`` and the source texts; check each file's SHA-256."""
    path = data_dir / "sources.yaml"
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem(path.name, None, None, f"cannot read: {exc}"))
        return sources, texts
    for item in raw or []:
        try:
            source = Source.model_validate(item)
        except ValidationError as exc:
            problems.extend(_problems(path.name, item, exc))
            continue
        file = data_dir / "sources" / source.file
        if not file.is_file():
            problems.append(Problem(path.name, source.id, "file", f"{file} does not exist"))
            continue
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != source.sha256:
            problems.append(Problem(path.name, source.id, "sha256", "checksum does not match"))
        sources[source.file] = source
        texts[source.file] = normalise(data.decode("utf-8"))
    return sources, texts


def _problems(file: str, item: Any, exc: ValidationError) -> Iterator[Problem]:
    record_id = item.get("id") if isinstance(item, dict) else None
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        yield Problem(file, str(record_id) if record_id else None, loc or None, err["msg"])


def _walk(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any, list[str] | None]]:
    """Yield (field path, value, referenced kinds) for every field, nested models included."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        yield path, value, ref_kinds(info)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                here = f"{path}[{i}]" if isinstance(value, list) else path
                yield here, item, None
                yield from _walk(item, f"{here}.")


def cited_sources(record: Record) -> set[str]:
    """Source files a record cites anywhere: its evidence, its claims, its plans' evidence."""
    return {value.source for _, value, _ in _walk(record) if isinstance(value, Evidence | Claim)}


def _unsupported(record: Record) -> Iterator[str]:
    """Fields that hold a value although every quote is scoped to other fields."""
    scopes = [ev.fields for ev in record.evidence]
    if not scopes or any(scope is None for scope in scopes):
        return
    covered = {name for scope in scopes for name in scope or []}
    for name in type(record).model_fields:
        if name in ALWAYS_SUPPORTED or name in covered:
            continue
        value = getattr(record, name)
        empty = value is None or value is False or (isinstance(value, list) and not value)
        if not empty and not isinstance(value, BaseModel):  # 0 is a value, not emptiness
            yield name


def _check_record(
    record: Record, file: str, kind_of: dict[str, str], texts: dict[str, str]
) -> Iterator[Problem]:
    names = set(type(record).model_fields)
    for name in _unsupported(record):
        yield Problem(file, record.id, name, "no evidence supports this field")
    for path, value, kinds in _walk(record):
        if isinstance(value, Evidence | Claim):
            if value.source not in texts:
                yield Problem(file, record.id, f"{path}.source", f"unknown source {value.source!r}")
            elif normalise(value.quote) not in texts[value.source]:
                yield Problem(
                    file, record.id, f"{path}.quote", f"quote not found in {value.source}"
                )
            if isinstance(value, Evidence):
                for name in value.fields or []:
                    if name not in names:
                        yield Problem(file, record.id, f"{path}.fields", f"no field {name!r}")
        if kinds is None or value is None:
            continue
        for target in value if isinstance(value, list) else [value]:
            found = kind_of.get(target)
            if found is None:
                yield Problem(file, record.id, path, f"unknown id {target!r}")
            elif found not in kinds:
                yield Problem(
                    file, record.id, path, f"{target!r} is a {found}, expected {' or '.join(kinds)}"
                )


def load(data_dir: Path, sources_dir: Path | None = None) -> Curated:
    """Load and check every ``*.yaml`` record file in ``data_dir``.

    ``sources_dir`` holds ``sources.yaml`` and ``sources/`` (default: ``data_dir``).
    Raises :class:`DataError` listing every problem found.
    """
    problems: list[Problem] = []
    sources, texts = load_sources(sources_dir or data_dir, problems)
    curated = Curated(sources=sources, texts=texts)
    origin: dict[str, str] = {}
    rejected: set[str] = set()  # ids of records that failed validation
    unreadable = False  # a file did not parse: its ids are unknown
    for kind in KINDS:
        path = data_dir / kind.file
        if not path.exists():
            continue
        try:
            raw = read_yaml(path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            what = getattr(exc, "problem", None) or str(exc)
            problems.append(Problem(kind.file, None, None, f"YAML syntax error{where}: {what}"))
            unreadable = True
            continue
        if raw is None:
            continue
        if not isinstance(raw, list):
            problems.append(Problem(kind.file, None, None, "expected a list of records"))
            unreadable = True
            continue
        loaded: list[Record] = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                problems.append(Problem(kind.file, f"#{index + 1}", None, "not a mapping"))
                continue
            try:
                record = kind.model_validate(item)
            except ValidationError as exc:
                problems.extend(_problems(kind.file, item, exc))
                rejected.add(str(item.get("id")))
                continue
            if record.id in origin:
                problems.append(
                    Problem(
                        kind.file, record.id, "id", f"duplicate id (also in {origin[record.id]})"
                    )
                )
                continue
            origin[record.id] = kind.file
            loaded.append(record)
        curated.records[kind.kind] = loaded
    kind_of = curated.kind_of()
    for record in curated.all():
        for problem in _check_record(record, record.file, kind_of, texts):
            # references to records already reported (or in a file that did not parse)
            # would only repeat the first problem
            cascade = problem.message.startswith("unknown id ") and (
                unreadable or problem.message.split("'")[1] in rejected
            )
            if not cascade:
                problems.append(problem)
    if problems:
        raise DataError(problems)
    return curated


def main(argv: list[str] | None = None) -> int:
    """``python -m cica_graph.load [DIR]``: check a data directory, print every problem."""
    import sys

    from cica_graph.paths import DATA

    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DATA
    try:
        curated = load(target, DATA)
    except DataError as exc:
        print(exc)
        return 1
    counts = ", ".join(f"{k}: {len(v)}" for k, v in curated.records.items() if v)
    print(f"OK: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
