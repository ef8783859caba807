"""Canonical form of the curated YAML: records sorted by id, fields in model order.

``cica fmt`` rewrites the files; ``cica fmt --check`` (and a test) fails if any is not
canonical.

>>> from cica_graph.models import State
>>> print(dump_records(State, [{"name": "A", "id": "a", "evidence": [{"quote": "q" * 8, "source": "s"}]}]), end="")
- id: a
  evidence:
  - source: s
    quote: qqqqqqqq
  name: A
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from cica_graph.load import read_yaml
from cica_graph.models import KINDS, Record


def _order(model: type[BaseModel], item: Any) -> Any:
    """Re-key a raw mapping in the model's field order, recursing into nested models."""
    if not isinstance(item, dict):
        return item
    out: dict[str, Any] = {}
    fields = model.model_fields
    for name in [*fields, *(k for k in item if k not in fields)]:
        if name not in item:
            continue
        value = item[name]
        annotation = fields[name].annotation if name in fields else None
        nested = _nested_model(annotation)
        if nested is not None:
            value = (
                [_order(nested, v) for v in value]
                if isinstance(value, list)
                else _order(nested, value)
            )
        out[name] = value
    return out


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``list[X]`` or ``X | None``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_records(model: type[Record], items: list[Any]) -> str:
    ordered = [_order(model, item) for item in sorted(items, key=lambda i: str(i.get("id")))]
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def canonicalise(data_dir: Path, *, check: bool = False) -> list[Path]:
    """Rewrite (or with ``check``, only list) the files that are not canonical."""
    changed = []
    for kind in KINDS:
        path = data_dir / kind.file
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        items = read_yaml(path) or []
        canonical = dump_records(kind, items)
        if canonical != text:
            changed.append(path)
            if not check:
                path.write_text(canonical, encoding="utf-8")
    return changed
